#!/usr/bin/env bash
# Makes the RSA edition's interoperability fixtures with OpenSSL's command line only (no Courier code):
# keys, PKCS#1 "RSA PUBLIC KEY" PEM blocks, and PKCS#1 v1.5 blocks, one `openssl pkeyutl -encrypt` per piece.
# Run from anywhere: ./make-fixtures.sh   (needs openssl 1.1.1 or 3.x). Every run makes new keys and blocks;
# the tests only rely on what the files say about each other, never on fixed key values.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Keys: the server's 512-bit (the edition's size), the client's 1024-bit (so the two directions differ in k).
openssl genrsa -out server-512.key.pem 512 2>/dev/null
openssl genrsa -out client-1024.key.pem 1024 2>/dev/null
# The PEM blocks the edition sends: PKCS#1 RSAPublicKey, as Python's rsa package writes them.
openssl rsa -in server-512.key.pem -RSAPublicKey_out -out server-512.pub.pem 2>/dev/null
openssl rsa -in client-1024.key.pem -RSAPublicKey_out -out client-1024.pub.pem 2>/dev/null
# pkeyutl reads the peer's key from the PKCS#1 PEM block, as a receiver of the exchange would.
openssl rsa -RSAPublicKey_in -in server-512.pub.pem -pubout -out "$tmp/server.spki.pem" 2>/dev/null
openssl rsa -RSAPublicKey_in -in client-1024.pub.pem -pubout -out "$tmp/client.spki.pem" 2>/dev/null

# piece FILE KEY TEXT: appends TEXT, encrypted as one block under KEY, to FILE.bin, and TEXT to FILE.txt.
piece() {
  printf '%s' "$3" > "$tmp/piece"
  openssl pkeyutl -encrypt -pubin -inkey "$2" -pkeyopt rsa_padding_mode:pkcs1 -in "$tmp/piece" >> "$1.bin"
  printf '%s' "$3" >> "$1.txt"
}

# A client's whole session, client -> server, under the server's 512-bit key (pieces of at most 64-11 = 53 bytes).
rm -f client-session.bin client-session.txt
long="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
s=$tmp/server.spki.pem
piece client-session "$s" 'CONNECT alice'            # the original program's style: one short block, no LF
piece client-session "$s" $'PUT greeting\n'
piece client-session "$s" $'hello, world\n'
piece client-session "$s" $'GET greeting\n'
piece client-session "$s" $'PUT long\n'
piece client-session "$s" "${long:0:53}"              # a 144-byte value: two full pieces without LF...
piece client-session "$s" "${long:53:53}"
piece client-session "$s" "${long:106}"$'\n'          # ...and the rest with its LF
piece client-session "$s" $'GET long\n'
piece client-session "$s" 'DELETE greeting'           # short, no LF again
piece client-session "$s" $'GET greeting\n'
piece client-session "$s" $'DISCONNECT\n'

# Server answers, server -> client, under the client's 1024-bit key (pieces of at most 128-11 = 117 bytes).
rm -f server-session.bin server-session.txt
c=$tmp/client.spki.pem
value200=$(printf '%s' "$long$long" | cut -c1-200)
piece server-session "$c" 'CONNECT: OK'               # an original-style server: one short block, no LF
piece server-session "$c" $'PUT: OK\n'
piece server-session "$c" "${value200:0:117}"         # a 200-byte bare GET answer: one full piece...
piece server-session "$c" "${value200:117}"$'\n'      # ...and the rest with its LF
piece server-session "$c" $'GET: ERROR\n'

echo "fixtures written to $(pwd)"
