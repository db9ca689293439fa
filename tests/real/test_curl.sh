#!/usr/bin/env bash
# curl (Debian's, on OpenSSL) fetches latch server's page over TLS 1.3 and over TLS 1.2, trusting
# a development CA made by latch certs with --cacert; the page must show the negotiated version.
# Usage: bash test_curl.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

# a development CA and a localhost certificate made by latch certs, as make demo does
"$latch" certs ca --dir "$work/ca" >/dev/null
"$latch" certs issue localhost 127.0.0.1 --dir "$work/ca" --out "$work/localhost" >/dev/null
demo_ca="$work/ca/ca.pem"

for v in 1.3 1.2; do
    next_port
    peer "$latch" server --port "$port" --once --http --cert "$work/localhost.pem" --key "$work/localhost-key.pem"
    wait_port "$port"
    opts="--tlsv$v --tls-max $v"
    # shellcheck disable=SC2086
    timeout 10 curl -sS $opts --cacert "$demo_ca" "https://localhost:$port/" >"$work/out" 2>"$work/err"
    echo "exit $?" >>"$work/out"
    sleep 0.2
    stop_peers
    expect "curl --tlsv$v fetches the page" "$work/out" "id=\"version\">TLS $v<" "Hello over TLS" "exit 0"
done
# and refuses it without the CA: latch's certificate is not in the system store
next_port
peer "$latch" server --port "$port" --once --http --cert "$work/localhost.pem" --key "$work/localhost-key.pem"
wait_port "$port"
timeout 10 curl -sS "https://localhost:$port/" >"$work/out" 2>&1
echo "exit $?" >>"$work/out"
stop_peers
expect "curl without --cacert refuses the test certificate" "$work/out" "exit 60"

summary
