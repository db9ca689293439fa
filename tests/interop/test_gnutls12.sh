#!/usr/bin/env bash
# TLS 1.2 interop with GnuTLS's command-line peers over loopback, both directions: every
# ECDHE-ECDSA, ECDHE-RSA and RSA key exchange suite, a peer without the extended master secret
# (a full handshake by default, said so; refused with --require-ems), and version negotiation.
# The CBC suites of the old profile (docs/profiles.md) both ways, with GnuTLS's encrypt-then-MAC
# (RFC 7366) and without (%NO_ETM).
# Usage: bash test_gnutls12.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

if ! command -v gnutls-serv >/dev/null || ! command -v gnutls-cli >/dev/null; then
    echo "gnutls-bin is not installed (scripts/deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
tls12="NORMAL:-VERS-ALL:+VERS-TLS1.2"
declare -A gnutls_suite=(
    [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]="-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+AES-128-GCM"
    [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]="-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+AES-256-GCM"
    [TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]="-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+CHACHA20-POLY1305"
    [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]="-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-128-GCM"
    [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]="-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-256-GCM"
    [TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]="-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+CHACHA20-POLY1305"
    [TLS_RSA_WITH_AES_128_GCM_SHA256]="-KX-ALL:+RSA:-CIPHER-ALL:+AES-128-GCM"
    [TLS_RSA_WITH_AES_256_GCM_SHA384]="-KX-ALL:+RSA:-CIPHER-ALL:+AES-256-GCM")
suite_cert() { case $1 in *ECDSA*) echo p256 ;; *) echo rsa2048 ;; esac; }
suite_opts() { case $1 in TLS_RSA_*) echo --rsa-kex ;; esac; }
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
    echo "exit $?" >>"$work/err"
    sleep 0.2
    stop_peers
    expect "$description" "$work/err" "$@"
}
for suite in "${!gnutls_suite[@]}"; do
    c=$(suite_cert "$suite")
    client_case "latch client -> gnutls-serv: $suite" "$tls12:${gnutls_suite[$suite]}" \
        "--x509certfile $pki/$c.pem --x509keyfile $pki/$c-key.pem" "$(suite_opts "$suite")" \
        "TLS 1.2, $suite" "verified by 'ca'" "exit 0"
done
cert="--x509certfile $pki/p256.pem --x509keyfile $pki/p256-key.pem"
client_case "latch client --require-ems -> gnutls-serv without EMS: refused" "$tls12:%NO_SESSION_HASH" \
    "$cert" "--require-ems" "extended master secret" "exit 1"
client_case "latch client -> gnutls-serv without EMS: a full handshake, said so" "$tls12:%NO_SESSION_HASH" \
    "$cert" "" "TLS 1.2, TLS_ECDHE_ECDSA" "no extended master secret" "exit 0"
expect "gnutls-serv without EMS answered" "$work/out" "200 OK"

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
for suite in "${!gnutls_suite[@]}"; do
    c=$(suite_cert "$suite")
    server_case "gnutls-cli -> latch server: $suite" \
        "--cert $pki/$c.pem --key $pki/$c-key.pem --http $(suite_opts "$suite")" \
        "$tls12:${gnutls_suite[$suite]}" "" "id=\"suite\">$suite<" "id=\"version\">TLS 1.2<" "exit 0"
done
lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
server_case "gnutls-cli without EMS -> latch server --require-ems: refused" "$lcert --http --require-ems" \
    "$tls12:%NO_SESSION_HASH" "" "exit 1"
expect "latch server says why it refused" "$work/peer.log" "extended master secret"
server_case "gnutls-cli without EMS -> latch server: a full handshake, said so" "$lcert --http" \
    "$tls12:%NO_SESSION_HASH" "" "id=\"version\">TLS 1.2<" "no extended master secret" "exit 0"
server_case "gnutls-cli (1.2 and 1.3) -> latch server --tls12" "$lcert --http --tls12" "NORMAL" "" \
    "id=\"version\">TLS 1.2<" "exit 0"

# ---- the CBC suites (the old profile), both ways, encrypt-then-MAC on and off ---------------
declare -A gnutls_cbc=(
    [TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA]="-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1"
    [TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA]="-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA1"
    [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]="-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1"
    [TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA]="-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA1"
    [TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256]="-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA256"
    [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256]="-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA256"
    [TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384]="-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA384"
    [TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384]="-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA384"
    [TLS_RSA_WITH_AES_128_CBC_SHA]="-KX-ALL:+RSA:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1"
    [TLS_RSA_WITH_AES_256_CBC_SHA]="-KX-ALL:+RSA:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA1"
    [TLS_RSA_WITH_AES_128_CBC_SHA256]="-KX-ALL:+RSA:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA256"
    [TLS_RSA_WITH_AES_256_CBC_SHA256]="-KX-ALL:+RSA:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA256")
for suite in "${!gnutls_cbc[@]}"; do
    c=$(suite_cert "$suite")
    for etm in "" ":%NO_ETM"; do
        client_case "latch client --profile old -> gnutls-serv${etm:+ $etm}: $suite" \
            "$tls12:${gnutls_cbc[$suite]}$etm" "--x509certfile $pki/$c.pem --x509keyfile $pki/$c-key.pem" \
            "--profile old --tls12 --suites $suite" "TLS 1.2, $suite" "verified by 'ca'" "exit 0"
        expect "gnutls-serv answered over $suite${etm:+ $etm}" "$work/out" "200 OK"
        server_case "gnutls-cli${etm:+ $etm} -> latch server --profile old: $suite" \
            "--cert $pki/$c.pem --key $pki/$c-key.pem --http --profile old" \
            "$tls12:${gnutls_cbc[$suite]}$etm" "" "id=\"suite\">$suite<" "exit 0"
    done
done

summary
