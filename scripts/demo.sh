#!/usr/bin/env bash
# `make demo`, the main job: makes (once) a local development CA and certificates for localhost
# with `latch certs`, verifies one with `latch verify` (and shows how a failure reads), then
# starts `latch server --http` and narrates two real handshakes with `latch trace`: TLS 1.3, and
# the classic TLS 1.2 RSA key exchange, drawing each under build/demo/.
# Usage: scripts/demo.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
latch="$build/latch"
demo="$build/demo"
ca_dir="$demo/ca"
mkdir -p "$demo"

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "1. A local development CA (made once, kept in $ca_dir)"
run "$latch" certs ca --dir "$ca_dir"

step "2. A server certificate for localhost, 127.0.0.1 and ::1, signed by that CA"
run "$latch" certs issue localhost 127.0.0.1 ::1 --dir "$ca_dir" --out "$demo/localhost"

step "3. Verify it as a TLS client would, for host 'localhost'"
echo "   (signature up to the trusted root, validity dates, CA constraints, key usage,"
echo "    extended key usage serverAuth, and the host name against subjectAltName)"
run "$latch" verify --roots "$ca_dir/ca.pem" --host localhost "$demo/localhost.pem"

step "4. And for the IP address 127.0.0.1"
run "$latch" verify --roots "$ca_dir/ca.pem" --ip 127.0.0.1 "$demo/localhost.pem"

step "5. What a failure looks like: the same certificate for another host, and 1000 days from now"
set +e
run "$latch" verify --roots "$ca_dir/ca.pem" --host example.com "$demo/localhost.pem"
echo "   exit status $?"
later=$(( $(date +%s) + 1000 * 86400 ))
run "$latch" verify --roots "$ca_dir/ca.pem" --host localhost --time "$later" "$demo/localhost.pem"
echo "   exit status $?"
run "$latch" verify --host localhost "$demo/localhost.pem"
echo "   exit status $? (the system store does not trust the development CA)"
set -e

step "6. An RSA certificate too, for the classic TLS 1.2 key exchange"
run "$latch" certs issue localhost 127.0.0.1 ::1 --rsa --dir "$ca_dir" --out "$demo/localhost-rsa"

step "7. latch server --http on a free loopback port (ECDSA and RSA certificates, RSA key exchange allowed)"
log="$demo/server.log"
"$latch" server --cert "$demo/localhost.pem" --key "$demo/localhost-key.pem" \
    --cert "$demo/localhost-rsa.pem" --key "$demo/localhost-rsa-key.pem" --rsa-kex --http --port 0 \
    2>"$log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
port=""
for _ in $(seq 50); do
    port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$log")
    [ -n "$port" ] && break
    sleep 0.1
done
echo "   listening on 127.0.0.1:$port"

step "8. The TLS 1.3 handshake, step by step (latch trace), then an HTTP GET over it"
run "$latch" trace "localhost:$port" --roots "$ca_dir/ca.pem" --http \
    --svg "$demo/handshake-tls13.svg" --html "$demo/handshake-tls13.html"

step "9. The classic handshake: TLS 1.2, the pre-master secret encrypted with the server's RSA key"
run "$latch" trace "localhost:$port" --roots "$ca_dir/ca.pem" --http --tls12 --rsa-kex \
    --suites TLS_RSA_WITH_AES_128_GCM_SHA256 \
    --svg "$demo/handshake-tls12-rsa.svg" --html "$demo/handshake-tls12-rsa.html"

kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
step "10. The server's side, one line per connection"
grep -v '^listening' "$log" | sed 's/^/   /'

step "Done. The diagrams (open them in a browser) and the other files are under $demo/:"
ls "$demo"/handshake-* | sed 's/^/   /'
