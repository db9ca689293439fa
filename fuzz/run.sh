#!/usr/bin/env bash
# The fuzzing build and its harnesses (docs/fuzzing.md): clang, libFuzzer, ASan and UBSan, the
# whole library (src/, TLS engine included) compiled with -DLT_FUZZING.
# Usage: fuzz/run.sh [run] [SECONDS]  build, then run each harness SECONDS (default 60)
#        fuzz/run.sh smoke            build, then run each harness over its seeds and committed corpus only
#        fuzz/run.sh seeds            build, then record the engine seeds (fuzz/seeds/fuzz_{server,client})
#        fuzz/run.sh foreign          build, then record the engine seeds from OpenSSL and GnuTLS peers
#        fuzz/run.sh minimise [NAME..] build, then merge each harness's grown corpus and committed corpus
#                                     into a fresh, minimal fuzz/corpus/<harness>/ (all harnesses by default)
#        fuzz/run.sh build            build only
# OUT (default build-fuzz/) holds the objects, the harnesses and the corpora grown by runs
# (OUT/corpus-<harness>/). fuzz/seeds/<harness>/ are the hand-made and recorded inputs;
# fuzz/corpus/<harness>/ is what runs found that the seeds do not reach, minimised and committed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
case "$mode" in
    run|smoke|seeds|foreign|minimise|build) shift || true ;;
    *[!0-9]*) echo "usage: fuzz/run.sh [run [SECONDS] | smoke | seeds | foreign | minimise [NAME..] | build]" >&2; exit 2 ;;
    *) mode=run ;;
esac
if [ "$mode" = minimise ]; then names=("$@"); set --; fi
seconds=${1:-${FUZZ_SECONDS:-60}}
out=${OUT:-build-fuzz}
command -v clang >/dev/null || { echo "fuzz/run.sh: clang is not installed (scripts/deps.sh --check installs it)" >&2; exit 77; }

cflags=(-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLT_FUZZING -g -O1
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
        -DLT_FUZZ_PKI="\"$PWD/tests/vectors/pki/\"" -Iinclude -Isrc -Icli)
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
# the tool's narration of trace events, which the engine harnesses format every event with
# (fuzz/fuzz_trace.h); the rest of cli/ is not linked
clang -fsanitize=fuzzer-no-link "${cflags[@]}" -c cli/narrate.c -o "$out/cli_narrate.o"
for harness in fuzz/fuzz_*.c; do
    name=$(basename "$harness" .c)
    clang "${cflags[@]}" -fsanitize=fuzzer "$harness" "$out/cli_narrate.o" "$out/liblatch-fuzz.a" -lcrypto -lpthread -o "$out/$name"
done

for recorder in record_seeds record_foreign; do
    clang "${cflags[@]}" "fuzz/$recorder.c" "$out/cli_narrate.o" "$out/liblatch-fuzz.a" -lcrypto -lpthread -o "$out/$recorder"
done

# the seed and corpus directories of harness $1 that exist (the seeds first)
inputs_of() {
    local d
    for d in "fuzz/seeds/$1" "fuzz/corpus/$1"; do
        [ -d "$d" ] && echo "$d"
    done
    return 0
}

case "$mode" in
build) ;;
seeds)
    mkdir -p fuzz/seeds/fuzz_session fuzz/seeds/fuzz_server_mtls fuzz/seeds/fuzz_client_resume
    "$out/record_seeds" fuzz/seeds
    ;;
foreign)
    fuzz/record_foreign.sh "$out"
    ;;
smoke)
    # the engine seeds still complete their handshake in their harness (else they reach little)
    # (the ones latch recorded against itself, tls*; openssl-* and gnutls-* end at a foreign
    # peer's first encrypted message; crash-* are inputs a run found, kept as regressions)
    "$out/record_seeds" --check fuzz/seeds/fuzz_server/tls* fuzz/seeds/fuzz_client/tls* \
        fuzz/seeds/fuzz_server_mtls/tls* fuzz/seeds/fuzz_client_resume/tls* ||
        { echo "== the engine seeds no longer complete a handshake: record them again (fuzz/run.sh seeds)"; exit 1; }
    # every seed and committed corpus input once, no mutation: each harness must take them all
    # without a crash
    status=0
    for harness in fuzz/fuzz_*.c; do
        name=$(basename "$harness" .c)
        mapfile -t dirs < <(inputs_of "$name")
        # a harness with no inputs yet gets a hundred grown from the empty one
        if [ ${#dirs[@]} -gt 0 ]; then set -- -runs=0 "${dirs[@]}"; else set -- -runs=100 -seed=1; fi
        if "$out/$name" "$@" >"$out/$name.smoke.log" 2>&1; then
            echo "== $name: $(ls "fuzz/seeds/$name" 2>/dev/null | wc -l) seeds, $(ls "fuzz/corpus/$name" 2>/dev/null | wc -l) corpus, $(grep -o 'cov: [0-9]*' "$out/$name.smoke.log" | tail -1)"
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
        # what it finds goes to the first directory; the seeds and committed corpus are read only
        "$out/$name" -max_total_time="$seconds" -max_len=16384 -artifact_prefix="$out/$name-" \
            "$out/corpus-$name" $(inputs_of "$name") 2>&1 | tail -3
    done
    ;;
minimise)
    # libFuzzer's merge keeps, of the inputs after the first directory, the smallest set that adds
    # coverage to what the first already holds. The first holds the seeds (they stay in
    # fuzz/seeds/), so fuzz/corpus/<harness>/ keeps only what the seeds do not reach.
    if [ ${#names[@]} -eq 0 ]; then
        for harness in fuzz/fuzz_*.c; do names+=("$(basename "$harness" .c)"); done
    fi
    for name in "${names[@]}"; do
        [ -x "$out/$name" ] || { echo "fuzz/run.sh: no harness $name" >&2; exit 2; }
        sources=()
        for d in "$out/corpus-$name" "fuzz/corpus/$name"; do
            [ -d "$d" ] && [ -n "$(ls -A "$d")" ] && sources+=("$d")
        done
        if [ ${#sources[@]} -eq 0 ]; then
            echo "== $name: no grown or committed corpus, nothing to minimise"
            continue
        fi
        merged=$(mktemp -d "$out/merge-$name.XXXXXX")
        seeds=0
        if [ -d "fuzz/seeds/$name" ]; then
            cp "fuzz/seeds/$name"/* "$merged"/ 2>/dev/null || true
            seeds=$(ls "fuzz/seeds/$name" | wc -l)
        fi
        before=$(find "${sources[@]}" -type f | wc -l)
        "$out/$name" -merge=1 -max_len=16384 -timeout=60 -rss_limit_mb=4096 "$merged" "${sources[@]}" \
            >"$out/$name.minimise.log" 2>&1 ||
            { echo "== $name: the merge failed"; tail -20 "$out/$name.minimise.log"; rm -rf "$merged"; exit 1; }
        # the seeds were there before the merge: what is left is new
        if [ -d "fuzz/seeds/$name" ]; then
            for seed in "fuzz/seeds/$name"/*; do rm -f "$merged/$(basename "$seed")"; done
        fi
        rm -rf "fuzz/corpus/$name"
        mkdir -p "fuzz/corpus/$name"
        find "$merged" -type f -exec mv -t "fuzz/corpus/$name" {} +
        rm -rf "$merged"
        [ -n "$(ls -A "fuzz/corpus/$name")" ] || rmdir "fuzz/corpus/$name"
        echo "== $name: $before inputs -> $(ls "fuzz/corpus/$name" 2>/dev/null | wc -l) in fuzz/corpus/$name (beside $seeds seeds)"
    done
    ;;
esac
