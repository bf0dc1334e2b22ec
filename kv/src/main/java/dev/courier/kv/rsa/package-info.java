/**
 * The legacy RSA edition of the KV protocol (spec section 8): a PEM public-key exchange and PKCS#1 v1.5 blocks in
 * place of TLS, in front of the same decoder, handler, sessions and store as the TLS edition.
 */
package dev.courier.kv.rsa;
