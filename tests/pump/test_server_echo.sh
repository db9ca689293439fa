# latch server --echo's pump: clients that send and read at once get every byte back (a Python
# ssl client with random write sizes, pauses and read sizes, and latch client), 10 MB each way
# with a SHA-256 per direction; clients that send before reading anything (just under, at and
# just over the 1 MiB echo backlog, after which the server stops reading; and until their
# sending is stuck) finish once they read. (The server waited for "writable" only while the
# engine held records, so echo left in its queue was never sent, and a full backlog, which
# stopped reading, stopped everything.)
. "$(dirname "$0")/lib.sh"
backlog=$((1 << 20)) # SRV_MAX_ECHO_BACKLOG in cli/srv.h

# (a small ASan quarantine when the tool is built with ASan: freed buffers are not held back)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4 \
    serve server.log "$latch" server --port 0 $lcert --echo || not_ok "latch server --echo starts"
for version in tls13 tls12; do
    version_opt=()
    [ "$version" = tls12 ] && version_opt=(--tls12)
    pump --port "$served_port" "${version_opt[@]}" echo-client >"$work/out" 2>&1
    passes "python client <-> latch server --echo ($version): 10 MB each way at once, same bytes"
done
pump feed "$latch" client "127.0.0.1:$served_port" $client_opts >"$work/out" 2>&1
passes "latch client <-> latch server --echo: 10 MB each way at once, same bytes"

for sent in $((backlog - 1)) $backlog $((backlog + 1)); do
    pump --port "$served_port" --bytes $((2 * backlog)) --read-after "$sent" echo-client \
        >"$work/out" 2>&1
    passes "a client sending $sent bytes (backlog $backlog) before reading gets all 2 MiB back"
done
pump --port "$served_port" --bytes $((16 << 20)) --read-after -1 echo-client >"$work/out" 2>&1
passes "a client sending (16 MiB) until its sending is stuck, then reading, gets it all back"
# (what fits in the server's backlog and the socket buffers of any Linux: the client reads nothing
# before its close_notify and end of TCP)
for version in tls13 tls12; do
    version_opt=()
    [ "$version" = tls12 ] && version_opt=(--tls12)
    pump --port "$served_port" "${version_opt[@]}" --bytes $((backlog + (128 << 10))) \
        echo-half-close >"$work/out" 2>&1
    passes "a client that sends 1 MiB + 128 KiB, close_notify and its end of TCP, then reads, gets it all back ($version)"
done
peak_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$served_pid/status")
echo "# server peak RSS (VmHWM) ${peak_kb:-?} kB"
[ -n "$peak_kb" ] && [ "$peak_kb" -lt $((64 << 10)) ] &&
    ok "the server's peak RSS stays under 64 MB (its echo backlog is bounded)" ||
    not_ok "the server's peak RSS stays under 64 MB (its echo backlog is bounded) (${peak_kb:-?} kB)"
stop_peers
# (stop_peers ends it with SIGTERM: its line saying so is expected too)
quiet="listening on\|TLS 1\.[23], \|latch server: SIGTERM: stopped"
grep -v "$quiet" "$work/server.log" | sed 's/^/#   /'
[ "$(grep -vc "$quiet" "$work/server.log")" -eq 0 ] &&
    ok "the server logged nothing but connections" ||
    not_ok "the server logged nothing but connections"

summary
