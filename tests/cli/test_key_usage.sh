#!/usr/bin/env bash
# A server certificate's keyUsage must allow what its key does in the handshake (RFC 5280 §4.2.1.3,
# RFC 8446 §4.4.2.2, RFC 5246 §7.4.2): digitalSignature to sign (TLS 1.3, TLS 1.2 ECDHE),
# keyEncipherment for the TLS 1.2 RSA key exchange; with verification off too, since this is the
# protocol's rule, not trust. Certificates are made here with the openssl CLI.
# Usage: bash test_key_usage.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

cd "$work" || exit 1
cat >ext.cnf <<'EOF'
[test_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[sign_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[encipher_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
openssl req -new -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
    -subj "/CN=key usage test CA" -days 30 -extensions test_ca -config <(cat /etc/ssl/openssl.cnf ext.cnf) \
    -out ca.pem 2>/dev/null
issue() { # NAME ec|rsa PROFILE
    if [ "$2" = ec ]; then
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
    else
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
    fi
    openssl req -new -key "$1.key" -subj "/CN=localhost" -out "$1.csr" 2>/dev/null &&
        openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
            -days 20 -extfile ext.cnf -extensions "$3" -out "$1.pem" 2>/dev/null ||
        not_ok "openssl makes $1"
}
issue ec_encipher ec encipher_only
issue ec_sign ec sign_only
issue rsa_sign rsa sign_only
issue rsa_encipher rsa encipher_only

# case DESCRIPTION WANT CERT "server options" "client options" [PATTERN]
case_() {
    local description=$1 want=$2 cert=$3 server_opts=$4 client_opts=$5 pattern=${6:-}
    next_port
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --cert "$cert.pem" --key "$cert.key" --echo $server_opts
    wait_port || { not_ok "$description (the server did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    echo hi | timeout 10 "$latch" client "localhost:$port" $client_opts >"$work/out" 2>"$work/err"
    local got=$?
    stop_peers
    if [ "$got" -ne "$want" ]; then
        not_ok "$description (exit $got, not $want)"
    elif [ -n "$pattern" ]; then
        expect "$description" "$work/err" "$pattern"
    else
        ok "$description"
    fi
}
roots="--roots ca.pem"
case_ "TLS 1.3: a certificate whose keyUsage lacks digitalSignature is refused" 1 ec_encipher "" "$roots" \
    "may not be used to sign the handshake: its keyUsage lacks digitalSignature \[key-usage\].*bad_certificate"
case_ "TLS 1.3: ... with verification off too" 1 ec_encipher "" "--insecure" \
    "its keyUsage lacks digitalSignature \[key-usage\]"
case_ "TLS 1.2 ECDHE: the same" 1 ec_encipher "" "$roots --tls12" "its keyUsage lacks digitalSignature"
case_ "TLS 1.3: digitalSignature alone is what signing needs" 0 ec_sign "" "$roots"
case_ "TLS 1.2 RSA key exchange: a certificate without keyEncipherment is refused" 1 rsa_sign "--rsa-kex" \
    "$roots --tls12 --rsa-kex --suites TLS_RSA_WITH_AES_128_GCM_SHA256" \
    "may not be used for the RSA key exchange: its keyUsage lacks keyEncipherment"
case_ "TLS 1.2 RSA key exchange: keyEncipherment alone is what it needs" 0 rsa_encipher "--rsa-kex" \
    "$roots --tls12 --rsa-kex --suites TLS_RSA_WITH_AES_128_GCM_SHA256"
case_ "TLS 1.2 ECDHE-RSA: the same digitalSignature-only certificate signs" 0 rsa_sign "" "$roots --tls12"
summary
