#!/usr/bin/env bash
# `make demo`, the main job for now: makes (once) a local development CA and a certificate for
# localhost with `latch certs`, then verifies it with `latch verify`, printing what was checked,
# and shows how a failure reads. Usage: scripts/demo.sh [BUILD_DIR]
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

step "6. A TLS 1.3 connection: latch server --http on a free loopback port, latch client to it"
log="$demo/server.log"
"$latch" server --cert "$demo/localhost.pem" --key "$demo/localhost-key.pem" --http --port 0 \
    --once 2>"$log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
port=""
for _ in $(seq 50); do
    port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$log")
    [ -n "$port" ] && break
    sleep 0.1
done
printf '$ printf "GET / HTTP/1.0\\r\\n\\r\\n" | %s client localhost:%s --roots %s\n' \
    "$latch" "$port" "$ca_dir/ca.pem"
printf 'GET / HTTP/1.0\r\n\r\n' | "$latch" client "localhost:$port" --roots "$ca_dir/ca.pem" |
    sed -n 's/.*<td>\([^<]*\)<\/td><td id="[a-z]*">\([^<]*\)<.*/   page says: \1: \2/p'
wait "$server_pid" 2>/dev/null || true
echo "   server log:"
sed 's/^/     /' "$log"
echo "   (a step-by-step narration of the handshake is issue 5's latch trace)"

step "Done. Files are under $demo/"
