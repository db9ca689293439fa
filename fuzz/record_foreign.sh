#!/usr/bin/env bash
# Records the engine seeds that come from foreign peers (fuzz/record_foreign.c): OpenSSL's
# s_client and s_server, GnuTLS's gnutls-cli and gnutls-serv, in TLS 1.3 and TLS 1.2 (ECDHE with
# ECDSA and RSA certificates, RSA key transport, a HelloRetryRequest, a server that asks for a
# client certificate). fuzz_server's seeds are what the foreign clients sent latch's fixed server;
# fuzz_client's what the foreign servers answered latch's fixed client. Named openssl-* and
# gnutls-*: they end at the peer's first encrypted message, so `fuzz/run.sh smoke` does not ask
# them to complete a handshake (only the tls* seeds must).
# Usage: fuzz/record_foreign.sh OUT   (OUT holds record_foreign, built by fuzz/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: fuzz/record_foreign.sh OUT}
pki=tests/vectors/pki
server_seeds=fuzz/seeds/fuzz_server client_seeds=fuzz/seeds/fuzz_client
for tool in openssl gnutls-cli gnutls-serv; do
    command -v "$tool" >/dev/null || { echo "record_foreign: $tool is not installed (scripts/deps.sh --check installs it)" >&2; exit 77; }
done
status=0
record() { # harness-side seed-path peer-command...
    local side=$1 seed=$2
    shift 2
    if "$out/record_foreign" "$side" "$seed" -- "$@" >"$out/record_foreign.log" 2>&1; then
        echo "== $seed: $(stat -c %s "$seed") bytes"
    else
        echo "== $seed FAILED:"; tail -5 "$out/record_foreign.log"; status=1
    fi
}

# foreign clients, latch's fixed server (TLS 1.2 and 1.3, x25519 and secp256r1, no client
# certificate asked for)
ossl_client=(openssl s_client -connect 127.0.0.1:{port} -servername localhost -CAfile "$pki/ca.pem")
record server "$server_seeds/openssl-tls13" "${ossl_client[@]}" -tls1_3
record server "$server_seeds/openssl-tls13-chacha20" "${ossl_client[@]}" -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256
record server "$server_seeds/openssl-tls13-hrr" "${ossl_client[@]}" -tls1_3 -groups P-384:P-256
record server "$server_seeds/openssl-tls12-ecdhe-ecdsa" "${ossl_client[@]}" -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
record server "$server_seeds/openssl-tls12-ecdhe-rsa" "${ossl_client[@]}" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
record server "$server_seeds/openssl-tls12-rsa" "${ossl_client[@]}" -tls1_2 -cipher AES128-GCM-SHA256
gnutls_client=(gnutls-cli -p {port} --sni-hostname localhost --x509cafile "$pki/ca.pem" 127.0.0.1)
record server "$server_seeds/gnutls-tls13" "${gnutls_client[@]}" --priority NORMAL:-VERS-ALL:+VERS-TLS1.3
record server "$server_seeds/gnutls-tls13-hrr" "${gnutls_client[@]}" \
    --priority NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-SECP384R1:+GROUP-SECP256R1
record server "$server_seeds/gnutls-tls12-ecdhe-ecdsa" "${gnutls_client[@]}" --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA
record server "$server_seeds/gnutls-tls12-ecdhe-rsa" "${gnutls_client[@]}" --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA
record server "$server_seeds/gnutls-tls12-rsa" "${gnutls_client[@]}" --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA

# foreign servers, latch's fixed client (TLS 1.2 and 1.3, default suites and groups, RSA key
# transport, no certificate of its own)
ossl_p256=(openssl s_server -accept {port} -naccept 1 -www -cert "$pki/p256.pem" -key "$pki/p256-key.pem")
ossl_rsa=(openssl s_server -accept {port} -naccept 1 -www -cert "$pki/rsa2048.pem" -key "$pki/rsa2048-key.pem")
record client "$client_seeds/openssl-tls13" "${ossl_p256[@]}" -tls1_3
record client "$client_seeds/openssl-tls13-rsa" "${ossl_rsa[@]}" -tls1_3
record client "$client_seeds/openssl-tls13-hrr" "${ossl_p256[@]}" -tls1_3 -groups P-256
record client "$client_seeds/openssl-tls13-mtls" "${ossl_p256[@]}" -tls1_3 -verify 1 -CAfile "$pki/ca.pem"
record client "$client_seeds/openssl-tls12-ecdhe-ecdsa" "${ossl_p256[@]}" -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
record client "$client_seeds/openssl-tls12-ecdhe-rsa" "${ossl_rsa[@]}" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
record client "$client_seeds/openssl-tls12-rsa" "${ossl_rsa[@]}" -tls1_2 -cipher AES128-GCM-SHA256
record client "$client_seeds/openssl-tls12-mtls" "${ossl_p256[@]}" -tls1_2 -verify 1 -CAfile "$pki/ca.pem"
gnutls_p256=(gnutls-serv -p {port} --x509certfile "$pki/p256.pem" --x509keyfile "$pki/p256-key.pem")
gnutls_rsa=(gnutls-serv -p {port} --x509certfile "$pki/rsa2048.pem" --x509keyfile "$pki/rsa2048-key.pem")
record client "$client_seeds/gnutls-tls13" "${gnutls_p256[@]}" -a --priority NORMAL:-VERS-ALL:+VERS-TLS1.3
record client "$client_seeds/gnutls-tls13-hrr" "${gnutls_p256[@]}" -a \
    --priority NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-SECP256R1
record client "$client_seeds/gnutls-tls12-ecdhe-ecdsa" "${gnutls_p256[@]}" -a --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA
record client "$client_seeds/gnutls-tls12-ecdhe-rsa" "${gnutls_rsa[@]}" -a --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA
record client "$client_seeds/gnutls-tls12-rsa" "${gnutls_rsa[@]}" -a --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA
record client "$client_seeds/gnutls-tls12-mtls" "${gnutls_p256[@]}" --x509cafile "$pki/ca.pem" \
    --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA
exit $status
