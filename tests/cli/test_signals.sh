#!/usr/bin/env bash
# SIGINT and SIGTERM end a connection properly: the side that is stopped sends close_notify first,
# so the other side can tell the end from a cut (RFC 8446 §6.1).
# Usage: bash test_signals.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

# a client whose stdin stays open (a fifo held by this script), so only a signal ends it
mkfifo "$work/in"
exec 3<>"$work/in"

start_server() {
    next_port
    peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo
    wait_port
}
start_client() { # LOG: a client in the background; its pid in client_pid
    "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" <"$work/in" \
        >/dev/null 2>"$work/$1" &
    client_pid=$!
    for _ in $(seq 50); do grep -q "verified by" "$work/$1" && return 0; sleep 0.1; done
    return 1
}

# 1. the client is interrupted
if start_server && start_client client1.err; then
    kill -INT "$client_pid"
    wait "$client_pid"
    status=$?
    [ "$status" -eq 130 ] && ok "client: SIGINT exits 130" || not_ok "client: SIGINT exits 130 (got $status)"
    expect "client: SIGINT sends close_notify first" "$work/client1.err" "SIGINT: sent close_notify"
    sleep 0.3
    if grep -Eq "without close_notify|truncat|connection lost" "$work/peer.log"; then
        not_ok "server: the interrupted client's end was a clean close"
    else
        ok "server: the interrupted client's end was a clean close"
    fi
else
    not_ok "server and client start"
fi
stop_peers

# 2. the server is terminated with a client connected
next_port
"$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo \
    >"$work/server2.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q listening "$work/server2.log" && break; sleep 0.1; done
if start_client client2.err; then
    kill -TERM "$server_pid"
    wait "$server_pid"
    status=$?
    [ "$status" -eq 0 ] && ok "server: SIGTERM stops it (exit 0)" || not_ok "server: SIGTERM stops it (got $status)"
    expect "server: SIGTERM closes its connections with close_notify" "$work/server2.log" \
        "SIGTERM: stopped, 1 connection closed with close_notify"
    wait "$client_pid"
    status=$?
    [ "$status" -eq 0 ] && ok "client: the server's close_notify ends it cleanly (exit 0)" ||
        not_ok "client: the server's close_notify ends it cleanly (exit $status)"
    if grep -q "without close_notify" "$work/client2.err"; then
        not_ok "client: no truncation warning"
    else
        ok "client: no truncation warning"
    fi
else
    not_ok "client connects to the server"
    kill "$server_pid" 2>/dev/null
fi
exec 3>&-
summary
