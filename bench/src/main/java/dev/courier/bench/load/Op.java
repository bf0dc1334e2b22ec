package dev.courier.bench.load;

/** One kind of request the load generator sends. */
public enum Op {
    /** Store a value (KV {@code PUT}, RESP {@code SET}). */
    PUT,
    /** Read a value (KV {@code GET}, RESP {@code GET}). */
    GET
}
