package dev.courier.cli.serve;

import dev.courier.kv.store.journal.Persistence;
import picocli.CommandLine;

/** Parses {@code --kv-persistence}: off, everysec or always. */
final class PersistenceConverter implements CommandLine.ITypeConverter<Persistence> {
    @Override
    public Persistence convert(String value) {
        try {
            return Persistence.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
