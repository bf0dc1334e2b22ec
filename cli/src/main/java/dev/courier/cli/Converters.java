package dev.courier.cli;

import dev.courier.core.config.Port;
import dev.courier.core.config.Portion;
import dev.courier.core.config.Sizes;
import java.time.Duration;
import java.util.HexFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Turns flag and settings-file text into values with core's parsers, so both read the same way. */
public final class Converters {
    private Converters() {
    }

    /** A port: a number, 0 for any free one, or {@code off}. */
    public static final class PortConverter implements ITypeConverter<Port> {
        @Override
        public Port convert(String value) {
            try {
                return Port.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration: seconds, or a number with ms, s, m or h. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Sizes.duration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A size in bytes: a number, or one with KiB, MiB or GiB. */
    public static final class ByteSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Sizes.bytes(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A part of a budget: a percentage ({@code 75%}) or a size ({@code 64MiB}). */
    public static final class PortionConverter implements ITypeConverter<Portion> {
        @Override
        public Portion convert(String value) {
            try {
                return Portion.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A PBKDF2 salt in hex: at least 8 bytes. */
    public static final class SaltConverter implements ITypeConverter<Salt> {
        /** Shortest salt accepted. */
        public static final int MIN_BYTES = 8;

        @Override
        public Salt convert(String value) {
            byte[] salt;
            try {
                salt = HexFormat.of().parseHex(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("a salt is hex digits, an even number of them: '" + value + "'");
            }
            if (salt.length < MIN_BYTES) {
                throw new TypeConversionException("a salt needs at least " + MIN_BYTES + " bytes (" + 2 * MIN_BYTES
                        + " hex digits)");
            }
            return new Salt(salt);
        }
    }
}
