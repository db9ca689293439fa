#!/usr/bin/env bash
# What `make bench` needs beyond the build: the other TLS libraries it compares with, from
# Debian 12 (GnuTLS 3.7, mbedTLS 2.28, wolfSSL 5.5). A no-op when they are there.
set -euo pipefail
packages=(libgnutls28-dev libmbedtls-dev libwolfssl-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "latch: installing the benchmark's peers: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
