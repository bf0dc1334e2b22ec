package dev.courier.kv.store;

import dev.courier.core.auth.LoginThrottle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The login throttle as CONNECT uses it: failed password checks counted per key (the id's, the address's), and
 * keys locked out past the free failures. In one process, or shared by every node of a deployment (Redis), so that
 * an attacker cannot spread guesses over the nodes.
 */
public interface LoginGuard {
    /** Whether either key is locked out now. */
    CompletionStage<Boolean> blocked(String idKey, String addressKey);

    /** A password check failed: counted under both keys. */
    void failed(String idKey, String addressKey);

    /** A password check passed: the id's failures are forgotten. */
    void succeeded(String idKey);

    /** The throttle of this process. */
    static LoginGuard local(LoginThrottle throttle) {
        return new LoginGuard() {
            @Override
            public CompletionStage<Boolean> blocked(String idKey, String addressKey) {
                return CompletableFuture.completedFuture(throttle.blocked(idKey) || throttle.blocked(addressKey));
            }

            @Override
            public void failed(String idKey, String addressKey) {
                throttle.failure(idKey);
                throttle.failure(addressKey);
            }

            @Override
            public void succeeded(String idKey) {
                throttle.success(idKey);
            }
        };
    }
}
