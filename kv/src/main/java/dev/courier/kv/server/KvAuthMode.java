package dev.courier.kv.server;

/** Who may CONNECT (spec section 3). */
public enum KvAuthMode {
    /** Accounts when the accounts file has any, otherwise open, refusing non-loopback peers on a public bind. */
    AUTO,
    /** Any id; the first CONNECT sets the session's password. Asked for by name, it is allowed on any address. */
    OPEN,
    /** Only ids in the accounts file, with their password. */
    ACCOUNTS
}
