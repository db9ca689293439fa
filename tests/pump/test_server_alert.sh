#!/usr/bin/env bash
# A fatal error after the handshake sends its alert before the server closes the socket: a
# client (Python's ssl over a memory BIO, a second opinion) sends a record longer than TLS
# allows and must read the server's record_overflow alert, in TLS 1.3 and 1.2; the server's log
# says the alert was sent. (The alert used to be logged but never written.)
. "$(dirname "$0")/lib.sh"

cat >"$work/overflow.py" <<'PY'
import socket, ssl, sys
port, version, ca = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(ca)
ctx.minimum_version = ctx.maximum_version = (ssl.TLSVersion.TLSv1_3 if version == "1.3" else ssl.TLSVersion.TLSv1_2)
incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
tls = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
sock = socket.create_connection(("127.0.0.1", port), timeout=10)
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
tls.write(b"ping\n")
flush()
# a record header claiming 2^14 + 2049 bytes, over any TLS limit: the server knows from the
# header alone (nothing more is sent, so nothing unread makes its close a reset)
sock.sendall(b"\x17\x03\x03\x48\x01")
try:
    while True:
        data = sock.recv(65536)
        if not data:
            print("EOF without an alert")
            sys.exit(1)
        incoming.write(data)
        try:
            while True:  # the echo, then the alert, maybe in one read
                tls.read(65536)
        except ssl.SSLWantReadError:
            continue
except ssl.SSLError as e:
    print("alert:", e.reason)
    sys.exit(0 if "RECORD_OVERFLOW" in str(e.reason).upper() else 1)
PY

for version in 1.3 1.2; do
    serve server.log "$latch" server --port 0 $lcert --echo || { not_ok "server starts"; continue; }
    timeout 20 python3 "$work/overflow.py" "$served_port" "$version" "$pki/ca.pem" >"$work/out" 2>&1
    echo "exit $?" >>"$work/out"
    expect "TLS $version: the client reads record_overflow after the server's failure" "$work/out" \
        "alert: .*RECORD_OVERFLOW" "exit 0"
    sleep 0.2
    expect "TLS $version: the server's log says the alert was sent" "$work/server.log" \
        "sent alert record_overflow"
    stop_peers
done
summary
