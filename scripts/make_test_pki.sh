#!/bin/sh
# Makes the fixed test PKI in tests/vectors/pki (committed; rerun only to change it): a root CA
# (ECDSA P-256), a root nobody trusts, and leaves for localhost / test.latch / 127.0.0.1 with
# each key type the TLS tests cover (ECDSA P-256, P-384, RSA-2048, Ed25519), an expired leaf and
# a leaf from the untrusted root. Validity runs 2020-2120 so the tests neither age nor depend on
# a clock being exactly right; `openssl ca` is used because it can set both dates.
set -eu
out=${1:-tests/vectors/pki}
mkdir -p "$out"
cd "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = p
unique_subject = no
[p]
organizationName = supplied
commonName = supplied
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:localhost,DNS:test.latch,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
: >"$work/index.txt"
echo 01 >"$work/serial"

sign() { # name ca extensions start end
    openssl ca -batch -config "$work/ca.cnf" -extensions "$3" -cert "$2.pem" -keyfile "$2-key.pem" \
        -notext -startdate "$4" -enddate "$5" -in "$work/$1.csr" -out "$1.pem" 2>/dev/null
}
key_and_csr() { # name cn keyalg-args...
    name=$1; cn=$2; shift 2
    openssl genpkey "$@" -out "$name-key.pem" 2>/dev/null
    openssl req -new -key "$name-key.pem" -subj "/O=latch tests/CN=$cn" -out "$work/$name.csr"
}
root() { # name
    key_and_csr "$1" "$1" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
    openssl ca -batch -selfsign -config "$work/ca.cnf" -extensions root -keyfile "$1-key.pem" \
        -notext -startdate 20200101000000Z -enddate 21200101000000Z -in "$work/$1.csr" \
        -out "$1.pem" 2>/dev/null
}
leaf() { # name ca keyalg-args...
    name=$1; ca=$2; shift 2
    key_and_csr "$name" localhost "$@"
    sign "$name" "$ca" leaf 20200101000000Z 21200101000000Z
}
root ca
root other-ca
leaf p256 ca -algorithm EC -pkeyopt ec_paramgen_curve:P-256
leaf p384 ca -algorithm EC -pkeyopt ec_paramgen_curve:P-384
leaf rsa2048 ca -algorithm RSA -pkeyopt rsa_keygen_bits:2048
leaf ed25519 ca -algorithm ED25519
leaf untrusted other-ca -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key_and_csr expired localhost -algorithm EC -pkeyopt ec_paramgen_curve:P-256
sign expired ca leaf 20200101000000Z 20210101000000Z
