#!/usr/bin/env bash
# TLS 1.3 interop with OpenSSL's command-line peers over loopback, both directions: every suite,
# group and certificate type, HelloRetryRequest forced by the peer's group choice, KeyUpdate
# initiated by each side, ALPN, SNI, and the verification failures (wrong host, untrusted root,
# expired) with the alert the peer sees and the reason latch gives.
# Usage: bash test_openssl13.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

declare -A ossl_group=([x25519]=X25519 [secp256r1]=P-256 [secp384r1]=P-384)
request=$'GET / HTTP/1.0\r\n\r\n'

# ---- latch client -> openssl s_server ------------------------------------------------------
# client_case DESCRIPTION "s_server options" "latch client options" PATTERN...
client_case() {
    local description=$1 server_opts=$2 client_opts=$3
    shift 3
    next_port
    # shellcheck disable=SC2086
    peer openssl s_server -accept "$port" -tls1_3 -www $server_opts
    wait_port "$port" || { not_ok "$description (s_server did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" $client_opts >"$work/out" 2>"$work/err"
    local status=$?
    echo "exit $status" >>"$work/err"
    [ "$status" -eq 0 ] || wait_peer_alert
    stop_peers
    expect "$description" "$work/err" "$@"
}

cert="-cert $pki/p256.pem -key $pki/p256-key.pem"
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    client_case "latch client -> s_server: $suite" "$cert -ciphersuites $suite" "--suites $suite" \
        "TLS 1.3, $suite" "verified by 'ca'" "exit 0"
done
for group in x25519 secp256r1 secp384r1; do
    client_case "latch client -> s_server: $group" "$cert -groups ${ossl_group[$group]}" \
        "--groups $group" ", $group, server certificate" "exit 0"
done
# the default client sends X25519MLKEM768's share and x25519's: OpenSSL 3.0 (no ML-KEM) takes
# x25519 in one round trip (a retry would read "x25519 (after HelloRetryRequest)")
client_case "latch client -> s_server: default groups (hybrid + x25519 shares) give x25519" "$cert" "" \
    ", x25519, server certificate" "exit 0"
for key in rsa2048 p384 ed25519; do
    client_case "latch client -> s_server: $key certificate" \
        "-cert $pki/$key.pem -key $pki/$key-key.pem" "" "verified by 'ca'" "exit 0"
done
client_case "latch client -> s_server: HelloRetryRequest for secp384r1" \
    "$cert -groups P-384" "--groups x25519,secp384r1" "secp384r1 \(after HelloRetryRequest\)" "exit 0"
client_case "latch client -> s_server: ALPN" "$cert -alpn http/1.1" "--alpn h2,http/1.1" \
    "ALPN http/1.1" "exit 0"
client_case "latch client -> s_server: KeyUpdate from latch" "$cert" "--key-update" "exit 0"
expect "s_server saw the client's KeyUpdate and answered the request" "$work/out" "200 ok"

# failures: the reason at latch, the alert at the peer
client_case "wrong host: latch refuses" "$cert" "--servername other.example" \
    "not valid for host 'other.example'" "host-mismatch" "sent alert bad_certificate" "exit 1"
expect "wrong host: s_server received bad_certificate" "$work/peer.log" "alert bad certificate"
client_case "untrusted root: latch refuses" "-cert $pki/untrusted.pem -key $pki/untrusted-key.pem" "" \
    "unknown-issuer" "sent alert unknown_ca" "exit 1"
expect "untrusted root: s_server received unknown_ca" "$work/peer.log" "alert unknown ca"
client_case "expired: latch refuses" "-cert $pki/expired.pem -key $pki/expired-key.pem" "" \
    "expired on 2021-01-01" "sent alert certificate_expired" "exit 1"
expect "expired: s_server received certificate_expired" "$work/peer.log" "alert certificate expired"

# KeyUpdate from the server: s_server reads "K" from stdin and sends a KeyUpdate asking for one
next_port
( sleep 1; echo K; sleep 0.5; echo "hello after the update"; sleep 1 ) |
    openssl s_server -accept "$port" -tls1_3 -msg $cert >"$work/peer.log" 2>&1 &
pids+=($!)
wait_port "$port" && sleep 0.2
( sleep 3 ) | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
    --roots "$pki/ca.pem" >"$work/out" 2>"$work/err"
stop_peers
expect "s_server -> latch client: KeyUpdate from the server" "$work/out" "hello after the update"
expect "s_server saw latch's answering KeyUpdate" "$work/peer.log" \
    ">>> TLS 1.3, Handshake \\[length 0005\\], KeyUpdate" "<<< TLS 1.3, Handshake \\[length 0005\\], KeyUpdate"

# ---- openssl s_client -> latch server ------------------------------------------------------
# server_case DESCRIPTION "latch server options" "s_client options" PATTERN...
server_case() {
    local description=$1 server_opts=$2 client_opts=$3
    shift 3
    next_port
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --once $server_opts
    wait_port "$port" || { not_ok "$description (latch server did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    printf '%s' "$request" | timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_3 \
        -CAfile "$pki/ca.pem" -verify_return_error -ign_eof $client_opts >"$work/out" 2>"$work/err"
    echo "exit $?" >>"$work/out"
    sleep 0.2
    stop_peers
    expect "$description" "$work/out" "$@"
}

lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    server_case "s_client -> latch server: $suite" "$lcert --http" "-ciphersuites $suite" \
        "id=\"suite\">$suite" "Verify return code: 0" "exit 0"
done
for group in x25519 secp256r1 secp384r1; do
    server_case "s_client -> latch server: $group" "$lcert --http" "-groups ${ossl_group[$group]}" \
        "id=\"group\">$group<" "exit 0"
done
for key in rsa2048:rsa_pss_rsae_sha256 p384:ecdsa_secp384r1_sha384 ed25519:ed25519; do
    server_case "s_client -> latch server: ${key%%:*} certificate" \
        "--cert $pki/${key%%:*}.pem --key $pki/${key%%:*}-key.pem --http" "" \
        "id=\"sigscheme\">${key##*:}" "Verify return code: 0" "exit 0"
done
server_case "s_client -> latch server: HelloRetryRequest" "$lcert --http --groups secp384r1" \
    "-groups X25519:P-384" "id=\"group\">secp384r1 \(after HelloRetryRequest\)" "exit 0"
expect "latch server's log line says so too" "$work/peer.log" "secp384r1 \(after HelloRetryRequest\)"
server_case "s_client -> latch server: ALPN and SNI" "$lcert --http --alpn http/1.1" \
    "-alpn h2,http/1.1 -servername test.latch" "ALPN protocol: http/1.1" \
    "id=\"sni\">test.latch<" "id=\"alpn\">http/1.1<" "exit 0"
server_case "s_client -> latch server: two certificates, RSA chosen by signature algorithms" \
    "$lcert --cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem --http" \
    "-sigalgs rsa_pss_rsae_sha256" "id=\"sigscheme\">rsa_pss_rsae_sha256" "exit 0"
server_case "s_client -> latch server: KeyUpdate from latch" "$lcert --http --key-update" "-msg" \
    "<<< TLS 1.3, Handshake \\[length 0005\\], KeyUpdate" "id=\"version\">TLS 1.3" "exit 0"

# KeyUpdate from s_client ("K" on its stdin), latch echoing
next_port
peer "$latch" server --port "$port" --once $lcert --echo
wait_port "$port"
( sleep 0.5; echo K; sleep 0.5; echo "ping after the update"; sleep 1 ) |
    timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_3 -CAfile "$pki/ca.pem" \
    >"$work/out" 2>"$work/err"
sleep 0.2
stop_peers
expect "s_client -> latch server: KeyUpdate from s_client, then echo" "$work/out" \
    "^ping after the update"
expect "s_client sent its KeyUpdate" "$work/err" "KEYUPDATE"

summary
