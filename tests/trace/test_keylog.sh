#!/usr/bin/env bash
# The key log (SSLKEYLOGFILE) lets Wireshark read latch's traffic: tshark captures a latch client
# and server on loopback, and with the client's key log (and only with it) it decrypts the
# application data, for TLS 1.3, TLS 1.2 ECDHE and the TLS 1.2 RSA key exchange.
# Usage: bash test_keylog.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

if ! command -v tshark >/dev/null; then
    echo "tshark is not installed (scripts/deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
keylog_case() { # DESCRIPTION "server options" "client options"
    local description=$1 server_opts=$2 client_opts=$3
    next_port
    rm -f "$work/keys" "$work/cap.pcap"
    # -P -l: a line per packet as it is captured, so that the test can tell when the capture is live
    tshark -i lo -f "tcp port $port" -w "$work/cap.pcap" -P -l >"$work/tshark.log" 2>&1 &
    local capture=$!
    # "Capturing" is printed before packets are seen: knock on the (still closed) port until the
    # capture shows the knock, 5 s at most
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
        grep -Eq "TCP .*\b$port\b" "$work/tshark.log" && break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --once --http $server_opts
    wait_port "$port"
    # shellcheck disable=SC2086
    printf 'GET /keylog-check HTTP/1.0\r\n\r\n' | SSLKEYLOGFILE="$work/keys" timeout 10 "$latch" client \
        "localhost:$port" --roots "$pki/ca.pem" $client_opts >"$work/out" 2>"$work/err"
    # the capture lags on a busy machine: stop it once it has seen both FINs (5 s at most)
    for _ in $(seq 50); do
        [ "$(grep -c 'FIN' "$work/tshark.log")" -ge 2 ] && break
        sleep 0.1
    done
    # the capture first (stop_peers waits for every background job); TERM, as background jobs
    # of a script ignore INT
    kill -TERM "$capture" 2>/dev/null
    wait "$capture" 2>/dev/null
    stop_peers
    expect "$description: the key log has the secrets" "$work/keys" "$4"
    tshark -r "$work/cap.pcap" -d "tcp.port==$port,tls" -T fields -e http.request.uri >"$work/plain" 2>/dev/null
    tshark -r "$work/cap.pcap" -o "tls.keylog_file:$work/keys" -d "tcp.port==$port,tls" \
        -T fields -e http.request.uri -e http.response.code >"$work/decrypted" 2>/dev/null
    if grep -q "/keylog-check" "$work/plain"; then
        not_ok "$description: without the key log the request is not readable"
    else
        ok "$description: without the key log the request is not readable"
    fi
    expect "$description: tshark decrypts the request and the answer with the key log" "$work/decrypted" \
        "/keylog-check" "200"
}
p256="--cert $pki/p256.pem --key $pki/p256-key.pem"
keylog_case "TLS 1.3" "$p256" "" "^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]{64}$" \
    && expect "TLS 1.3: all five secrets are logged" "$work/keys" "^SERVER_HANDSHAKE_TRAFFIC_SECRET" \
        "^CLIENT_TRAFFIC_SECRET_0" "^SERVER_TRAFFIC_SECRET_0" "^EXPORTER_SECRET"
keylog_case "TLS 1.2 ECDHE" "$p256" "--tls12" "^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$"
keylog_case "TLS 1.2 RSA key exchange" "--cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem --rsa-kex" \
    "--tls12 --rsa-kex --suites TLS_RSA_WITH_AES_128_GCM_SHA256" "^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$"

summary
