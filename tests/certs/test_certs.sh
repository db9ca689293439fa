#!/usr/bin/env bash
# latch certs end to end: make ECDSA and RSA development CAs, issue leaves from them, and check
# each with the openssl CLI (chain and purpose, SANs, extensions, file modes), plus usage errors.
# Usage: bash test_certs.sh <latch-tool> <source-dir> <build-dir>
set -u

if [ $# -lt 3 ]; then
    echo "usage: bash test_certs.sh <latch-tool> <source-dir> <build-dir>" >&2
    exit 2
fi
# absolute paths: the checks run inside a scratch directory
latch=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build_dir=$(cd "$3" && pwd)
passed=0
failed=0

work=$(mktemp -d "$build_dir/certs-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...
    local description=$1
    shift
    if "$@" >"$work/last.out" 2>&1; then ok "$description"; else not_ok "$description"; sed 's/^/#   /' "$work/last.out"; fi
}
text_has() { # text_has FILE PATTERN: openssl's text form of certificate FILE contains PATTERN
    openssl x509 -in "$1" -noout -text | grep -q -- "$2"
}
mode_is() { [ "$(stat -c %a "$1")" = "$2" ]; }
exit_is() { # exit_is CODE COMMAND...
    local want=$1
    shift
    "$@" >/dev/null 2>"$work/stderr"
    local got=$?
    [ "$got" = "$want" ] || { echo "exit $got, wanted $want"; return 1; }
}
stderr_starts_latch_certs() { head -c 13 "$work/stderr" | grep -q '^latch certs: '; }

# --- CAs ---------------------------------------------------------------------------------------
check "make an ECDSA CA" "$latch" certs ca --dir ec-ca
check "make an RSA CA" "$latch" certs ca --dir rsa-ca --rsa
check "ECDSA CA is CA:TRUE" text_has ec-ca/ca.pem "CA:TRUE, pathlen:0"
check "ECDSA CA keyUsage" text_has ec-ca/ca.pem "Digital Signature, Certificate Sign, CRL Sign"
check "ECDSA CA has a SubjectKeyIdentifier" text_has ec-ca/ca.pem "Subject Key Identifier"
check "ECDSA CA signs with ecdsa-with-SHA256" text_has ec-ca/ca.pem "Signature Algorithm: ecdsa-with-SHA256"
check "RSA CA is CA:TRUE" text_has rsa-ca/ca.pem "CA:TRUE"
check "RSA CA signs with sha256WithRSAEncryption" text_has rsa-ca/ca.pem "sha256WithRSAEncryption"
check "RSA CA key is RSA 3072" text_has rsa-ca/ca.pem "Public-Key: (3072 bit)"
check "CA self-verifies" openssl verify -CAfile ec-ca/ca.pem ec-ca/ca.pem
check "CA key file is mode 0600" mode_is ec-ca/ca-key.pem 600
check "CA directory is mode 0700" mode_is ec-ca 700
check "CA key is PKCS#8" grep -q "BEGIN PRIVATE KEY" ec-ca/ca-key.pem
cp ec-ca/ca.pem ca-before.pem
"$latch" certs ca --dir ec-ca >again.out 2>&1
again_rc=$?
check "making the CA again exits 0" [ "$again_rc" = 0 ]
check "making the CA again says it exists" grep -q "already exists" again.out
check "making the CA again leaves ca.pem alone" cmp -s ca-before.pem ec-ca/ca.pem
check "making the CA again without --rsa says nothing of --rsa" sh -c '! grep -q -- "--rsa" again.out'
"$latch" certs ca --dir ec-ca --rsa >again-rsa.out 2>&1
check "--rsa on an existing ECDSA CA says it was ignored" grep -q -- "--rsa was ignored: this CA's key is not RSA" again-rsa.out

# --- leaves ------------------------------------------------------------------------------------
check "issue localhost 127.0.0.1 ::1" "$latch" certs issue localhost 127.0.0.1 ::1 --dir ec-ca
check "default prefix localhost+2" test -s localhost+2.pem -a -s localhost+2-key.pem
check "DNS leaf verifies for sslserver" openssl verify -CAfile ec-ca/ca.pem -purpose sslserver localhost+2.pem
check "DNS leaf SAN lists all names" text_has localhost+2.pem "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"
check "DNS leaf EKU serverAuth" text_has localhost+2.pem "TLS Web Server Authentication"
check "server-only leaf is refused for sslclient" sh -c "! openssl verify -CAfile ec-ca/ca.pem -purpose sslclient localhost+2.pem"
check "DNS leaf keyUsage digitalSignature" text_has localhost+2.pem "Digital Signature"
check "DNS leaf is CA:FALSE" text_has localhost+2.pem "CA:FALSE"
check "DNS leaf has an AuthorityKeyIdentifier" text_has localhost+2.pem "Authority Key Identifier"
ca_ski=$(openssl x509 -in ec-ca/ca.pem -noout -text | grep -A1 "Subject Key Identifier" | tail -1 | tr -d ' ')
leaf_aki=$(openssl x509 -in localhost+2.pem -noout -text | grep -A1 "Authority Key Identifier" | tail -1 | tr -d ' ' | sed 's/^keyid://')
check "leaf AKI equals CA SKI" [ -n "$ca_ski" -a "$ca_ski" = "$leaf_aki" ]
check "DNS leaf subject CN is the first name" sh -c "openssl x509 -in localhost+2.pem -noout -subject | grep -q 'CN = localhost'"
check "DNS leaf key file is mode 0600" mode_is localhost+2-key.pem 600
check "DNS leaf file holds one certificate" [ "$(grep -c 'BEGIN CERTIFICATE' localhost+2.pem)" = 1 ]
check "leaf key matches leaf certificate" sh -c \
    "[ \"\$(openssl pkey -in localhost+2-key.pem -pubout)\" = \"\$(openssl x509 -in localhost+2.pem -noout -pubkey)\" ]"
check "DNS leaf valid for 825 days by default" sh -c \
    "openssl x509 -in localhost+2.pem -noout -checkend $((824 * 86400)) && ! openssl x509 -in localhost+2.pem -noout -checkend $((826 * 86400))"

check "issue a wildcard" "$latch" certs issue '*.Example.TEST' --dir ec-ca
check "wildcard prefix _wildcard" test -s _wildcard.example.test.pem
check "wildcard leaf verifies for sslserver" openssl verify -CAfile ec-ca/ca.pem -purpose sslserver _wildcard.example.test.pem
check "wildcard SAN is lowercased" text_has _wildcard.example.test.pem "DNS:\*.example.test"

check "issue a client leaf" "$latch" certs issue alice.test --client --out client --dir ec-ca
check "client leaf verifies for sslclient" openssl verify -CAfile ec-ca/ca.pem -purpose sslclient client.pem
check "client leaf EKU has clientAuth" text_has client.pem "TLS Web Client Authentication"

check "issue an RSA leaf from the RSA CA" "$latch" certs issue rsa.test --rsa --out rsa --dir rsa-ca
check "RSA leaf verifies for sslserver" openssl verify -CAfile rsa-ca/ca.pem -purpose sslserver rsa.pem
check "RSA leaf is RSA 2048" text_has rsa.pem "Public-Key: (2048 bit)"
check "RSA leaf keyUsage adds keyEncipherment" text_has rsa.pem "Digital Signature, Key Encipherment"
check "RSA leaf signed with sha256WithRSAEncryption" text_has rsa.pem "sha256WithRSAEncryption"
check "RSA leaf key file is mode 0600" mode_is rsa-key.pem 600

check "issue an ECDSA leaf from the RSA CA" "$latch" certs issue ec.test --out ec-from-rsa --dir rsa-ca
check "ECDSA leaf from the RSA CA verifies" openssl verify -CAfile rsa-ca/ca.pem -purpose sslserver ec-from-rsa.pem

check "issue with --days 30" "$latch" certs issue short.test --days 30 --out short --dir ec-ca
check "--days 30 leaf verifies" openssl verify -CAfile ec-ca/ca.pem -purpose sslserver short.pem
check "--days 30 leaf ends within 30 days" sh -c \
    "openssl x509 -in short.pem -noout -checkend $((29 * 86400)) && ! openssl x509 -in short.pem -noout -checkend $((31 * 86400))"
check "leaf is not signed by the other CA" sh -c "! openssl verify -CAfile rsa-ca/ca.pem short.pem"
# each CA its own name: another latch CA's leaf is an unknown issuer, not a bad signature
"$latch" certs ca --dir ec-ca2 >/dev/null 2>&1
name1=$(openssl x509 -in ec-ca/ca.pem -noout -subject)
name2=$(openssl x509 -in ec-ca2/ca.pem -noout -subject)
check "two CAs have two names" [ "$name1" != "$name2" ]
check "a CA's name carries its key's identifier" sh -c \
    "openssl x509 -in ec-ca/ca.pem -noout -subject | grep -Eq 'CN *= *latch development CA [0-9a-f]{8}'"
"$latch" verify short.pem --roots ec-ca2/ca.pem --host short.test >other-ca.out 2>&1
other_rc=$?
check "another latch CA's leaf is an unknown issuer (exit 1)" sh -c \
    "[ $other_rc = 1 ] && grep -q 'unknown-issuer' other-ca.out"

LATCH_CA_DIR="$work/ec-ca" "$latch" certs issue env.test --out env >/dev/null 2>&1
check "LATCH_CA_DIR picks the CA" openssl verify -CAfile ec-ca/ca.pem env.pem

# --- PKCS#12 bundles (--p12) -------------------------------------------------------------------
p12_info() { # p12_info FILE PASSWORD: openssl reads the whole bundle, MAC and both bags
    openssl pkcs12 -in "$1" -passin "pass:$2" -nodes -info >"$work/p12.txt" 2>&1
}
"$latch" certs issue localhost 127.0.0.1 --p12 --out bundle --dir ec-ca >bundle.out 2>&1
check "issue with --p12" [ $? = 0 ]
check "--p12 writes PREFIX.p12 beside PREFIX.pem" test -s bundle.p12 -a -s bundle.pem -a -s bundle-key.pem
check "PKCS#12 file is mode 0600" mode_is bundle.p12 600
check "--p12 report names the file and the password" grep -q 'bundle.p12 .*password "changeit"' bundle.out
check "openssl reads the bundle with changeit" p12_info bundle.p12 changeit
check "bundle MAC is HMAC-SHA256, 2048 iterations" grep -q "MAC: sha256, Iteration 2048" "$work/p12.txt"
check "bundle bags are PBES2 AES-256-CBC" sh -c "[ \"\$(grep -c 'PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256' '$work/p12.txt')\" = 2 ]"
check "bundle holds two certificates" [ "$(grep -c 'BEGIN CERTIFICATE' "$work/p12.txt")" = 2 ]
check "bundle alias is the first name" grep -q "friendlyName: localhost" "$work/p12.txt"
openssl pkcs12 -in bundle.p12 -passin pass:changeit -nokeys -clcerts 2>/dev/null | openssl x509 -outform DER >p12-leaf.der
openssl x509 -in bundle.pem -outform DER >leaf.der
check "bundle's leaf is PREFIX.pem" sh -c "[ -s p12-leaf.der ] && cmp -s p12-leaf.der leaf.der"
openssl pkcs12 -in bundle.p12 -passin pass:changeit -nokeys -cacerts 2>/dev/null | openssl x509 -outform DER >p12-ca.der
openssl x509 -in ec-ca/ca.pem -outform DER >ca.der
check "bundle's CA is ca.pem" sh -c "[ -s p12-ca.der ] && cmp -s p12-ca.der ca.der"
openssl pkcs12 -in bundle.p12 -passin pass:changeit -nodes -nocerts 2>/dev/null | openssl pkey -pubout >p12-pub.pem
openssl pkey -in bundle-key.pem -pubout >pub.pem
check "bundle's key is PREFIX-key.pem" sh -c "[ -s p12-pub.pem ] && cmp -s p12-pub.pem pub.pem"
check "a wrong password fails" sh -c "! openssl pkcs12 -in bundle.p12 -passin pass:changeiT -nodes -info >/dev/null 2>&1"
check "issue an RSA leaf with --p12" "$latch" certs issue rsa-p12.test --rsa --p12 --out rsa-bundle --dir rsa-ca
check "openssl reads the RSA bundle" p12_info rsa-bundle.p12 changeit
LATCH_P12_PASSWORD='s3cret pass' "$latch" certs issue env-p12.test --p12 --out env-bundle --dir ec-ca >env-p12.out 2>&1
check "LATCH_P12_PASSWORD sets the password" p12_info env-bundle.p12 's3cret pass'
check "LATCH_P12_PASSWORD: changeit no longer opens it" sh -c "! openssl pkcs12 -in env-bundle.p12 -passin pass:changeit -nodes -info >/dev/null 2>&1"
check "LATCH_P12_PASSWORD is not printed" sh -c "grep -q 'password as set in LATCH_P12_PASSWORD' env-p12.out && ! grep -q s3cret env-p12.out"
check "a password past U+FFFF is bad input (2), no file left" sh -c \
    "LATCH_P12_PASSWORD=\$(printf 'key\\360\\237\\224\\221') '$latch' certs issue astral.test --p12 --out astral --dir ec-ca >/dev/null 2>&1; [ \$? = 2 ] && [ ! -e astral.pem ] && [ ! -e astral.p12 ]"
check "ca --p12 is usage (2)" exit_is 2 "$latch" certs ca --p12 --dir ec-ca
check "certs --help documents --p12 and LATCH_P12_PASSWORD" sh -c \
    "'$latch' certs --help | grep -q -- '--p12' && '$latch' certs --help | grep -q LATCH_P12_PASSWORD"
# Java's keytool is a second, independent PKCS#12 reader (PBES2, the PKCS#12 KDF, the MAC). Its
# passwords stay ASCII: keytool 17 refuses non-ASCII ones in bundles openssl makes too.
if command -v keytool >/dev/null 2>&1; then
    check "keytool lists a PrivateKeyEntry with a chain of 2" sh -c \
        "keytool -list -v -keystore bundle.p12 -storepass changeit -storetype PKCS12 >'$work/keytool.txt' 2>&1 &&
         grep -q 'Entry type: PrivateKeyEntry' '$work/keytool.txt' && grep -q 'Alias name: localhost' '$work/keytool.txt' &&
         grep -q 'Certificate chain length: 2' '$work/keytool.txt'"
    check "keytool decrypts the key (importkeystore)" keytool -importkeystore -noprompt \
        -srckeystore bundle.p12 -srcstoretype PKCS12 -srcstorepass changeit \
        -destkeystore keytool-copy.p12 -deststoretype PKCS12 -deststorepass changeit2
    check "keytool refuses a wrong password" sh -c \
        "! keytool -list -keystore bundle.p12 -storepass changeiT -storetype PKCS12 >/dev/null 2>&1"
    check "keytool reads the LATCH_P12_PASSWORD bundle" keytool -list -keystore env-bundle.p12 \
        -storepass 's3cret pass' -storetype PKCS12
else
    echo "ok - keytool checks # SKIP keytool is not on PATH"
fi

# --- latch's own verifier accepts what latch certs issues --------------------------------------
lv() { "$latch" verify "$@" >/dev/null; }
check "latch verify: DNS leaf for localhost" lv --roots ec-ca/ca.pem --host localhost localhost+2.pem
check "latch verify: DNS leaf for 127.0.0.1" lv --roots ec-ca/ca.pem --ip 127.0.0.1 localhost+2.pem
check "latch verify: DNS leaf for ::1" lv --roots ec-ca/ca.pem --ip ::1 localhost+2.pem
check "latch verify: DNS leaf refused for another host" exit_is 1 "$latch" verify --roots ec-ca/ca.pem --host example.com localhost+2.pem
check "latch verify: wildcard leaf for a.example.test" lv --roots ec-ca/ca.pem --host a.example.test _wildcard.example.test.pem
check "latch verify: client leaf for client auth" lv --roots ec-ca/ca.pem --host alice.test --purpose client client.pem
check "latch verify: RSA leaf under the RSA CA" lv --roots rsa-ca/ca.pem --host rsa.test rsa.pem
check "latch verify: ECDSA leaf under the RSA CA" lv --roots rsa-ca/ca.pem --host ec.test ec-from-rsa.pem
check "latch verify: leaf refused under the other CA" exit_is 1 "$latch" verify --roots rsa-ca/ca.pem --host short.test short.pem
check "latch verify: --days 30 leaf expired after 31 days" exit_is 1 "$latch" verify --roots ec-ca/ca.pem --host short.test --time $(( $(date +%s) + 31 * 86400 )) short.pem

# --- revocation: latch certs revoke / crl, checked with openssl and latch verify --crls ---------
check "a fresh CRL with nothing revoked" "$latch" certs crl --dir ec-ca
check "openssl verifies the empty CRL with the CA" openssl crl -in ec-ca/ca.crl -CAfile ec-ca/ca.pem -noout -verify
check "latch verify --crls --require-crl: nothing revoked passes" lv --roots ec-ca/ca.pem --host localhost --crls ec-ca/ca.crl --require-crl localhost+2.pem
check "revoke a leaf by file with a reason" "$latch" certs revoke localhost+2.pem --reason keyCompromise --dir ec-ca
check "the revoked list is mode 0644" mode_is ec-ca/revoked 644
leaf_serial=$(openssl x509 -in localhost+2.pem -noout -serial | sed 's/^serial=//' | tr 'A-F' 'a-f' | sed 's/^\(00\)*//')
check "the revoked list has '<serial> <seconds> 1'" grep -Eq "^$leaf_serial [0-9]+ 1\$" ec-ca/revoked
check "revoking it again is bad input (2)" exit_is 2 "$latch" certs revoke localhost+2.pem --dir ec-ca
check "revoking a certificate of another CA is bad input (2)" exit_is 2 "$latch" certs revoke rsa.pem --dir ec-ca
check "... and says so" grep -q "was not issued by this CA" "$work/stderr"
check "revoke by serial in hex" "$latch" certs revoke 0a1b2c --dir ec-ca
check "an unknown reason is usage (2)" exit_is 2 "$latch" certs revoke 0a1b2d --reason removeFromCRL --dir ec-ca
check "a serial that is not hex is bad input (2)" exit_is 2 "$latch" certs revoke nothex --dir ec-ca
check "write the CRL to a chosen file" "$latch" certs crl --dir ec-ca --days 3 --out listed.crl
check "crl --days 366 is the most" "$latch" certs crl --dir ec-ca --days 366 --out longest.crl
check "crl --days 367 is usage (2)" exit_is 2 "$latch" certs crl --dir ec-ca --days 367
check "openssl verifies latch's CRL with the CA" openssl crl -in listed.crl -CAfile ec-ca/ca.pem -noout -verify
crl_text() { openssl crl -in listed.crl -noout -text | grep -q -- "$1"; }
check "the CRL is version 2" crl_text "Version 2"
check "the CRL has a CRL number" crl_text "X509v3 CRL Number"
check "the CRL has the CA's key identifier" sh -c "openssl crl -in listed.crl -noout -text | tr -d ' ' | grep -qi '$ca_ski'"
check "the CRL lists the leaf with keyCompromise" sh -c "openssl crl -in listed.crl -noout -text | grep -i -A4 'Serial Number: 0*$leaf_serial' | grep -q 'Key Compromise'"
check "the serial revoked as unspecified has no reason code" sh -c "! openssl crl -in listed.crl -noout -text | grep -A3 'Serial Number: 0A1B2C' | grep -q 'Reason'"
check "nextUpdate is 3 days after thisUpdate" sh -c \
    "t1=\$(date -d \"\$(openssl crl -in listed.crl -noout -lastupdate | cut -d= -f2)\" +%s); t2=\$(date -d \"\$(openssl crl -in listed.crl -noout -nextupdate | cut -d= -f2)\" +%s); [ \$((t2 - t1)) = 259200 ]"
"$latch" verify --roots ec-ca/ca.pem --host localhost --crls listed.crl localhost+2.pem 2>revoked.err
check "latch verify --crls: the revoked leaf fails (1)" [ $? = 1 ]
check "... with [revoked] and the reason" grep -q "revoked by .* (reason: keyCompromise) \[revoked\]" revoked.err
check "openssl verify -crl_check agrees: revoked" sh -c "! openssl verify -crl_check -CRLfile listed.crl -CAfile ec-ca/ca.pem localhost+2.pem >/dev/null 2>&1"
check "latch verify --crls: another leaf passes" lv --roots ec-ca/ca.pem --host a.example.test --crls listed.crl --require-crl _wildcard.example.test.pem
check "openssl verify -crl_check agrees: not revoked" openssl verify -crl_check -CRLfile listed.crl -CAfile ec-ca/ca.pem _wildcard.example.test.pem
check "--require-crl without a CRL: [revocation-unknown] (1)" exit_is 1 "$latch" verify --roots ec-ca/ca.pem --host a.example.test --require-crl _wildcard.example.test.pem
check "... naming the certificate" grep -q "revocation status of certificate '\*.example.test' is unknown.*\[revocation-unknown\]" "$work/stderr"
check "the CRL after its nextUpdate is not used: passes" lv --roots ec-ca/ca.pem --host localhost --crls listed.crl --time $(( $(date +%s) + 4 * 86400 )) localhost+2.pem
check "... and with --require-crl it is stale (1)" exit_is 1 "$latch" verify --roots ec-ca/ca.pem --host localhost --crls listed.crl --require-crl --time $(( $(date +%s) + 4 * 86400 )) localhost+2.pem
check "... saying so" grep -q "is stale: its nextUpdate was" "$work/stderr"
openssl crl -in listed.crl -outform DER -out listed.der
check "a DER CRL works too" exit_is 1 "$latch" verify --roots ec-ca/ca.pem --host localhost --crls listed.der localhost+2.pem
check "a malformed CRL file is bad input (2)" exit_is 2 "$latch" verify --roots ec-ca/ca.pem --host localhost --crls localhost+2.pem localhost+2.pem
check "... naming the file" grep -q "'localhost+2.pem' is not a usable CRL file" "$work/stderr"
crls_args() { local i; for i in $(seq "$1"); do printf -- '--crls\nlisted.crl\n'; done; }
check "63 --crls are taken" sh -c "'$latch' verify --roots ec-ca/ca.pem --host a.example.test $(crls_args 63 | tr '\n' ' ') _wildcard.example.test.pem >/dev/null"
check "64 --crls are taken" sh -c "'$latch' verify --roots ec-ca/ca.pem --host a.example.test $(crls_args 64 | tr '\n' ' ') _wildcard.example.test.pem >/dev/null"
check "65 --crls are usage (2)" sh -c "'$latch' verify --roots ec-ca/ca.pem --host a.example.test $(crls_args 65 | tr '\n' ' ') _wildcard.example.test.pem 2>/dev/null; [ \$? = 2 ]"
check "a missing CRL file is bad input (2)" exit_is 2 "$latch" verify --roots ec-ca/ca.pem --host localhost --crls no-such.crl localhost+2.pem
check "the RSA CA's CRL (sha256WithRSAEncryption) verifies with openssl" sh -c \
    "'$latch' certs crl --dir rsa-ca >/dev/null && openssl crl -in rsa-ca/ca.crl -CAfile rsa-ca/ca.pem -noout -verify && openssl crl -in rsa-ca/ca.crl -noout -text | grep -q sha256WithRSAEncryption"
check "latch verify takes the RSA CA's CRL" lv --roots rsa-ca/ca.pem --host rsa.test --crls rsa-ca/ca.crl --require-crl rsa.pem
check "crl without a CA is bad input (2)" exit_is 2 "$latch" certs crl --dir no-such-ca

# --- errors ------------------------------------------------------------------------------------
check "no arguments is usage (2)" exit_is 2 "$latch" certs
check "unknown command is usage (2)" exit_is 2 "$latch" certs frobnicate
check "issue without names is usage (2)" exit_is 2 "$latch" certs issue --dir ec-ca
check "unknown option is usage (2)" exit_is 2 "$latch" certs issue localhost --bogus --dir ec-ca
check "bad --days is usage (2)" exit_is 2 "$latch" certs issue localhost --days soon --dir ec-ca
check "--days past 3650 is usage (2)" exit_is 2 "$latch" certs issue localhost --days 4000 --dir ec-ca
check "usage error on stderr starts 'latch certs: '" stderr_starts_latch_certs
check "invalid name is bad input (2)" exit_is 2 "$latch" certs issue 'bad_name!' --dir ec-ca
check "invalid name error starts 'latch certs: '" stderr_starts_latch_certs
check "invalid name error names it" grep -q "bad_name!" "$work/stderr"
check "label with a leading hyphen is bad input (2)" exit_is 2 "$latch" certs issue -- -bad.test --dir ec-ca
check "wildcard in the middle is bad input (2)" exit_is 2 "$latch" certs issue 'a.*.test' --dir ec-ca
check "a wildcard over a public suffix is bad input (2): it would never be trusted" exit_is 2 "$latch" certs issue '*.test' --dir ec-ca
check "bad IPv6 is bad input (2)" exit_is 2 "$latch" certs issue '1::2::3' --dir ec-ca
check "missing CA is bad input (2)" exit_is 2 "$latch" certs issue localhost --dir no-such-ca
check "certs path prints LATCH_CA_DIR" sh -c "[ \"\$(LATCH_CA_DIR=/some/where '$latch' certs path)\" = /some/where ]"
check "certs path falls back to XDG_DATA_HOME/latch" sh -c \
    "[ \"\$(env -u LATCH_CA_DIR XDG_DATA_HOME=/xdg '$latch' certs path)\" = /xdg/latch ]"
check "certs path takes nothing more (2)" exit_is 2 "$latch" certs path extra
check "--help exits 0" exit_is 0 "$latch" certs --help
check "ca --help exits 0" exit_is 0 "$latch" certs ca --help
check "issue --help exits 0" exit_is 0 "$latch" certs issue --help

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
