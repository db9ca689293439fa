#!/usr/bin/env bash
# TLS 1.3 interop with GnuTLS's command-line peers over loopback, both directions: every suite,
# group and certificate type, HelloRetryRequest, KeyUpdate from each side, ALPN, SNI,
# record_size_limit, and the verification failures with the alert gnutls-serv receives.
# Usage: bash test_gnutls13.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

if ! command -v gnutls-serv >/dev/null || ! command -v gnutls-cli >/dev/null; then
    echo "gnutls-bin is not installed (scripts/deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
declare -A gnutls_group=([x25519]=X25519 [secp256r1]=SECP256R1 [secp384r1]=SECP384R1)
declare -A gnutls_cipher=([TLS_AES_128_GCM_SHA256]=AES-128-GCM [TLS_AES_256_GCM_SHA384]=AES-256-GCM
                          [TLS_CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305)
tls13="NORMAL:-VERS-ALL:+VERS-TLS1.3"
request=$'GET / HTTP/1.0\r\n\r\n'

# ---- latch client -> gnutls-serv -----------------------------------------------------------
client_case() { # DESCRIPTION PRIORITY "server options" "latch client options" PATTERN...
    local description=$1 priority=$2 server_opts=$3 client_opts=$4
    shift 4
    next_port
    # shellcheck disable=SC2086
    peer gnutls-serv --http -p "$port" --priority "$priority" $server_opts
    wait_port "$port" || { not_ok "$description (gnutls-serv did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" $client_opts >"$work/out" 2>"$work/err"
    local status=$?
    echo "exit $status" >>"$work/err"
    [ "$status" -eq 0 ] || wait_peer_alert
    sleep 0.2
    stop_peers
    expect "$description" "$work/err" "$@"
}
cert="--x509certfile $pki/p256.pem --x509keyfile $pki/p256-key.pem"
debug="-d 5" # makes gnutls-serv log the alerts it receives ("Alert[2|45] - ... - was received")
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    client_case "latch client -> gnutls-serv: $suite" "$tls13:-CIPHER-ALL:+${gnutls_cipher[$suite]}" \
        "$cert" "" "TLS 1.3, $suite" "exit 0"
done
# the default client sends X25519MLKEM768's share and x25519's: GnuTLS (no ML-KEM) takes x25519
# in one round trip (a retry would read "x25519 (after HelloRetryRequest)")
client_case "latch client -> gnutls-serv: default groups (hybrid + x25519 shares) give x25519" "$tls13" "$cert" "" \
    ", x25519, server certificate" "exit 0"
for group in x25519 secp256r1 secp384r1; do
    client_case "latch client -> gnutls-serv: $group" "$tls13" "$cert" "--groups $group" \
        ", $group, server certificate" "exit 0"
done
for key in rsa2048 p384 ed25519; do
    client_case "latch client -> gnutls-serv: $key certificate" "$tls13" \
        "--x509certfile $pki/$key.pem --x509keyfile $pki/$key-key.pem" "" "verified by 'ca'" "exit 0"
done
client_case "latch client -> gnutls-serv: HelloRetryRequest" "$tls13:-GROUP-ALL:+GROUP-SECP384R1" \
    "$cert" "" "secp384r1 \(after HelloRetryRequest\)" "exit 0"
client_case "latch client -> gnutls-serv: ALPN" "$tls13" "$cert --alpn http/1.1" "--alpn h2,http/1.1" \
    "ALPN http/1.1" "exit 0"
client_case "latch client -> gnutls-serv: KeyUpdate from latch" "$tls13" "$cert" "--key-update" "exit 0"
expect "gnutls-serv answered after the KeyUpdate" "$work/out" "200 OK"
client_case "wrong host: latch refuses" "$tls13" "$cert $debug" "--servername other.example" \
    "host-mismatch" "sent alert bad_certificate" "exit 1"
expect "wrong host: gnutls-serv received bad_certificate" "$work/peer.log" "Alert\\[2\\|42\\].*was received"
client_case "untrusted root: latch refuses" "$tls13" \
    "--x509certfile $pki/untrusted.pem --x509keyfile $pki/untrusted-key.pem $debug" "" \
    "unknown-issuer" "sent alert unknown_ca" "exit 1"
expect "untrusted root: gnutls-serv received unknown_ca" "$work/peer.log" "Alert\\[2\\|48\\].*was received"
client_case "expired: latch refuses" "$tls13" \
    "--x509certfile $pki/expired.pem --x509keyfile $pki/expired-key.pem $debug" "" \
    "expired on 2021-01-01" "sent alert certificate_expired" "exit 1"
expect "expired: gnutls-serv received certificate_expired" "$work/peer.log" "Alert\\[2\\|45\\].*was received"

# ---- gnutls-cli -> latch server ------------------------------------------------------------
server_case() { # DESCRIPTION "latch server options" PRIORITY "gnutls-cli options" PATTERN...
    local description=$1 server_opts=$2 priority=$3 client_opts=$4
    shift 4
    next_port
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --once $server_opts
    wait_port "$port" || { not_ok "$description (latch server did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    ( printf '%s' "$request"; sleep 1 ) | timeout 10 gnutls-cli -p "$port" localhost \
        --x509cafile "$pki/ca.pem" --priority "$priority" $client_opts >"$work/out" 2>&1
    echo "exit $?" >>"$work/out"
    sleep 0.2
    stop_peers
    expect "$description" "$work/out" "$@"
}
lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    server_case "gnutls-cli -> latch server: $suite" "$lcert --http" \
        "$tls13:-CIPHER-ALL:+${gnutls_cipher[$suite]}" "" "id=\"suite\">$suite" "exit 0"
done
for group in x25519 secp256r1 secp384r1; do
    server_case "gnutls-cli -> latch server: $group" "$lcert --http" \
        "$tls13:-GROUP-ALL:+GROUP-${gnutls_group[$group]}" "" "id=\"group\">$group<" "exit 0"
done
for key in rsa2048:rsa_pss_rsae_sha256 p384:ecdsa_secp384r1_sha384 ed25519:ed25519; do
    server_case "gnutls-cli -> latch server: ${key%%:*} certificate" \
        "--cert $pki/${key%%:*}.pem --key $pki/${key%%:*}-key.pem --http" "$tls13" "" \
        "id=\"sigscheme\">${key##*:}" "exit 0"
done
server_case "gnutls-cli -> latch server: HelloRetryRequest" "$lcert --http --groups secp384r1" \
    "$tls13:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1" "" \
    "id=\"group\">secp384r1 \(after HelloRetryRequest\)" "exit 0"
server_case "gnutls-cli -> latch server: ALPN and SNI" "$lcert --http --alpn http/1.1" "$tls13" \
    "--alpn http/1.1 --sni-hostname test.latch --verify-hostname test.latch" \
    "id=\"sni\">test.latch<" "id=\"alpn\">http/1.1<" "exit 0"
server_case "gnutls-cli -> latch server: KeyUpdate from latch" "$lcert --http --key-update" "$tls13" "" \
    "id=\"version\">TLS 1.3" "exit 0"
server_case "gnutls-cli -> latch server: record_size_limit 512" "$lcert --http" "$tls13" \
    "--recordsize=512 -d 5" "record_size_limit 16385 negotiated" "id=\"version\">TLS 1.3" "exit 0"
# every protected record latch sent fits: 512 content bytes + content type + 16-byte tag
largest=$(grep -Eo 'Application Data packet received\. Epoch [0-9]+, length: [0-9]+' "$work/out" |
          awk '{print $NF}' | sort -n | tail -1)
if [ -n "$largest" ] && [ "$largest" -le 529 ]; then
    ok "gnutls-cli -> latch server: latch's records respect the limit (largest $largest bytes)"
else
    not_ok "gnutls-cli -> latch server: latch's records respect the limit (largest '$largest')"
fi

# KeyUpdate from gnutls-cli (its ^rekey^ inline command), latch echoing
next_port
peer "$latch" server --port "$port" --once $lcert --echo
wait_port "$port"
( sleep 0.5; echo "^rekey^"; sleep 0.5; echo "ping after the update"; sleep 1 ) |
    timeout 10 gnutls-cli -p "$port" localhost --x509cafile "$pki/ca.pem" --priority "$tls13" \
    --inline-commands >"$work/out" 2>&1
sleep 0.2
stop_peers
expect "gnutls-cli -> latch server: KeyUpdate from gnutls-cli, then echo" "$work/out" \
    "^ping after the update"

summary
