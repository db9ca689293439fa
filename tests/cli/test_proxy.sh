#!/usr/bin/env bash
# latch proxy: termination (--to) and origination (--to-tls) chained in front of a plain TCP
# backend, both directions busy at once with random chunk sizes and a SHA-256 per direction
# (PROXY_TEST_BYTES each way, 1 GB by default: about 15 s here); half-close each
# way; a client that never reads (bounded memory, another client unaffected); a backend that is
# down or does not answer; SNI routing to two backends and an unknown name; --max-connections at
# N-1, N, N+1; SIGTERM with connections open; SIGHUP with a changed certificate; curl and
# openssl s_client through the proxy in front of python3 -m http.server; the PROXY v2 header
# with the client certificate's commonName; no busy loop on a backend socket shut both ways; no
# allocation, no futile read, several records per read and per send in a transfer (strace).
# Loopback only, every wait bounded.
# Usage: bash test_proxy.sh <latch-tool> <source-dir> <build-dir>
. "$(dirname "$0")/../pump/lib.sh"
bytes=${PROXY_TEST_BYTES:-1000000000}
peer_py=$src_dir/tests/cli/proxy_peer.py
# (under `make asan`: a small quarantine, so that freed memory counts as freed in the RSS checks)
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1:thread_local_quarantine_size_kb=64

# start LOG COMMAND...: a background process logging to $work/LOG; its pid in $started_pid
start() {
    local log=$work/$1
    shift
    "$@" >"$log" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
}
# proxy LOG ARGS...: latch proxy on a free port (serve, tests/pump/lib.sh); $proxy_port and
# $proxy_pid once it listens
proxy() {
    local log=$1
    shift
    serve "$log" "$latch" proxy --listen 127.0.0.1:0 --workers 2 "$@" || return 1
    proxy_port=$served_port
    proxy_pid=$served_pid
}
# backend LOG ARGS...: the test backend (proxy_peer.py backend) on a free port: $backend_port
backend() {
    local log=$1
    shift
    rm -f "$work/$log.port"
    start "$log" timeout 600 python3 "$peer_py" backend "$work/$log.port" "$@"
    backend_pid=$started_pid
    for _ in $(seq 100); do
        [ -s "$work/$log.port" ] && break
        sleep 0.1
    done
    backend_port=$(cat "$work/$log.port" 2>/dev/null)
}
# client PORT ARGS...: the test client, bounded in time, its lines in $work/out
client() { timeout 300 python3 "$peer_py" client "$@" >"$work/out" 2>&1; }
stream_sum() { python3 "$peer_py" stream "$1" "$2"; }
# wait_for FILE PATTERN [TENTHS]: until FILE has the (extended) pattern
wait_for() {
    for _ in $(seq "${3:-100}"); do
        grep -Eq -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$1/status"; }
tls_client() { timeout 20 "$latch" client "127.0.0.1:$1" --roots "$pki/ca.pem" --quiet "${@:2}"; }

# 1. the chain: a plain client -> proxy --to-tls -> proxy --to -> a plain backend; both ways at once
backend backend.log --send "$bytes" --seed 2
proxy term.log $lcert --to "127.0.0.1:$backend_port" --access-log "$work/term.access" || not_ok "the terminating proxy starts"
term_port=$proxy_port
proxy orig.log --to-tls "127.0.0.1:$term_port" --servername localhost --roots "$pki/ca.pem" \
    --access-log "$work/orig.access" || not_ok "the originating proxy starts"
orig_port=$proxy_port
started=$(date +%s%N)
client "$orig_port" --send "$bytes" --seed 1 --expect "$bytes" --expect-seed 2
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
wait_for "$work/backend.log" "^RECEIVED"
want_up=$(stream_sum "$bytes" 1)
if grep -q "^GOT $bytes .* ok$" "$work/out" && grep -q "^RECEIVED $want_up$" "$work/backend.log" &&
    grep -q "^SENT $want_up$" "$work/out"; then
    echo "# $bytes bytes each way through both proxies at once in ${elapsed_ms} ms"
    ok "chain: $bytes bytes each way at once, random chunks, SHA-256 right both ways"
else
    not_ok "chain: $bytes bytes each way at once, random chunks, SHA-256 right both ways ($(cat "$work/out"))"
fi
wait_for "$work/term.access" 'end="ok"' 50
expect "the access logs: backend, bytes each way, how it ended" "$work/term.access" \
    "backend=127.0.0.1:$backend_port up=$bytes down=$bytes tls_end=close_notify end=\"ok\""
expect "... and the originating proxy's" "$work/orig.access" \
    "backend=127.0.0.1:$term_port up=$bytes down=$bytes tls_end=close_notify end=\"ok\""

# 2. half-close, client to backend: the backend answers only once the client's end has come
backend half1.log --send 3000000 --seed 4 --send-after-eof
proxy half1-term.log $lcert --to "127.0.0.1:$backend_port"
proxy half1-orig.log --to-tls "127.0.0.1:$proxy_port" --servername localhost --roots "$pki/ca.pem"
client "$proxy_port" --send 2000000 --seed 3 --expect 3000000 --expect-seed 4
grep -q "^GOT 3000000 .* ok$" "$work/out" && grep -q "^RECEIVED $(stream_sum 2000000 3)$" "$work/half1.log" &&
    ok "half-close: the client's end reaches the backend, whose answer still comes back" ||
    not_ok "half-close: the client's end reaches the backend, whose answer still comes back ($(tr '\n' ' ' <"$work/out"))"
# ... and backend to client: the client sends only once the backend's end has come
backend half2.log --send 3000000 --seed 6
proxy half2-term.log $lcert --to "127.0.0.1:$backend_port"
proxy half2-orig.log --to-tls "127.0.0.1:$proxy_port" --servername localhost --roots "$pki/ca.pem"
client "$proxy_port" --send 2000000 --seed 5 --expect 3000000 --expect-seed 6 --send-after-eof
wait_for "$work/half2.log" "^RECEIVED" 50
grep -q "^GOT 3000000 .* ok$" "$work/out" && grep -q "^RECEIVED $(stream_sum 2000000 5)$" "$work/half2.log" &&
    ok "half-close: the backend's end reaches the client, whose bytes still go through" ||
    not_ok "half-close: the backend's end reaches the client, whose bytes still go through ($(tr '\n' ' ' <"$work/out"))"

# 3. backpressure: a client that never reads 200 MB from the backend costs the proxies a bounded
# amount, and another client's transfer goes on meanwhile
backend slow.log --send 200000000 --seed 8
proxy slow-term.log $lcert --to "127.0.0.1:$backend_port" --workers 1
slow_term=$proxy_pid
proxy slow-orig.log --to-tls "127.0.0.1:$proxy_port" --servername localhost --roots "$pki/ca.pem" --workers 1
slow_orig=$proxy_pid
before_term=$(rss_kb "$slow_term")
before_orig=$(rss_kb "$slow_orig")
start stalled.out timeout 60 python3 "$peer_py" client "$proxy_port" --no-read --hold 30
stalled=$started_pid
sleep 3
client "$proxy_port" --send 20000000 --seed 9 --expect 200000000 --expect-seed 8
grep -q "^GOT 200000000 .* ok$" "$work/out" &&
    ok "backpressure: a client that does not read holds up no other (200 MB through the same worker)" ||
    not_ok "backpressure: a client that does not read holds up no other ($(tr '\n' ' ' <"$work/out"))"
sleep 1
grow_term=$(( $(rss_kb "$slow_term") - before_term ))
grow_orig=$(( $(rss_kb "$slow_orig") - before_orig ))
echo "# RSS growth with the stalled client held: terminating proxy ${grow_term} kB, originating ${grow_orig} kB"
# (the bound is 64 KiB a direction plus the engine's buffers; the RSS also holds what the
# allocator kept from the other transfer, and ASan's own: 16 MB tells a bound from 200 MB)
[ "$grow_term" -lt 16384 ] && [ "$grow_orig" -lt 16384 ] &&
    ok "backpressure: the stalled client's 200 MB are not buffered (each proxy grew < 16 MB)" ||
    not_ok "backpressure: the stalled client's 200 MB are not buffered (grew $grow_term kB and $grow_orig kB)"
kill "$stalled" 2>/dev/null

# 4. a backend that is down: the TLS client gets close_notify at once, the log says why
next_port
down_port=$port
proxy down.log $lcert --to "127.0.0.1:$down_port" --access-log "$work/down.access"
down_start=$(date +%s)
echo hello | tls_client "$proxy_port" --servername localhost >"$work/down.out" 2>"$work/down.err"
status=$?
[ "$status" = 0 ] && [ ! -s "$work/down.out" ] && [ $(( $(date +%s) - down_start )) -lt 5 ] &&
    ok "backend down: the client gets close_notify at once (exit 0, no data)" ||
    not_ok "backend down: the client gets close_notify at once (exit $status: $(cat "$work/down.err"))"
wait_for "$work/down.log" "refused" 30
expect "backend down: the log says why" "$work/down.log" "backend 127\.0\.0\.1:$down_port: Connection refused"
expect "... and the access log" "$work/down.access" "end=\"backend 127\.0\.0\.1:$down_port: Connection refused\""
proxy down-orig.log --to-tls "127.0.0.1:$down_port" --servername localhost --roots "$pki/ca.pem"
client "$proxy_port" --send 0 --expect 0
grep -q "^GOT 0 " "$work/out" && wait_for "$work/down-orig.log" "Connection refused" 30 &&
    ok "backend down (--to-tls): the plain client's connection ends, and the log says why" ||
    not_ok "backend down (--to-tls): the plain client's connection ends, and the log says why"
# a backend that does not answer: its listen queue is full and it never accepts
start deaf.log python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
fill = []
for _ in range(4):
    c = socket.socket(); c.setblocking(False); c.connect_ex(s.getsockname()); fill.append(c)
print(s.getsockname()[1], flush=True); time.sleep(60)'
wait_for "$work/deaf.log" "^[0-9]+$" 50
proxy deaf-term.log $lcert --to "127.0.0.1:$(head -n 1 "$work/deaf.log")" --connect-timeout 1
deaf_start=$(date +%s)
tls_client "$proxy_port" --servername localhost </dev/null >/dev/null 2>&1
[ $(( $(date +%s) - deaf_start )) -lt 4 ] && wait_for "$work/deaf-term.log" "no answer within 1 s" 20 &&
    ok "a backend that does not answer: --connect-timeout ends the connection, and the log says why" ||
    not_ok "a backend that does not answer: --connect-timeout ends the connection ($(tail -n 2 "$work/deaf-term.log"))"

# 5. SNI routing: two backends by server name, an unknown name refused, or sent to the default
backend sni-a.log --send 111 --seed 11
port_a=$backend_port
backend sni-b.log --send 222 --seed 12
port_b=$backend_port
proxy sni.log $lcert --to "localhost=127.0.0.1:$port_a" --to "test.latch=127.0.0.1:$port_b"
got_a=$(tls_client "$proxy_port" --servername localhost </dev/null | wc -c)
got_b=$(tls_client "$proxy_port" --servername test.latch </dev/null | wc -c)
[ "$got_a" = 111 ] && [ "$got_b" = 222 ] && ok "SNI routing: each name reaches its backend" ||
    not_ok "SNI routing: each name reaches its backend ($got_a and $got_b bytes)"
tls_client "$proxy_port" --servername other.example --insecure </dev/null >/dev/null 2>"$work/sni.err"
expect "SNI routing: an unknown name without a default route gets unrecognized_name" "$work/sni.err" "unrecognized_name"
proxy sni-default.log $lcert --to "localhost=127.0.0.1:$port_a" --to "127.0.0.1:$port_b"
got=$(tls_client "$proxy_port" --servername other.example --insecure </dev/null | wc -c)
[ "$got" = 222 ] && ok "SNI routing: an unknown name goes to the default route" ||
    not_ok "SNI routing: an unknown name goes to the default route ($got bytes)"

# routes: 32 at most (PRX_MAX_ROUTES); 31 and 32 start, 33 are refused at the start
routes() { for i in $(seq "$1"); do printf -- '--to\nname%d.test=127.0.0.1:%d\n' "$i" "$port_a"; done; }
for n in 31 32; do
    mapfile -t route_args < <(routes "$n")
    proxy "routes$n.log" $lcert "${route_args[@]}" && kill "$proxy_pid" &&
        ok "$n SNI routes: the proxy starts" || not_ok "$n SNI routes: the proxy starts"
done
mapfile -t route_args < <(routes 33)
timeout 10 "$latch" proxy --listen 127.0.0.1:0 $lcert "${route_args[@]}" >"$work/routes33.log" 2>&1
status=$?
[ "$status" = 2 ] && grep -q "more than 32 backends" "$work/routes33.log" &&
    ok "33 SNI routes: refused at the start (exit 2) with why" || not_ok "33 SNI routes: refused (exit $status)"

# 6. --max-connections 2: N-1 and N connect; N+1 waits in the listen queue until one ends
backend echo.log --echo
echo_port=$backend_port
proxy limit.log $lcert --to "127.0.0.1:$echo_port" --max-connections 2 --workers 1 --stats 1
handshakes() { grep -c "TLS 1\.3" "$work/limit.log"; }
held=()
for i in 1 2 3; do
    start "held$i.out" sh -c "sleep 30 | exec \"$latch\" client 127.0.0.1:$proxy_port --servername localhost --roots $pki/ca.pem --quiet"
    held+=("$started_pid")
    [ "$i" -lt 3 ] && { wait_for "$work/limit.log" "TLS 1\.3" 50; for _ in $(seq 50); do [ "$(handshakes)" = "$i" ] && break; sleep 0.1; done; }
done
[ "$(handshakes)" = 2 ] && ok "--max-connections 2: the 1st and 2nd (N-1, N) are served" ||
    not_ok "--max-connections 2: the 1st and 2nd are served ($(handshakes))"
sleep 1.5
[ "$(handshakes)" = 2 ] && ok "--max-connections 2: the 3rd (N+1) waits" || not_ok "--max-connections 2: the 3rd waits ($(handshakes))"
expect "--stats: connections open, handshakes per second, failures by reason (backend among them)" \
    "$work/limit.log" "^latch proxy: stats: open=2 accepted=2 handshakes=2 handshakes/s=[0-9.]+ failures: .* backend=0$"
pkill -P "${held[0]}" 2>/dev/null
kill "${held[0]}" 2>/dev/null
for _ in $(seq 50); do [ "$(handshakes)" = 3 ] && break; sleep 0.1; done
[ "$(handshakes)" = 3 ] && ok "--max-connections 2: the 3rd is served once one ends" ||
    not_ok "--max-connections 2: the 3rd is served once one ends ($(handshakes))"

# 7. SIGTERM with connections open: each closed with close_notify, exit 0
kill -TERM "$proxy_pid"
for _ in $(seq 100); do kill -0 "$proxy_pid" 2>/dev/null || break; sleep 0.1; done
wait "$proxy_pid"
status=$?
[ "$status" = 0 ] && grep -q "SIGTERM: stopped, 2 connections closed with close_notify" "$work/limit.log" &&
    ok "SIGTERM: stopped with 2 connections open, both closed with close_notify, exit 0" ||
    not_ok "SIGTERM: exit $status, $(tail -n 1 "$work/limit.log")"

# 8. SIGHUP with a changed certificate: new connections get it, an open one goes on
cp "$pki/p256.pem" "$work/cert.pem"
cp "$pki/p256-key.pem" "$work/key.pem"
proxy hup.log --cert "$work/cert.pem" --key "$work/key.pem" --to "127.0.0.1:$echo_port"
fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256; }
served_fingerprint() {
    openssl s_client -connect "127.0.0.1:$proxy_port" -servername localhost </dev/null 2>/dev/null |
        openssl x509 -noout -fingerprint -sha256
}
mkfifo "$work/in"
exec 3<>"$work/in"
"$latch" client "127.0.0.1:$proxy_port" --servername localhost --roots "$pki/ca.pem" --quiet <"$work/in" \
    >"$work/old.out" 2>"$work/old.err" 3>&- &
old_client=$!
pids+=("$old_client")
echo before >&3
wait_for "$work/old.out" before 50
cp "$pki/rsa2048.pem" "$work/cert.pem"
cp "$pki/rsa2048-key.pem" "$work/key.pem"
kill -HUP "$proxy_pid"
wait_for "$work/hup.log" "SIGHUP: reloaded" 50
[ "$(served_fingerprint)" = "$(fingerprint "$pki/rsa2048.pem")" ] &&
    ok "SIGHUP: new connections get the new certificate" || not_ok "SIGHUP: new connections get the new certificate"
echo after >&3
wait_for "$work/old.out" after 50
grep -q after "$work/old.out" && kill -0 "$old_client" 2>/dev/null &&
    ok "SIGHUP: the connection made before goes on" || not_ok "SIGHUP: the connection made before goes on"
exec 3>&-
wait "$old_client"

# 9. interop: curl and openssl s_client through the proxy in front of python3 -m http.server
mkdir -p "$work/www"
head -c 300000 /dev/urandom >"$work/www/blob.bin"
echo "hello from the backend" >"$work/www/index.html"
next_port
http_port=$port
start http.log python3 -m http.server --bind 127.0.0.1 --directory "$work/www" "$http_port"
for _ in $(seq 50); do (exec 9<>"/dev/tcp/127.0.0.1/$http_port") 2>/dev/null && break; sleep 0.1; done
proxy http-term.log $lcert --to "127.0.0.1:$http_port" --alpn http/1.1
if command -v curl >/dev/null; then
    timeout 20 curl -sS --cacert "$pki/ca.pem" --resolve "localhost:$proxy_port:127.0.0.1" \
        "https://localhost:$proxy_port/blob.bin" -o "$work/curl.bin" 2>"$work/curl.err"
    cmp -s "$work/curl.bin" "$work/www/blob.bin" && ok "curl through the proxy: the file comes whole" ||
        not_ok "curl through the proxy: the file comes whole ($(cat "$work/curl.err"))"
else
    not_ok "curl is not installed (scripts/deps.sh installs it)"
fi
printf 'GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n' |
    timeout 20 openssl s_client -connect "127.0.0.1:$proxy_port" -servername localhost -CAfile "$pki/ca.pem" \
        -verify_return_error -ign_eof >"$work/s_client.out" 2>&1
expect "openssl s_client through the proxy: verified, the page comes" "$work/s_client.out" \
    "Verify return code: 0" "HTTP/1.0 200 OK" "hello from the backend"

# 10. the PROXY v2 header: the client's address, ALPN, server name, version, suite, and the
# verified client certificate's commonName
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/client-key.pem" \
    -out "$work/client.pem" -days 30 -subj "/O=latch tests/CN=proxy-client-7" -CA "$pki/ca.pem" \
    -CAkey "$pki/ca-key.pem" -addext "extendedKeyUsage=clientAuth" -addext "basicConstraints=CA:FALSE" \
    >/dev/null 2>&1 || not_ok "a client certificate for the test (openssl req -CA)"
backend pp.log --proxy-v2 --send 5 --seed 13
proxy pp-term.log $lcert --to "127.0.0.1:$backend_port" --proxy-protocol --alpn http/1.1 \
    --require-client-cert --client-roots "$pki/ca.pem"
echo hi | tls_client "$proxy_port" --servername localhost --alpn http/1.1 --cert "$work/client.pem" \
    --key "$work/client-key.pem" >/dev/null 2>&1
wait_for "$work/pp.log" "^PROXY" 50
expect "PROXY v2: the client's address and the TLS facts, with the client certificate's CN" "$work/pp.log" \
    "^PROXY src=127\.0\.0\.1:[0-9]+ dst=127\.0\.0\.1:$proxy_port alpn=http/1\.1 authority=localhost ssl_client=3 ssl_verify=0 ssl_version=TLSv1\.3 ssl_cipher=TLS_[A-Z0-9_]+ ssl_cn=proxy-client-7$"
wait_for "$work/pp.log" "^RECEIVED" 50
expect "PROXY v2: the client's bytes follow the header" "$work/pp.log" "^RECEIVED 3 "
# --to-tls with a client certificate, in front of the same kind of terminating proxy: the
# header the backend gets names the certificate the originating proxy presented
backend pp3.log --proxy-v2 --send 5 --seed 13
proxy pp3-term.log $lcert --to "127.0.0.1:$backend_port" --proxy-protocol --require-client-cert \
    --client-roots "$pki/ca.pem"
pp3_term_port=$proxy_port
proxy pp3-orig.log --to-tls "127.0.0.1:$pp3_term_port" --servername localhost --roots "$pki/ca.pem" \
    --cert "$work/client.pem" --key "$work/client-key.pem"
client "$proxy_port" --send 7 --expect 5 --expect-seed 13
wait_for "$work/pp3.log" "^RECEIVED" 50
grep -q "^GOT 5 .* ok$" "$work/out" && grep -q " ssl_client=3 ssl_verify=0 .*ssl_cn=proxy-client-7$" "$work/pp3.log" &&
    ok "--to-tls --cert: the backend's proxy verified the client certificate (its CN in the PROXY header)" ||
    not_ok "--to-tls --cert: the client certificate reaches the backend's proxy ($(grep PROXY "$work/pp3.log"))"
# --to-tls against a server its roots do not vouch for: no connection, and the log says why
proxy badroots-orig.log --to-tls "127.0.0.1:$pp3_term_port" --servername localhost --roots "$pki/other-ca.pem"
client "$proxy_port" --send 0 --expect 0
wait_for "$work/badroots-orig.log" "alert" 50
grep -q "^GOT 0 " "$work/out" && grep -Eq "bad_certificate|unknown_ca" "$work/badroots-orig.log" &&
    ok "--to-tls: a backend certificate the roots do not vouch for ends the connection, and the log says why" ||
    not_ok "--to-tls: a backend certificate the roots do not vouch for ($(tail -n 1 "$work/badroots-orig.log"))"

backend pp2.log --proxy-v2 --send 5 --seed 13
proxy pp2-term.log $lcert --to "127.0.0.1:$backend_port" --proxy-protocol
echo hi | tls_client "$proxy_port" --servername localhost --tls12 >/dev/null 2>&1
wait_for "$work/pp2.log" "^PROXY" 50
expect "PROXY v2 without a client certificate (TLS 1.2): no CN, verify not 0" "$work/pp2.log" \
    "^PROXY src=127\.0\.0\.1:[0-9]+ dst=127\.0\.0\.1:$proxy_port authority=localhost ssl_client=1 ssl_verify=1 ssl_version=TLSv1\.2 ssl_cipher=TLS_ECDHE_[A-Z0-9_]+$"

# 11. the client's end of TCP without close_notify passes through as the backend's end too (as
# a TCP relay would), the backend's answer still comes back, and the access log notes it
backend fin.log --send 1000 --seed 14 --send-after-eof
proxy fin-term.log $lcert --to "127.0.0.1:$backend_port" --access-log "$work/fin.access"
timeout 20 python3 -c '
import os, socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
tls = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
tls.sendall(b"x" * 5000)
socket.socket(fileno=os.dup(tls.fileno())).shutdown(socket.SHUT_WR)   # TCP FIN, no close_notify
got = b""
while True:
    data = tls.recv(65536)
    if not data:
        break
    got += data
print("got", len(got), flush=True)' "$proxy_port" "$pki/ca.pem" >"$work/fin.out" 2>&1
wait_for "$work/fin.access" "tls_end" 30
grep -q "^got 1000$" "$work/fin.out" && grep -q "^RECEIVED 5000 " "$work/fin.log" &&
    ok "the client's FIN without close_notify reaches the backend as its end; the answer comes back" ||
    not_ok "the client's FIN without close_notify reaches the backend ($(cat "$work/fin.out"))"
expect "... and the access log says how the client ended" "$work/fin.access" "tls_end=fin-without-close_notify"

# 12. both directions of the backend ended while the client holds its TCP connection open (its
# close_notify and ours exchanged): the backend's socket, shut both ways, costs no CPU meanwhile
backend hup.log --send 0 --send-after-eof
proxy hup-term.log $lcert --to "127.0.0.1:$backend_port" --workers 1
cpu_ticks() { awk '{print $14 + $15}' "/proc/$proxy_pid/stat"; }
start hup-client.log timeout 20 python3 -c '
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[2])
tls = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
tls.sendall(b"hello")
plain = tls.unwrap()   # our close_notify, then the proxy'"'"'s once the backend has ended
print("unwrapped", flush=True)
time.sleep(4)
plain.close()' "$proxy_port" "$pki/ca.pem"
wait_for "$work/hup-client.log" unwrapped 50
sleep 0.5
ticks_before=$(cpu_ticks)
sleep 2
ticks=$(( $(cpu_ticks) - ticks_before ))
echo "# the proxy's CPU over 2 s with that connection held: $ticks ticks"
grep -q unwrapped "$work/hup-client.log" && [ "$ticks" -lt 10 ] &&
    ok "a backend ended both ways while the client holds on: no busy loop (under 0.1 s of CPU in 2 s)" ||
    not_ok "a backend ended both ways while the client holds on: no busy loop ($ticks ticks in 2 s)"

# 13. what a transfer costs per record: the buffers stay while data flows (they were given back
# and taken again after every turn: a free, an madvise and the page faults of a fresh buffer per
# record, most of the proxy's CPU time), and the plain socket is not read only to hear EAGAIN
# (there were two such reads per record, with nothing coming the other way). The proxy runs
# under strace -c; latch client sends 64 MB (about 3,900 records) as fast as it can to a sink that
# reads in 1 MiB pieces, so the proxy's buffers empty on every turn. Counts of calls, not times.
strace_counts() { # FILE SYSCALL: "CALLS ERRORS" from strace -c's table
    awk -v s="$2" '$NF == s { print $4, (NF == 6 ? $5 : 0); found = 1 } END { if (!found) print "0 0" }' "$1"
}
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    start sink.log timeout 120 python3 -c '
import socket, sys
s = socket.create_server(("127.0.0.1", 0))
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
c, _ = s.accept()
buf, n = bytearray(1 << 20), 0
while True:
    k = c.recv_into(buf)
    if not k:
        break
    n += k
print("SUNK", n, flush=True)' "$work/sink.port"
    wait_for "$work/sink.port" "[0-9]" 50
    head -c 64000000 /dev/urandom >"$work/64m.bin"
    serve sys.log strace -f -qq -c -o "$work/sys.strace" "$latch" proxy --listen 127.0.0.1:0 --workers 1 \
        $lcert --to "127.0.0.1:$(cat "$work/sink.port")"
    tracer=$served_pid
    tls_client "$served_port" --servername localhost <"$work/64m.bin" >/dev/null 2>"$work/sys-client.err"
    wait_for "$work/sink.log" "^SUNK" 100
    kill -TERM "$(pgrep -P "$tracer")" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$tracer" 2>/dev/null || break; sleep 0.1; done
    records=$(( 64000000 / 16384 ))
    read -r madv _ <<<"$(strace_counts "$work/sys.strace" madvise)"
    read -r _ again <<<"$(strace_counts "$work/sys.strace" recvfrom)"
    read -r tls_reads _ <<<"$(strace_counts "$work/sys.strace" read)"
    read -r waits _ <<<"$(strace_counts "$work/sys.strace" epoll_wait)"
    read -r sends _ <<<"$(strace_counts "$work/sys.strace" sendto)"
    echo "# the proxy over $records records: $madv madvise, $again reads of the backend that found nothing, $tls_reads reads of the client's socket"
    grep -q "^SUNK 64000000$" "$work/sink.log" && [ "$madv" -lt $((records / 16)) ] && [ "$again" -lt $((records / 16)) ] &&
        ok "a transfer through the proxy: its buffers kept while data flows, no futile read per record" ||
        not_ok "a transfer through the proxy: $madv madvise and $again futile reads for $records records ($(cat "$work/sink.log" "$work/sys-client.err" | tr '\n' ' '))"
    # a turn that read only the start of a record moved no plaintext: it counted as quiet, the
    # buffers went back, and every record was read as 4 KiB and then the rest (two reads each);
    # and a transfer's input buffer takes four records, so one read brings several
    [ "$tls_reads" -lt $((records / 2)) ] &&
        ok "a transfer through the proxy: several records per read of the client's socket" ||
        not_ok "a transfer through the proxy: $tls_reads reads of the client's socket for $records records"
    # a read that fills the engine's window is followed by the next in the same turn: the
    # records waiting in the socket are not each preceded by an epoll_wait
    echo "# ... and $waits epoll_wait, $sends sends to the backend"
    [ "$waits" -lt $((records / 2)) ] &&
        ok "a transfer through the proxy: the records waiting are read without an epoll_wait each" ||
        not_ok "a transfer through the proxy: $waits epoll_wait for $records records"
    # and what they hold goes to the backend in one send per turn, not one per record
    [ "$sends" -lt $((records / 2)) ] &&
        ok "a transfer through the proxy: the backend gets a turn's records in one send" ||
        not_ok "a transfer through the proxy: $sends sends to the backend for $records records"
else
    echo "# strace cannot run here: section 13 (system calls per record) skipped"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
