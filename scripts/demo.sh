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

step "Done. Files are under $demo/"
