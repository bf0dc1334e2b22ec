package dev.courier.kv.session;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.core.tls.CertificateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Accounts kept in a text file ({@code <data-dir>/kv/accounts}): one line per id, the id percent-encoded, then the
 * salted digest of its 32-byte hash. Neither the password nor the hash is stored. A running server sees changes
 * made by {@code courier kv user} within a second.
 */
public final class AccountsFile implements AccountBook {
    /** How often a server looks at the file for changes. */
    public static final Duration RELOAD_CHECK = Duration.ofSeconds(1);

    /** What tells one version of the file from another: the mtime alone misses rewrites within its granularity. */
    private record Stamp(FileTime mtime, long size, Object fileKey) {
    }

    private final Path file;
    private final Clock clock;
    private volatile Map<String, SaltedDigest> accounts = Map.of();
    private volatile Stamp loaded;
    private volatile Instant nextCheck = Instant.MIN;

    private AccountsFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Opens (without creating) the accounts file at {@code file}. */
    public static AccountsFile open(Path file, Clock clock) throws IOException {
        AccountsFile a = new AccountsFile(file, clock);
        a.reload();
        return a;
    }

    /** The path of the accounts file under a data directory. */
    public static Path under(Path dataDir) {
        return dataDir.resolve("kv").resolve("accounts");
    }

    @Override
    public Optional<SaltedDigest> lookup(String id) {
        Instant now = clock.instant();
        if (now.isAfter(nextCheck)) {
            nextCheck = now.plus(RELOAD_CHECK);
            try {
                reloadIfChanged();
            } catch (IOException e) {
                // Keep the accounts last read: a file being rewritten must not lock everyone out.
            }
        }
        return Optional.ofNullable(accounts.get(id));
    }

    /** The ids of every account, sorted. */
    public List<String> ids() {
        return List.copyOf(accounts.keySet());
    }

    /** Whether there is at least one account. */
    public boolean isEmpty() {
        return accounts.isEmpty();
    }

    /** Adds or replaces an account with the digest of its 32-byte hash, and saves the file. */
    public synchronized void put(String id, byte[] hash) throws IOException {
        reload();
        Map<String, SaltedDigest> m = new TreeMap<>(accounts);
        m.put(id, SaltedDigest.of(hash));
        save(m);
    }

    /**
     * Adds an account unless its id is taken; false (and the file untouched) if it is. The check and the write are
     * one step under this object's lock, on the file as it is now on disk.
     */
    public synchronized boolean add(String id, byte[] hash) throws IOException {
        return putIf(false, id, hash);
    }

    /** Changes the password hash of an existing account; false (and the file untouched) if there is none. */
    public synchronized boolean change(String id, byte[] hash) throws IOException {
        return putIf(true, id, hash);
    }

    /** Puts the account if its id is there ({@code existing}) or not (otherwise); false and no write if not. */
    private boolean putIf(boolean existing, String id, byte[] hash) throws IOException {
        reload();
        if (accounts.containsKey(id) != existing) {
            return false;
        }
        Map<String, SaltedDigest> m = new TreeMap<>(accounts);
        m.put(id, SaltedDigest.of(hash));
        save(m);
        return true;
    }

    /** Removes an account; false if there was none. */
    public synchronized boolean remove(String id) throws IOException {
        reload();
        if (!accounts.containsKey(id)) {
            return false;
        }
        Map<String, SaltedDigest> m = new TreeMap<>(accounts);
        m.remove(id);
        save(m);
        return true;
    }

    private void reloadIfChanged() throws IOException {
        if (!Objects.equals(stamp(), loaded)) {
            reload();
        }
    }

    private Stamp stamp() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Reads the file again. */
    public synchronized void reload() throws IOException {
        Stamp t = stamp();
        if (t == null) {
            accounts = Map.of();
            loaded = null;
            return;
        }
        Map<String, SaltedDigest> m = new TreeMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int sp = l.indexOf(' ');
            if (sp < 0) {
                throw new IOException(file + ":" + n + ": expected 'id salt:digest'");
            }
            try {
                m.put(decode(l.substring(0, sp)), SaltedDigest.decode(l.substring(sp + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + n + ": " + e.getMessage(), e);
            }
        }
        accounts = Collections.unmodifiableMap(m);
        loaded = t;
    }

    private void save(Map<String, SaltedDigest> m) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder("# Courier KV accounts: id (percent-encoded) and salt:SHA-256 of the "
                + "client's PBKDF2 hash. Managed by 'courier kv user'.\n");
        m.forEach((id, d) -> sb.append(encode(id)).append(' ').append(d.encode()).append('\n'));
        Path tmp = Files.createTempFile(file.getParent(), "accounts", ".tmp");
        try {
            CertificateStore.setOwnerOnly(tmp);
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        reload();
    }

    /** Percent-encodes what would break the line format: {@code %}, space, controls, DEL. */
    static String encode(String id) {
        StringBuilder sb = new StringBuilder();
        for (char c : id.toCharArray()) {
            if (c == '%' || c <= ' ' || c >= 0x7F || c == '#') {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("bad escape in id");
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The file's path. */
    public Path path() {
        return file;
    }

}
