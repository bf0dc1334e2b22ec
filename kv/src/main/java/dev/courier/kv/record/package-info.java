/**
 * The record dialect of the KV protocol (docs/kv-record-dialect.md): the framing of the 2023 programs, one message
 * per TLS record (RSA edition: per block) and no LF at its end, for both editions, server and client.
 */
package dev.courier.kv.record;
