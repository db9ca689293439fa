#!/usr/bin/env bash
# Mutual TLS interop over loopback, TLS 1.3 and 1.2, both directions: OpenSSL (s_server -Verify,
# s_client -cert) and GnuTLS (gnutls-serv --require-client-cert, gnutls-cli --x509certfile);
# a client without a certificate refused by a requiring latch server, taken by a requesting one.
# Usage: bash test_mtls.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

request=$'GET / HTTP/1.0\r\n\r\n'
lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
for v in 12 13; do
    # latch client with a certificate -> openssl s_server -Verify 1
    next_port
    peer openssl s_server -accept "$port" "-tls1_${v#1}" -www -Verify 1 -CAfile "$pki/ca.pem" \
        -cert "$pki/p256.pem" -key "$pki/p256-key.pem"
    wait_port "$port"
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" --cert "$pki/rsa2048.pem" --key "$pki/rsa2048-key.pem" \
        >"$work/out" 2>"$work/err"
    echo "exit $?" >>"$work/err"
    stop_peers
    expect "TLS 1.${v#1}: latch client --cert -> s_server -Verify 1" "$work/err" "TLS 1.${v#1}," "exit 0"
    expect "TLS 1.${v#1}: s_server verified latch's client certificate" "$work/peer.log" "verify return:1"

    # openssl s_client -cert -> latch server --require-client-cert
    next_port
    peer "$latch" server --port "$port" --once $lcert --http --require-client-cert --client-roots "$pki/ca.pem"
    wait_port "$port"
    printf '%s' "$request" | timeout 10 openssl s_client -connect "127.0.0.1:$port" "-tls1_${v#1}" \
        -CAfile "$pki/ca.pem" -cert "$pki/ed25519.pem" -key "$pki/ed25519-key.pem" -ign_eof \
        >"$work/out" 2>"$work/err"
    sleep 0.2
    stop_peers
    expect "TLS 1.${v#1}: s_client -cert -> latch server --require-client-cert" "$work/out" \
        "id=\"client-cert\">'localhost', verified by 'ca'<" "id=\"version\">TLS 1.${v#1}<"

    # s_client without a certificate: refused (required), taken (requested)
    next_port
    peer "$latch" server --port "$port" --once $lcert --http --require-client-cert --client-roots "$pki/ca.pem"
    wait_port "$port"
    printf '%s' "$request" | timeout 10 openssl s_client -connect "127.0.0.1:$port" "-tls1_${v#1}" \
        -CAfile "$pki/ca.pem" -ign_eof >"$work/out" 2>&1
    sleep 0.2
    stop_peers
    expect "TLS 1.${v#1}: no client certificate: latch refuses" "$work/peer.log" "sent no certificate"
    next_port
    peer "$latch" server --port "$port" --once $lcert --http --request-client-cert --client-roots "$pki/ca.pem"
    wait_port "$port"
    printf '%s' "$request" | timeout 10 openssl s_client -connect "127.0.0.1:$port" "-tls1_${v#1}" \
        -CAfile "$pki/ca.pem" -ign_eof >"$work/out" 2>&1
    sleep 0.2
    stop_peers
    expect "TLS 1.${v#1}: no client certificate, requested only: served" "$work/out" \
        "id=\"client-cert\">\\(no certificate\\)<"

    # GnuTLS both ways
    prio="NORMAL:-VERS-ALL:+VERS-TLS1.${v#1}"
    next_port
    peer gnutls-serv --http -p "$port" --priority "$prio" --require-client-cert --x509cafile "$pki/ca.pem" \
        --x509certfile "$pki/p256.pem" --x509keyfile "$pki/p256-key.pem"
    wait_port "$port"
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" --cert "$pki/p384.pem" --key "$pki/p384-key.pem" >"$work/out" 2>"$work/err"
    echo "exit $?" >>"$work/err"
    sleep 0.2
    stop_peers
    expect "TLS 1.${v#1}: latch client --cert -> gnutls-serv --require-client-cert" "$work/err" "exit 0"
    expect "TLS 1.${v#1}: gnutls-serv saw the client certificate" "$work/out" "localhost"
    next_port
    peer "$latch" server --port "$port" --once $lcert --http --require-client-cert --client-roots "$pki/ca.pem"
    wait_port "$port"
    ( printf '%s' "$request"; sleep 1 ) | timeout 10 gnutls-cli -p "$port" localhost --x509cafile "$pki/ca.pem" \
        --priority "$prio" --x509certfile "$pki/rsa2048.pem" --x509keyfile "$pki/rsa2048-key.pem" \
        >"$work/out" 2>&1
    sleep 0.2
    stop_peers
    expect "TLS 1.${v#1}: gnutls-cli --x509certfile -> latch server --require-client-cert" "$work/out" \
        "id=\"client-cert\">'localhost', verified by 'ca'<"
done

summary
