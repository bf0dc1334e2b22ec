package dev.courier.kv.session;

import dev.courier.core.auth.SaltedDigest;
import java.util.Optional;

/** The accounts of accounts mode: who may CONNECT, each with a digest of their 32-byte password hash. */
public interface AccountBook {
    /** The digest of an account's hash, if the account exists. */
    Optional<SaltedDigest> lookup(String id);
}
