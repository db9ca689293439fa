#!/usr/bin/env bash
# latch server's signals and shared keys: SIGHUP with a changed certificate (new connections
# get it, an open one goes on), SIGHUP with a bad file (the old configuration stays, the log
# says why); --ticket-keys shared by two server processes (a session from one resumes on the
# other, not on a server with other keys, TLS 1.3 and 1.2) and reloaded on SIGHUP; SIGTERM with
# 50 connections open (each closed with close_notify, exit 0), and within --shutdown-timeout
# when a client never answers.
# Usage: bash test_server_reload.sh <latch-tool> <source-dir> <build-dir>
. "$(dirname "$0")/../load/lib.sh"

fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256; }
# served_fingerprint PORT: the fingerprint of the certificate a new connection gets
served_fingerprint() {
    openssl s_client -connect "127.0.0.1:$1" -servername localhost </dev/null 2>/dev/null |
        openssl x509 -noout -fingerprint -sha256
}

# 1. SIGHUP: a changed certificate for new connections; the open one goes on
cp "$pki/p256.pem" "$work/cert.pem"
cp "$pki/p256-key.pem" "$work/key.pem"
serve reload.log --cert "$work/cert.pem" --key "$work/key.pem" --echo || not_ok "the server starts"
mkfifo "$work/in"
exec 3<>"$work/in"
# (without the script's fd 3: the fifo ends for it when the script closes its end)
"$latch" client "127.0.0.1:$served_port" --servername localhost --roots "$pki/ca.pem" --quiet <"$work/in" \
    >"$work/old.out" 2>"$work/old.err" 3>&- &
old_client=$!
echo before >&3
for _ in $(seq 50); do grep -q before "$work/old.out" && break; sleep 0.1; done
[ "$(served_fingerprint "$served_port")" = "$(fingerprint "$pki/p256.pem")" ] &&
    ok "before SIGHUP: the first certificate" || not_ok "before SIGHUP: the first certificate"
cp "$pki/rsa2048.pem" "$work/cert.pem"
cp "$pki/rsa2048-key.pem" "$work/key.pem"
kill -HUP "$served_pid"
for _ in $(seq 50); do grep -q "SIGHUP: reloaded" "$work/reload.log" && break; sleep 0.1; done
expect "SIGHUP: the log says it reloaded" "$work/reload.log" "SIGHUP: reloaded certificates, keys"
[ "$(served_fingerprint "$served_port")" = "$(fingerprint "$pki/rsa2048.pem")" ] &&
    ok "after SIGHUP: new connections get the new certificate" ||
    not_ok "after SIGHUP: new connections get the new certificate"
echo after >&3
for _ in $(seq 50); do grep -q after "$work/old.out" && break; sleep 0.1; done
grep -q after "$work/old.out" && kill -0 "$old_client" 2>/dev/null &&
    ok "after SIGHUP: the connection made before goes on (its echo comes back)" ||
    not_ok "after SIGHUP: the connection made before goes on (its echo comes back)"
# a bad file: the running configuration stays
echo "not a certificate" >"$work/cert.pem"
kill -HUP "$served_pid"
for _ in $(seq 50); do grep -q "SIGHUP: not reloaded" "$work/reload.log" && break; sleep 0.1; done
expect "SIGHUP with a bad certificate file: not reloaded, and the log says why" "$work/reload.log" \
    "SIGHUP: not reloaded, the running configuration stays: .*cert.pem"
[ "$(served_fingerprint "$served_port")" = "$(fingerprint "$pki/rsa2048.pem")" ] &&
    ok "... new connections still get the last good certificate" ||
    not_ok "... new connections still get the last good certificate"
echo still >&3
for _ in $(seq 50); do grep -q still "$work/old.out" && break; sleep 0.1; done
expect "... and the first connection still goes on" "$work/old.out" "^still$"
exec 3>&-
wait "$old_client"
stop_peers

# 2. --ticket-keys: two processes sharing the file resume each other's sessions
keys() { for k in "$@"; do printf '%096d\n' 0 | tr 0 "$k"; done; }
{ echo "# current key first"; keys a b; } >"$work/fleet.keys"
keys c >"$work/other.keys"
serve fleet1.log $lcert --echo --ticket-keys "$work/fleet.keys" || not_ok "server 1 starts"
port1=$served_port
serve fleet2.log $lcert --echo --ticket-keys "$work/fleet.keys" || not_ok "server 2 starts"
port2=$served_port
serve other.log $lcert --echo --ticket-keys "$work/other.keys" || not_ok "server 3 starts"
pid3=$served_pid
port3=$served_port
client() { # PORT SESSION-OPTION FILE [more]: one echo; the summary in $work/client.err
    local port=$1
    shift
    echo hi | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" "$@" \
        >/dev/null 2>"$work/client.err"
}
for version in tls13 tls12; do
    client "$port1" --sess-out "$work/s.sess" "--$version"
    client "$port2" --sess-in "$work/s.sess" "--$version"
    expect "$version: a session from server 1 resumes on server 2 (the same --ticket-keys)" \
        "$work/client.err" ", resumed"
    client "$port3" --sess-in "$work/s.sess" "--$version"
    if grep -q ", resumed" "$work/client.err"; then
        not_ok "$version: ... and not on server 3 (other keys): a full handshake"
    else
        expect "$version: ... and not on server 3 (other keys): a full handshake" "$work/client.err" "verified by"
    fi
done
# an older key still opens: server 3 learns the fleet's current key as its second, on SIGHUP
client "$port1" --sess-out "$work/s.sess"
{ keys c a; } >"$work/other.keys"
kill -HUP "$pid3"
for _ in $(seq 50); do grep -q "SIGHUP: reloaded" "$work/other.log" && break; sleep 0.1; done
expect "SIGHUP reloads the ticket keys" "$work/other.log" "SIGHUP: reloaded .* and ticket keys"
client "$port3" --sess-in "$work/s.sess"
expect "... and a session sealed under a key now second in the file resumes" "$work/client.err" ", resumed"
# a bad key file at the start is bad usage
echo "abc" >"$work/bad.keys"
"$latch" server --port 0 $lcert --ticket-keys "$work/bad.keys" >"$work/bad.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "line 1 is not 96 hex digits" "$work/bad.out" &&
    ok "--ticket-keys with a malformed line: refused, saying which (exit 2)" ||
    not_ok "--ticket-keys with a malformed line: refused, saying which (exit $rc)"
stop_peers

# 3. SIGTERM with 50 connections open: each closed with close_notify
serve term.log $lcert --echo --workers 2 || not_ok "the server starts (SIGTERM)"
# (and 5 stalled half-handshakes, which must not hold the stop up to its deadline; the signal
# comes as soon as the clients count their handshakes done, when the last Finished may still be
# on its way: those handshakes finish and are closed like the rest)
timeout 60 "$load_client" --port "$served_port" --ca "$pki/ca.pem" --stalled 5 --idle 50 --hold 30 --expect-close \
    >"$work/term.out" 2>&1 &
loader=$!
for _ in $(seq 100); do grep -q "^holding" "$work/term.out" && break; sleep 0.1; done
start=$(date +%s%N)
kill -TERM "$served_pid"
wait "$served_pid"
rc=$?
echo "# the server ended $(( ($(date +%s%N) - start) / 1000000 )) ms after SIGTERM"
[ "$rc" -eq 0 ] && ok "SIGTERM with 50 connections open: exit 0" || not_ok "SIGTERM with 50 connections open: exit $rc"
expect "... the server closed all 50 with close_notify" "$work/term.log" \
    "SIGTERM: stopped, 50 connections closed with close_notify"
wait "$loader"
sed 's/^/#   /' "$work/term.out"
expect "... and the clients saw close_notify on all 50" "$work/term.out" \
    "^closed by the server: 50 of 50 idle connections, with close_notify"
pids=()

# a client that never answers the close_notify (nor reads): the server still ends within
# --shutdown-timeout
serve term2.log $lcert --echo --shutdown-timeout 2 || not_ok "the server starts (--shutdown-timeout)"
python3 - "$served_port" "$pki/ca.pem" <<'PY' &
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
s.send(b"x")
time.sleep(20)
PY
mute=$!
for _ in $(seq 100); do grep -q "TLS 1.3, " "$work/term2.log" && break; sleep 0.1; done
start=$(date +%s)
kill -TERM "$served_pid"
timeout 15 tail --pid="$served_pid" -f /dev/null
end=$(date +%s)
kill "$mute" 2>/dev/null
wait "$mute" 2>/dev/null
echo "# the server ended $((end - start)) s after SIGTERM"
if kill -0 "$served_pid" 2>/dev/null; then
    not_ok "SIGTERM with a client that never closes: the server ends (--shutdown-timeout 2)"
else
    expect "SIGTERM with a client that never closes: the server ends (--shutdown-timeout 2)" \
        "$work/term2.log" "SIGTERM: stopped, 1 connection closed with close_notify"
fi
summary
