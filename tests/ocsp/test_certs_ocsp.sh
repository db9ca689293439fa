#!/usr/bin/env bash
# `latch certs ocsp LEAF.pem`: the development CA's OCSP response for one of its leaves, good or
# revoked from its revoked list (`latch certs revoke`). OpenSSL's `openssl ocsp -respin` is the
# second opinion on every response (signature, certID, status, reason, dates); latch verify and
# a latch server stapling it to a latch client use it end to end.
# Usage: bash tests/ocsp/test_certs_ocsp.sh LATCH_TOOL SOURCE_DIR BUILD_DIR   (KEEP=1 keeps files)
set -u

TOOL=${1:?usage: test_certs_ocsp.sh LATCH_TOOL SOURCE_DIR BUILD_DIR}
BUILD_DIR=${3:?usage: test_certs_ocsp.sh LATCH_TOOL SOURCE_DIR BUILD_DIR}
TOOL=$(cd "$(dirname "$TOOL")" && pwd)/$(basename "$TOOL")

PASSED=0
FAILED=0
mkdir -p "$BUILD_DIR" || exit 2
W=$(mktemp -d "$BUILD_DIR/certs-ocsp.XXXXXX") || exit 2
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    if [ "${KEEP:-0}" = 1 ]; then echo "# kept in $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
cd "$W" || exit 2
export LATCH_CA_DIR="$W/ca"

pass() { echo "ok - $1"; PASSED=$((PASSED + 1)); }
fail() { echo "not ok - $1"; FAILED=$((FAILED + 1)); }
# check NAME WANT_EXIT PATTERN COMMAND...: the exit code, and PATTERN in stdout+stderr
check() {
    local name=$1 want=$2 pattern=$3 out rc
    shift 3
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" = "$want" ] && grep -qE -- "$pattern" <<<"$out"; then
        pass "$name"
    else
        fail "$name (exit $rc, want $want; output: $out)"
    fi
}
ossl() { openssl ocsp -respin "$1" -CAfile ca/ca.pem -issuer ca/ca.pem -cert "$2" 2>&1; }

"$TOOL" certs ca >/dev/null && "$TOOL" certs issue --out leaf ocsp.test >/dev/null &&
    "$TOOL" certs issue --out other ocsp.test >/dev/null || { echo "setup failed"; exit 2; }

check "a good response for a leaf of the CA" 0 "Wrote the OCSP response leaf.ocsp.der for 'ocsp.test': good" \
    "$TOOL" certs ocsp leaf.pem
check "openssl verifies it: signed by the CA, about the leaf, good" 0 "Response verify OK" ossl leaf.ocsp.der leaf.pem
check "openssl reads the status good" 0 "leaf.pem: good" ossl leaf.ocsp.der leaf.pem
check "latch verify takes it" 0 "^OCSP response: good" \
    "$TOOL" verify --roots ca/ca.pem --host ocsp.test --ocsp leaf.ocsp.der --require-ocsp leaf.pem
check "the response is about that leaf only" 1 "not about .*\[revocation-unknown\]" \
    "$TOOL" verify --roots ca/ca.pem --host ocsp.test --ocsp leaf.ocsp.der --require-ocsp other.pem

"$TOOL" certs revoke leaf.pem --reason keyCompromise >/dev/null || fail "certs revoke"
check "after certs revoke, the response says revoked" 0 "revoked on .* \(keyCompromise\)" \
    "$TOOL" certs ocsp leaf.pem --out revoked.der
check "openssl reads revoked with its reason" 0 "Reason: keyCompromise" ossl revoked.der leaf.pem
check "latch verify fails it" 1 "\(keyCompromise\).*\[revoked\]$" \
    "$TOOL" verify --roots ca/ca.pem --host ocsp.test --ocsp revoked.der leaf.pem
check "the other leaf is still good" 0 "good" "$TOOL" certs ocsp other.pem
"$TOOL" certs revoke other.pem >/dev/null || fail "certs revoke (unspecified)"
"$TOOL" certs ocsp other.pem --out unspecified.der >/dev/null
if ossl unspecified.der other.pem | grep -q "other.pem: revoked" && ! ossl unspecified.der other.pem | grep -q "Reason:"; then
    pass "revoked for an unspecified reason carries no reason code (RFC 5280 §5.3.1)"
else
    fail "revoked for an unspecified reason carries no reason code (RFC 5280 §5.3.1)"
fi

# --days: 1 to 366
next_update() { ossl "$1" leaf.pem | sed -n 's/.*Next Update: //p' | head -1; }
for days in 365 366; do
    "$TOOL" certs ocsp leaf.pem --out days.der --days $days >/dev/null
    want=$(date -u -d "+$days days" '+%b %e %Y')
    got=$(next_update days.der)
    if [ -n "$got" ] && [ "$(date -u -d "$got" '+%b %e %Y')" = "$want" ]; then
        pass "--days $days sets nextUpdate $days days ahead"
    else
        fail "--days $days sets nextUpdate $days days ahead (got '$got', want $want)"
    fi
done
check "--days 367 is refused" 2 "from 1 to 366" "$TOOL" certs ocsp leaf.pem --days 367
check "--days 0 is refused" 2 "from 1 to 366" "$TOOL" certs ocsp leaf.pem --days 0

# what it refuses
mkdir -p elsewhere && LATCH_CA_DIR="$W/elsewhere/ca" "$TOOL" certs ca >/dev/null &&
    (cd elsewhere && LATCH_CA_DIR="$W/elsewhere/ca" "$TOOL" certs issue --out stranger ocsp.test >/dev/null)
check "a leaf of another CA is refused" 2 "was not issued by this CA" "$TOOL" certs ocsp elsewhere/stranger.pem
check "a missing leaf is an error" 1 "cannot read missing.pem" "$TOOL" certs ocsp missing.pem
check "no leaf is bad usage" 2 "needs the certificate file" "$TOOL" certs ocsp
check "without a CA it says so" 2 "." env LATCH_CA_DIR="$W/none" "$TOOL" certs ocsp leaf.pem

# end to end: a latch server staples the revoked response, a latch client refuses the server
port=$((10000 + RANDOM % 22000))
"$TOOL" server --cert leaf.pem --key leaf-key.pem --ocsp revoked.der --port $port --once --echo >server.log 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do grep -q "listening on" server.log && break; sleep 0.1; done
check "a latch client refuses the server whose stapled response says revoked" 1 \
    "revoked on .*\[revoked\] \(sent alert certificate_revoked\)" \
    sh -c "echo hi | timeout 10 '$TOOL' client 127.0.0.1:$port --servername ocsp.test --roots ca/ca.pem"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
