#!/usr/bin/env bash
# latch server gives back the memory a burst of handshakes leaves behind: 5,000 TLS 1.3
# handshakes at once, then held idle: a few seconds later the server's RSS per idle connection
# is bounded (16 KB; the library keeps 5 KB per connection); then all of them closed: its RSS is
# back within 8 MB of what it was before the burst. A burst freed each handshake's transient
# state between the few KB the established connections keep, and glibc kept all of it: about
# 20 KB per idle connection, and some 100 MB still resident once they had all gone, until the
# server trimmed its heap whenever a burst went quiet (cli/srv_worker.c).
# Usage: bash test_burst_memory.sh <latch-tool> <source-dir> <build-dir>
. "$(dirname "$0")/lib.sh"

n=5000
limit=16384
# (a handshake deadline far enough that a loaded machine still completes all of them)
if ! serve server.log --workers 1 $lcert --echo --handshake-timeout 120; then
    not_ok "latch server --workers 1 --echo starts"
    summary
    exit
fi
before=$(vm VmRSS)
timeout 180 "$load_client" --port "$served_port" --ca "$pki/ca.pem" --idle "$n" --setup-timeout 120 --hold 60 \
    >"$work/burst.out" 2>"$work/burst.err" &
client_pid=$!
pids+=("$client_pid")
for _ in $(seq 1500); do
    grep -q '^holding' "$work/burst.out" && break
    kill -0 "$client_pid" 2>/dev/null || break
    sleep 0.1
done
sed 's/^/#   /' "$work/burst.out"
expect "$n handshakes at once, all completed and held" "$work/burst.out" "^idle: $n of $n"
# (the trim waits for the burst to be quiet, at most a second after the last handshake)
sleep 3
after=$(vm VmRSS)
peak=$(vm VmHWM)
per=$(( (${after:-0} - ${before:-0}) * 1024 / n ))
echo "# server RSS: $before kB before, $after kB with $n idle connections (peak $peak kB): $per bytes each"
[ -n "$after" ] && [ "$per" -lt "$limit" ] &&
    ok "after a burst of $n handshakes, RSS per idle connection is under $limit bytes ($per)" ||
    not_ok "after a burst of $n handshakes, RSS per idle connection is under $limit bytes (${per})"
kill "$client_pid" 2>/dev/null
wait "$client_pid" 2>/dev/null
# (the server sees every connection end, then trims within a second)
sleep 3
closed=$(vm VmRSS)
echo "# server RSS once the $n connections have closed: $closed kB (before the burst: $before kB)"
[ -n "$closed" ] && [ $((closed - before)) -lt 8192 ] &&
    ok "once the $n connections have closed, RSS is back within 8 MB of where it was ($closed kB, $before kB before)" ||
    not_ok "once the $n connections have closed, RSS is back within 8 MB of where it was (${closed:-?} kB, $before kB before)"
stop_peers
summary
