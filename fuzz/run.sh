#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for a while.
# Usage: fuzz/run.sh [SECONDS_PER_HARNESS]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        { [ "$(id -u)" -eq 0 ] && apt-get install -y -q "$p" >/dev/null; }
done
out=build-fuzz
mkdir -p "$out"
srcs=$(find src/base src/crypto src/x509 -name '*.c')
# the handshake message codecs stand alone: themselves, the extension lists, the protocol constants
srcs="$srcs $(ls src/tls/codec*.c) src/tls/ext.c src/tls/alert.c"
for harness in fuzz/fuzz_*.c; do
    name=$(basename "$harness" .c)
    clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -Iinclude -Isrc "$harness" $srcs -lcrypto -lpthread -o "$out/$name"
    mkdir -p "$out/corpus-$name"
    echo "== $name for ${seconds}s"
    "$out/$name" -max_total_time="$seconds" -max_len=8192 "$out/corpus-$name" \
        $( [ -d "fuzz/seeds/$name" ] && echo "fuzz/seeds/$name" ) 2>&1 | tail -3
done
