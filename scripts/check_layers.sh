#!/usr/bin/env bash
# Layers point down only (docs/architecture.md): every file under src/ belongs to one layer of
# the table below, and a file may include headers of its own layer and of the layers under it,
# never of a layer above. Fails (exit 1) with file:line, the include and both layers for each
# include that goes up, for a file or header the table does not place, and for an allow-list
# entry that no longer matches an include (so the list only shrinks).
# Usage: check_layers.sh [SOURCE_DIR]   (default: the tree this script is in)
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}

# Rank, layer, files (globs relative to the source dir; a file takes the first line that
# matches it). Files of one layer may include each other; a layer may include the ranks below
# it. trace and fd share the top rank side by side: neither includes the other.
# include/latch.h is placed with the connection layer: tls/conn.h defines the objects it
# declares, so it and everything above may include it; base, crypto, x509, the record layer and
# the handshake's codecs and tables may not.
LAYERS='
0 base        src/base/*
1 crypto      src/crypto/*
2 x509        src/x509/*
3 record      src/tls/proto.h src/tls/alert.c src/tls/record.h src/tls/record.c src/tls/record12.c
4 handshake   src/tls/ext.[ch] src/tls/params.[ch] src/tls/transcript.[ch] src/tls/keysched13.[ch]
              src/tls/prf12.[ch] src/tls/ticket.[ch] src/tls/session.[ch] src/tls/codec.h
              src/tls/codec_*.c
5 connection  include/latch.h src/tls/conn.h src/tls/engine.[ch] src/tls/clienthello.[ch]
              src/tls/certmsg.c src/tls/client13.c src/tls/server13.c src/tls/post13.c
              src/tls/client12.c src/tls/server12.c src/tls/hs12.c src/tls/machine.[ch]
              src/tls/dispatch.c src/tls/negotiate.[ch] src/tls/version.[ch] src/tls/note.[ch]
              src/tls/staple.[ch]
6 api         src/api/*
7 trace       src/trace/*
7 fd          src/fd/*
'

# Includes that go up today and are being removed: FILE INCLUDE, then why. Each must still be
# there (a stale entry fails the check): take an entry out with the include it excused.
ALLOW='
'

declare -A rank_of=() layer_of=() allowed=() used=()
declare -a globs=()
current_rank='' current_layer=''
set -f # the globs are for place(), not for the shell
while read -r line; do
    [ -z "$line" ] && continue
    set -- $line
    if [[ $1 =~ ^[0-9]+$ ]]; then
        current_rank=$1 current_layer=$2
        shift 2
    fi
    for g in "$@"; do
        globs+=("$g")
        rank_of[$g]=$current_rank
        layer_of[$g]=$current_layer
    done
done <<< "$LAYERS"
set +f

while read -r file inc; do
    [ -z "$file" ] || [[ $file == \#* ]] && continue
    allowed["$file $inc"]=1
done <<< "$ALLOW"

# place FILE: sets rank and layer from the first glob that matches, or returns 1
place() {
    local g
    for g in "${globs[@]}"; do
        # shellcheck disable=SC2053 # the glob is meant to match
        if [[ $1 == $g ]]; then
            rank=${rank_of[$g]} layer=${layer_of[$g]}
            return 0
        fi
    done
    return 1
}

failed=0 checked=0 files=0
fail() { echo "$1"; failed=$((failed + 1)); }

cd "$root" || { echo "check_layers: no source tree at $root"; exit 1; }
while IFS= read -r file; do
    files=$((files + 1))
    if ! place "$file"; then
        fail "$file: not in the layer table of scripts/check_layers.sh: give it a layer"
        continue
    fi
    from_rank=$rank from_layer=$layer
    lineno=0
    while IFS= read -r text; do
        lineno=$((lineno + 1))
        [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]] || continue
        inc=${BASH_REMATCH[1]}
        checked=$((checked + 1))
        # latch.h is the public header; the others are named from src/, or from the file's own
        # directory
        if [ "$inc" = latch.h ]; then
            target=include/latch.h
        elif [ -f "src/$inc" ]; then
            target=src/$inc
        elif [ -f "$(dirname "$file")/$inc" ]; then
            target=$(dirname "$file")/$inc
        else
            fail "$file:$lineno: #include \"$inc\": no such header under src/ or include/"
            continue
        fi
        if ! place "$target"; then
            fail "$file:$lineno: #include \"$inc\": $target is not in the layer table"
            continue
        fi
        if [ "$rank" -lt "$from_rank" ] || [ "$layer" = "$from_layer" ]; then
            continue
        fi
        if [ -n "${allowed["$file $inc"]:-}" ]; then
            used["$file $inc"]=1
            continue
        fi
        if [ "$rank" -eq "$from_rank" ]; then
            where="a layer beside it"
        else
            where="a layer above it"
        fi
        fail "$file:$lineno: #include \"$inc\": $from_layer (rank $from_rank) includes $target of $layer (rank $rank), $where"
    done < "$file"
done < <(find src include -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)

for entry in "${!allowed[@]}"; do
    [ -n "${used[$entry]:-}" ] ||
        fail "allow-list entry '$entry' matches no upward include any more: remove it from scripts/check_layers.sh"
done

if [ "$failed" -gt 0 ]; then
    echo "check_layers: $failed problem(s) in $files files"
    exit 1
fi
echo "check_layers: $files files, $checked includes, all pointing down (${#used[@]} allowed for now)"
