package dev.courier.mail.account;

import dev.courier.core.auth.Digests;
import dev.courier.core.auth.Pbkdf2;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks login passwords so that every check costs the same: the login cost, the largest iteration count of the
 * store's accounts (the configured cost of new accounts while there is none). An unknown user is checked against
 * a decoy of exactly that cost; a real account whose hash is cheaper is padded up to it with a second derivation.
 * So the time of a refusal tells neither whether the name exists nor how its hash was made. The cost only rises:
 * an account found with more iterations than the cost raises it for every later check.
 */
public final class PasswordChecker {
    /** The key derivation, PBKDF2-HMAC-SHA256 in production; a test counts the iterations it is asked for. */
    @FunctionalInterface
    public interface Kdf {
        /** Derives {@code bytes} bytes from the password and salt with {@code iterations} iterations. */
        byte[] derive(char[] password, byte[] salt, int iterations, int bytes);
    }

    private final Kdf kdf;
    private final AtomicInteger cost;
    private final byte[] decoySalt = Digests.randomBytes(Passwords.SALT_BYTES);

    /** A checker whose cost starts at {@code cost} iterations (at least {@link Passwords#MIN_ITERATIONS}). */
    public PasswordChecker(int cost) {
        this(cost, Pbkdf2::derive);
    }

    /** A checker over another key derivation (tests). */
    public PasswordChecker(int cost, Kdf kdf) {
        this.cost = new AtomicInteger(Math.max(cost, Passwords.MIN_ITERATIONS));
        this.kdf = kdf;
    }

    /** The iterations every check costs now. */
    public int cost() {
        return cost.get();
    }

    /** Raises the cost to {@code iterations} if that is more (an account with a costlier hash exists). */
    public void raise(int iterations) {
        cost.accumulateAndGet(iterations, Math::max);
    }

    /**
     * Whether {@code password} is the stored one (false for an unknown user: empty {@code stored}). Runs PBKDF2
     * for exactly {@link #cost()} iterations in all whatever the outcome, unless the password is empty or too long
     * (refused at once for known and unknown users alike). Slow: never call it on an event loop.
     */
    public boolean check(char[] password, Optional<PasswordHash> stored) {
        if (password.length == 0 || password.length > Passwords.MAX_PASSWORD_CHARS) {
            return false;
        }
        stored.filter(h -> PasswordHash.PBKDF2_SHA256.equals(h.algorithm())).ifPresent(h -> raise(h.iterations()));
        int total = cost.get();
        int spent = 0;
        boolean ok = false;
        if (stored.isPresent() && PasswordHash.PBKDF2_SHA256.equals(stored.get().algorithm())) {
            PasswordHash h = stored.get();
            byte[] expected = h.hash();
            ok = Digests.constantTimeEquals(expected, kdf.derive(password, h.salt(), h.iterations(), expected.length));
            spent = h.iterations();
        }
        if (spent < total) {
            // The decoy for an unknown user, or the padding of a cheaper hash: the rest of the cost, never a match.
            kdf.derive(password, decoySalt, total - spent, Passwords.HASH_BYTES);
        }
        return ok;
    }
}
