#!/usr/bin/env bash
# Installs what building and testing latch needs on Debian 12, once: a no-op when all is there.
# With arguments, those packages instead (make bench: the TLS libraries it compares with).
set -euo pipefail

# tshark, chromium: the key log and real-browser tests (issue 5); python3: JSON and SVG checks
packages=(cmake make gcc pkg-config libssl-dev openssl ca-certificates binutils gnutls-bin curl valgrind
          tshark chromium python3)
[ $# -gt 0 ] && packages=("$@")
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
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
