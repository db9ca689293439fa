#!/usr/bin/env bash
# Constant-time check of the TLS 1.2 RSA pre-master selection (RFC 5246 §7.4.7.1) under valgrind
# memcheck. test_rsa_kex marks the decrypted block and the fallback undefined before it calls
# lt_rsa_pms_select, so a branch on them is reported as "Conditional jump or move depends on
# uninitialised value(s)" and an address computed from them as "Use of uninitialised value": the
# real run must have neither. Then `test_rsa_kex
# --leaky` runs the same marked check on a naive, branching select, and memcheck must report it,
# which shows the first result means something.
#
# The same for opening a TLS 1.2 CBC record (MAC-then-encrypt, RFC 5246 §6.2.3.2; Lucky
# Thirteen): `test_cbc --ct` opens good records and records with every kind of bad padding and a
# bad MAC with their IV and ciphertext marked undefined, so the plaintext, padding and MAC that
# come out of them are too. latch's own code (every frame but libcrypto's) must never branch on
# them or compute an address from them: the first frame of each report is what counts. libcrypto's
# constant-time TLS record code, which latch calls for the padding and the MAC, has reports of its
# own (a bound check on the secret length that is always false, its MAC rotation's indexes within
# one cache line): they are counted and shown, not failed. `test_cbc --ct-leaky` runs a naive open
# that stops at the first bad padding byte and hashes exactly the plaintext: memcheck must report
# it in the test binary's own code.
#
# And ML-KEM-768 decapsulation (below): the decapsulation key and the ciphertext marked, a
# deliberately branching build of the comparison reported.
# Usage: bash test_valgrind_ct.sh <latch-tool> <source-dir> <build-dir>
set -u

if [ $# -lt 3 ]; then
    echo "usage: bash test_valgrind_ct.sh <latch-tool> <source-dir> <build-dir>" >&2
    exit 2
fi
source_dir=$(cd "$2" && pwd)
build_dir=$(cd "$3" && pwd)
test_bin=$build_dir/test_rsa_kex
passed=0
failed=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
show() { sed 's/^/#   /' "$1" | head -40; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] || exit 1
    exit 0
}

if ! command -v valgrind >/dev/null 2>&1; then
    not_ok "valgrind is not installed (scripts/deps.sh installs it)"
    finish
fi
if [ ! -x "$test_bin" ]; then
    not_ok "no test binary at $test_bin (build the unit tests first)"
    finish
fi

work=$(mktemp -d "$build_dir/ct-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the unit test finds its key files relative to tests/
cd "$source_dir/tests" || exit 1

valgrind --error-exitcode=99 -q "$test_bin" >"$work/real.out" 2>&1
real_rc=$?
if [ "$real_rc" -eq 0 ]; then
    ok "test_rsa_kex passes under memcheck (exit 0)"
else
    not_ok "test_rsa_kex under memcheck exits $real_rc, wanted 0"
    show "$work/real.out"
fi
# "Conditional jump or move depends on uninitialised value(s)" is a branch on the secret;
# "Use of uninitialised value of size N" is an address computed from it (a table index, or a
# pointer chosen by a branch the compiler turned into a conditional move).
if grep -q "depends on uninitialised" "$work/real.out"; then
    not_ok "lt_rsa_pms_select never branches on the secret block"
    show "$work/real.out"
else
    ok "lt_rsa_pms_select never branches on the secret block"
fi
if grep -q "Use of uninitialised value" "$work/real.out"; then
    not_ok "lt_rsa_pms_select never computes an address from the secret block"
    show "$work/real.out"
else
    ok "lt_rsa_pms_select never computes an address from the secret block"
fi

valgrind --error-exitcode=99 -q "$test_bin" --leaky >"$work/leaky.out" 2>&1
leaky_rc=$?
if grep -q "depends on uninitialised" "$work/leaky.out" && [ "$leaky_rc" -eq 99 ]; then
    ok "memcheck reports the naive, branching select (the check can fail)"
else
    not_ok "memcheck did not report the naive select (exit $leaky_rc): is valgrind/memcheck.h missing at build time?"
    show "$work/leaky.out"
fi
if grep -q "^1 passed, 0 failed" "$work/leaky.out"; then
    ok "the naive select gives correct results, so only its branching is caught"
else
    not_ok "the naive select gave wrong results"
    show "$work/leaky.out"
fi

# first frames ("at ...") of memcheck's reports on the secret, one a line
secret_frames() {
    grep -A1 -E "depends on uninitialised|Use of uninitialised value" "$1" | grep -E "^==[0-9]+==    at " || true
}

cbc_bin=$build_dir/test_cbc
if [ ! -x "$cbc_bin" ]; then
    not_ok "no test binary at $cbc_bin (build the unit tests first)"
    finish
fi
valgrind --error-exitcode=99 -q "$cbc_bin" --ct >"$work/cbc.out" 2>&1
if grep -q "^1 passed, 0 failed" "$work/cbc.out"; then
    ok "test_cbc --ct: every marked record gets its verdict under memcheck"
else
    not_ok "test_cbc --ct: every marked record gets its verdict under memcheck"
    show "$work/cbc.out"
fi
ours=$(secret_frames "$work/cbc.out" | grep -v "libcrypto\.so" || true)
theirs=$(secret_frames "$work/cbc.out" | grep -c "libcrypto\.so" || true)
if [ -z "$ours" ]; then
    ok "opening a CBC record: latch never branches on or indexes by the plaintext, padding or MAC"
else
    not_ok "opening a CBC record: latch never branches on or indexes by the plaintext, padding or MAC"
    echo "$ours" | sed 's/^/#   /'
    show "$work/cbc.out"
fi
echo "# libcrypto's own reports inside its TLS record code (not failed): $theirs"

valgrind --error-exitcode=99 -q "$cbc_bin" --ct-leaky >"$work/cbc-leaky.out" 2>&1
leaky=$(secret_frames "$work/cbc-leaky.out" | grep -v "libcrypto\.so" || true)
if grep -q "lt_naive_open" <<<"$leaky"; then
    ok "memcheck reports the naive, branching CBC open (the check can fail)"
else
    not_ok "memcheck did not report the naive CBC open: is valgrind/memcheck.h missing at build time?"
    show "$work/cbc-leaky.out"
fi
if grep -q "^1 passed, 0 failed" "$work/cbc-leaky.out"; then
    ok "the naive CBC open gives correct verdicts, so only its branching is caught"
else
    not_ok "the naive CBC open gave wrong verdicts"
    show "$work/cbc-leaky.out"
fi

# ML-KEM-768 decapsulation (FIPS 203 Algorithm 18): `test_mlkem --ct` decapsulates a good
# ciphertext, a tampered one and the strcmp vector with the decapsulation key and the ciphertext
# marked undefined. latch's code must never branch on them or index by them: the decrypted message,
# the re-encryption and its comparison with the ciphertext, and the choice between K' and the
# implicit-rejection key all depend on the secret. mlkem_ct_broken is the same test over an
# mlkem.c built with LT_MLKEM_CT_BROKEN, whose comparison is memcmp and a branch: memcheck must
# report it, and its results must still be right.
mlkem_bin=$build_dir/test_mlkem
broken_bin=$build_dir/mlkem_ct_broken
if [ ! -x "$mlkem_bin" ] || [ ! -x "$broken_bin" ]; then
    not_ok "no test binaries at $mlkem_bin and $broken_bin (build the unit tests first)"
    finish
fi
valgrind --error-exitcode=99 -q "$mlkem_bin" --ct >"$work/mlkem.out" 2>&1
if grep -q "^1 passed, 0 failed" "$work/mlkem.out"; then
    ok "test_mlkem --ct: decapsulation with a marked key and ciphertext gives the right keys"
else
    not_ok "test_mlkem --ct: decapsulation with a marked key and ciphertext gives the right keys"
    show "$work/mlkem.out"
fi
ours=$(secret_frames "$work/mlkem.out" | grep -v "libcrypto\.so" || true)
theirs=$(secret_frames "$work/mlkem.out" | grep -c "libcrypto\.so" || true)
if [ -z "$ours" ]; then
    ok "ML-KEM decapsulation never branches on or indexes by the decapsulation key or ciphertext"
else
    not_ok "ML-KEM decapsulation never branches on or indexes by the decapsulation key or ciphertext"
    echo "$ours" | sed 's/^/#   /'
    show "$work/mlkem.out"
fi
echo "# libcrypto's own reports inside SHA-3 (not failed): $theirs"

valgrind --error-exitcode=99 -q "$broken_bin" --ct >"$work/mlkem-broken.out" 2>&1
broken=$(secret_frames "$work/mlkem-broken.out" | grep -v "libcrypto\.so" || true)
if [ -n "$broken" ] && grep -q "lt_mlkem768_decaps" "$work/mlkem-broken.out"; then
    ok "memcheck reports the branching ciphertext comparison (the check can fail)"
else
    not_ok "memcheck did not report the branching comparison: is valgrind/memcheck.h missing at build time?"
    show "$work/mlkem-broken.out"
fi
if grep -q "^1 passed, 0 failed" "$work/mlkem-broken.out"; then
    ok "the branching comparison gives the right keys, so only its branching is caught"
else
    not_ok "the branching comparison gave wrong keys"
    show "$work/mlkem-broken.out"
fi

finish
