#!/usr/bin/env bash
# Installs what latch needs on Debian 12, once: a no-op when all is there. Nothing already
# installed is upgraded (apt-get install --no-upgrade).
#   scripts/deps.sh          what building and `make demo` need
#   scripts/deps.sh --check  that, and what `make check` needs: the interop peers, the browser,
#                            the packet capture, valgrind
#   scripts/deps.sh --bench-server  what `make bench-server` runs beside latch (bench/bench_server.sh)
#   scripts/deps.sh PKG...   those packages (make bench: the TLS libraries it compares with)
set -euo pipefail

# publicsuffix: the Public Suffix List the library reads at run time (x509/psl.c)
build_packages=(cmake make gcc pkg-config libssl-dev openssl ca-certificates binutils publicsuffix)
# gnutls-bin, openssl: interop peers; tshark: the key-log test; chromium: the real-browser test;
# curl: the HTTP test; valgrind: the constant-time test; python3: JSON and SVG checks and the
# Python ssl peer; libnss3-tools, golang-go, openjdk-17-jdk-headless, nodejs: the interop
# matrix's NSS, Go, Java and Node.js peers; libwolfssl-dev, libmbedtls-dev, libbearssl-dev: the
# C interop peers (tests/interop/peers/peer_*.c); groff-base: the manual pages' test renders them;
# clang, libclang-rt-14-dev: the fuzzing build's smoke run (libFuzzer, ASan, UBSan: fuzz/run.sh);
# golang-golang-x-*-dev: what BoringSSL's BoGo runner imports besides Go (tests/bogo/test_bogo.sh);
# iproute2: ss, counting the server's listening sockets (tests/cli/test_server_limits.sh);
# strace, procps: the proxy's system calls per record, and pgrep (tests/cli/test_proxy.sh)
check_packages=(gnutls-bin curl valgrind tshark chromium python3
                libnss3-tools golang-go openjdk-17-jdk-headless nodejs
                libwolfssl-dev libmbedtls-dev libbearssl-dev groff-base clang libclang-rt-14-dev
                golang-golang-x-crypto-dev golang-golang-x-net-dev golang-golang-x-sys-dev
                golang-golang-x-term-dev golang-golang-x-text-dev iproute2 strace procps)

# nghttp2-client: h2load, the load generator; nginx, libnginx-mod-stream (its stream module),
# hitch, stunnel4: the servers latch is compared with; socat: the plain TCP relay; procps: pgrep
# (a server's worker processes); iproute2: ss (free ports). Debian starts the nginx package's
# own service on port 80 when it installs it; the benchmark starts its own instances and does not
# use it.
bench_server_packages=(nghttp2-client nginx libnginx-mod-stream hitch stunnel4 socat procps iproute2)

case "${1:-}" in
    "") packages=("${build_packages[@]}") ;;
    --check) packages=("${build_packages[@]}" "${check_packages[@]}") ;;
    --bench-server) packages=("${build_packages[@]}" "${bench_server_packages[@]}") ;;
    *) packages=("$@") ;;
esac
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "latch: installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends --no-upgrade "${missing[@]}"
