#!/usr/bin/env bash
# OCSP stapling interop (RFC 6066 §8 in TLS 1.2, RFC 8446 §4.4.2.1 in TLS 1.3), both directions:
# latch client against `openssl s_server -status_file` (good, revoked, none when required), and
# `openssl s_client -status` and `gnutls-cli [--ocsp]` against `latch server --ocsp`; latch trace narrates
# the stapled status. The responses are made here by `openssl ocsp` for the test PKI's p256
# leaf, signed by its CA; they are stamped with the current time, and so is what latch checks.
# Usage: bash test_ocsp.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

request=$'GET / HTTP/1.0\r\n\r\n'
cert="-cert $pki/p256.pem -key $pki/p256-key.pem"

# ---- the responses --------------------------------------------------------------------------
serial=$(openssl x509 -in "$pki/p256.pem" -noout -serial | sed 's/serial=//')
expiry=$(date -u -d '+20 days' +%y%m%d%H%M%SZ)
revoked_at=$(date -u -d '-1 day' +%y%m%d%H%M%SZ)
printf 'V\t%s\t\t%s\tunknown\t/CN=localhost\n' "$expiry" "$serial" >"$work/good.idx"
printf 'R\t%s\t%s,keyCompromise\t%s\tunknown\t/CN=localhost\n' "$expiry" "$revoked_at" "$serial" >"$work/revoked.idx"
for status in good revoked; do
    openssl ocsp -issuer "$pki/ca.pem" -cert "$pki/p256.pem" -no_nonce -reqout "$work/req.der" >/dev/null 2>&1 &&
        openssl ocsp -index "$work/$status.idx" -CA "$pki/ca.pem" -rsigner "$pki/ca.pem" -rkey "$pki/ca-key.pem" \
            -reqin "$work/req.der" -respout "$work/$status.der" -ndays 1 >/dev/null 2>&1 ||
        { echo "cannot make the $status OCSP response"; exit 2; }
done

# ---- latch client -> openssl s_server -status_file --------------------------------------------
# client_case DESCRIPTION VERSION "s_server options" "latch client options" PATTERN...
client_case() {
    local description=$1 version=$2 server_opts=$3 client_opts=$4
    shift 4
    next_port
    # (emptied first: wait_port must not read the last peer's "ACCEPT" before this one starts)
    : >"$work/peer.log"
    # shellcheck disable=SC2086
    peer openssl s_server -accept "$port" -$version -www $cert $server_opts
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

for version in tls1_3 tls1_2; do
    v=${version#tls}
    client_case "latch client -> s_server $v: a good stapled response" $version \
        "-status_file $work/good.der" "--require-ocsp" "verified by 'ca', OCSP response good" "exit 0"
    client_case "latch client -> s_server $v: revoked fails" $version "-status_file $work/revoked.der" "" \
        "revoked on .*\(keyCompromise\)" "\[revoked\]" "sent alert certificate_revoked" "exit 1"
    expect "s_server $v received certificate_revoked" "$work/peer.log" "alert certificate revoked"
    client_case "latch client -> s_server $v: none stapled is fine by default" $version "" "" "exit 0"
    client_case "latch client -> s_server $v: none stapled, --require-ocsp fails" $version "" "--require-ocsp" \
        "stapled no OCSP response" "\[revocation-unknown\]" "sent alert bad_certificate_status_response" "exit 1"
    expect "s_server $v received bad_certificate_status_response" "$work/peer.log" \
        "bad certificate status response"
    client_case "latch client -> s_server $v: --no-ocsp does not look" $version "-status_file $work/revoked.der" \
        "--no-ocsp" "exit 0"
done

# ---- openssl s_client -status / gnutls-cli -> latch server --ocsp -----------------------------
# server_case "latch server options" COMMAND: runs the client command (a shell string, which
# sees the server's $port) against a latch server, its output in $work/out
server_case() {
    local server_opts=$1 command=$2
    next_port
    : >"$work/peer.log"
    # shellcheck disable=SC2086
    peer "$latch" server --cert "$pki/p256.pem" --key "$pki/p256-key.pem" $server_opts --port "$port" --once --echo
    wait_port "$port" || { echo "# latch server did not start" >"$work/out"; stop_peers; return 0; }
    echo hi | eval "timeout 10 $command" >"$work/out" 2>&1
    stop_peers
}

for version in tls1_3 tls1_2; do
    v=${version#tls}
    s_client='openssl s_client -connect 127.0.0.1:$port -'$version' -status -servername localhost -CAfile "$pki/ca.pem"'
    server_case "--ocsp $work/good.der" "$s_client"
    expect "openssl s_client $v -status -> latch server --ocsp: good" "$work/out" \
        "OCSP Response Status: successful" "Cert Status: good" "Verify return code: 0"
    server_case "" "$s_client"
    expect "openssl s_client $v -status -> latch server without --ocsp: none sent" "$work/out" \
        "OCSP response: no response sent"
done
if command -v gnutls-cli >/dev/null 2>&1; then
    for prio in "NORMAL:-VERS-ALL:+VERS-TLS1.3" "NORMAL:-VERS-ALL:+VERS-TLS1.2"; do
        v=${prio##*VERS-TLS}
        rm -f "$work/saved.der"
        server_case "--ocsp $work/good.der" \
            'gnutls-cli --port $port --priority '$prio' --x509cafile "$pki/ca.pem" --save-ocsp "$work/saved.der" localhost'
        expect "gnutls-cli $v -> latch server --ocsp: verified" "$work/out" "The certificate is trusted"
        if cmp -s "$work/saved.der" "$work/good.der"; then
            ok "gnutls-cli $v received the response as stapled"
        else
            not_ok "gnutls-cli $v received the response as stapled"
        fi
        # gnutls-cli --ocsp checks the stapled response as latch's client does
        server_case "--ocsp $work/revoked.der" \
            'gnutls-cli --ocsp --port $port --priority '$prio' --x509cafile "$pki/ca.pem" localhost'
        expect "gnutls-cli --ocsp $v -> latch server stapling revoked: refused" "$work/out" \
            "revoked via OCSP" "NOT trusted"
    done
else
    echo "# gnutls-cli not installed: its cases are skipped"
fi

# ---- latch against latch, narrated ------------------------------------------------------------
server_case "--ocsp $work/good.der" '"$latch" trace 127.0.0.1:$port --servername localhost --roots "$pki/ca.pem"'
expect "latch trace narrates the stapled status" "$work/out" \
    "with a stapled OCSP response" "Verified OCSP response: good, produced .*, next update "
server_case "--ocsp $work/revoked.der" '"$latch" trace 127.0.0.1:$port --tls12 --servername localhost --roots "$pki/ca.pem"'
expect "latch trace narrates a revoked staple (TLS 1.2)" "$work/out" \
    "CertificateStatus ← an OCSP response \([0-9]+ bytes\)" "FAILED OCSP response: revoked"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
