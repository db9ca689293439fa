#!/usr/bin/env bash
# The fuzzing build and its harnesses (docs/fuzzing.md): clang, libFuzzer, ASan and UBSan, the
# whole library (src/, TLS engine included) compiled with -DLT_FUZZING.
# Usage: fuzz/run.sh [run] [SECONDS]  build, then run each harness SECONDS (default 60)
#        fuzz/run.sh smoke            build, then run each harness over its seeds only
#        fuzz/run.sh seeds            build, then record the engine seeds (fuzz/seeds/fuzz_{server,client})
#        fuzz/run.sh build            build only
# OUT (default build-fuzz/) holds the objects, the harnesses and the corpora grown by runs.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
case "$mode" in
    run|smoke|seeds|build) shift || true ;;
    *[!0-9]*) echo "usage: fuzz/run.sh [run [SECONDS] | smoke | seeds | build]" >&2; exit 2 ;;
    *) mode=run ;;
esac
seconds=${1:-${FUZZ_SECONDS:-60}}
out=${OUT:-build-fuzz}
command -v clang >/dev/null || { echo "fuzz/run.sh: clang is not installed (scripts/deps.sh --check installs it)" >&2; exit 77; }

cflags=(-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLT_FUZZING -g -O1
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
        -DLT_FUZZ_PKI="\"$PWD/tests/vectors/pki/\"" -Iinclude -Isrc)
mkdir -p "$out/obj"
# the library's objects, each compiled again when it or any header is newer than it
newest_header=$(find src include -name '*.h' -printf '%T@\n' | sort -n | tail -1)
stale=()
while IFS= read -r src; do
    obj=$out/obj/${src//\//_}.o
    if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] ||
       [ "$(date -r "$obj" +%s.%N)" \< "$newest_header" ]; then
        stale+=("$src")
    fi
done < <(find src -name '*.c' | sort)
if [ ${#stale[@]} -gt 0 ]; then
    echo "== compiling ${#stale[@]} library files (fuzzing build)"
    printf '%s\n' "${stale[@]}" | xargs -P 2 -I{} sh -c \
        'o="$1/obj/$(echo "$2" | tr / _).o"; shift 2; clang -fsanitize=fuzzer-no-link "$@" -c "$0" -o "$o"' \
        {} "$out" {} "${cflags[@]}"
fi
rm -f "$out/liblatch-fuzz.a"
ar rcs "$out/liblatch-fuzz.a" "$out"/obj/*.o
for harness in fuzz/fuzz_*.c; do
    name=$(basename "$harness" .c)
    clang "${cflags[@]}" -fsanitize=fuzzer "$harness" "$out/liblatch-fuzz.a" -lcrypto -lpthread -o "$out/$name"
done

clang "${cflags[@]}" fuzz/record_seeds.c "$out/liblatch-fuzz.a" -lcrypto -lpthread -o "$out/record_seeds"

case "$mode" in
build) ;;
seeds)
    mkdir -p fuzz/seeds/fuzz_session
    "$out/record_seeds" fuzz/seeds
    ;;
smoke)
    # the engine seeds still complete their handshake in their harness (else they reach little)
    # (the recorded ones, tls*; crash-* are inputs a run found, kept as regressions)
    "$out/record_seeds" --check fuzz/seeds/fuzz_server/tls* fuzz/seeds/fuzz_client/tls* ||
        { echo "== the engine seeds no longer complete a handshake: record them again (fuzz/run.sh seeds)"; exit 1; }
    # every seed once, no mutation: each harness must take its whole corpus without a crash
    status=0
    for harness in fuzz/fuzz_*.c; do
        name=$(basename "$harness" .c)
        # a harness with no seeds yet gets a hundred inputs grown from the empty one
        if [ -d "fuzz/seeds/$name" ]; then set -- -runs=0 "fuzz/seeds/$name"; else set -- -runs=100 -seed=1; fi
        if "$out/$name" "$@" >"$out/$name.smoke.log" 2>&1; then
            echo "== $name: $(ls "fuzz/seeds/$name" 2>/dev/null | wc -l) seeds, $(grep -o 'cov: [0-9]*' "$out/$name.smoke.log" | tail -1)"
        else
            echo "== $name FAILED over its seeds:"; tail -30 "$out/$name.smoke.log"; status=1
        fi
    done
    exit $status
    ;;
run)
    for harness in fuzz/fuzz_*.c; do
        name=$(basename "$harness" .c)
        mkdir -p "$out/corpus-$name"
        echo "== $name for ${seconds}s"
        "$out/$name" -max_total_time="$seconds" -max_len=16384 -artifact_prefix="$out/$name-" \
            "$out/corpus-$name" $( [ -d "fuzz/seeds/$name" ] && echo "fuzz/seeds/$name" ) 2>&1 | tail -3
    done
    ;;
esac
