"""Plain TCP peers for the tests of `latch proxy` (tests/cli/test_proxy.sh): a backend and a
client that both send and read at once, in random chunk sizes with a SHA-256 per direction, and
a backend that checks the PROXY protocol v2 header. Each prints '# ...' notes and lines the test
compares; nothing here asserts a duration (time limits only turn a hang into a failure).

  backend PORTFILE [--send N] [--seed S] [--proxy-v2] [--send-after-eof] [--echo]
      listens on 127.0.0.1 (a free port, written to PORTFILE); each connection: reads until its
      end while sending N bytes of the seeded stream, then shuts its sending side; prints
      'RECEIVED <len> <sha256>' (and, with --proxy-v2, 'PROXY ...' for the header it parsed
      first); --send-after-eof sends only once the other side's end has come; --echo returns
      what it reads instead
  client PORT --send N --seed S --expect N --expect-seed S [--send-after-eof] [--no-read]
         [--hold SECONDS]
      connects to 127.0.0.1:PORT, sends N bytes of its stream, shuts its sending side, reads
      until the end; 'SENT <len> <sha256>' and 'GOT <len> <sha256> ok|MISMATCH' (against the
      expect-seed's stream); --send-after-eof sends only once the other side's end has come;
      --no-read never reads, and --hold keeps the connection that long before closing it
  stream N SEED
      prints '<len> <sha256>' of the first N bytes of SEED's stream
"""
import argparse
import hashlib
import random
import socket
import struct
import sys
import threading

BLOCK = 1 << 20


def stream_chunks(total, seed):
    """The seeded stream: each MiB is a rotation of one random MiB, by a different offset."""
    rng = random.Random(seed)
    block = rng.randbytes(BLOCK)
    doubled = block + block
    sent, segment = 0, 0
    while sent < total:
        shift = (segment * 7919 + seed) % BLOCK
        piece = memoryview(doubled)[shift:shift + min(BLOCK, total - sent)]
        sent += len(piece)
        segment += 1
        yield piece


def digest_of(total, seed):
    h = hashlib.sha256()
    n = 0
    for piece in stream_chunks(total, seed):
        h.update(piece)
        n += len(piece)
    return n, h.hexdigest()


def send_stream(sock, total, seed, rng):
    h = hashlib.sha256()
    n = 0
    for piece in stream_chunks(total, seed):
        at = 0
        while at < len(piece):
            size = rng.randint(1, 65536)
            part = piece[at:at + size]
            sock.sendall(part)
            h.update(part)
            at += len(part)
            n += len(part)
    return n, h.hexdigest()


def read_all(sock, rng):
    h = hashlib.sha256()
    n = 0
    while True:
        data = sock.recv(rng.randint(1, 65536))
        if not data:
            return n, h.hexdigest()
        h.update(data)
        n += len(data)


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        data = sock.recv(n - len(buf))
        if not data:
            raise EOFError("the connection ended inside the PROXY header")
        buf += data
    return buf


def parse_proxy_v2(sock):
    """Reads and checks a PROXY v2 header (haproxy's proxy-protocol.txt §2.2): a line of fields."""
    head = recv_exact(sock, 16)
    if head[:12] != b"\r\n\r\n\x00\r\nQUIT\n":
        return "PROXY bad-signature"
    if head[12] != 0x21:
        return "PROXY bad-version-command %02x" % head[12]
    fam, length = head[13], struct.unpack(">H", head[14:16])[0]
    body = recv_exact(sock, length)
    if fam == 0x11:
        src, dst = socket.inet_ntop(socket.AF_INET, body[0:4]), socket.inet_ntop(socket.AF_INET, body[4:8])
        sport, dport = struct.unpack(">HH", body[8:12])
        tlvs = body[12:]
    elif fam == 0x21:
        src, dst = socket.inet_ntop(socket.AF_INET6, body[0:16]), socket.inet_ntop(socket.AF_INET6, body[16:32])
        sport, dport = struct.unpack(">HH", body[32:36])
        tlvs = body[36:]
    else:
        return "PROXY bad-family %02x" % fam
    fields = ["PROXY", "src=%s:%d" % (src, sport), "dst=%s:%d" % (dst, dport)]
    names = {0x01: "alpn", 0x02: "authority"}
    ssl_names = {0x21: "ssl_version", 0x22: "ssl_cn", 0x23: "ssl_cipher"}
    at = 0
    while at < len(tlvs):
        if at + 3 > len(tlvs):
            return "PROXY truncated-tlv"
        kind, size = tlvs[at], struct.unpack(">H", tlvs[at + 1:at + 3])[0]
        value = tlvs[at + 3:at + 3 + size]
        if len(value) != size:
            return "PROXY truncated-tlv"
        at += 3 + size
        if kind in names:
            fields.append("%s=%s" % (names[kind], value.decode()))
        elif kind == 0x20:
            client, verify = value[0], struct.unpack(">I", value[1:5])[0]
            fields.append("ssl_client=%d ssl_verify=%d" % (client, verify))
            sub = value[5:]
            j = 0
            while j < len(sub):
                skind, ssize = sub[j], struct.unpack(">H", sub[j + 1:j + 3])[0]
                fields.append("%s=%s" % (ssl_names.get(skind, "ssl_%02x" % skind), sub[j + 3:j + 3 + ssize].decode()))
                j += 3 + ssize
        else:
            fields.append("tlv_%02x=%s" % (kind, value.hex()))
    return " ".join(fields)


def backend(args):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    with open(args.portfile + ".tmp", "w") as f:
        f.write("%d\n" % server.getsockname()[1])
    import os
    os.rename(args.portfile + ".tmp", args.portfile)
    lock = threading.Lock()

    def serve(conn, number):
        rng = random.Random(number)
        try:
            if args.proxy_v2:
                line = parse_proxy_v2(conn)
                with lock:
                    print(line, flush=True)
            if args.echo:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        return
                    conn.sendall(data)
            sender = threading.Thread(target=lambda: (send_stream(conn, args.send, args.seed, rng),
                                                      conn.shutdown(socket.SHUT_WR)))
            if not args.send_after_eof:
                sender.start()
            n, digest = read_all(conn, random.Random(number + 1))
            with lock:
                print("RECEIVED %d %s" % (n, digest), flush=True)
            if args.send_after_eof:
                sender.start()
            sender.join()
            with lock:
                print("SENT-BACK %d" % args.send, flush=True)
        except (OSError, EOFError) as e:
            with lock:
                print("# connection %d: %s" % (number, e), flush=True)
        finally:
            conn.close()

    number = 0
    while True:
        conn, _ = server.accept()
        number += 1
        threading.Thread(target=serve, args=(conn, number), daemon=True).start()


def client(args):
    sock = socket.create_connection(("127.0.0.1", args.port))
    rng = random.Random(args.seed)
    result = {}
    got_eof = threading.Event()

    def reader():
        if args.no_read:
            return
        result["got"] = read_all(sock, random.Random(args.seed + 1))
        got_eof.set()

    t = threading.Thread(target=reader)
    t.start()
    if args.send_after_eof:
        got_eof.wait()
    sent = send_stream(sock, args.send, args.seed, rng)
    sock.shutdown(socket.SHUT_WR)
    print("SENT %d %s" % sent, flush=True)
    t.join()
    if not args.no_read:
        want = digest_of(args.expect, args.expect_seed)
        got = result["got"]
        print("GOT %d %s %s" % (got[0], got[1], "ok" if got == want else "MISMATCH (want %d %s)" % want), flush=True)
    if args.hold:
        threading.Event().wait(args.hold)
    sock.close()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backend")
    b.add_argument("portfile")
    b.add_argument("--send", type=int, default=0)
    b.add_argument("--seed", type=int, default=2)
    b.add_argument("--proxy-v2", action="store_true")
    b.add_argument("--send-after-eof", action="store_true")
    b.add_argument("--echo", action="store_true")
    c = sub.add_parser("client")
    c.add_argument("port", type=int)
    c.add_argument("--send", type=int, default=0)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--expect", type=int, default=0)
    c.add_argument("--expect-seed", type=int, default=2)
    c.add_argument("--send-after-eof", action="store_true")
    c.add_argument("--no-read", action="store_true")
    c.add_argument("--hold", type=float, default=0)
    s = sub.add_parser("stream")
    s.add_argument("total", type=int)
    s.add_argument("seed", type=int)
    args = parser.parse_args()
    if args.cmd == "backend":
        backend(args)
    elif args.cmd == "client":
        client(args)
    else:
        print("%d %s" % digest_of(args.total, args.seed))


if __name__ == "__main__":
    sys.exit(main())
