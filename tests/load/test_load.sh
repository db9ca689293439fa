#!/usr/bin/env bash
# latch server under load, on loopback, bounded in count and time: 2,000 concurrent TLS 1.3
# handshakes all succeed; with 1,000 stalled half-handshakes, 1,000 idle established
# connections and a client that sends without ever reading all held open, new clients still
# complete their handshakes and echoes (latencies printed, never judged), the stalled and idle
# ones are all still there, and the server's memory stays bounded; 10,000 sequential connections
# leave its RSS flat. (The server was one poll() loop of 128 fixed slots: 2,000 concurrent
# handshakes gave 128 successes, and 500 stalled clients kept everyone else out.)
# Usage: bash test_load.sh <latch-tool> <source-dir> <build-dir>
. "$(dirname "$0")/lib.sh"

if ! serve server.log --workers 2 $lcert --echo; then
    not_ok "latch server --workers 2 --echo starts"
    summary
    exit
fi
load concurrent.out --concurrent 2000 &&
    expect "2,000 concurrent TLS 1.3 handshakes and echoes all succeed" "$work/concurrent.out" \
        "^concurrent: 2000 ok, 0 failed" ||
    not_ok "2,000 concurrent TLS 1.3 handshakes and echoes all succeed"

load held.out --stalled 1000 --idle 1000 --noread --concurrent 200 --sequential 200 --hold 1 &&
    ok "with 1,000 stalled, 1,000 idle and one never-reading client held, 400 new clients complete" ||
    not_ok "with 1,000 stalled, 1,000 idle and one never-reading client held, 400 new clients complete"
expect "... all 1,000 idle handshakes completed" "$work/held.out" "^idle: 1000 of 1000"
expect "... 200 at once and 200 one by one, none failed" "$work/held.out" \
    "^concurrent: 200 ok, 0 failed" "^sequential: 200 ok, 0 failed"
expect "... the never-reading client is still held, not dropped" "$work/held.out" "^noread: .* is held"
expect "... all 2,000 stalled and idle connections still open after them" "$work/held.out" \
    "^held: 2000 of 2000"
peak=$(vm VmHWM)
echo "# server peak RSS (VmHWM) with 2,000 connections held and a 1 MiB echo backlog: ${peak:-?} kB"
[ -n "$peak" ] && [ "$peak" -lt $((128 << 10)) ] &&
    ok "the server's peak RSS stays under 128 MB (${peak} kB)" ||
    not_ok "the server's peak RSS stays under 128 MB (${peak:-?} kB)"

load sequential.out --sequential 10000 --rss-pid "$served_pid" ||
    not_ok "10,000 sequential connections all succeed"
expect "10,000 sequential connections all succeed" "$work/sequential.out" "^sequential: 10000 ok, 0 failed"
first=$(sed -n 's/^rss after 1000: \([0-9]*\) kB$/\1/p' "$work/sequential.out")
last=$(sed -n 's/^rss after 10000: \([0-9]*\) kB$/\1/p' "$work/sequential.out")
if [ -n "$first" ] && [ -n "$last" ] && [ $((last - first)) -lt 4096 ]; then
    ok "10,000 sequential connections leave the RSS flat (after 1,000: $first kB, after 10,000: $last kB)"
else
    not_ok "10,000 sequential connections leave the RSS flat (after 1,000: ${first:-?} kB, after 10,000: ${last:-?} kB)"
fi
stop_peers
summary
