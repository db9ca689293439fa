#!/usr/bin/env bash
# latch server's limits: a handshake deadline that a client dribbling bytes does not extend; an
# idle timeout that activity does extend, ending with close_notify; --max-lifetime, which
# activity does not; --max-connections at N-1, N and N+1 (the one over waits in the listen queue
# and is taken once there is room); the file descriptor limit raised for --max-connections, or a
# clear refusal when the hard limit is too low; --workers listeners on one port, and no second
# server sharing it.
# Usage: bash test_server_limits.sh <latch-tool> <source-dir> <build-dir>
. "$(dirname "$0")/../load/lib.sh"

# dribble PORT SECONDS: one byte of a ClientHello every 0.25 s; prints how long until the server
# closed the connection, or "open" when it never did
dribble() {
    python3 - "$1" "$2" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
hello = b"\x16\x03\x01\x02\x00" + b"\x01" * 600
start = time.monotonic()
s.settimeout(0.25)
for i in range(int(float(sys.argv[2]) * 4)):
    try:
        s.send(hello[i:i + 1])
        if s.recv(1) == b"":
            print("closed after %.1f s" % (time.monotonic() - start)); sys.exit(0)
    except socket.timeout:
        continue
    except OSError:
        print("closed after %.1f s" % (time.monotonic() - start)); sys.exit(0)
print("open")
PY
}

# chatter PORT SECONDS: a TLS client sending a byte every 0.5 s and reading its echo; prints
# "N echoes" and how it ended
chatter() {
    python3 - "$1" "$2" "$pki/ca.pem" <<'PY'
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[3])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
s.settimeout(3)
n, end = 0, time.monotonic() + float(sys.argv[2])
how = "still open"
while time.monotonic() < end:
    try:
        s.send(b"x")
        if s.recv(1) != b"x":
            how = "closed with close_notify"; break
        n += 1
    except ssl.SSLZeroReturnError:
        how = "closed with close_notify"; break
    except (OSError, ssl.SSLError) as e:
        how = "cut: %s" % e; break
    time.sleep(0.5)
print("%d echoes, %s" % (n, how))
PY
}

# 1. the handshake deadline
serve limits.log $lcert --echo --handshake-timeout 2 --idle-timeout 2 --access-log "$work/access.log" --stats 1 ||
    not_ok "the server starts"
dribble "$served_port" 6 >"$work/dribble.out"
echo "# a ClientHello dribbled a byte every 0.25 s: $(cat "$work/dribble.out")"
expect "a handshake dribbled byte by byte is cut at its deadline (2 s), not kept alive by its data" \
    "$work/dribble.out" "^closed after [0-9]"
expect "... with a line saying why" "$work/limits.log" "no handshake within 2 s: closed"

# 2. the idle timeout: silence ends a connection with close_notify, activity keeps it
load idle.out --idle 3 --expect-close ||
    not_ok "three silent connections are closed by the idle timeout with close_notify"
expect "three silent connections are closed by the idle timeout with close_notify" "$work/idle.out" \
    "^closed by the server: 3 of 3 idle connections, with close_notify"
expect "... with a line saying why" "$work/limits.log" "idle for 2 s: closed"
chatter "$served_port" 4 >"$work/chatter.out"
expect "a connection active every 0.5 s outlives the 2 s idle timeout" "$work/chatter.out" \
    "^[0-9]+ echoes, still open"
sleep 1.5 # (the next --stats line)
stop_peers
# the access log: one line per connection, as it ended; the --stats line: failures by reason
sed 's/^/#   /' "$work/access.log"
expect "--access-log: the dribbled handshake's line, with why it ended" "$work/access.log" \
    '^[0-9T:-]+Z 127\.0\.0\.1:[0-9]+ - - - sni=- alpn=- resumed=0 handshake_ms=-1 duration_ms=[0-9]+ in=0 out=0 request="-" status=0 end="no handshake within 2 s: closed"$'
[ "$(grep -c 'TLSv1.3 TLS_AES_128_GCM_SHA256 X25519MLKEM768 sni=localhost .* end="idle for 2 s: closed"$' "$work/access.log")" -eq 3 ] &&
    ok "--access-log: the three idle connections' lines, with their TLS parameters" ||
    not_ok "--access-log: the three idle connections' lines, with their TLS parameters"
expect "--access-log: the active connection's line, with the bytes it sent and got back" "$work/access.log" \
    ' in=[1-9][0-9]* out=[1-9][0-9]* request="-" status=0 end="(ok|connection lost)"$'
expect "--stats: a line with connections open, handshakes per second and failures by reason" "$work/limits.log" \
    "^latch server: stats: open=[0-9]+ accepted=5 handshakes=4 handshakes/s=[0-9.]+ failures: handshake-timeout=1 idle-timeout=3 lifetime=0 tls=0 "

# 3. --max-lifetime: activity does not extend it
serve lifetime.log $lcert --echo --max-lifetime 2 || not_ok "the server starts (--max-lifetime)"
chatter "$served_port" 6 >"$work/chatter.out"
expect "--max-lifetime 2 ends an active connection, with close_notify" "$work/chatter.out" \
    "echoes, closed with close_notify"
expect "... with a line saying why" "$work/lifetime.log" "open for 2 s \(--max-lifetime\): closed"
stop_peers

# 4. --max-connections 10 at 9, 10, 11
serve max.log $lcert --echo --workers 2 --max-connections 10 || not_ok "the server starts (--max-connections)"
for n in 9 10; do
    load "max$n.out" --idle "$n" --setup-timeout 5 ||
        not_ok "--max-connections 10: $n connections at once are all taken"
    expect "--max-connections 10: $n connections at once are all taken" "$work/max$n.out" "^idle: $n of $n"
    sleep 0.5 # (their ends reach the server)
done
load max11.out --idle 11 --setup-timeout 3
expect "--max-connections 10: of 11 at once, 10 are taken and one waits" "$work/max11.out" "^idle: 10 of 11"
sleep 0.5
# the one over the limit waits in the listen queue, and is taken when one closes
load hold.out --idle 10 --hold 2 >/dev/null &
holder=$!
sleep 1
echo hi | timeout 20 "$latch" client "127.0.0.1:$served_port" --servername localhost --roots "$pki/ca.pem" \
    --quiet >"$work/waiter.out" 2>"$work/waiter.err"
rc=$?
wait "$holder"
[ "$rc" -eq 0 ] && grep -qx hi "$work/waiter.out" &&
    ok "a client over --max-connections waits, then is served once there is room" ||
    not_ok "a client over --max-connections waits, then is served once there is room (exit $rc)"
stop_peers

# 5. the file descriptor limit: raised to what --max-connections needs, or a clear refusal
(
    ulimit -Sn 256
    ulimit -Hn 4096
    "$latch" server --port 0 $lcert --max-connections 100000 >"$work/nofile.out" 2>&1
    echo "exit $?" >>"$work/nofile.out"
)
expect "--max-connections over the hard file limit is refused with a clear message (exit 2)" \
    "$work/nofile.out" "needs [0-9]+ file descriptors, but the limit is 4096 \(hard limit 4096\)" "^exit 2$"
(
    ulimit -Sn 256
    ulimit -Hn 4096
    exec "$latch" server --port 0 $lcert --max-connections 2000 >"$work/raised.log" 2>&1
) &
raised=$!
pids+=("$raised")
wait_log_file() { for _ in $(seq 50); do grep -q "listening on" "$1" && return 0; sleep 0.1; done; return 1; }
wait_log_file "$work/raised.log"
soft=$(awk '/Max open files/ {print $4}' "/proc/$raised/limits")
[ -n "$soft" ] && [ "$soft" -ge 2000 ] && [ "$soft" -le 4096 ] &&
    ok "the soft file limit (256) is raised for --max-connections 2000 (now $soft)" ||
    not_ok "the soft file limit (256) is raised for --max-connections 2000 (now ${soft:-?})"
stop_peers

# 6. --workers: that many listening sockets on one port
serve workers.log $lcert --echo --workers 3 || not_ok "the server starts (--workers 3)"
listeners=$(ss -Hltn "( sport = :$served_port )" | wc -l)
[ "$listeners" -eq 3 ] && ok "--workers 3: three listening sockets on the port" ||
    not_ok "--workers 3: three listening sockets on the port ($listeners)"
load workers.out --concurrent 60 && ok "--workers 3: 60 clients at once served" ||
    not_ok "--workers 3: 60 clients at once served"
# SO_REUSEPORT must not let a second server share the port (it took half the connections)
timeout 5 "$latch" server --port "$served_port" $lcert --echo >"$work/second.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q "cannot listen on 127.0.0.1 port $served_port: Address already in use" "$work/second.out" &&
    ok "a second server on the same port is refused (exit 1), SO_REUSEPORT or not" ||
    not_ok "a second server on the same port is refused (exit 1), SO_REUSEPORT or not (exit $rc)"
stop_peers
"$latch" server --port 0 $lcert --workers 0 >"$work/w0.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "workers takes a number from 1 to 256" "$work/w0.out" &&
    ok "--workers 0 is bad usage (exit 2)" || not_ok "--workers 0 is bad usage (exit $rc)"
summary
