#!/usr/bin/env python3
"""Python's ssl module as an interop peer for latch (tests/interop/test_python.sh).

Usage: peer_python.py server|client MODE PORT PKI-DIR FILE -- the protocol every matrix peer
speaks is described at the top of tests/interop/matrix.sh. Standard library only.
"""
import hashlib
import os
import random
import select
import socket
import ssl
import sys
import time

BULK = 10 * 1024 * 1024
# OpenSSL's names for the TLS 1.2 suites the matrix uses (TLS 1.3 names are already IANA's)
IANA = {
    "ECDHE-ECDSA-AES128-GCM-SHA256": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "ECDHE-RSA-AES256-GCM-SHA384": "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "AES128-GCM-SHA256": "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "ECDHE-ECDSA-CHACHA20-POLY1305": "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
}
SUITES = {v: k for k, v in IANA.items()}
MODE_SUITE = {
    "tls12-ecdsa": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "no-ems": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "tls12-rsa": "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "tls12-rsakex": "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "chacha12": "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
}
SSL_OP_NO_EXTENDED_MASTER_SECRET = 0x1  # OpenSSL 3.0's SSL_OP_BIT(0); the ssl module has no name


def context(role, mode, pki):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if role == "server" else ssl.PROTOCOL_TLS_CLIENT)
    tls12 = mode in ("mtls12", "resume12", "chacha12", "no-ems") or mode.startswith("tls12-")
    ctx.minimum_version = ctx.maximum_version = (
        ssl.TLSVersion.TLSv1_2 if tls12 else ssl.TLSVersion.TLSv1_3)
    if mode in MODE_SUITE:
        ctx.set_ciphers(SUITES[MODE_SUITE[mode]])
    if mode == "no-ems":
        ctx.options |= SSL_OP_NO_EXTENDED_MASTER_SECRET
    cert = "rsa2048" if mode in ("tls12-rsa", "tls12-rsakex") else "p256"
    if role == "server":
        ctx.load_cert_chain(f"{pki}/{cert}.pem", f"{pki}/{cert}-key.pem")
        if mode == "hrr":
            ctx.set_ecdh_curve("secp384r1")
        if mode.startswith("mtls"):
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(f"{pki}/ca.pem")
    else:
        ctx.load_verify_locations(f"{pki}/ca.pem")
        if mode.startswith("mtls"):
            ctx.load_cert_chain(f"{pki}/rsa2048.pem", f"{pki}/rsa2048-key.pem")
    return ctx


def report(sslobj, resumed):
    version = {"TLSv1.3": "TLS1.3", "TLSv1.2": "TLS1.2"}.get(sslobj.version(), sslobj.version())
    suite = sslobj.cipher()[0]
    client = "none"
    peer = sslobj.getpeercert() if sslobj.server_side else None
    if peer:
        client = dict(x[0] for x in peer["subject"]).get("commonName", "?")
    print(f"PEER handshake version={version} suite={IANA.get(suite, suite)} "
          f"resumed={'yes' if resumed else 'no'} client={client}", flush=True)


def recv_exact(conn, n):
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(min(65536, n - len(data)))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def pump(raw, sslobj, source, server_side):
    """Over a non-blocking socket and memory BIOs (one thread, so OpenSSL's SSL object is never
    used from two at once): finishes the handshake, then sends source in random chunks while
    hashing what comes in, until EOF (server) or as many bytes as sent (a client reading an
    echo); then close_notify both ways. Returns the bulk line."""
    incoming, outgoing = sslobj._incoming, sslobj._outgoing
    raw.setblocking(False)
    pending = b""
    sent, recv = hashlib.sha256(), hashlib.sha256()
    pos = received = 0
    shaking, eof, closing = True, False, False
    deadline = time.monotonic() + 30  # 10 MiB each way takes seconds here
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("bulk transfer stalled")
        if shaking:
            try:
                sslobj.do_handshake()
                shaking = False
                report(sslobj, False)
            except ssl.SSLWantReadError:
                pass
        if not shaking:
            while pos < len(source) and len(pending) + outgoing.pending < 262144:
                n = random.randint(1, 65536)
                sslobj.write(source[pos:pos + n])
                sent.update(source[pos:pos + n])
                pos += n
            while not eof:
                try:
                    chunk = sslobj.read(65536)
                except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    break
                except ssl.SSLZeroReturnError:
                    chunk = b""
                if not chunk:
                    eof = True
                    break
                recv.update(chunk)
                received += chunk.__len__()
            done_reading = eof if server_side else received >= len(source)
            if pos >= len(source) and done_reading and not closing:
                closing = True
                try:
                    sslobj.unwrap()
                except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
                    pass
        pending += outgoing.read()
        if closing and not pending:
            try:
                sslobj.unwrap()  # done once the peer's close_notify is in too
                break
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLZeroReturnError:
                break
        readable, writable, _ = select.select([raw], [raw] if pending else [], [], 1)
        if writable:
            try:
                pending = pending[raw.send(pending):]
            except BlockingIOError:
                pass
        if readable:
            try:
                data = raw.recv(262144)
            except BlockingIOError:
                data = None
            if data == b"":
                if closing:
                    break
                raise ConnectionError("peer closed the connection")
            if data:
                incoming.write(data)
    return f"PEER bulk sent={len(source)}:{sent.hexdigest()} recv={received}:{recv.hexdigest()}"


def bulk(ctx, raw, server_side, source):
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    sslobj = ctx.wrap_bio(incoming, outgoing, server_side=server_side,
                          server_hostname=None if server_side else "localhost")
    sslobj._incoming, sslobj._outgoing = incoming, outgoing
    print(pump(raw, sslobj, source, server_side), flush=True)
    raw.close()


def main():
    role, mode, port, pki, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    ctx = context(role, mode, pki)
    rounds = 2 if mode.startswith("resume") or mode == "no-ems" else 1
    if role == "server":
        listener = socket.create_server(("127.0.0.1", port))
        print(f"listening on 127.0.0.1:{port}", flush=True)
        if mode == "bulk":
            bulk(ctx, listener.accept()[0], True, os.urandom(BULK))
            return
        for _ in range(rounds):
            raw, _ = listener.accept()
            raw.settimeout(60)
            with ctx.wrap_socket(raw, server_side=True) as conn:
                report(conn, conn.session_reused)
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    conn.sendall(data)
                conn.unwrap()
        return
    data = open(path, "rb").read()
    if mode == "bulk":
        bulk(ctx, socket.create_connection(("127.0.0.1", port), timeout=60), False, data)
        return
    session = None
    for _ in range(rounds):
        raw = socket.create_connection(("127.0.0.1", port), timeout=60)
        with ctx.wrap_socket(raw, server_hostname="localhost", session=session) as conn:
            report(conn, conn.session_reused)
            conn.sendall(data)
            if recv_exact(conn, len(data)) == data:
                print("PEER echo ok", flush=True)
            session = conn.session
            conn.unwrap()


if __name__ == "__main__":
    main()
