#!/usr/bin/env bash
# The house rule "libcrypto only": the built library and tool must not import any libssl symbol
# (SSL_*) nor libcrypto's certificate verification (X509_verify_cert, X509_STORE_CTX_*), must not
# link libssl.so, and no source outside src/crypto/ may include an OpenSSL header. Also the line
# between the library and the tool's development CA (devca/, issue 14): the library exports
# none of it and nothing under src/ or include/ includes it.
# Usage: test_links.sh <latch-tool> <source-dir> <build-dir>
set -u
tool=$1 src=$2 build=$3
passed=0 failed=0
check() { # name, then a command that must succeed
    local name=$1; shift
    if "$@"; then echo "ok - $name"; passed=$((passed + 1)); else echo "not ok - $name"; failed=$((failed + 1)); fi
}
no_forbidden_imports() {
    local bin=$1 bad
    bad=$(nm -D --undefined-only "$bin" 2>/dev/null | awk '{print $NF}' |
          grep -E '^(SSL_|SSL$|TLS_|DTLS_|X509_verify_cert|X509_STORE_CTX_)' || true)
    [ -z "$bad" ] || { echo "  $bin imports: $bad"; return 1; }
    nm -D --undefined-only "$bin" | grep -q 'EVP_' || { echo "  $bin imports no EVP_ symbol at all?"; return 1; }
}
no_libssl() {
    ! ldd "$1" | grep -q 'libssl\.so' || { echo "  $1 links libssl"; return 1; }
    ldd "$1" | grep -q 'libcrypto\.so' || { echo "  $1 does not link libcrypto"; return 1; }
}
no_static_ssl_refs() {
    ! nm "$1" 2>/dev/null | grep -E ' U (SSL_|X509_verify_cert|X509_STORE_CTX_)' | grep -q .
}
headers_only_in_crypto() {
    local leaks
    leaks=$(cd "$src" && grep -rlE '#[[:space:]]*include[[:space:]]*<openssl/' src include cli devca | grep -v '^src/crypto/' || true)
    [ -z "$leaks" ] || { echo "  OpenSSL headers included in: $leaks"; return 1; }
}
no_devca_exports() {
    local bad
    bad=$(nm -D --defined-only "$1" | awk '{print $NF}' | grep -E 'certs_|devca|issue_' || true)
    [ -z "$bad" ] || { echo "  $1 exports: $bad"; return 1; }
}
library_without_devca() {
    local leaks
    leaks=$(cd "$src" && grep -rlE '#[[:space:]]*include[[:space:]]*"devca/' src include || true)
    [ -z "$leaks" ] || { echo "  the library includes devca/ in: $leaks"; return 1; }
}
check "tool imports no libssl or X.509 verification symbol" no_forbidden_imports "$tool"
check "shared library imports no libssl or X.509 verification symbol" no_forbidden_imports "$build/liblatch.so"
check "tool does not link libssl" no_libssl "$tool"
check "shared library does not link libssl" no_libssl "$build/liblatch.so"
check "static library references no libssl symbol" no_static_ssl_refs "$build/liblatch.a"
check "OpenSSL headers only under src/crypto/" headers_only_in_crypto
check "shared library exports nothing of the development CA" no_devca_exports "$build/liblatch.so"
check "nothing in src/ or include/ includes devca/" library_without_devca
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
