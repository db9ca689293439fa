#!/usr/bin/env bash
# The tool says what went wrong where the user made it, with the system's reason, and exits 2 for
# input it cannot read (1 is for TLS and verification failures, 0 for success).
# Usage: bash test_errors.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

# run_case DESCRIPTION STATUS PATTERN -- ARGS...: latch ARGS exits STATUS, stderr has PATTERN
run_case() {
    local description=$1 want=$2 pattern=$3
    shift 4
    timeout 10 "$latch" "$@" >"$work/out" 2>"$work/err"
    local got=$?
    if [ "$got" -eq "$want" ] && grep -qF -- "$pattern" "$work/err"; then
        ok "$description"
    else
        echo "#   exit $got (wanted $want), stderr:"
        not_ok "$description"
    fi
}

run_case "client: a missing roots file is named, with the reason, exit 2" 2 \
    "cannot read trusted roots '$work/none.pem': No such file or directory" -- \
    client 127.0.0.1:9 --roots "$work/none.pem"
run_case "trace: a missing roots file is named, with the reason, exit 2" 2 \
    "cannot read trusted roots '$work/none.pem': No such file or directory" -- \
    trace 127.0.0.1:9 --roots "$work/none.pem"
run_case "server: a missing key file is named, with the reason, exit 2" 2 \
    "cannot read '$work/none-key.pem': No such file or directory" -- \
    server --port 0 --cert "$pki/p256.pem" --key "$work/none-key.pem"
run_case "server: a directory for a key says so, exit 2" 2 "Is a directory" -- \
    server --port 0 --cert "$pki/p256.pem" --key "$pki"
run_case "server: missing client roots are named, with the reason, exit 2" 2 \
    "cannot read client roots '$work/none-ca.pem': No such file or directory" -- \
    server --port 0 --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --require-client-cert --client-roots "$work/none-ca.pem"
run_case "server: a certificate given as the key says so, exit 2" 2 \
    "'$pki/p256.pem' holds a CERTIFICATE, not a private key" -- \
    server --port 0 --cert "$pki/p256.pem" --key "$pki/p256.pem"
run_case "client: a certificate given as the key says so, exit 2" 2 \
    "'$pki/p256.pem' holds a CERTIFICATE, not a private key" -- \
    client 127.0.0.1:9 --roots "$pki/ca.pem" --cert "$pki/p256.pem" --key "$pki/p256.pem"

run_case "server: --www naming no directory is a startup error, exit 2" 2 \
    "--www $work/no-site: No such file or directory" -- \
    server --port 0 --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --www "$work/no-site"
run_case "server: --www naming a file is a startup error, exit 2" 2 "--www $pki/ca.pem: not a directory" -- \
    server --port 0 --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --www "$pki/ca.pem"

run_case "trace: an --svg path that cannot be written is said before connecting, exit 2" 2 \
    "cannot write '$work/no-dir/x.svg': No such file or directory" -- \
    trace 127.0.0.1:9 --roots "$pki/ca.pem" --svg "$work/no-dir/x.svg"
run_case "trace: an --html path that cannot be written is said before connecting, exit 2" 2 \
    "cannot write '$work/no-dir/x.html'" -- trace 127.0.0.1:9 --roots "$pki/ca.pem" --html "$work/no-dir/x.html"
# (nothing listens on port 9: the connection fails after the check)
timeout 10 "$latch" trace 127.0.0.1:9 --roots "$pki/ca.pem" --svg "$work/x.svg" >/dev/null 2>&1
[ ! -e "$work/x.svg" ] && ok "trace: checking a path that can be written leaves no file behind" ||
    not_ok "trace: checking a path that can be written leaves no file behind"

# a plain-HTTP server where a TLS one was expected: said as such
next_port
peer python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); print("listening", flush=True)
c, _ = s.accept(); c.recv(4096); c.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n"); c.close()' "$port"
if wait_port; then
    run_case "client: a plain-text answer is named as such" 1 \
        'the peer did not send TLS records but plain text ("HTTP/1.1 400 Ba"...): is this a TLS port?' -- \
        client "127.0.0.1:$port" --roots "$pki/ca.pem"
else
    not_ok "the plain-text server starts"
fi
stop_peers
summary
