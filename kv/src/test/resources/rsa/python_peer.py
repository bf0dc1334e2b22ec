"""A client of the RSA edition in the original program's style, with Python's `rsa` package (the library the
edition was written with): each message one PKCS#1 v1.5 block without LF. Prints each answer on its own line.
Usage: python3 python_peer.py PORT CLIENT_ID"""
import socket
import sys

import rsa

END = b"-----END RSA PUBLIC KEY-----\n"
port, client_id = int(sys.argv[1]), sys.argv[2]
pub, priv = rsa.newkeys(512)
k = rsa.common.byte_size(priv.n)
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(pub.save_pkcs1())
buf = b""
while END not in buf:
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("closed during the key exchange")
    buf += chunk
pem, pending = buf.split(END, 1)
server = rsa.PublicKey.load_pkcs1(pem + END)


def send(text):
    s.sendall(rsa.encrypt(text.encode("ascii"), server))


def receive():
    global pending
    text = b""
    while b"\n" not in text:
        while len(pending) < k:
            chunk = s.recv(4096)
            if not chunk:
                sys.exit("closed before an answer")
            pending += chunk
        block, pending = pending[:k], pending[k:]
        piece = rsa.decrypt(block, priv)
        text += piece if (b"\n" in piece or len(piece) == k - 11) else piece + b"\n"
    return text.split(b"\n", 1)[0].decode("ascii")


for message in ["CONNECT " + client_id, "PUT greeting", "hello from python", "GET greeting", "DISCONNECT"]:
    send(message)
    if message != "PUT greeting":
        print(receive(), flush=True)
