#!/usr/bin/env bash
# Layers point down only (docs/architecture.md): scripts/check_layers.sh passes on the tree, and
# fails, naming the file, the line and both layers, on copies of it where an include goes up,
# where a file has no layer, and where an allow-list entry excuses nothing; and the functions
# docs/architecture.md names exist.
# Usage: test_layers.sh <latch-tool> <source-dir> <build-dir>
set -u
src=$2 build=$3
check_script=$src/scripts/check_layers.sh
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); [ -s "$work/out" ] && sed 's/^/#   /' "$work/out"; }
work=$(mktemp -d "$build/layers-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# fresh_copy: the tree's src/ and include/ in $work/tree
fresh_copy() {
    rm -rf "$work/tree"
    mkdir -p "$work/tree"
    cp -r "$src/src" "$src/include" "$work/tree/"
}
# expect_failure DESCRIPTION PATTERN: the check fails on $work/tree and says PATTERN (fixed text)
expect_failure() {
    if bash "$check_script" "$work/tree" >"$work/out" 2>&1; then
        not_ok "$1 (the check passed)"
    elif ! grep -qF -- "$2" "$work/out"; then
        not_ok "$1 (no '$2' in its output)"
    else
        ok "$1"
    fi
}

if bash "$check_script" "$src" >"$work/out" 2>&1; then
    ok "every include under src/ points down a layer (or is on the allow-list)"
    sed 's/^/#   /' "$work/out"
else
    not_ok "every include under src/ points down a layer (or is on the allow-list)"
fi

# docs/architecture.md says where each handshake message is parsed and built, as
# dir/file.c:function under src/: each must be a function defined in that file
doc_refs_exist() {
    local missing=0 ref file fn
    for ref in $(grep -oE '`[a-z0-9_]+/[a-z0-9_]+\.[ch]:[A-Za-z0-9_]+`' "$src/docs/architecture.md" | tr -d '`' | sort -u); do
        file=${ref%%:*} fn=${ref##*:}
        # a definition starts a line and, unlike a prototype, does not end with ';'
        if ! grep -E "^[a-z].*[ *]$fn\(" "$src/src/$file" 2>/dev/null | grep -vqE ';[[:space:]]*$'; then
            echo "docs/architecture.md names $ref, which src/$file does not define"
            missing=1
        fi
    done
    return $missing
}
if doc_refs_exist >"$work/out"; then
    ok "every file:function docs/architecture.md names is defined there"
else
    not_ok "every file:function docs/architecture.md names is defined there"
fi

fresh_copy
sed -i '1a #include "tls/conn.h"' "$work/tree/src/base/span.c"
expect_failure "base including the connection's header fails, with file:line and both layers" \
    'src/base/span.c:2: #include "tls/conn.h": base (rank 0) includes src/tls/conn.h of connection (rank 5), a layer above it'

fresh_copy
sed -i '1a #include "latch.h"' "$work/tree/src/x509/path.h"
expect_failure "x509 including the public header fails" \
    'src/x509/path.h:2: #include "latch.h": x509 (rank 2) includes include/latch.h of connection (rank 5), a layer above it'

fresh_copy
sed -i '1a #include "api/certlist.h"' "$work/tree/src/tls/certmsg.c"
expect_failure "the handshake including an API header fails" \
    'src/tls/certmsg.c:2: #include "api/certlist.h": connection (rank 5) includes src/api/certlist.h of api (rank 6), a layer above it'

fresh_copy
printf '/* a trace header */\n' >"$work/tree/src/trace/probe.h"
printf '#include "trace/probe.h"\n' >"$work/tree/src/fd/trace_user.c"
expect_failure "fd including trace, the layer beside it, fails" \
    'src/fd/trace_user.c:1: #include "trace/probe.h": fd (rank 7) includes src/trace/probe.h of trace (rank 7), a layer beside it'

fresh_copy
printf '/* no layer yet */\n' >"$work/tree/src/tls/unplaced.c"
expect_failure "a file the table does not place fails" \
    'src/tls/unplaced.c: not in the layer table'

fresh_copy
# a copy of the check whose allow-list excuses an include that goes down anyway
sed "/^ALLOW='\$/a src/base/reader.h base/span.h" "$check_script" >"$work/check_layers.sh"
check_script=$work/check_layers.sh
expect_failure "an allow-list entry that excuses nothing fails" \
    "allow-list entry 'src/base/reader.h base/span.h' matches no upward include any more"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
