package dev.courier.mail.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.auth.Pbkdf2;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every check costs the same number of PBKDF2 iterations, counted, not timed. */
class PasswordCheckerTest {
    private final AtomicLong iterations = new AtomicLong();
    private final PasswordChecker.Kdf counting = (pw, salt, n, bytes) -> {
        iterations.addAndGet(n);
        return Pbkdf2.derive(pw, salt, n, bytes);
    };

    private long cost(PasswordChecker c, String password, Optional<PasswordHash> stored, boolean expected) {
        iterations.set(0);
        assertThat(c.check(password.toCharArray(), stored)).isEqualTo(expected);
        return iterations.get();
    }

    @Test
    void unknownUserWrongPasswordAndRightPasswordCostTheSame() {
        PasswordHash alice = Passwords.hash("secret".toCharArray(), 3_000);
        PasswordChecker c = new PasswordChecker(3_000, counting);
        assertThat(cost(c, "secret", Optional.empty(), false)).isEqualTo(3_000);
        assertThat(cost(c, "wrong", Optional.of(alice), false)).isEqualTo(3_000);
        assertThat(cost(c, "secret", Optional.of(alice), true)).isEqualTo(3_000);
    }

    @Test
    void aCheaperAccountIsPaddedUpToTheCost() {
        PasswordHash cheap = Passwords.hash("pw".toCharArray(), 1_000);
        PasswordChecker c = new PasswordChecker(4_000, counting);
        assertThat(cost(c, "pw", Optional.of(cheap), true)).isEqualTo(4_000);
        assertThat(cost(c, "no", Optional.of(cheap), false)).isEqualTo(4_000);
        assertThat(cost(c, "pw", Optional.empty(), false)).isEqualTo(4_000);
    }

    @Test
    void aCostlierAccountRaisesTheCostForEveryLaterCheck() {
        PasswordHash strong = Passwords.hash("pw".toCharArray(), 5_000);
        PasswordChecker c = new PasswordChecker(1_000, counting);
        assertThat(cost(c, "pw", Optional.empty(), false)).isEqualTo(1_000);
        assertThat(cost(c, "pw", Optional.of(strong), true)).isEqualTo(5_000);
        assertThat(c.cost()).isEqualTo(5_000);
        assertThat(cost(c, "pw", Optional.empty(), false)).as("the decoy now costs as much").isEqualTo(5_000);
        c.raise(2_000);
        assertThat(c.cost()).as("the cost never falls").isEqualTo(5_000);
    }

    @Test
    void emptyOrOverlongPasswordsAreRefusedUnhashedForEveryone() {
        PasswordHash alice = Passwords.hash("pw".toCharArray(), 1_000);
        PasswordChecker c = new PasswordChecker(1_000, counting);
        assertThat(cost(c, "", Optional.of(alice), false)).isZero();
        assertThat(cost(c, "", Optional.empty(), false)).isZero();
        String tooLong = "x".repeat(Passwords.MAX_PASSWORD_CHARS + 1);
        assertThat(cost(c, tooLong, Optional.of(alice), false)).isZero();
        assertThat(cost(c, tooLong, Optional.empty(), false)).isZero();
    }

    @Test
    void anUnknownAlgorithmNeverMatchesAndStillCostsTheSame() {
        PasswordHash h = Passwords.hash("pw".toCharArray(), 1_000);
        PasswordHash other = new PasswordHash("md5", h.iterations(), h.salt(), h.hash());
        PasswordChecker c = new PasswordChecker(2_000, counting);
        assertThat(cost(c, "pw", Optional.of(other), false)).isEqualTo(2_000);
    }
}
