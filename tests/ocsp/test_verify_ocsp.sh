#!/usr/bin/env bash
# `latch verify --ocsp` against responses made by `openssl ocsp` (RFC 6960): the second opinion
# on the encoding is OpenSSL's responder, so latch reads what a real responder writes.
#
# Usage: bash tests/ocsp/test_verify_ocsp.sh LATCH_TOOL SOURCE_DIR BUILD_DIR   (KEEP=1 keeps files)
#
# Made here, at test time: a CA (ECDSA P-256), a leaf for ocsp.test and a second leaf, a
# delegated responder (extendedKeyUsage OCSPSigning) and a responder without that purpose, an
# index.txt with the second leaf revoked (keyCompromise). openssl ocsp stamps its responses with
# the current time, so latch verifies at the current time, or a day or two later for staleness.
set -u

TOOL=${1:?usage: test_verify_ocsp.sh LATCH_TOOL SOURCE_DIR BUILD_DIR}
BUILD_DIR=${3:?usage: test_verify_ocsp.sh LATCH_TOOL SOURCE_DIR BUILD_DIR}

PASSED=0
FAILED=0
mkdir -p "$BUILD_DIR" || exit 2
W=$(mktemp -d "$BUILD_DIR/ocsp.XXXXXX") || exit 2
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "# kept in $W"; else rm -rf "$W"; fi; }
trap cleanup EXIT
cd "$W" || exit 2

pass() { echo "ok - $1"; PASSED=$((PASSED + 1)); }
fail() { echo "not ok - $1"; FAILED=$((FAILED + 1)); }
die() { echo "setup failed: $*" >&2; exit 2; }

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

cat > ext.cnf <<'CNF'
[test_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:ocsp.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[responder]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[responder_no_ds]
basicConstraints = critical, CA:FALSE
keyUsage = critical, nonRepudiation
extendedKeyUsage = OCSPSigning
[responder_critical]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
1.3.6.1.4.1.99999.7 = critical, ASN1:NULL
[notresponder]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

key ca && openssl req -new -x509 -key ca.key -subj "/O=latch tests/CN=OCSP test CA" -days 30 \
    -extensions test_ca -config <(cat /etc/ssl/openssl.cnf ext.cnf) -out ca.pem 2>/dev/null || die "CA"
issue() { # name subject extensions
    key "$1" && openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null &&
        openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
            -days 20 -extfile ext.cnf -extensions "$3" -out "$1.pem" 2>/dev/null || die "$1"
}
# every leaf is for ocsp.test: a server certificate's CN must be a copy of a SAN
issue leaf "/CN=ocsp.test" leaf
issue revoked "/O=latch tests/OU=revoked/CN=ocsp.test" leaf
issue stranger "/O=latch tests/OU=not in the index/CN=ocsp.test" leaf
issue responder "/CN=OCSP responder" responder
issue notresponder "/CN=not a responder" notresponder
issue responder_no_ds "/CN=responder without digitalSignature" responder_no_ds
issue responder_critical "/CN=responder with a critical extension" responder_critical

serial_of() { openssl x509 -in "$1" -noout -serial | sed 's/serial=//'; }
expiry=$(date -u -d '+20 days' +%y%m%d%H%M%SZ)
revoked_at=$(date -u -d '-1 day' +%y%m%d%H%M%SZ)
printf 'V\t%s\t\t%s\tunknown\t/CN=ocsp.test\n' "$expiry" "$(serial_of leaf.pem)" > index.txt
printf 'R\t%s\t%s,keyCompromise\t%s\tunknown\t/O=latch tests/OU=revoked/CN=ocsp.test\n' "$expiry" "$revoked_at" \
    "$(serial_of revoked.pem)" >> index.txt

# respond CERT OUT [extra openssl ocsp options]: a response from the CA itself unless -rsigner
# is among the options; request options (-sha256) go before "--".
respond() {
    local cert=$1 out=$2 reqopts=() respopts=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do reqopts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    respopts=("$@")
    local signer=(-rsigner ca.pem -rkey ca.key)
    case " ${respopts[*]-} " in *" -rsigner "*) signer=() ;; esac
    # a digest option names the hash of the certID of the -cert after it
    openssl ocsp -issuer ca.pem ${reqopts[@]+"${reqopts[@]}"} -cert "$cert" -no_nonce -reqout "$out.req" \
        >/dev/null 2>&1 || die "request $out"
    openssl ocsp -index index.txt -CA ca.pem ${signer[@]+"${signer[@]}"} -reqin "$out.req" -respout "$out" \
        -ndays 1 ${respopts[@]+"${respopts[@]}"} >/dev/null 2>&1 || die "response $out"
}

# expect NAME EXIT PATTERN [latch verify arguments...]: runs latch verify on LEAF with the CA as
# root and checks the exit code and that stdout+stderr match PATTERN.
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local out rc
    out=$("$TOOL" verify --roots ca.pem "$@" 2>&1)
    rc=$?
    if [ "$rc" = "$want" ] && grep -qE -- "$pattern" <<<"$out"; then
        pass "$name"
    else
        fail "$name (exit $rc, want $want; output: $out)"
    fi
}

respond leaf.pem good.der
respond leaf.pem good256.der -sha256 --
respond leaf.pem good384.der -sha384 --
respond leaf.pem good512.der -sha512 --
respond leaf.pem bykey.der -- -resp_key_id
respond revoked.pem revoked.der
respond stranger.pem unknown.der
respond leaf.pem delegated.der -- -rsigner responder.pem -rkey responder.key
respond leaf.pem notdelegated.der -- -rsigner notresponder.pem -rkey notresponder.key
respond leaf.pem sha1.der -- -rmd sha1
respond leaf.pem no_ds.der -- -rsigner responder_no_ds.pem -rkey responder_no_ds.key
respond leaf.pem critical.der -- -rsigner responder_critical.pem -rkey responder_critical.key

expect "a good response from the CA is accepted" 0 "^OCSP response: good, produced .*next update" \
    --host ocsp.test --ocsp good.der leaf.pem
expect "a certID hashed with SHA-256 is matched" 0 "^OCSP response: good" \
    --host ocsp.test --ocsp good256.der leaf.pem
expect "a certID hashed with SHA-384 is matched" 0 "^OCSP response: good" \
    --host ocsp.test --ocsp good384.der leaf.pem
expect "a certID hashed with SHA-512 is matched" 0 "^OCSP response: good" \
    --host ocsp.test --ocsp good512.der leaf.pem
expect "a responder named by key hash is matched" 0 "^OCSP response: good" \
    --host ocsp.test --ocsp bykey.der leaf.pem
expect "a delegated responder with OCSPSigning is accepted" 0 "^OCSP response: good" \
    --host ocsp.test --ocsp delegated.der leaf.pem
expect "a revoked certificate fails with its reason" 1 "revoked on .*\(keyCompromise\).*\[revoked\]$" \
    --host ocsp.test --ocsp revoked.der revoked.pem
expect "revoked fails with --require-ocsp too" 1 "\[revoked\]$" \
    --host ocsp.test --ocsp revoked.der --require-ocsp revoked.pem
expect "status unknown is noted and ignored" 0 "note: .*status unknown" \
    --host ocsp.test --ocsp unknown.der stranger.pem
expect "status unknown fails when OCSP is required" 1 "status unknown.*\[revocation-unknown\]$" \
    --host ocsp.test --ocsp unknown.der --require-ocsp stranger.pem
expect "a response about another certificate is no answer" 1 "not about 'ocsp.test'.*\[revocation-unknown\]$" \
    --host ocsp.test --ocsp revoked.der --require-ocsp leaf.pem
expect "a responder without OCSPSigning is not trusted" 1 "id-kp-OCSPSigning.*\[revocation-unknown\]$" \
    --host ocsp.test --ocsp notdelegated.der --require-ocsp leaf.pem
expect "a responder whose keyUsage lacks digitalSignature is not trusted" 1 "without digitalSignature.*\[revocation-unknown\]$" \
    --host ocsp.test --ocsp no_ds.der --require-ocsp leaf.pem
expect "a responder with an unknown critical extension is not trusted" 1 "critical extension.*\[revocation-unknown\]$" \
    --host ocsp.test --ocsp critical.der --require-ocsp leaf.pem
expect "an untrusted responder is only a note without --require-ocsp" 0 "note: .*id-kp-OCSPSigning" \
    --host ocsp.test --ocsp notdelegated.der leaf.pem
expect "a response signed with SHA-1 is refused" 1 "signed with .*SHA1?.*\[revocation-unknown\]$" \
    --host ocsp.test --ocsp sha1.der --require-ocsp leaf.pem
later=$(($(date +%s) + 2 * 86400))
expect "a response past its nextUpdate is out of date" 1 "out of date.*\[revocation-unknown\]$" \
    --host ocsp.test --time "$later" --ocsp good.der --require-ocsp leaf.pem
expect "--require-ocsp without a response fails" 1 "no OCSP response.*\[revocation-unknown\]$" \
    --host ocsp.test --require-ocsp leaf.pem
head -c 300 /dev/urandom > garbage.der
expect "garbage is a malformed response" 1 "malformed.*\[revocation-unknown\]$" \
    --host ocsp.test --ocsp garbage.der --require-ocsp leaf.pem
expect "a missing response file is a usage error" 2 "cannot read the OCSP response" \
    --host ocsp.test --ocsp missing.der leaf.pem
head -c 65537 /dev/zero > big.der
expect "a response file over 64 KiB is refused" 2 "larger than 64 KiB" \
    --host ocsp.test --ocsp big.der leaf.pem

# OpenSSL agrees about the responses latch accepted and refused above.
if openssl ocsp -respin delegated.der -CAfile ca.pem -issuer ca.pem -cert leaf.pem 2>&1 | grep -q "leaf.pem: good"; then
    pass "openssl also accepts the delegated response"
else
    fail "openssl also accepts the delegated response"
fi
if openssl ocsp -respin notdelegated.der -CAfile ca.pem -issuer ca.pem -cert leaf.pem 2>&1 | grep -q "Response Verify Failure"; then
    pass "openssl also refuses the responder without OCSPSigning"
else
    fail "openssl also refuses the responder without OCSPSigning"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
