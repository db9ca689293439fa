#!/usr/bin/env bash
# A fatal error after the handshake sends its alert before the socket closes, in the server and
# in the client: the peer (Python's ssl over a memory BIO, a second opinion) sends a record
# header longer than TLS allows and must read latch's record_overflow alert, in TLS 1.3 and 1.2;
# latch says the alert was sent. (The server's alert used to be logged but never written.)
. "$(dirname "$0")/lib.sh"

# overflow.py client PORT VERSION | server VERSION: the peer; after its handshake (and, as the
# client, a line for the echo) it sends a record header claiming 2^14 + 2049 bytes, over any TLS
# limit: latch knows from the header alone (nothing more is sent, so nothing unread makes its
# close a reset). It prints "alert: REASON" for the alert it then reads.
cat >"$work/overflow.py" <<'PY'
import socket, ssl, sys
role, version = sys.argv[1], sys.argv[-1]
pki = sys.argv[2]
tls_version = ssl.TLSVersion.TLSv1_3 if version == "1.3" else ssl.TLSVersion.TLSv1_2
if role == "client":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(pki + "/ca.pem")
    sock = socket.create_connection(("127.0.0.1", int(sys.argv[3])), timeout=10)
else:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pki + "/p256.pem", pki + "/p256-key.pem")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    print("listening on 127.0.0.1:%d" % listener.getsockname()[1], flush=True)
    listener.settimeout(20)
    sock, _ = listener.accept()
    sock.settimeout(10)
ctx.minimum_version = ctx.maximum_version = tls_version
incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
tls = ctx.wrap_bio(incoming, outgoing, server_side=role == "server",
                   server_hostname="localhost" if role == "client" else None)
def flush():
    data = outgoing.read()
    if data:
        sock.sendall(data)
while True:
    try:
        tls.do_handshake()
        break
    except ssl.SSLWantReadError:
        flush()
        incoming.write(sock.recv(65536))
flush()
if role == "client":
    tls.write(b"ping\n")
    flush()
sock.sendall(b"\x17\x03\x03\x48\x01")
try:
    while True:
        data = sock.recv(65536)
        if not data:
            print("EOF without an alert", flush=True)
            sys.exit(1)
        incoming.write(data)
        try:
            while True:  # the echo, then the alert, maybe in one read
                tls.read(65536)
        except ssl.SSLWantReadError:
            continue
except ssl.SSLError as e:
    print("alert:", e.reason, flush=True)
    sys.exit(0 if "RECORD_OVERFLOW" in str(e.reason).upper() else 1)
PY

for version in 1.3 1.2; do
    serve server.log "$latch" server --port 0 $lcert --echo || { not_ok "server starts"; continue; }
    timeout 20 python3 "$work/overflow.py" client "$pki" "$served_port" "$version" >"$work/out" 2>&1
    echo "exit $?" >>"$work/out"
    expect "TLS $version: the client reads record_overflow after the server's failure" "$work/out" \
        "alert: .*RECORD_OVERFLOW" "exit 0"
    sleep 0.2
    expect "TLS $version: the server's log says the alert was sent" "$work/server.log" \
        "sent alert record_overflow"
    stop_peers
done

for version in 1.3 1.2; do
    serve peer.log timeout 30 python3 "$work/overflow.py" server "$pki" "$version" ||
        { not_ok "Python server starts"; continue; }
    # stdin stays open (the client must not close first), and is not waited for
    timeout 20 "$latch" client "127.0.0.1:$served_port" $client_opts >/dev/null 2>"$work/err" < <(sleep 30)
    echo "exit $?" >>"$work/err"
    sleep 0.3
    expect "TLS $version: the server reads latch client's record_overflow" "$work/peer.log" "alert: .*RECORD_OVERFLOW"
    expect "TLS $version: latch client says it sent the alert and exits 1" "$work/err" \
        "sent alert record_overflow" "exit 1"
    stop_peers
done
summary
