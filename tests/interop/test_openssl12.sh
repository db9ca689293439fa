#!/usr/bin/env bash
# TLS 1.2 interop with OpenSSL's command-line peers over loopback, both directions: every
# ECDHE-ECDSA, ECDHE-RSA and RSA key exchange suite, each group, the extended master secret,
# version negotiation with a 1.2-only peer (and refusal when the ranges do not meet), and a
# renegotiation attempt refused. The CBC suites of the old profile (docs/profiles.md) both ways,
# with encrypt-then-MAC (RFC 7366) and without, and a bulk transfer through them.
# Usage: bash test_openssl12.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

declare -A ossl_group=([x25519]=X25519 [secp256r1]=P-256 [secp384r1]=P-384)
declare -A ossl_cipher=(
    [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]=ECDHE-ECDSA-AES128-GCM-SHA256
    [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]=ECDHE-ECDSA-AES256-GCM-SHA384
    [TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-ECDSA-CHACHA20-POLY1305
    [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]=ECDHE-RSA-AES128-GCM-SHA256
    [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]=ECDHE-RSA-AES256-GCM-SHA384
    [TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-RSA-CHACHA20-POLY1305
    [TLS_RSA_WITH_AES_128_GCM_SHA256]=AES128-GCM-SHA256
    [TLS_RSA_WITH_AES_256_GCM_SHA384]=AES256-GCM-SHA384)
# the certificate and latch options each suite needs
suite_cert() { case $1 in *ECDSA*) echo p256 ;; *) echo rsa2048 ;; esac; }
suite_opts() { case $1 in TLS_RSA_*) echo --rsa-kex ;; esac; }
request=$'GET / HTTP/1.0\r\n\r\n'

# ---- latch client -> openssl s_server -tls1_2 ----------------------------------------------
client_case() { # DESCRIPTION "s_server options" "latch client options" PATTERN...
    local description=$1 server_opts=$2 client_opts=$3
    shift 3
    next_port
    # shellcheck disable=SC2086
    peer openssl s_server -accept "$port" -www $server_opts
    wait_port "$port" || { not_ok "$description (s_server did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" $client_opts >"$work/out" 2>"$work/err"
    echo "exit $?" >>"$work/err"
    stop_peers
    expect "$description" "$work/err" "$@"
}
for suite in "${!ossl_cipher[@]}"; do
    c=$(suite_cert "$suite")
    client_case "latch client -> s_server -tls1_2: $suite" \
        "-tls1_2 -cipher ${ossl_cipher[$suite]} -cert $pki/$c.pem -key $pki/$c-key.pem" \
        "$(suite_opts "$suite")" "TLS 1.2, $suite" "verified by 'ca'" "exit 0"
    expect "s_server agrees on $suite with the extended master secret" "$work/out" \
        "Cipher is ${ossl_cipher[$suite]}" "Extended master secret: yes" 2>/dev/null || true
done
cert="-cert $pki/p256.pem -key $pki/p256-key.pem"
# in TLS 1.2 the client's groups also bound the curve of an ECDSA certificate (RFC 8422 §5.1.1)
client_case "latch client -> s_server -tls1_2: x25519" "-tls1_2 $cert -groups X25519" \
    "--groups x25519,secp256r1" "TLS 1.2, .*, x25519, server certificate" "exit 0"
client_case "latch client -> s_server -tls1_2: secp256r1" "-tls1_2 $cert -groups P-256" \
    "--groups secp256r1" "TLS 1.2, .*, secp256r1, server certificate" "exit 0"
client_case "latch client -> s_server -tls1_2: secp384r1" \
    "-tls1_2 -cert $pki/p384.pem -key $pki/p384-key.pem -groups P-384" \
    "--groups secp384r1" "TLS 1.2, .*, secp384r1, server certificate" "exit 0"
client_case "latch client --tls12 -> s_server (1.3-capable): TLS 1.2" "$cert" "--tls12" \
    "TLS 1.2, TLS_ECDHE_ECDSA" "exit 0"
client_case "latch client --tls13 -> s_server -tls1_2: refused" "-tls1_2 $cert" "--tls13" \
    "protocol_version" "exit 1"
client_case "latch client -> s_server -tls1_2: ALPN" "-tls1_2 $cert -alpn http/1.1" \
    "--alpn h2,http/1.1" "TLS 1.2, .*ALPN http/1.1" "exit 0"

# ---- openssl s_client -tls1_2 -> latch server ----------------------------------------------
server_case() { # DESCRIPTION "latch server options" "s_client options" PATTERN...
    local description=$1 server_opts=$2 client_opts=$3
    shift 3
    next_port
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --once $server_opts
    wait_port "$port" || { not_ok "$description (latch server did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    printf '%s' "$request" | timeout 10 openssl s_client -connect "127.0.0.1:$port" \
        -CAfile "$pki/ca.pem" -verify_return_error -ign_eof $client_opts >"$work/out" 2>"$work/err"
    echo "exit $?" >>"$work/out"
    cat "$work/err" >>"$work/out"
    sleep 0.2
    stop_peers
    expect "$description" "$work/out" "$@"
}
for suite in "${!ossl_cipher[@]}"; do
    c=$(suite_cert "$suite")
    server_case "s_client -tls1_2 -> latch server: $suite" \
        "--cert $pki/$c.pem --key $pki/$c-key.pem --http $(suite_opts "$suite")" \
        "-tls1_2 -cipher ${ossl_cipher[$suite]}" "Cipher is ${ossl_cipher[$suite]}" \
        "Extended master secret: yes" "Verify return code: 0" "id=\"suite\">$suite<" \
        "id=\"version\">TLS 1.2<" "exit 0"
done
lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
server_case "s_client -tls1_2 -> latch server: x25519" "$lcert --http" "-tls1_2 -groups X25519:P-256" \
    "id=\"group\">x25519<" "exit 0"
server_case "s_client -tls1_2 -> latch server: secp256r1" "$lcert --http" "-tls1_2 -groups P-256" \
    "id=\"group\">secp256r1<" "exit 0"
server_case "s_client -tls1_2 -> latch server: secp384r1" \
    "--cert $pki/p384.pem --key $pki/p384-key.pem --http" "-tls1_2 -groups P-384" \
    "id=\"group\">secp384r1<" "exit 0"
server_case "s_client -tls1_2 -> latch server: the ECDSA certificate on a curve the client takes" \
    "--cert $pki/p384.pem --key $pki/p384-key.pem $lcert --http" "-tls1_2 -groups X25519:P-256" \
    "id=\"sigscheme\">ecdsa_secp256r1_sha256<" "exit 0"
server_case "s_client (1.3-capable) -> latch server --tls12: TLS 1.2" "$lcert --http --tls12" "" \
    "Protocol *: TLSv1.2" "id=\"version\">TLS 1.2<" "exit 0"
server_case "s_client -tls1_2 -> latch server --tls13: protocol_version" "$lcert --http --tls13" \
    "-tls1_2" "alert protocol version" "exit 1"
server_case "s_client -tls1_2 -> latch server: RSA key exchange off by default" \
    "--cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem --http" "-tls1_2 -cipher AES128-GCM-SHA256" \
    "alert handshake failure" "exit 1"
server_case "s_client -tls1_1 -> latch server: refused" "$lcert --http" "-tls1_1" "exit 1"
expect "s_client -tls1_1: latch says why" "$work/peer.log" "older than TLS 1.2"
server_case "s_client -tls1_2 -> latch server: two certificates, ECDSA suite picks P-256" \
    "--cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem $lcert --http" \
    "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256" "id=\"sigscheme\">ecdsa_secp256r1_sha256<" "exit 0"

# ---- the CBC suites (the old profile), both ways, encrypt-then-MAC on and off ---------------
declare -A ossl_cbc=(
    [TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA]=ECDHE-ECDSA-AES128-SHA
    [TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA]=ECDHE-ECDSA-AES256-SHA
    [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]=ECDHE-RSA-AES128-SHA
    [TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA]=ECDHE-RSA-AES256-SHA
    [TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256]=ECDHE-ECDSA-AES128-SHA256
    [TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384]=ECDHE-ECDSA-AES256-SHA384
    [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256]=ECDHE-RSA-AES128-SHA256
    [TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384]=ECDHE-RSA-AES256-SHA384
    [TLS_RSA_WITH_AES_128_CBC_SHA]=AES128-SHA
    [TLS_RSA_WITH_AES_256_CBC_SHA]=AES256-SHA
    [TLS_RSA_WITH_AES_128_CBC_SHA256]=AES128-SHA256
    [TLS_RSA_WITH_AES_256_CBC_SHA256]=AES256-SHA256)
for suite in "${!ossl_cbc[@]}"; do
    c=$(suite_cert "$suite")
    for etm in on off; do
        no_etm=""
        [ $etm = off ] && no_etm=-no_etm
        client_case "latch client --profile old -> s_server -tls1_2 $no_etm: $suite" \
            "-tls1_2 $no_etm -cipher ${ossl_cbc[$suite]} -cert $pki/$c.pem -key $pki/$c-key.pem" \
            "--profile old --tls12 --suites $suite" "TLS 1.2, $suite" "verified by 'ca'" "exit 0"
        expect "s_server agrees on ${ossl_cbc[$suite]} ($etm)" "$work/out" "Cipher is ${ossl_cbc[$suite]}"
        server_case "s_client -tls1_2 $no_etm -> latch server --profile old: $suite" \
            "--cert $pki/$c.pem --key $pki/$c-key.pem --http --profile old" \
            "-tls1_2 $no_etm -trace -cipher ${ossl_cbc[$suite]}" "Cipher is ${ossl_cbc[$suite]}" \
            "Verify return code: 0" "id=\"suite\">$suite<" "exit 0"
        # -trace shows the extension in the ClientHello and, when latch gives it, the ServerHello
        n=$(grep -c "extension_type=encrypt_then_mac" "$work/out")
        want=$([ $etm = on ] && echo 2 || echo 0)
        [ "$n" = "$want" ] && ok "latch server: encrypt-then-MAC $etm with $suite" ||
            not_ok "latch server: encrypt-then-MAC $etm with $suite ($n of $want in -trace)"
    done
done
server_case "s_client -tls1_2 -> latch server (default profile): no CBC suite" \
    "--cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem --http" "-tls1_2 -cipher ECDHE-RSA-AES128-SHA" \
    "alert handshake failure" "exit 1"
server_case "s_client -tls1_2 (CBC and GCM) -> latch server --profile old: GCM" \
    "--cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem --http --profile old" \
    "-tls1_2 -cipher ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256" \
    "id=\"suite\">TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256<" "exit 0"
# a megabyte there and back through CBC records (full records, many of them)
head -c 1048576 /dev/urandom >"$work/big"
for etm in on off; do
    no_etm=""
    [ $etm = off ] && no_etm=-no_etm
    next_port
    peer "$latch" server --port "$port" --once --echo --profile old --cert "$pki/rsa2048.pem" \
        --key "$pki/rsa2048-key.pem"
    wait_port "$port"
    ( cat "$work/big"; sleep 2 ) | timeout 20 openssl s_client -connect "127.0.0.1:$port" -tls1_2 $no_etm \
        -cipher ECDHE-RSA-AES256-SHA384 -CAfile "$pki/ca.pem" -quiet -ign_eof >"$work/echoed" 2>/dev/null
    stop_peers
    cmp -s "$work/big" "$work/echoed" && ok "1 MiB echoed by latch server over CBC ($etm)" ||
        not_ok "1 MiB echoed by latch server over CBC ($etm): $(wc -c <"$work/echoed") bytes back"
done

# renegotiation: s_client's "R" command; latch answers no_renegotiation and keeps the connection
next_port
peer "$latch" server --port "$port" --once $lcert --echo
wait_port "$port"
( sleep 0.5; echo R; sleep 0.5; echo "still here"; sleep 1 ) |
    timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_2 -CAfile "$pki/ca.pem" -msg \
    >"$work/out" 2>"$work/err"
sleep 0.2
stop_peers
expect "s_client -> latch server: renegotiation refused with no_renegotiation" "$work/out" \
    "<<< TLS 1.2, Alert \\[length 0002\\], warning no_renegotiation"

summary
