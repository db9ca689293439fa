#!/usr/bin/env bash
# Certificate-chain corpus for `latch verify`, checked side by side with `openssl verify`.
#
# Usage: bash tests/chains/test_chains.sh LATCH_TOOL SOURCE_DIR BUILD_DIR   (KEEP=1 keeps the corpus)
#
# Every certificate is made here, at test time, with the openssl CLI in a fresh directory under
# BUILD_DIR: one small `openssl ca` database per CA, fixed validity dates (never today's date),
# extensions from ext/*.cnf. Each case below then runs
#   - latch verify (the black box under test: exit code, the path on stdout or the one-line
#     "latch verify: <sentence> [<token>]" on stderr), and
#   - openssl verify on the same files with the same time, host/IP and purpose,
# and asserts both outcomes. Where latch follows the Web PKI and OpenSSL's CLI does not, the case
# says why in one line, so the difference itself is checked. Every latch call validates at
# 2026-06-01T00:00:00Z unless the case gives its own --time.
#
# Corpus (ECDSA P-256 unless noted; CAs valid 2025-2035, leaves 2026-01-01..2027-01-01):
#   root ─ i1 ─ i2 ─ … ─ i15         a straight chain; leaves hang below root, i1, i2, …
#   other_root ─ other_leaf          an unrelated hierarchy (untrusted root, distractors)
#   xroot_a ┐ xint_by_a (expired)    one intermediate "xint", cross-signed by two roots
#   xroot_b ┘ xint_by_b (valid)  ─ xleaf
#   i1 ─ leaves for names, IPs, purposes, key types, signature algorithms, time
#   root ─ one CA per broken issuer rule (CA:FALSE, no basicConstraints, pathlen:0, no
#          keyCertSign, EKU clientAuth, name constraints of each type) ─ a leaf each
#   i1 ─ leaves breaking the rules on names (CN, SAN syntax and criticality, public suffixes),
#        S/MIME leaves for --email
#   rsa_root (RSA-2048) ─ RSA PKCS#1 and RSA-PSS leaves
#   revocation: leaf_rev (i1, revoked), i_rev (root, revoked) ─ leaf_under_i_rev, i_no_crlsign
#          (keyUsage without cRLSign) ─ leaf_no_crlsign (on its CRL); CRLs valid 2026-05..07,
#          one of i1's stale (2026-04..05)
set -u

TOOL=${1:?usage: test_chains.sh LATCH_TOOL SOURCE_DIR BUILD_DIR}
SOURCE_DIR=${2:?usage: test_chains.sh LATCH_TOOL SOURCE_DIR BUILD_DIR}
BUILD_DIR=${3:?usage: test_chains.sh LATCH_TOOL SOURCE_DIR BUILD_DIR}
EXT="$SOURCE_DIR/tests/chains/ext"

# The validation time: 2026-06-01T00:00:00Z.
AT="2026-06-01T00:00:00Z"
AT_UNIX=1780272000

# Validity windows, relative to AT.
CA_DATES=(20250101000000Z 20350101000000Z)
LEAF_DATES=(20260101000000Z 20270101000000Z)
PAST_DATES=(20240101000000Z 20250101000000Z)    # expired before AT
FUTURE_DATES=(20260701000000Z 20270701000000Z)  # not valid until after AT

PASSED=0
FAILED=0
SERIAL=4096
declare -A KEY_OF   # certificate name -> name of its key

mkdir -p "$BUILD_DIR" || exit 2
W=$(mktemp -d "$BUILD_DIR/chains.XXXXXX") || exit 2
mkdir -p "$W/keys" "$W/ca" "$W/log"

cleanup() {
    if [ "${KEEP:-0}" = 1 ]; then
        echo "# corpus kept in $W"
    else
        rm -rf "$W"
    fi
}
trap cleanup EXIT

pass() { echo "ok - $1"; PASSED=$((PASSED + 1)); }
fail() { echo "not ok - $1"; FAILED=$((FAILED + 1)); }

# Corpus generation cannot go on after a failed step: report it and stop.
die() {
    fail "corpus generation: $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/#   /' "$2"
    echo "$PASSED passed, $FAILED failed"
    exit 1
}

# ---------------------------------------------------------------------------------------------
# Corpus generation
# ---------------------------------------------------------------------------------------------

# new_key NAME TYPE: a private key and a CSR for it (the CSR's subject is replaced at issue time).
new_key() {
    local name=$1 type=$2 key="$W/keys/$1.key"
    local -a alg
    case "$type" in
        p256) alg=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256) ;;
        p384) alg=(-algorithm EC -pkeyopt ec_paramgen_curve:P-384) ;;
        rsa2048) alg=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048) ;;
        rsa1024) alg=(-algorithm RSA -pkeyopt rsa_keygen_bits:1024) ;;
        rsa2052) alg=(-algorithm RSA -pkeyopt rsa_keygen_bits:2052) ;;
        ed25519) alg=(-algorithm ED25519) ;;
        *) die "unknown key type $type" ;;
    esac
    openssl genpkey "${alg[@]}" -out "$key" >"$W/log/key-$name.log" 2>&1 ||
        die "key $name" "$W/log/key-$name.log"
    openssl req -new -key "$key" -subj "/CN=$name" -out "$W/keys/$name.csr" \
        >>"$W/log/key-$name.log" 2>&1 || die "CSR for $name" "$W/log/key-$name.log"
}

# issue NAME ISSUER KEY EXTFILE PROFILE SUBJECT START END [openssl ca options...]
# Signs KEY's CSR as certificate NAME with ISSUER's key ("self" for a root) into $W/NAME.pem.
issue() {
    local name=$1 issuer=$2 key=$3 extfile=$4 profile=$5 subject=$6 start=$7 end=$8
    shift 8
    local db
    local -a signer
    if [ "$issuer" = self ]; then
        db="$W/ca/$name"
        signer=(-selfsign -keyfile "$W/keys/$key.key")
    else
        db="$W/ca/$issuer"
        signer=(-cert "$W/$issuer.pem" -keyfile "$W/keys/${KEY_OF[$issuer]}.key")
    fi
    mkdir -p "$db/issued"
    [ -f "$db/index.txt" ] || : >"$db/index.txt"
    SERIAL=$((SERIAL + 1))
    # SERIAL_HEX, when set, gives this certificate's serial number (hex) instead of the counter.
    printf '%s\n' "${SERIAL_HEX:-$(printf '%04X' "$SERIAL")}" >"$db/serial"
    LATCH_CA_DIR="$db" openssl ca -config "$EXT/ca.cnf" -batch -notext -md sha256 \
        -policy any_dn -preserveDN -subj "$subject" -in "$W/keys/$key.csr" -out "$W/$name.pem" \
        -startdate "$start" -enddate "$end" -extfile "$EXT/$extfile" -extensions "$profile" \
        "${signer[@]}" "$@" >"$W/log/$name.log" 2>&1 || die "issue $name" "$W/log/$name.log"
    KEY_OF[$name]=$key
}

# make_root NAME KEY [PROFILE [START END]]
make_root() {
    issue "$1" self "$2" ca_profiles.cnf "${3:-root}" "/O=latch test/CN=$1" "${4:-${CA_DATES[0]}}" \
        "${5:-${CA_DATES[1]}}"
}

# make_ca NAME ISSUER KEY PROFILE START END [SUBJECT_CN]
make_ca() {
    issue "$1" "$2" "$3" ca_profiles.cnf "$4" "/O=latch test/CN=${7:-$1}" "$5" "$6"
}

# make_leaf NAME ISSUER KEY PROFILE CN SAN START END [openssl ca options...]
make_leaf() {
    local name=$1 issuer=$2 key=$3 profile=$4 cn=$5 san=$6 start=$7 end=$8
    shift 8
    LATCH_SAN="$san" issue "$name" "$issuer" "$key" leaf_profiles.cnf "$profile" \
        "/O=latch test/CN=$cn" "$start" "$end" "$@"
}

# bundle OUT NAME...: concatenates certificates into $W/OUT.pem.
bundle() {
    local out="$W/$1.pem" name
    shift
    : >"$out"
    for name in "$@"; do
        cat "$W/$name.pem" >>"$out"
    done
}

# corrupt_signature IN OUT: flips one bit in the last byte of the signatureValue BIT STRING (the
# last depth-1 BIT STRING of the DER, located with asn1parse), keeping the DER well formed.
corrupt_signature() {
    local in="$W/$1.pem" out="$W/$2.pem" der="$W/$2.der" line off hl len pos byte
    openssl x509 -in "$in" -outform DER -out "$der" || die "DER of $1"
    line=$(openssl asn1parse -inform DER -in "$der" | grep 'd=1 .*BIT STRING' | tail -n 1)
    [ -n "$line" ] || die "no signature BIT STRING in $1"
    off=$(printf '%s\n' "$line" | sed -n 's/^ *\([0-9][0-9]*\):.*/\1/p')
    hl=$(printf '%s\n' "$line" | sed -n 's/.*hl= *\([0-9][0-9]*\).*/\1/p')
    len=$(printf '%s\n' "$line" | sed -n 's/.* l= *\([0-9][0-9]*\).*/\1/p')
    pos=$((off + hl + len - 1))
    [ "$((pos + 1))" -eq "$(wc -c <"$der")" ] || die "signature of $1 is not at the end of the DER"
    byte=$(od -An -tu1 -j "$pos" -N 1 "$der" | tr -d ' ')
    # shellcheck disable=SC2059  # the format is the octal escape being built
    printf "\\$(printf '%03o' "$((byte ^ 1))")" |
        dd of="$der" bs=1 seek="$pos" count=1 conv=notrunc 2>/dev/null || die "flip byte in $1"
    {
        echo "-----BEGIN CERTIFICATE-----"
        openssl base64 -in "$der"
        echo "-----END CERTIFICATE-----"
    } >"$out"
    cmp -s "$in" "$out" && die "signature of $1 unchanged"
}

generate_corpus() {
    local k i prev
    # One key per CA (distinct keys, so no signature verifies under the wrong issuer); the
    # leaves share one key per key type.
    for k in root other_root xroot_a xroot_b xint i1 i2 i3 i4 i5 i6 i7 i8 i9 i10 i11 i12 i13 \
        i14 i15 impostor_i2 i_expired i_future i_ca_false i_no_bc i_pathlen0 i_below_pathlen0 \
        i_no_certsign i_eku_client nc_dns nc_excl nc_ip nc_email nc_dir nc_dir_other nc_uri \
        root_expired root_bc_not_critical root_eku root_no_ski root_no_certsign i_no_ski \
        i_pc_critical i_pc_not_critical i_pl0_old i_pl0_new; do
        new_key "$k" p256
    done
    new_key rsa_root rsa2048
    new_key leaf_p256 p256
    new_key leaf_p384 p384
    new_key leaf_ed25519 ed25519
    new_key leaf_rsa2048 rsa2048
    new_key leaf_rsa1024 rsa1024
    new_key leaf_rsa2052 rsa2052

    # A straight chain root - i1 - ... - i15, a leaf under the root and under i1, i2, i3, i6, i7,
    # i13, i14, i15.
    make_root root root
    prev=root
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
        make_ca "i$i" "$prev" "i$i" intermediate "${CA_DATES[@]}"
        prev="i$i"
    done
    make_leaf leaf0 root leaf_p256 leaf www.example.test "DNS:www.example.test" "${LEAF_DATES[@]}"
    for i in 1 2 3 6 7 13 14 15; do
        make_leaf "leaf$i" "i$i" leaf_p256 leaf www.example.test "DNS:www.example.test" \
            "${LEAF_DATES[@]}"
    done
    bundle roots root
    bundle chain2 i1 i2
    bundle chain3 i1 i2 i3
    bundle chain6 i1 i2 i3 i4 i5 i6
    bundle chain7 i1 i2 i3 i4 i5 i6 i7
    bundle chain13 i1 i2 i3 i4 i5 i6 i7 i8 i9 i10 i11 i12 i13
    bundle chain14 i1 i2 i3 i4 i5 i6 i7 i8 i9 i10 i11 i12 i13 i14
    bundle chain15 i1 i2 i3 i4 i5 i6 i7 i8 i9 i10 i11 i12 i13 i14 i15
    bundle leaf3_with_chain leaf3 i3 i2 i1

    # Distractors: an unrelated hierarchy, and a CA with i2's exact name but another key.
    make_root other_root other_root
    make_leaf other_leaf other_root leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_ca impostor_i2 i1 impostor_i2 intermediate "${CA_DATES[@]}" i2
    bundle shuffled_with_distractors other_root i3 other_leaf i1 leaf0 i2
    bundle impostor_first impostor_i2 i1 i2
    # The input cap: a leaf and 31, 32, 33 more certificates (i1 and copies of an unrelated root).
    local -a fill=()
    for i in $(seq 1 32); do fill+=(other_root); done
    bundle many31 i1 "${fill[@]:0:30}"
    bundle many32 i1 "${fill[@]:0:31}"
    bundle many33 i1 "${fill[@]:0:32}"

    # Cross-signing: xint by xroot_a (expired) and by xroot_b (valid); xleaf below xint.
    make_root xroot_a xroot_a
    make_root xroot_b xroot_b
    make_ca xint_by_a xroot_a xint intermediate "${PAST_DATES[@]}" xint
    make_ca xint_by_b xroot_b xint intermediate "${CA_DATES[@]}" xint
    make_leaf xleaf xint_by_b leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    bundle xroots_ab xroot_a xroot_b
    bundle xint_both xint_by_a xint_by_b
    bundle xint_expired_only xint_by_a

    # Validity periods.
    make_leaf leaf_expired i1 leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${PAST_DATES[@]}"
    make_leaf leaf_future i1 leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${FUTURE_DATES[@]}"
    make_ca i_expired root i_expired intermediate "${PAST_DATES[@]}"
    make_ca i_future root i_future intermediate "${FUTURE_DATES[@]}"
    make_leaf leaf_under_expired i_expired leaf_p256 leaf www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"
    make_leaf leaf_under_future i_future leaf_p256 leaf www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"

    # Names and addresses.
    make_leaf leaf_wild i1 leaf_p256 leaf "*.example.test" "DNS:*.example.test" "${LEAF_DATES[@]}"
    make_leaf leaf_partial i1 leaf_p256 leaf "f*.example.test" "DNS:f*.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_tld_wild i1 leaf_p256 leaf "*.test" "DNS:*.test" "${LEAF_DATES[@]}"
    make_leaf leaf_ip i1 leaf_p256 leaf "127.0.0.1" "IP:127.0.0.1, IP:::1" "${LEAF_DATES[@]}"
    make_leaf leaf_dns_ip i1 leaf_p256 leaf "127.0.0.1" "DNS:127.0.0.1" "${LEAF_DATES[@]}"
    make_leaf leaf_cn_only i1 leaf_p256 leaf_no_san cn.example.test "" "${LEAF_DATES[@]}"

    # Issuer rules: one CA breaking each, directly under root, with a leaf below it.
    make_ca i_ca_false root i_ca_false intermediate_ca_false "${CA_DATES[@]}"
    make_ca i_no_bc root i_no_bc intermediate_no_bc "${CA_DATES[@]}"
    make_ca i_pathlen0 root i_pathlen0 intermediate_pathlen0 "${CA_DATES[@]}"
    make_ca i_below_pathlen0 i_pathlen0 i_below_pathlen0 intermediate "${CA_DATES[@]}"
    make_ca i_no_certsign root i_no_certsign intermediate_no_certsign "${CA_DATES[@]}"
    make_ca i_eku_client root i_eku_client intermediate_eku_client "${CA_DATES[@]}"
    for k in i_ca_false i_no_bc i_below_pathlen0 i_no_certsign; do
        make_leaf "leaf_$k" "$k" leaf_p256 leaf www.example.test "DNS:www.example.test" \
            "${LEAF_DATES[@]}"
    done
    make_leaf leaf_i_eku_client i_eku_client leaf_p256 leaf_both_eku www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"
    bundle pathlen_chain i_pathlen0 i_below_pathlen0

    # Purposes.
    make_leaf leaf_client i1 leaf_p256 leaf_eku_client www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_no_eku i1 leaf_p256 leaf_no_eku www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"

    # Name constraints.
    make_ca nc_dns root nc_dns intermediate_nc_permit_dns "${CA_DATES[@]}"
    make_ca nc_excl root nc_excl intermediate_nc_exclude_dns "${CA_DATES[@]}"
    make_ca nc_ip root nc_ip intermediate_nc_permit_ip "${CA_DATES[@]}"
    make_leaf leaf_nc_ok nc_dns leaf_p256 leaf ok.allowed.test "DNS:ok.allowed.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_nc_evil nc_dns leaf_p256 leaf evil.other.test "DNS:evil.other.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_excl_ok nc_excl leaf_p256 leaf ok.example.test "DNS:ok.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_excl_bad nc_excl leaf_p256 leaf ok.example.test \
        "DNS:ok.example.test, DNS:x.bad.test" "${LEAF_DATES[@]}"
    make_leaf leaf_nc_ip_ok nc_ip leaf_p256 leaf "10.1.2.3" "IP:10.1.2.3" "${LEAF_DATES[@]}"
    make_leaf leaf_nc_ip_bad nc_ip leaf_p256 leaf "192.168.1.1" "IP:192.168.1.1" "${LEAF_DATES[@]}"
    make_ca nc_email root nc_email intermediate_nc_permit_email "${CA_DATES[@]}"
    make_ca nc_dir root nc_dir intermediate_nc_permit_dir "${CA_DATES[@]}"
    make_ca nc_dir_other root nc_dir_other intermediate_nc_permit_dir_other "${CA_DATES[@]}"
    make_ca nc_uri root nc_uri intermediate_nc_permit_uri "${CA_DATES[@]}"
    make_leaf leaf_nc_email_ok nc_email leaf_p256 leaf_email alice "email:alice@mail.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_nc_email_bad nc_email leaf_p256 leaf_email alice "email:alice@other.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_nc_dir nc_dir leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_nc_dir_other nc_dir_other leaf_p256 leaf www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"
    make_leaf leaf_nc_uri_dns nc_uri leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_nc_uri_uri nc_uri leaf_p256 leaf www.example.test \
        "DNS:www.example.test, URI:https://www.example.test/" "${LEAF_DATES[@]}"

    # Name syntax (the leaf's own names).
    make_leaf leaf_cn_not_san i1 leaf_p256 leaf www.example.test "DNS:other.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_underscore i1 leaf_p256 leaf www.example.test \
        "DNS:www.example.test, DNS:a_b.example.test" "${LEAF_DATES[@]}"
    make_leaf leaf_wild_co_uk i1 leaf_p256 leaf "*.co.uk" "DNS:*.co.uk" "${LEAF_DATES[@]}"
    make_leaf leaf_wild_github i1 leaf_p256 leaf "*.github.io" "DNS:*.github.io" "${LEAF_DATES[@]}"
    make_leaf leaf_wild_example_co_uk i1 leaf_p256 leaf "*.example.co.uk" "DNS:*.example.co.uk" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_san_critical i1 leaf_p256 leaf_san_critical www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"
    make_leaf leaf_with_nc i1 leaf_p256 leaf_name_constraints www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"

    # E-mail (S/MIME) leaves: one for e-mail protection, one for servers only.
    make_leaf leaf_email i1 leaf_p256 leaf_email alice "email:alice@example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_email_server_eku i1 leaf_p256 leaf alice "email:alice@example.test" \
        "${LEAF_DATES[@]}"

    # Extensions and signatures.
    make_leaf leaf_critical i1 leaf_p256 leaf_unknown_critical www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"
    corrupt_signature leaf1 leaf_bad_signature

    # Key types and signature algorithms.
    make_leaf leaf_p384 i1 leaf_p384 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_ed25519 i1 leaf_ed25519 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_rsa1024 i1 leaf_rsa1024 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_sha1 i1 leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}" -md sha1
    make_root rsa_root rsa_root
    make_leaf leaf_rsa rsa_root leaf_rsa2048 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_rsa_pss rsa_root leaf_rsa2048 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest

    # Trust anchors that break one rule of a root certificate, a leaf directly below each.
    make_root root_expired root_expired root "${PAST_DATES[@]}"
    for k in root_bc_not_critical root_eku root_no_ski root_no_certsign; do
        make_root "$k" "$k" "$k"
    done
    for k in root_expired root_bc_not_critical root_eku root_no_certsign; do
        make_leaf "leaf_$k" "$k" leaf_p256 leaf www.example.test "DNS:www.example.test" \
            "${LEAF_DATES[@]}"
    done
    make_leaf leaf_root_no_ski root_no_ski leaf_p256 leaf_fixed_aki www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"

    # End-entity rules, key identifiers, authorityInfoAccess, serial numbers, RSA modulus size.
    for k in leaf_ca_true leaf_keycertsign leaf_eku_critical leaf_any_eku leaf_no_aki \
        leaf_aki_critical leaf_aia_empty leaf_aia; do
        make_leaf "ee_$k" i1 leaf_p256 "$k" www.example.test "DNS:www.example.test" \
            "${LEAF_DATES[@]}"
    done
    SERIAL_HEX=00 make_leaf ee_serial_zero i1 leaf_p256 leaf www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"
    SERIAL_HEX=7F0102030405060708090A0B0C0D0E0F10111213 make_leaf ee_serial_20 i1 leaf_p256 \
        leaf www.example.test "DNS:www.example.test" "${LEAF_DATES[@]}"
    SERIAL_HEX=7F0102030405060708090A0B0C0D0E0F1011121314 make_leaf ee_serial_21 i1 leaf_p256 \
        leaf www.example.test "DNS:www.example.test" "${LEAF_DATES[@]}"
    make_leaf leaf_rsa2052 i1 leaf_rsa2052 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"

    # CA rules: no subjectKeyIdentifier; policyConstraints critical or not.
    for k in i_no_ski i_pc_critical i_pc_not_critical; do
        make_ca "$k" root "$k" "intermediate_${k#i_}" "${CA_DATES[@]}"
    done
    make_leaf leaf_i_no_ski i_no_ski leaf_p256 leaf_fixed_aki www.example.test \
        "DNS:www.example.test" "${LEAF_DATES[@]}"
    for k in i_pc_critical i_pc_not_critical; do
        make_leaf "leaf_$k" "$k" leaf_p256 leaf www.example.test "DNS:www.example.test" \
            "${LEAF_DATES[@]}"
    done

    # Key rollover: i_pl0 (pathlen:0) certifies its own new key under the same name; the
    # self-issued certificate is not counted against the pathlen.
    make_ca i_pl0_old root i_pl0_old intermediate_pathlen0 "${CA_DATES[@]}" i_pl0
    make_ca i_pl0_new i_pl0_old i_pl0_new intermediate "${CA_DATES[@]}" i_pl0
    make_leaf leaf_rollover i_pl0_new leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    bundle rollover_chain i_pl0_new i_pl0_old

    # Unusable input.
    printf 'this is not a certificate\n' >"$W/garbage.txt"
    printf -- '-----BEGIN CERTIFICATE-----\nnot*base64*at*all\n-----END CERTIFICATE-----\n' \
        >"$W/garbage.pem"
}

# ---------------------------------------------------------------------------------------------
# Running a case
# ---------------------------------------------------------------------------------------------

# Whether the tool under test has a verify command at all.
LATCH_MISSING=""
probe_latch() {
    local rc
    if [ ! -x "$TOOL" ]; then
        LATCH_MISSING="$TOOL is not an executable"
        return
    fi
    "$TOOL" verify --help >"$W/log/latch-help.out" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ]; then
        LATCH_MISSING="'latch verify --help' exited $rc: $(head -n 1 "$W/log/latch-help.out")"
    fi
}

# run_openssl LATCH_ARGS...: openssl verify with the same inputs; sets OSSL_RC and OSSL_OUT.
# --roots -> -CAfile (and nothing else trusted), --intermediates and the leaf file itself ->
# -untrusted, --host -> -verify_hostname, --ip -> -verify_ip, --email -> -verify_email (and
# -purpose smimesign, as latch), --purpose -> -purpose sslserver|sslclient|smimesign (sslserver by
# default, as latch), --max-depth -> -verify_depth, --no-name -> nothing.
run_openssl() {
    local -a opts=(verify -no-CApath -no-CAstore -attime "$AT_UNIX")
    local purpose=sslserver leaf="" crl_mode=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --roots) opts+=(-CAfile "$2"); shift 2 ;;
            --intermediates) opts+=(-untrusted "$2"); shift 2 ;;
            --host) opts+=(-verify_hostname "$2"); shift 2 ;;
            --ip) opts+=(-verify_ip "$2"); shift 2 ;;
            --email) opts+=(-verify_email "$2"); purpose=smimesign; shift 2 ;;
            --no-name) shift ;;
            --purpose) case "$2" in client) purpose=sslclient ;; email) purpose=smimesign ;;
                           *) purpose=sslserver ;; esac; shift 2 ;;
            --max-depth) opts+=(-verify_depth "$2"); shift 2 ;;
            --time) shift 2 ;;
            --allow-sha1) shift ;;
            # latch checks CRLs when given and needs them only with --require-crl; openssl's
            # -crl_check (the leaf) and -crl_check_all (the whole path) always need them
            --crls) opts+=(-CRLfile "$2"); [ "$crl_mode" = require ] || crl_mode=leaf; shift 2 ;;
            --require-crl) crl_mode=require; shift ;;
            *) leaf=$1; shift ;;
        esac
    done
    [ -f "$leaf" ] && opts+=(-untrusted "$leaf")
    # -extended_crl: indirect CRLs and distribution point scopes, as latch reads them
    case "$crl_mode" in leaf) opts+=(-crl_check -extended_crl) ;;
                        require) opts+=(-crl_check_all -extended_crl) ;; esac
    opts+=(-purpose "$purpose" "$leaf")
    OSSL_OUT=$(openssl "${opts[@]}" 2>&1)
    OSSL_RC=$?
}

# check_latch EXIT TOKEN: judges the last latch run (LATCH_RC, $W/latch.out, $W/latch.err);
# sets PROBLEM to what was wrong, or "".
check_latch() {
    local want_exit=$1 want_token=$2 got_lines got_token want_lines i line last
    PROBLEM=""
    if [ "$LATCH_RC" -ne "$want_exit" ]; then
        PROBLEM="expected exit $want_exit"
        [ "$want_exit" -eq 1 ] && PROBLEM+=" [$want_token]"
        PROBLEM+=" got exit $LATCH_RC"
        return
    fi
    case "$want_exit" in
        0)
            want_lines=${want_token#path=}
            got_lines=$(grep -cE '^[0-9]+:' "$W/latch.out")
            if [ "$got_lines" -ne "$want_lines" ]; then
                PROBLEM="expected a path of $want_lines certificates got $got_lines lines"
                return
            fi
            i=0
            last=""
            while IFS= read -r line; do
                if [ "${line%%:*}" != "$i" ]; then
                    PROBLEM="path line $((i + 1)) does not start with '$i:': $line"
                    return
                fi
                case "$line" in
                    *"(trust anchor)"*) [ "$i" -eq $((want_lines - 1)) ] ||
                        { PROBLEM="'(trust anchor)' before the end of the path: $line"; return; } ;;
                esac
                last=$line
                i=$((i + 1))
            done < <(grep -E '^[0-9]+:' "$W/latch.out")
            case "$last" in
                *"(trust anchor)"*) ;;
                *) PROBLEM="last path line lacks '(trust anchor)': $last" ;;
            esac
            ;;
        1)
            if [ "$(wc -l <"$W/latch.err")" -ne 1 ]; then
                PROBLEM="expected one line on stderr got $(wc -l <"$W/latch.err")"
            elif ! grep -qE "^latch verify: .+ \[$want_token\]\$" "$W/latch.err"; then
                got_token=$(sed -n 's/^latch verify: .* \[\([a-z-]*\)\]$/\1/p' "$W/latch.err")
                PROBLEM="expected exit 1 [$want_token] got exit 1 [${got_token:-no token}]"
            fi
            ;;
    esac
}

# check_openssl EXPECT: "ok", "fail" or "fail:<text in openssl's error>"; "-" means no openssl
# counterpart. Sets PROBLEM.
check_openssl() {
    local want=$1 first
    PROBLEM=""
    case "$want" in
        -) ;;
        ok) if [ "$OSSL_RC" -ne 0 ]; then PROBLEM="openssl expected OK got exit $OSSL_RC"; fi ;;
        fail*)
            if [ "$OSSL_RC" -eq 0 ]; then
                PROBLEM="openssl expected failure got OK"
            elif [ "$want" != fail ]; then
                # The CLI's callback goes on after some errors: judge by the first one.
                first=$(grep -m 1 -E '^error [0-9]+ at [0-9]+ depth lookup: ' <<<"$OSSL_OUT")
                case "$first" in
                    *"${want#fail:}"*) ;;
                    *) PROBLEM="openssl expected '${want#fail:}' first got '${first:-exit $OSSL_RC}'" ;;
                esac
            fi
            ;;
        *) PROBLEM="bad openssl expectation '$want' in the case table" ;;
    esac
}

# expect NAME EXIT TOKEN OPENSSL WHY -- LATCH_ARGS...
#   EXIT     latch's exit code: 0 valid, 1 invalid, 2 bad usage / unreadable input
#   TOKEN    for exit 0 "path=N" (certificates printed, leaf to trust anchor); for exit 1 the
#            error token; for exit 2 "-"
#   OPENSSL  openssl verify's outcome: ok | fail | fail:<error text> | - (no counterpart)
#   WHY      empty when latch and openssl agree; otherwise one line saying why they differ
# --time AT is added unless the arguments carry their own --time.
expect() {
    local name=$1 want_exit=$2 want_token=$3 want_ossl=$4 why=$5
    shift 5
    [ "${1:-}" = -- ] && shift
    local -a args=("$@")
    local a problems="" latch_ok ossl_ok
    for a in "${args[@]}"; do
        [ "$a" = --time ] && break
    done
    [ "$a" = --time ] || args=(--time "$AT" "${args[@]}")

    # The table must document exactly the cases where the two verdicts differ.
    if [ "$want_ossl" != - ]; then
        latch_ok=no; [ "$want_exit" -eq 0 ] && latch_ok=yes
        ossl_ok=no; [ "$want_ossl" = ok ] && ossl_ok=yes
        if [ "$latch_ok" != "$ossl_ok" ] && [ -z "$why" ]; then
            problems="case table: latch and openssl verdicts differ but no reason is given; "
        elif [ "$latch_ok" = "$ossl_ok" ] && [ -n "$why" ]; then
            problems="case table: a difference is documented but the verdicts agree; "
        fi
    fi

    if [ -z "$LATCH_MISSING" ]; then
        "$TOOL" verify "${args[@]}" >"$W/latch.out" 2>"$W/latch.err"
        LATCH_RC=$?
        check_latch "$want_exit" "$want_token"
        if [ -n "$PROBLEM" ]; then
            problems+="$PROBLEM (stderr: $(head -c 300 "$W/latch.err" | tr '\n' ' '))"
        fi
    fi

    if [ "$want_ossl" != - ]; then
        run_openssl "${args[@]}"
        check_openssl "$want_ossl"
        if [ -n "$PROBLEM" ]; then
            problems+="${problems:+; }$PROBLEM ($(tail -n 2 <<<"$OSSL_OUT" | tr '\n' ' '))"
        fi
    fi

    if [ -n "$problems" ]; then
        fail "$name: $problems"
    elif [ -n "$LATCH_MISSING" ]; then
        pass "$name (openssl side only; latch not run)"
    else
        pass "$name"
    fi
}

# ---------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------

run_cases() {
    local R="$W/roots.pem" H=(--host www.example.test)

    # Path building.
    expect chain/leaf-under-root 0 path=2 ok "" -- --roots "$R" "${H[@]}" "$W/leaf0.pem"
    expect chain/1-intermediate 0 path=3 ok "" -- \
        --roots "$R" --intermediates "$W/i1.pem" "${H[@]}" "$W/leaf1.pem"
    expect chain/2-intermediates 0 path=4 ok "" -- \
        --roots "$R" --intermediates "$W/chain2.pem" "${H[@]}" "$W/leaf2.pem"
    expect chain/3-intermediates 0 path=5 ok "" -- \
        --roots "$R" --intermediates "$W/chain3.pem" "${H[@]}" "$W/leaf3.pem"
    expect chain/intermediates-in-leaf-file 0 path=5 ok "" -- \
        --roots "$R" "${H[@]}" "$W/leaf3_with_chain.pem"
    expect chain/out-of-order-with-distractors 0 path=4 ok "" -- \
        --roots "$R" --intermediates "$W/shuffled_with_distractors.pem" "${H[@]}" "$W/leaf2.pem"
    expect chain/same-name-impostor-first 0 path=4 ok "" -- \
        --roots "$R" --intermediates "$W/impostor_first.pem" "${H[@]}" "$W/leaf2.pem"
    expect chain/time-as-unix-seconds 0 path=3 ok "" -- --time "$AT_UNIX" \
        --roots "$R" --intermediates "$W/i1.pem" "${H[@]}" "$W/leaf1.pem"
    expect trust/untrusted-root 1 unknown-issuer "fail:unable to get local issuer certificate" "" -- \
        --roots "$W/other_root.pem" --intermediates "$W/chain2.pem" "${H[@]}" "$W/leaf2.pem"
    expect trust/missing-intermediate 1 unknown-issuer "fail:unable to get local issuer certificate" "" -- \
        --roots "$R" --intermediates "$W/i2.pem" "${H[@]}" "$W/leaf2.pem"

    # Cross-signed intermediate: an expired branch must not hide the valid one.
    expect cross/both-roots-trusted 0 path=3 ok "" -- --roots "$W/xroots_ab.pem" \
        --intermediates "$W/xint_both.pem" "${H[@]}" "$W/xleaf.pem"
    expect cross/only-valid-branch-root-trusted 0 path=3 ok "" -- --roots "$W/xroot_b.pem" \
        --intermediates "$W/xint_both.pem" "${H[@]}" "$W/xleaf.pem"
    # Both fail; openssl stops at the valid-looking branch and names the missing issuer, latch
    # reports the failure of the branch that reached a trust anchor.
    expect cross/only-expired-branch-root-trusted 1 expired \
        "fail:unable to get local issuer certificate" "" -- --roots "$W/xroot_a.pem" \
        --intermediates "$W/xint_both.pem" "${H[@]}" "$W/xleaf.pem"
    expect cross/only-expired-cross-cert-supplied 1 expired "fail:certificate has expired" "" -- \
        --roots "$W/xroots_ab.pem" --intermediates "$W/xint_expired_only.pem" "${H[@]}" \
        "$W/xleaf.pem"

    # Validity periods.
    expect time/expired-leaf 1 expired "fail:certificate has expired" "" -- \
        --roots "$R" --intermediates "$W/i1.pem" "${H[@]}" "$W/leaf_expired.pem"
    expect time/not-yet-valid-leaf 1 not-yet-valid "fail:certificate is not yet valid" "" -- \
        --roots "$R" --intermediates "$W/i1.pem" "${H[@]}" "$W/leaf_future.pem"
    expect time/expired-intermediate 1 expired "fail:certificate has expired" "" -- \
        --roots "$R" --intermediates "$W/i_expired.pem" "${H[@]}" "$W/leaf_under_expired.pem"
    expect time/not-yet-valid-intermediate 1 not-yet-valid "fail:certificate is not yet valid" "" -- \
        --roots "$R" --intermediates "$W/i_future.pem" "${H[@]}" "$W/leaf_under_future.pem"

    # Host names and IP addresses (subjectAltName only).
    local I1=(--roots "$R" --intermediates "$W/i1.pem")
    expect host/wrong-host 1 host-mismatch "fail:hostname mismatch" "" -- \
        "${I1[@]}" --host other.example.test "$W/leaf1.pem"
    expect host/uppercase-host-matches 0 path=3 ok "" -- \
        "${I1[@]}" --host WWW.Example.TEST "$W/leaf1.pem"
    expect host/wildcard-one-label 0 path=3 ok "" -- \
        "${I1[@]}" --host a.example.test "$W/leaf_wild.pem"
    expect host/wildcard-not-two-labels 1 host-mismatch "fail:hostname mismatch" "" -- \
        "${I1[@]}" --host a.b.example.test "$W/leaf_wild.pem"
    expect host/wildcard-not-parent-domain 1 host-mismatch "fail:hostname mismatch" "" -- \
        "${I1[@]}" --host example.test "$W/leaf_wild.pem"
    expect host/partial-label-wildcard 1 bad-name ok \
        "openssl's CLI allows f*.example.test partial wildcards; latch refuses the SAN's syntax" -- \
        "${I1[@]}" --host foo.example.test "$W/leaf_partial.pem"
    expect host/bare-tld-wildcard 1 bad-name "fail:hostname mismatch" "" -- \
        "${I1[@]}" --host x.test "$W/leaf_tld_wild.pem"
    expect host/cn-only-no-san 1 bad-name ok \
        "openssl falls back to the CN without a DNS SAN; latch wants the CN a copy of a SAN (BR 7.1.4.3)" -- \
        "${I1[@]}" --host cn.example.test "$W/leaf_cn_only.pem"
    expect host/ipv4-san 0 path=3 ok "" -- "${I1[@]}" --ip 127.0.0.1 "$W/leaf_ip.pem"
    expect host/ipv6-san 0 path=3 ok "" -- "${I1[@]}" --ip ::1 "$W/leaf_ip.pem"
    expect host/ip-mismatch 1 host-mismatch "fail:IP address mismatch" "" -- \
        "${I1[@]}" --ip 10.0.0.1 "$W/leaf_ip.pem"
    # A dNSName "127.0.0.1" is not a DNS name at all (RFC 1123 §2.1: the last label is not all
    # digits), so latch refuses it before the name is compared.
    expect host/dns-san-is-not-an-ip 1 bad-name "fail:IP address mismatch" "" -- \
        "${I1[@]}" --ip 127.0.0.1 "$W/leaf_dns_ip.pem"

    # Issuer rules.
    expect ca/intermediate-ca-false 1 not-ca "fail:invalid CA certificate" "" -- \
        --roots "$R" --intermediates "$W/i_ca_false.pem" "${H[@]}" "$W/leaf_i_ca_false.pem"
    expect ca/intermediate-without-basic-constraints 1 not-ca "fail:invalid CA certificate" "" -- \
        --roots "$R" --intermediates "$W/i_no_bc.pem" "${H[@]}" "$W/leaf_i_no_bc.pem"
    expect ca/pathlen0-with-intermediate-below 1 path-length "fail:path length constraint exceeded" "" -- \
        --roots "$R" --intermediates "$W/pathlen_chain.pem" "${H[@]}" "$W/leaf_i_below_pathlen0.pem"
    # Both fail; openssl's first error calls a CA without keyCertSign "invalid CA certificate".
    expect ca/issuer-keyusage-without-keycertsign 1 key-usage "fail:invalid CA certificate" "" -- \
        --roots "$R" --intermediates "$W/i_no_certsign.pem" "${H[@]}" "$W/leaf_i_no_certsign.pem"

    # Purposes (extendedKeyUsage).
    expect purpose/leaf-without-eku 1 bad-extension ok \
        "latch requires extKeyUsage in a server certificate (CABF 7.1.2.7.10); openssl allows any purpose" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_no_eku.pem"
    expect purpose/leaf-without-eku-for-client 0 path=3 ok "" -- \
        "${I1[@]}" "${H[@]}" --purpose client "$W/leaf_no_eku.pem"
    expect purpose/client-leaf-for-server 1 purpose "fail:unsuitable certificate purpose" "" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_client.pem"
    expect purpose/client-leaf-for-client 0 path=3 ok "" -- \
        "${I1[@]}" "${H[@]}" --purpose client "$W/leaf_client.pem"
    expect purpose/client-only-intermediate-for-server 1 purpose \
        "fail:unsuitable certificate purpose" "" -- --roots "$R" \
        --intermediates "$W/i_eku_client.pem" "${H[@]}" "$W/leaf_i_eku_client.pem"
    expect purpose/client-only-intermediate-for-client 0 path=3 ok "" -- --roots "$R" \
        --intermediates "$W/i_eku_client.pem" "${H[@]}" --purpose client \
        "$W/leaf_i_eku_client.pem"

    # Name constraints on the leaf's subjectAltNames.
    expect nc/permitted-dns-inside 0 path=3 ok "" -- --roots "$R" \
        --intermediates "$W/nc_dns.pem" --host ok.allowed.test "$W/leaf_nc_ok.pem"
    expect nc/permitted-dns-outside 1 name-constraints "fail:permitted subtree violation" "" -- \
        --roots "$R" --intermediates "$W/nc_dns.pem" --host evil.other.test "$W/leaf_nc_evil.pem"
    expect nc/excluded-dns-not-present 0 path=3 ok "" -- --roots "$R" \
        --intermediates "$W/nc_excl.pem" --host ok.example.test "$W/leaf_excl_ok.pem"
    expect nc/excluded-dns-in-another-san 1 name-constraints "fail:excluded subtree violation" "" -- \
        --roots "$R" --intermediates "$W/nc_excl.pem" --host ok.example.test "$W/leaf_excl_bad.pem"
    expect nc/permitted-ip-inside 0 path=3 ok "" -- --roots "$R" \
        --intermediates "$W/nc_ip.pem" --ip 10.1.2.3 "$W/leaf_nc_ip_ok.pem"
    expect nc/permitted-ip-outside 1 name-constraints "fail:permitted subtree violation" "" -- \
        --roots "$R" --intermediates "$W/nc_ip.pem" --ip 192.168.1.1 "$W/leaf_nc_ip_bad.pem"

    # Name constraints of the other types.
    expect nc/permitted-email-inside 0 path=3 ok "" -- --roots "$R" \
        --intermediates "$W/nc_email.pem" --email alice@mail.example.test "$W/leaf_nc_email_ok.pem"
    expect nc/permitted-email-outside 1 name-constraints "fail:permitted subtree violation" "" -- \
        --roots "$R" --intermediates "$W/nc_email.pem" --email alice@other.test \
        "$W/leaf_nc_email_bad.pem"
    expect nc/permitted-dirname-inside 0 path=3 ok "" -- --roots "$R" \
        --intermediates "$W/nc_dir.pem" "${H[@]}" "$W/leaf_nc_dir.pem"
    expect nc/permitted-dirname-outside 1 name-constraints "fail:permitted subtree violation" "" -- \
        --roots "$R" --intermediates "$W/nc_dir_other.pem" "${H[@]}" "$W/leaf_nc_dir_other.pem"
    expect nc/uri-constraint-no-uri-name 0 path=3 ok "" -- --roots "$R" \
        --intermediates "$W/nc_uri.pem" "${H[@]}" "$W/leaf_nc_uri_dns.pem"
    expect nc/uri-constraint-uri-name 1 name-constraints ok \
        "openssl checks URI constraints; latch does not and refuses a URI name under one" -- \
        --roots "$R" --intermediates "$W/nc_uri.pem" "${H[@]}" "$W/leaf_nc_uri_uri.pem"
    expect nc/name-constraints-in-a-leaf 1 bad-extension ok \
        "openssl accepts nameConstraints in an end-entity certificate; RFC 5280 allows them in CAs only" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_with_nc.pem"

    # The leaf's own names (server certificates).
    expect name/cn-not-a-san 1 bad-name ok \
        "openssl does not compare the CN with the SANs (BR 7.1.4.3 wants a copy)" -- \
        "${I1[@]}" --host other.example.test "$W/leaf_cn_not_san.pem"
    expect name/underscore-in-a-san 1 bad-name ok \
        "openssl does not check the syntax of SANs it does not match" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_underscore.pem"
    expect name/san-critical-with-subject 1 bad-extension ok \
        "openssl allows a critical SAN beside a subject (BR 7.1.2.7.12 does not)" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_san_critical.pem"
    expect name/wildcard-over-co-uk 1 bad-name ok \
        "openssl's CLI does not use the Public Suffix List" -- \
        "${I1[@]}" --host x.co.uk "$W/leaf_wild_co_uk.pem"
    expect name/wildcard-over-github-io 1 bad-name ok \
        "openssl's CLI does not use the Public Suffix List (private section)" -- \
        "${I1[@]}" --host x.github.io "$W/leaf_wild_github.pem"
    expect name/wildcard-under-registrable-domain 0 path=3 ok "" -- \
        "${I1[@]}" --host x.example.co.uk "$W/leaf_wild_example_co_uk.pem"
    # Without the list, only bare-TLD wildcards are refused.
    LATCH_PUBLIC_SUFFIX_LIST="$W/no-such-list.dat"
    export LATCH_PUBLIC_SUFFIX_LIST
    expect name/no-list-wildcard-over-co-uk-accepted 0 path=3 ok "" -- \
        "${I1[@]}" --host x.co.uk "$W/leaf_wild_co_uk.pem"
    expect name/no-list-bare-tld-wildcard-refused 1 bad-name "fail:hostname mismatch" "" -- \
        "${I1[@]}" --host x.test "$W/leaf_tld_wild.pem"
    # A malformed list: bytes that are no rules, a file that is not a list.
    head -c 3000 "$W/leaf1.pem" >"$W/malformed-list.dat"
    printf '\377\376*.*.x\n!\n..\n' >>"$W/malformed-list.dat"
    LATCH_PUBLIC_SUFFIX_LIST="$W/malformed-list.dat"
    expect name/malformed-list-falls-back 0 path=3 ok "" -- \
        "${I1[@]}" --host x.co.uk "$W/leaf_wild_co_uk.pem"
    unset LATCH_PUBLIC_SUFFIX_LIST

    # E-mail addresses (S/MIME) and no name.
    expect email/rfc822-san-matches 0 path=3 ok "" -- \
        "${I1[@]}" --email alice@example.test "$W/leaf_email.pem"
    expect email/domain-without-case 0 path=3 ok "" -- \
        "${I1[@]}" --email alice@EXAMPLE.test "$W/leaf_email.pem"
    expect email/local-part-exact 1 host-mismatch "fail:email address mismatch" "" -- \
        "${I1[@]}" --email Alice@example.test "$W/leaf_email.pem"
    expect email/other-address 1 host-mismatch fail "" -- \
        "${I1[@]}" --email bob@example.test "$W/leaf_email.pem"
    expect email/server-only-eku 1 purpose "fail:unsuitable certificate purpose" "" -- \
        "${I1[@]}" --email alice@example.test "$W/leaf_email_server_eku.pem"
    expect email/smime-leaf-for-server 1 purpose "fail:unsuitable certificate purpose" "" -- \
        "${I1[@]}" --no-name "$W/leaf_email.pem"
    expect noname/server-leaf 0 path=3 ok "" -- "${I1[@]}" --no-name "$W/leaf1.pem"
    expect noname/client-leaf 0 path=3 ok "" -- "${I1[@]}" --no-name --purpose client \
        "$W/leaf_client.pem"
    expect noname/client-purpose-needs-no-name 0 path=3 ok "" -- "${I1[@]}" --purpose client \
        "$W/leaf_client.pem"
    expect noname/still-checks-the-path 1 unknown-issuer \
        "fail:unable to get local issuer certificate" "" -- --roots "$R" --no-name "$W/leaf1.pem"

    # Extensions and signatures.
    expect ext/unknown-critical-extension 1 unknown-critical-extension \
        "fail:unhandled critical extension" "" -- "${I1[@]}" "${H[@]}" "$W/leaf_critical.pem"
    expect sig/bad-signature 1 bad-signature "fail:certificate signature failure" "" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_bad_signature.pem"

    # The trust anchor is a certificate too (CABF 7.1.2.1).
    expect anchor/expired-root 1 expired "fail:certificate has expired" "" -- \
        --roots "$W/root_expired.pem" "${H[@]}" "$W/leaf_root_expired.pem"
    expect anchor/root-bc-not-critical 1 bad-extension ok \
        "openssl does not require a trusted root's basicConstraints to be critical" -- \
        --roots "$W/root_bc_not_critical.pem" "${H[@]}" "$W/leaf_root_bc_not_critical.pem"
    expect anchor/root-with-eku 1 bad-extension ok \
        "openssl reads a root's extKeyUsage as a restriction; CABF 7.1.2.1.2 forbids it" -- \
        --roots "$W/root_eku.pem" "${H[@]}" "$W/leaf_root_eku.pem"
    expect anchor/root-without-ski 1 bad-extension ok \
        "openssl does not require a subjectKeyIdentifier (RFC 5280 4.2.1.2) outside -x509_strict" -- \
        --roots "$W/root_no_ski.pem" "${H[@]}" "$W/leaf_root_no_ski.pem"
    expect anchor/root-keyusage-without-keycertsign 1 key-usage "fail:invalid CA certificate" "" -- \
        --roots "$W/root_no_certsign.pem" "${H[@]}" "$W/leaf_root_no_certsign.pem"

    # End entities (RFC 5280 4.2.1.1, 4.2.1.9, 4.2.2.1, 4.1.2.2; CABF 7.1.2.7, 6.1.5).
    expect ee/leaf-ca-true 1 bad-extension ok \
        "openssl accepts a CA certificate as a server's leaf" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_leaf_ca_true.pem"
    expect ee/leaf-keycertsign 1 key-usage ok \
        "openssl accepts keyCertSign in a leaf that is not a CA" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_leaf_keycertsign.pem"
    expect ee/leaf-eku-critical 1 bad-extension ok \
        "openssl accepts a critical extKeyUsage; CABF 7.1.2.7.10 wants it non-critical" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_leaf_eku_critical.pem"
    expect ee/leaf-any-eku 1 bad-extension ok \
        "openssl accepts anyExtendedKeyUsage in a server certificate; CABF 7.1.2.7.10 forbids it" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_leaf_any_eku.pem"
    expect ee/leaf-without-aki 1 bad-extension ok \
        "openssl requires an authorityKeyIdentifier only with -x509_strict" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_leaf_no_aki.pem"
    # Both fail; openssl does not handle a critical authorityKeyIdentifier at all.
    expect ee/leaf-aki-critical 1 bad-extension "fail:unhandled critical extension" "" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_leaf_aki_critical.pem"
    expect ee/leaf-aia-empty 1 bad-extension ok \
        "openssl does not look into authorityInfoAccess when verifying" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_leaf_aia_empty.pem"
    expect ee/leaf-aia-one-entry 0 path=3 ok "" -- "${I1[@]}" "${H[@]}" "$W/ee_leaf_aia.pem"
    expect ee/serial-zero 1 malformed ok \
        "openssl accepts the serial number zero; RFC 5280 4.1.2.2 wants it positive" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_serial_zero.pem"
    expect ee/serial-20-octets 0 path=3 ok "" -- "${I1[@]}" "${H[@]}" "$W/ee_serial_20.pem"
    expect ee/serial-21-octets 1 malformed ok \
        "openssl accepts serial numbers longer than the 20 octets of RFC 5280 4.1.2.2" -- \
        "${I1[@]}" "${H[@]}" "$W/ee_serial_21.pem"
    expect key/rsa2052-leaf 1 weak-key ok \
        "openssl accepts an RSA modulus that is not a whole number of octets (CABF 6.1.5)" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_rsa2052.pem"

    # CA certificates below the anchor.
    expect ca/intermediate-without-ski 1 bad-extension ok \
        "openssl does not require a subjectKeyIdentifier (RFC 5280 4.2.1.2) outside -x509_strict" -- \
        --roots "$R" --intermediates "$W/i_no_ski.pem" "${H[@]}" "$W/leaf_i_no_ski.pem"
    expect ca/policy-constraints-critical 0 path=3 ok "" -- \
        --roots "$R" --intermediates "$W/i_pc_critical.pem" "${H[@]}" "$W/leaf_i_pc_critical.pem"
    expect ca/policy-constraints-not-critical 1 bad-extension ok \
        "openssl does not check that policyConstraints is critical (RFC 5280 4.2.1.11)" -- \
        --roots "$R" --intermediates "$W/i_pc_not_critical.pem" "${H[@]}" \
        "$W/leaf_i_pc_not_critical.pem"
    expect ca/self-issued-rollover-under-pathlen0 0 path=4 ok "" -- \
        --roots "$R" --intermediates "$W/rollover_chain.pem" "${H[@]}" "$W/leaf_rollover.pem"

    # Keys and signature algorithms.
    expect key/p384-leaf 0 path=3 ok "" -- "${I1[@]}" "${H[@]}" "$W/leaf_p384.pem"
    expect key/ed25519-leaf 0 path=3 ok "" -- "${I1[@]}" "${H[@]}" "$W/leaf_ed25519.pem"
    expect key/rsa2048-pkcs1-chain 0 path=2 ok "" -- \
        --roots "$W/rsa_root.pem" "${H[@]}" "$W/leaf_rsa.pem"
    expect alg/rsa-pss-signature 0 path=2 ok "" -- \
        --roots "$W/rsa_root.pem" "${H[@]}" "$W/leaf_rsa_pss.pem"
    expect key/rsa1024-leaf 1 weak-key ok \
        "openssl verify sets no key-size floor unless -auth_level is given" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_rsa1024.pem"
    expect alg/sha1-signature 1 bad-algorithm ok \
        "openssl verify accepts SHA-1 signatures unless -auth_level is given" -- \
        "${I1[@]}" "${H[@]}" "$W/leaf_sha1.pem"
    expect alg/sha1-signature-allowed 0 path=3 ok "" -- \
        "${I1[@]}" "${H[@]}" --allow-sha1 "$W/leaf_sha1.pem"

    # Limits (--max-depth counts intermediates; default 6).
    expect limit/max-depth-1-with-3-intermediates 1 limit "fail:certificate chain too long" "" -- \
        --roots "$R" --intermediates "$W/chain3.pem" "${H[@]}" --max-depth 1 "$W/leaf3.pem"
    expect limit/max-depth-2-with-3-intermediates 1 limit "fail:certificate chain too long" "" -- \
        --roots "$R" --intermediates "$W/chain3.pem" "${H[@]}" --max-depth 2 "$W/leaf3.pem"
    expect limit/max-depth-3-with-3-intermediates 0 path=5 ok "" -- \
        --roots "$R" --intermediates "$W/chain3.pem" "${H[@]}" --max-depth 3 "$W/leaf3.pem"
    expect limit/default-depth-6-intermediates 0 path=8 ok "" -- \
        --roots "$R" --intermediates "$W/chain6.pem" "${H[@]}" "$W/leaf6.pem"
    expect limit/default-depth-7-intermediates 1 limit ok \
        "openssl's default verify depth is 100 intermediates, latch's is 6" -- \
        --roots "$R" --intermediates "$W/chain7.pem" "${H[@]}" "$W/leaf7.pem"
    # --max-depth takes any number; above 14 (the most latch builds) it means 14.
    expect limit/max-depth-255-with-13-intermediates 0 path=15 ok "" -- \
        --roots "$R" --intermediates "$W/chain13.pem" "${H[@]}" --max-depth 255 "$W/leaf13.pem"
    expect limit/max-depth-255-with-14-intermediates 0 path=16 ok "" -- \
        --roots "$R" --intermediates "$W/chain14.pem" "${H[@]}" --max-depth 255 "$W/leaf14.pem"
    expect limit/max-depth-255-with-15-intermediates 1 limit ok \
        "latch builds paths of at most 14 intermediates whatever --max-depth says" -- \
        --roots "$R" --intermediates "$W/chain15.pem" "${H[@]}" --max-depth 255 "$W/leaf15.pem"
    expect limit/max-depth-13-with-14-intermediates 1 limit "fail:certificate chain too long" "" -- \
        --roots "$R" --intermediates "$W/chain14.pem" "${H[@]}" --max-depth 13 "$W/leaf14.pem"
    expect limit/max-depth-14-with-14-intermediates 0 path=16 ok "" -- \
        --roots "$R" --intermediates "$W/chain14.pem" "${H[@]}" --max-depth 14 "$W/leaf14.pem"
    expect limit/max-depth-15-with-14-intermediates 0 path=16 ok "" -- \
        --roots "$R" --intermediates "$W/chain14.pem" "${H[@]}" --max-depth 15 "$W/leaf14.pem"
    # The input cap: a leaf and at most 32 more certificates.
    expect limit/leaf-and-31-certificates 0 path=3 ok "" -- \
        --roots "$R" --intermediates "$W/many31.pem" "${H[@]}" "$W/leaf1.pem"
    expect limit/leaf-and-32-certificates 0 path=3 ok "" -- \
        --roots "$R" --intermediates "$W/many32.pem" "${H[@]}" "$W/leaf1.pem"
    expect limit/leaf-and-33-certificates 2 - ok \
        "latch reads at most 32 certificates besides the leaf" -- \
        --roots "$R" --intermediates "$W/many33.pem" "${H[@]}" "$W/leaf1.pem"

    # Unusable input and bad usage.
    expect usage/garbage-file 2 - fail "" -- --roots "$R" "${H[@]}" "$W/garbage.txt"
    expect usage/garbage-pem 2 - fail "" -- --roots "$R" "${H[@]}" "$W/garbage.pem"
    expect usage/missing-leaf-file 2 - fail "" -- --roots "$R" "${H[@]}" "$W/no-such-file.pem"
    expect usage/missing-roots-file 2 - fail "" -- \
        --roots "$W/no-such-roots.pem" "${H[@]}" "$W/leaf0.pem"
    expect usage/no-host-or-ip 2 - ok \
        "openssl verify checks no name unless asked; latch wants a name or --no-name" -- \
        --roots "$R" "$W/leaf0.pem"
    expect usage/host-and-no-name 2 - - "" -- --roots "$R" "${H[@]}" --no-name "$W/leaf0.pem"
    expect usage/host-and-email 2 - - "" -- --roots "$R" "${H[@]}" --email a@example.test \
        "$W/leaf0.pem"
    expect usage/max-depth-not-a-number 2 - - "" -- --roots "$R" "${H[@]}" --max-depth 2x \
        "$W/leaf0.pem"
    expect usage/max-depth-negative 2 - - "" -- --roots "$R" "${H[@]}" --max-depth -1 \
        "$W/leaf0.pem"
    expect usage/bad-email 2 - - "" -- --roots "$R" --email not-an-address "$W/leaf0.pem"
    expect usage/bad-time 2 - - "" -- --time yesterday --roots "$R" "${H[@]}" "$W/leaf0.pem"
}

# ---------------------------------------------------------------------------------------------
# Revocation: CRLs made with `openssl ca -revoke` and `-gencrl`, side by side with
# `openssl verify -crl_check[_all] -CRLfile`
# ---------------------------------------------------------------------------------------------

# revoke NAME ISSUER REASON: marks NAME revoked in ISSUER's database.
revoke() {
    LATCH_CA_DIR="$W/ca/$2" openssl ca -config "$EXT/ca.cnf" -batch -revoke "$W/$1.pem" \
        -cert "$W/$2.pem" -keyfile "$W/keys/${KEY_OF[$2]}.key" -crl_reason "$3" \
        >"$W/log/revoke-$1.log" 2>&1 || die "revoke $1" "$W/log/revoke-$1.log"
}

# gencrl OUT ISSUER LAST NEXT: ISSUER's CRL of everything revoked so far into $W/OUT.crl.
gencrl() {
    local db="$W/ca/$2"
    [ -f "$db/crlnumber" ] || echo 01 >"$db/crlnumber"
    LATCH_CA_DIR="$db" openssl ca -config "$EXT/ca.cnf" -batch -gencrl -crlexts crl_ext \
        -cert "$W/$2.pem" -keyfile "$W/keys/${KEY_OF[$2]}.key" -md sha256 \
        -crl_lastupdate "$3" -crl_nextupdate "$4" -out "$W/$1.crl" \
        >"$W/log/crl-$1.log" 2>&1 || die "CRL $1" "$W/log/crl-$1.log"
}

generate_crls() {
    local now=(20260501000000Z 20260701000000Z) stale=(20260401000000Z 20260501000000Z)
    new_key i_rev p256
    new_key i_no_crlsign p256
    make_leaf leaf_rev i1 leaf_p256 leaf www.example.test "DNS:www.example.test" "${LEAF_DATES[@]}"
    make_ca i_rev root i_rev intermediate "${CA_DATES[@]}"
    make_leaf leaf_under_i_rev i_rev leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_ca i_no_crlsign root i_no_crlsign intermediate_no_crlsign "${CA_DATES[@]}"
    make_leaf leaf_no_crlsign i_no_crlsign leaf_p256 leaf www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    revoke leaf_rev i1 keyCompromise
    revoke i_rev root CACompromise
    revoke leaf_no_crlsign i_no_crlsign keyCompromise
    gencrl crl_root root "${now[@]}"
    gencrl crl_i1 i1 "${now[@]}"
    gencrl crl_i1_stale i1 "${stale[@]}"
    gencrl crl_i_rev i_rev "${now[@]}"
    gencrl crl_i_no_crlsign i_no_crlsign "${now[@]}"
    cat "$W/crl_root.crl" "$W/crl_i1.crl" "$W/crl_i_rev.crl" >"$W/crls_all.crl"
    cat "$W/crl_root.crl" "$W/crl_i1_stale.crl" >"$W/crls_stale.crl"
    cat "$W/crl_root.crl" "$W/crl_i_no_crlsign.crl" >"$W/crls_no_crlsign.crl"

    # Indirect CRLs (RFC 5280 §5.2.5, §5.3.3): crl_issuer, a CA under root, publishes i1's CRL;
    # the leaves' distribution point names it as cRLIssuer. Partitioned CRLs (§6.3.3 (b)(2)(i)):
    # i1's CRL for distribution point part1 only. ext/make_crl.py writes both (openssl ca cannot).
    new_key crl_issuer p256
    make_ca crl_issuer root crl_issuer intermediate "${CA_DATES[@]}"
    bundle i1_and_crl_issuer i1 crl_issuer
    make_leaf leaf_ind_rev i1 leaf_p256 leaf_indirect_crl www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_ind_ok i1 leaf_p256 leaf_indirect_crl www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    make_leaf leaf_dp1 i1 leaf_p256 leaf_dp_part1 www.example.test "DNS:www.example.test" \
        "${LEAF_DATES[@]}"
    local serial_rev serial_leaf1
    serial_rev=$(openssl x509 -in "$W/leaf_ind_rev.pem" -noout -serial | cut -d= -f2)
    serial_leaf1=$(openssl x509 -in "$W/leaf1.pem" -noout -serial | cut -d= -f2)
    # the first entry is crl_issuer's own (no certificateIssuer), the next ones i1's
    python3 "$EXT/make_crl.py" "$W/crl_indirect.crl" "$W/crl_issuer.pem" "$W/keys/crl_issuer.key" \
        260501000000Z 260701000000Z --indirect "7777:1" "$serial_rev:1:$W/i1.pem" \
        >"$W/log/crl-indirect.log" 2>&1 || die "indirect CRL" "$W/log/crl-indirect.log"
    # leaf1 listed by crl_issuer, but leaf1 names no cRLIssuer: the CRL is not for it
    python3 "$EXT/make_crl.py" "$W/crl_indirect_leaf1.crl" "$W/crl_issuer.pem" \
        "$W/keys/crl_issuer.key" 260501000000Z 260701000000Z --indirect "$serial_leaf1:1:$W/i1.pem" \
        >"$W/log/crl-indirect-leaf1.log" 2>&1 || die "indirect CRL" "$W/log/crl-indirect-leaf1.log"
    python3 "$EXT/make_crl.py" "$W/crl_i1_part1.crl" "$W/i1.pem" "$W/keys/${KEY_OF[i1]}.key" \
        260501000000Z 260701000000Z --dp http://crl.test/part1.crl \
        >"$W/log/crl-part1.log" 2>&1 || die "partitioned CRL" "$W/log/crl-part1.log"
    cat "$W/crl_root.crl" "$W/crl_indirect.crl" >"$W/crls_indirect.crl"
    cat "$W/crl_root.crl" "$W/crl_i1_part1.crl" >"$W/crls_part1.crl"
}

run_crl_cases() {
    local R="$W/roots.pem" H=(--host www.example.test)
    expect crl/not-revoked-every-crl-required 0 path=3 ok "" -- --roots "$R" --intermediates \
        "$W/i1.pem" --crls "$W/crls_all.crl" --require-crl "${H[@]}" "$W/leaf1.pem"
    expect crl/revoked-leaf 1 revoked "fail:certificate revoked" "" -- --roots "$R" \
        --intermediates "$W/i1.pem" --crls "$W/crls_all.crl" "${H[@]}" "$W/leaf_rev.pem"
    expect crl/revoked-leaf-crl-required 1 revoked "fail:certificate revoked" "" -- --roots "$R" \
        --intermediates "$W/i1.pem" --crls "$W/crls_all.crl" --require-crl "${H[@]}" "$W/leaf_rev.pem"
    expect crl/revoked-intermediate 1 revoked "fail:certificate revoked" "" -- --roots "$R" \
        --intermediates "$W/i_rev.pem" --crls "$W/crls_all.crl" --require-crl "${H[@]}" \
        "$W/leaf_under_i_rev.pem"
    expect crl/leaf-crl-only-not-required 0 path=3 ok "" -- --roots "$R" --intermediates \
        "$W/i1.pem" --crls "$W/crl_i1.crl" "${H[@]}" "$W/leaf1.pem"
    expect crl/intermediate-crl-missing-required 1 revocation-unknown \
        "fail:unable to get certificate CRL" "" -- --roots "$R" --intermediates "$W/i1.pem" \
        --crls "$W/crl_i1.crl" --require-crl "${H[@]}" "$W/leaf1.pem"
    expect crl/no-crl-required 1 revocation-unknown "fail:unable to get certificate CRL" "" -- \
        --roots "$R" --intermediates "$W/i1.pem" --require-crl "${H[@]}" "$W/leaf1.pem"
    expect crl/stale-crl-not-required 0 path=3 "fail:CRL has expired" \
        "a CRL past its nextUpdate is not used, and a status nothing covers fails only with --require-crl" -- \
        --roots "$R" --intermediates "$W/i1.pem" --crls "$W/crls_stale.crl" "${H[@]}" "$W/leaf_rev.pem"
    expect crl/stale-crl-required 1 revocation-unknown "fail:CRL has expired" "" -- --roots "$R" \
        --intermediates "$W/i1.pem" --crls "$W/crls_stale.crl" --require-crl "${H[@]}" "$W/leaf_rev.pem"
    expect crl/issuer-without-crlsign-required 1 revocation-unknown fail "" -- --roots "$R" \
        --intermediates "$W/i_no_crlsign.pem" --crls "$W/crls_no_crlsign.crl" --require-crl "${H[@]}" \
        "$W/leaf_no_crlsign.pem"
    expect crl/issuer-without-crlsign-not-required 0 path=3 fail \
        "a CRL its issuer may not sign (no cRLSign) is not used, and a status nothing covers fails only with --require-crl" -- \
        --roots "$R" --intermediates "$W/i_no_crlsign.pem" --crls "$W/crls_no_crlsign.crl" "${H[@]}" \
        "$W/leaf_no_crlsign.pem"
    # openssl validates the CRL issuer with the leaf's parameters, host name included, so these
    # cases check no name (latch validates an indirect CRL's issuer without one)
    local I="$W/i1_and_crl_issuer.pem"
    expect crl/indirect-revoked-leaf 1 revoked "fail:certificate revoked" "" -- --roots "$R" \
        --intermediates "$I" --crls "$W/crls_indirect.crl" --no-name "$W/leaf_ind_rev.pem"
    expect crl/indirect-revoked-leaf-required 1 revoked "fail:certificate revoked" "" -- --roots "$R" \
        --intermediates "$I" --crls "$W/crls_indirect.crl" --require-crl --no-name "$W/leaf_ind_rev.pem"
    expect crl/indirect-not-revoked-required 0 path=3 ok "" -- --roots "$R" --intermediates "$I" \
        --crls "$W/crls_indirect.crl" --require-crl --no-name "$W/leaf_ind_ok.pem"
    expect crl/indirect-crl-issuer-missing-required 1 revocation-unknown fail "" -- --roots "$R" \
        --intermediates "$W/i1.pem" --crls "$W/crls_indirect.crl" --require-crl --no-name \
        "$W/leaf_ind_rev.pem"
    expect crl/indirect-crl-not-named-by-leaf-required 1 revocation-unknown fail "" -- --roots "$R" \
        --intermediates "$I" --crls "$W/crl_root.crl" --crls "$W/crl_indirect_leaf1.crl" --require-crl \
        --no-name "$W/leaf1.pem"
    expect crl/partition-covers-its-leaf-required 0 path=3 ok "" -- --roots "$R" --intermediates \
        "$W/i1.pem" --crls "$W/crls_part1.crl" --require-crl "${H[@]}" "$W/leaf_dp1.pem"
    expect crl/partition-not-for-leaf-required 1 revocation-unknown fail "" -- --roots "$R" \
        --intermediates "$W/i1.pem" --crls "$W/crls_part1.crl" --require-crl "${H[@]}" "$W/leaf1.pem"
    expect crl/malformed-crl-file 2 - - "" -- --roots "$R" --intermediates "$W/i1.pem" \
        --crls "$W/garbage.txt" "${H[@]}" "$W/leaf1.pem"
    expect crl/missing-crl-file 2 - - "" -- --roots "$R" --intermediates "$W/i1.pem" \
        --crls "$W/no-such.crl" "${H[@]}" "$W/leaf1.pem"
}

command -v openssl >/dev/null 2>&1 || { fail "openssl CLI not found"; echo "0 passed, 1 failed"; exit 1; }
generate_corpus
generate_crls
probe_latch
if [ -n "$LATCH_MISSING" ]; then
    fail "latch verify not available ($LATCH_MISSING)"
fi
run_cases
run_crl_cases
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
