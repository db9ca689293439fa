"""Drivers and independent TLS peers (Python's ssl, i.e. OpenSSL's libssl) for the byte-pump
tests of the latch tool. Every transfer is checked with a SHA-256 per direction; the feeding side
writes random sizes with random pauses, the consuming side reads random sizes, and both directions
run at once. Each command prints '# ...' notes and ends with 'PASS ...' or 'FAIL ...' (exit 0/1).
Nothing here asserts a duration: time limits only turn a hang into a failure.

  feed CMD...          run CMD (a latch client talking to an echo server), feed its stdin and read
                       its stdout at once; both must carry the same bytes, and CMD must exit 0
                       (--sink: to a sink-server, whose answer must give the right sum)
  echo-server          a TLS echo server (one thread per connection)
  sink-server          a TLS server that reads everything, then answers with its length and SHA-256
  echo-client          a TLS client of an echo server, sending and reading at once (or reading
                       only after it has sent --read-after bytes, or once its sending is stuck)
  echo-half-close      a TLS client of an echo server that sends, closes its side, then reads
  close-server         a TLS server that sends a line, then closes with or without close_notify
  fetch                HTTP GETs over TLS (several at once), the body checked against a file
  check-http FILE      an HTTP answer saved by latch client, the body checked against a file
"""
import argparse
import hashlib
import os
import random
import select
import socket
import ssl
import subprocess
import sys
import threading
import time


def note(text):
    print("# " + text, flush=True)


def verdict(ok, text):
    print(("PASS " if ok else "FAIL ") + text, flush=True)
    return 0 if ok else 1


class Feeder:
    """The bytes one side sends: generated from a seed, in random chunks, with random pauses."""

    def __init__(self, total, rng, stop_at=0):
        self.total, self.rng, self.sent = total, rng, 0
        self.stop_at = stop_at  # a chunk ends there, so exactly that many bytes can be sent
        self.digest = hashlib.sha256()
        self.chunk = b""
        self.pause_until = 0.0

    def next_chunk(self):
        """The chunk to send now (kept until it is all sent), or b"" while pausing or done."""
        if self.chunk or self.sent >= self.total or time.monotonic() < self.pause_until:
            return self.chunk
        size = min(self.total - self.sent, self.rng.choice((1, 7, 100, 1000, 4096, 16384, 16385,
                                                           65536)) + self.rng.randrange(3000))
        if self.sent < self.stop_at:
            size = min(size, self.stop_at - self.sent)
        self.chunk = self.rng.randbytes(size)
        return self.chunk

    def sent_bytes(self, n):
        self.digest.update(self.chunk[:n])
        self.chunk = self.chunk[n:]
        self.sent += n
        if not self.chunk and self.rng.random() < 0.03:
            self.pause_until = time.monotonic() + self.rng.random() * 0.02

    def done(self):
        return self.sent >= self.total


def read_size(rng):
    return rng.choice((1, 13, 512, 4096, 16384, 65536, 200000)) + rng.randrange(2000)


# --- feed: a process's stdin and stdout pumped at once ------------------------------------------

def cmd_feed(args):
    rng = random.Random(args.seed)
    note(f"seed {args.seed}, {args.bytes} bytes each way")
    proc = subprocess.Popen(args.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    feeder = Feeder(args.bytes, random.Random(rng.random()))
    got, got_len, stderr = hashlib.sha256(), 0, []

    def read_stdout():
        nonlocal got_len
        read_rng = random.Random(rng.random())
        while True:
            data = os.read(proc.stdout.fileno(), read_size(read_rng))
            if not data:
                return
            got.update(data)
            got_len += len(data)

    def read_stderr():
        stderr.append(proc.stderr.read())

    def write_stdin():
        try:
            while not feeder.done():
                chunk = feeder.next_chunk()
                if not chunk:
                    time.sleep(0.001)
                    continue
                feeder.sent_bytes(os.write(proc.stdin.fileno(), chunk))
            proc.stdin.close()
        except BrokenPipeError:
            pass

    threads = [threading.Thread(target=f, daemon=True) for f in (read_stdout, read_stderr,
                                                                  write_stdin)]
    for t in threads:
        t.start()
    try:
        rc = proc.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return verdict(False, f"no end within {args.timeout} s: sent {feeder.sent} bytes, read "
                       f"{got_len}")
    for t in threads:
        t.join(args.timeout)
    note(f"exit {rc}; stderr: {b''.join(stderr).decode(errors='replace').strip()[-300:]}")
    note(f"sent {feeder.sent} sha256 {feeder.digest.hexdigest()[:16]}, "
         f"got {got_len} sha256 {got.hexdigest()[:16]}")
    if args.sink:  # the server's answer: the length and SHA-256 of all it read
        answer = f"{feeder.sent} {feeder.digest.hexdigest()}\n".encode()
        same = got.hexdigest() == hashlib.sha256(answer).hexdigest()
        return verdict(same and rc == 0, f"{feeder.sent} bytes out, the sink's sum "
                       f"{'matches' if same else 'differs'}, exit {rc}")
    same = got.hexdigest() == feeder.digest.hexdigest()
    return verdict(same and rc == 0, f"{feeder.sent} bytes out and back, exit {rc}")


# --- TLS sockets without blocking: one thread sends and reads at once --------------------------

def tls_context(server, args):
    if server:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(args.ca)
    if args.tls12:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def tls_connect(args, small_buffers=False):
    raw = socket.socket()
    if small_buffers:  # (before connecting, for the window the server sees)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 << 10)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 10)
    raw.settimeout(args.timeout)
    raw.connect(("127.0.0.1", args.port))
    return tls_context(False, args).wrap_socket(raw, server_hostname="localhost")


def try_send(sock, chunk):
    """Bytes of chunk sent (0 if the socket is full). Python's ssl wants the same chunk again
    after a want-write, which Feeder keeps."""
    try:
        return sock.send(chunk)
    except (ssl.SSLWantWriteError, ssl.SSLWantReadError, BlockingIOError):
        return 0


def try_recv(sock, size):
    """Bytes read (b"" at close_notify or EOF) or None when nothing is there yet."""
    try:
        return sock.recv(size)
    except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
        return None


def wait_io(sock, write, timeout):
    if sock.pending():
        return
    select.select([sock], [sock] if write else [], [], timeout)


# --- echo-server --------------------------------------------------------------------------------

def echo_one(conn, rng, deadline):
    """Echoes until close_notify, reading random sizes and writing random chunks, holding at most
    256 KiB. Reading and writing each pause now and then on their own, so that the peer meets
    its sending backed up while our echo keeps coming, and the other way round."""
    conn.setblocking(False)
    backlog, chunk, open_in = bytearray(), b"", True
    read_pause_until = write_pause_until = 0.0
    while (open_in or backlog) and time.monotonic() < deadline:
        now = time.monotonic()
        can_read = open_in and len(backlog) < (256 << 10) and now >= read_pause_until
        can_write = backlog and now >= write_pause_until
        if not can_read and not can_write:
            time.sleep(0.002)
            continue
        wait_io(conn, can_write, 0.01)
        if can_read:
            data = try_recv(conn, read_size(rng))
            if data == b"":
                open_in = False
            elif data:
                backlog += data
                if rng.random() < 0.05:
                    read_pause_until = now + rng.random() * 0.03
        if can_write:
            if not chunk:  # (after a want-write, the same chunk again)
                size = rng.choice((1, 100, 4096, 16384, 65536)) + rng.randrange(3000)
                chunk = bytes(backlog[:size])
            sent = try_send(conn, chunk)
            del backlog[:sent]
            chunk = chunk[sent:]
            if sent and rng.random() < 0.02:
                write_pause_until = now + rng.random() * 0.01
    conn.setblocking(True)
    conn.unwrap()
    conn.close()


def serve_tls(args, handle):
    """Accepts TLS connections for ever, each handled by handle(conn, rng) in its own thread."""
    ctx = tls_context(True, args)
    listener = socket.create_server(("127.0.0.1", 0))
    # small socket buffers (inherited by accepted sockets): the peer's sending backs up at
    # each of our pauses instead of vanishing into megabytes of loopback buffers
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 10)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32 << 10)
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    rng = random.Random(args.seed)
    while True:
        raw, _ = listener.accept()
        raw.settimeout(args.timeout)
        try:
            conn = ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as e:
            note(f"handshake failed: {e}")
            continue
        threading.Thread(target=handle, args=(conn, random.Random(rng.random())),
                         daemon=True).start()


def cmd_echo_server(args):
    serve_tls(args, lambda conn, rng: echo_one(conn, rng, time.monotonic() + args.timeout))


# --- sink-server --------------------------------------------------------------------------------

def sink_one(conn, rng):
    """Reads until close_notify, random sizes with pauses, sending nothing back until then."""
    digest, total = hashlib.sha256(), 0
    while data := conn.recv(read_size(rng)):
        digest.update(data)
        total += len(data)
        if rng.random() < 0.1:  # (often: the client meets a full socket often)
            time.sleep(rng.random() * 0.01)
    conn.sendall(f"{total} {digest.hexdigest()}\n".encode())
    conn.unwrap()
    conn.close()


def cmd_sink_server(args):
    serve_tls(args, sink_one)


# --- echo-client --------------------------------------------------------------------------------

def echo_client_one(args, rng, total, note):
    """One client of cmd_echo_client, sending total bytes: (passed, what happened)."""
    note(f"{total} bytes each way, reading "
         + ("at once" if args.read_after == 0 else "once stuck" if args.read_after < 0
            else f"after {args.read_after} bytes sent"))
    # small socket buffers on our side: the server's own queue does the buffering, not the
    # kernel's megabytes of loopback buffers
    sock = tls_connect(args, small_buffers=True)
    sock.setblocking(False)
    feeder = Feeder(total, random.Random(rng.random()), max(args.read_after, 0))
    read_rng = random.Random(rng.random())
    got, got_len, closed = hashlib.sha256(), 0, False
    deadline = time.monotonic() + args.timeout
    reading, last_progress = args.read_after == 0, time.monotonic()
    read_pause_until = 0.0
    while got_len < total and time.monotonic() < deadline:
        if not reading and (feeder.sent >= args.read_after > 0 or feeder.done() or
                            (args.read_after < 0 and time.monotonic() - last_progress > 0.5)):
            note(f"reading from now on, {feeder.sent} bytes sent")
            reading = True
        chunk = feeder.next_chunk()
        wait_io(sock, bool(chunk), 0.01 if reading else 0.05)
        if chunk:
            sent = try_send(sock, chunk)
            if sent:
                feeder.sent_bytes(sent)
                last_progress = time.monotonic()
        while reading and time.monotonic() >= read_pause_until:
            data = try_recv(sock, read_size(read_rng))
            if not data:
                break  # (b"": the server closed early, which the byte count shows)
            got.update(data)
            got_len += len(data)
            if read_rng.random() < 0.02:  # a slow reader now and then: the server's echo waits
                read_pause_until = time.monotonic() + read_rng.random() * 0.02
    if got_len == total:
        # all echoed: now close_notify both ways (python's ssl would drop data read while
        # waiting for the server's close_notify, so it is sent only now)
        sock.settimeout(args.timeout)
        try:
            sock.unwrap()
            closed = True
        except (ssl.SSLError, OSError) as e:
            note(f"closing failed: {e}")
    note(f"sent {feeder.sent} sha256 {feeder.digest.hexdigest()[:16]}, "
         f"got {got_len} sha256 {got.hexdigest()[:16]}, close_notify {'seen' if closed else 'NOT seen'}")
    ok = closed and feeder.done() and got.hexdigest() == feeder.digest.hexdigest()
    return ok, (f"{feeder.sent} bytes echoed" if ok else
                f"echo incomplete after {args.timeout} s: sent {feeder.sent}, got {got_len}")


def cmd_echo_client(args):
    """One client sending --bytes; or --parallel N clients at once (threads), each sending a random
    number of bytes up to --bytes, all checked, with the notes of those that failed."""
    rng = random.Random(args.seed)
    if args.parallel == 1:
        note(f"seed {args.seed}")
        return verdict(*echo_client_one(args, rng, args.bytes, note))
    note(f"seed {args.seed}, {args.parallel} clients at once, each up to {args.bytes} bytes")
    results, notes = [None] * args.parallel, [[] for _ in range(args.parallel)]
    sizes = [rng.randrange(1, args.bytes + 1) for _ in range(args.parallel)]

    def run(i, client_rng, total):
        try:
            results[i] = echo_client_one(args, client_rng, total, notes[i].append)
        except Exception as e:  # a failed client is reported, not raised in a thread
            results[i] = (False, f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=run, args=(i, random.Random(rng.random()), sizes[i]),
                                daemon=True) for i in range(args.parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.timeout + 10)
    failures = 0
    for i, result in enumerate(results):
        if result is None or not result[0]:
            failures += 1
            note(f"client {i}: {result[1] if result else 'no end'}; " + "; ".join(notes[i]))
    echoed = sum(size for size, result in zip(sizes, results) if result and result[0])
    return verdict(failures == 0, f"{args.parallel - failures}/{args.parallel} clients at once got "
                   f"their bytes back ({echoed} in all)")


# --- echo-half-close ----------------------------------------------------------------------------

def cmd_echo_half_close(args):
    """Sends --bytes, then close_notify and the end of TCP (a half-close), and only then reads:
    the echo must come back whole, then the server's close_notify. A memory BIO, so that the
    close_notify is sent while the data behind it can still be read."""
    rng = random.Random(args.seed)
    note(f"seed {args.seed}, {args.bytes} bytes, close_notify and EOF, then reading")
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 10)  # the echo backs up sooner
    raw.settimeout(args.timeout)
    raw.connect(("127.0.0.1", args.port))
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = tls_context(False, args).wrap_bio(incoming, outgoing, server_hostname="localhost")

    def send_out():
        raw.sendall(outgoing.read())

    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            send_out()
            incoming.write(raw.recv(65536))
    data = rng.randbytes(args.bytes)
    for start in range(0, len(data), 16384):
        tls.write(data[start:start + 16384])
        send_out()
    try:
        tls.unwrap()  # our close_notify; the server's comes later
    except ssl.SSLWantReadError:
        pass
    send_out()
    raw.shutdown(socket.SHUT_WR)
    got, closed = bytearray(), False
    while not closed:
        chunk = raw.recv(read_size(rng))
        if chunk:
            incoming.write(chunk)
        else:
            incoming.write_eof()
        while True:
            try:
                plain = tls.read(65536)
            except ssl.SSLWantReadError:
                break
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError) as e:
                closed = isinstance(e, ssl.SSLZeroReturnError)
                chunk = b""
                break
            if not plain:
                closed = True
                break
            got += plain
        if not chunk:
            break
    note(f"got {len(got)} bytes back, close_notify {'seen' if closed else 'NOT seen'}")
    return verdict(bytes(got) == data and closed, f"{len(got)} of {len(data)} bytes echoed")


# --- close-server -------------------------------------------------------------------------------

def cmd_close_server(args):
    ctx = tls_context(True, args)
    listener = socket.create_server(("127.0.0.1", 0))
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    raw, _ = listener.accept()
    raw.settimeout(args.timeout)
    conn = ctx.wrap_socket(raw, server_side=True)
    conn.sendall(b"hello from the server\n")
    if args.wait_close_notify:
        # the client's stdin is at its end: its close_notify is read first, so that closing the
        # socket sends a FIN (unread bytes would make it a reset)
        while conn.recv(4096):
            pass
    if args.close_notify:
        conn.unwrap()
        note("sent close_notify, then closed")
    else:
        conn.shutdown(socket.SHUT_RDWR)  # (SSLSocket.shutdown: the socket's, no close_notify)
        note("closed the socket without close_notify")
    conn.close()
    return 0


# --- check-http ---------------------------------------------------------------------------------

def cmd_check_http(args):
    """An HTTP answer saved by latch client (args.command: the file) against --file."""
    with open(args.command[0], "rb") as f:
        answer = f.read()
    with open(args.file, "rb") as f:
        expected = f.read()
    head, _, body = answer.partition(b"\r\n\r\n")
    status = head.split(b"\r\n")[0].decode(errors="replace")
    note(f"{status!r}, body {len(body)} bytes (want {len(expected)}), sha256 "
         f"{'matches' if body == expected else 'differs'}")
    return verdict(status.startswith("HTTP/1.1 200") and body == expected,
                   f"{len(body)}-byte body whole")


# --- fetch --------------------------------------------------------------------------------------

def fetch_one(args, rng, results, index):
    try:
        sock = tls_connect(args)
        method = "HEAD" if args.head else "GET"
        # (a client that reads to the end asks for it: HTTP/1.1 connections persist otherwise)
        request = f"{method} {args.path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".encode()
        if args.request_size:  # padded with a header to exactly that many bytes
            request += b"X-Pad: " + b"p" * (args.request_size - len(request) - 11) + b"\r\n"
        sock.sendall(request + b"\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            data = sock.recv(read_size(rng))
            if not data:
                raise EOFError(f"closed in the headers: {head[:200]!r}")
            head += data
        head, body_start = head.split(b"\r\n\r\n", 1)
        digest, body_len, closed = hashlib.sha256(body_start), len(body_start), False
        while True:
            try:
                data = sock.recv(read_size(rng))
            except ssl.SSLEOFError:
                break  # EOF without close_notify: closed stays False
            if not data:
                closed = True
                break
            digest.update(data)
            body_len += len(data)
            if rng.random() < 0.02:  # a slow reader now and then: the server's file waits
                time.sleep(rng.random() * 0.02)
        status = head.split(b"\r\n")[0].decode(errors="replace")
        length = [line.split(b":")[1].strip() for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:")]
        results[index] = (status, int(length[0]) if length else -1, body_len, digest.hexdigest(),
                          closed)
    except Exception as e:  # a failed fetch is reported, not raised in a thread
        results[index] = (f"{type(e).__name__}: {e}", -1, -1, "", False)


def cmd_fetch(args):
    expected_hash, expected_len = hashlib.sha256(), 0
    if args.file:
        with open(args.file, "rb") as f:
            while block := f.read(1 << 20):
                expected_hash.update(block)
                expected_len += len(block)
    rng = random.Random(args.seed)
    results = [None] * args.parallel
    threads = [threading.Thread(target=fetch_one, args=(args, random.Random(rng.random()),
                                                        results, i), daemon=True)
               for i in range(args.parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.timeout)
    failures = 0
    for i, result in enumerate(results):
        if result is None:
            failures += 1
            note(f"fetch {i}: no answer within {args.timeout} s")
            continue
        status, length, body_len, digest, closed = result
        want_body = 0 if args.head else expected_len
        ok = (status.startswith("HTTP/1.1 " + args.status) and closed
              and (not args.file or (length == expected_len and body_len == want_body and
                                     (args.head or digest == expected_hash.hexdigest()))))
        if not ok:
            failures += 1
            note(f"fetch {i}: {status!r}, Content-Length {length}, body {body_len} bytes "
                 f"(want {want_body}), close_notify {'seen' if closed else 'NOT seen'}, "
                 f"sha256 {'matches' if digest == expected_hash.hexdigest() else 'differs'}")
    return verdict(failures == 0, f"{args.parallel - failures}/{args.parallel} fetches of "
                   f"{args.path} ({expected_len} bytes) whole")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--port", type=int)
    parser.add_argument("--ca")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--tls12", action="store_true")
    parser.add_argument("--bytes", type=int, default=10 << 20)
    parser.add_argument("--read-after", type=int, default=0,
                        help="echo-client: start reading after sending this many bytes "
                             "(0: at once; -1: once sending is stuck)")
    parser.add_argument("--sink", action="store_true",
                        help="feed: the server is a sink-server (stdout: its length and sum)")
    parser.add_argument("--close-notify", action="store_true")
    parser.add_argument("--wait-close-notify", action="store_true")
    parser.add_argument("--path", default="/")
    parser.add_argument("--file", help="fetch: the file the body must equal")
    parser.add_argument("--status", default="200")
    parser.add_argument("--head", action="store_true")
    parser.add_argument("--request-size", type=int, default=0,
                        help="fetch: the request padded to this many bytes")
    parser.add_argument("--parallel", type=int, default=1)
    parser.add_argument("command")
    parser.add_argument("argv", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    commands = {"feed": cmd_feed, "echo-server": cmd_echo_server, "echo-client": cmd_echo_client,
                "close-server": cmd_close_server, "fetch": cmd_fetch,
                "check-http": cmd_check_http, "echo-half-close": cmd_echo_half_close,
                "sink-server": cmd_sink_server}
    if args.command not in commands:
        parser.error(f"unknown command {args.command}")
    args.command, command = args.argv, commands[args.command]
    sys.exit(command(args))


if __name__ == "__main__":
    main()
