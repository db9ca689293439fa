#!/usr/bin/env bash
# `make install` delivers a usable library: installs into a scratch prefix, then builds a small
# program against it through latch.pc (shared and static) and runs the installed tool.
# Usage: test_install.sh <latch-tool> <source-dir> <build-dir>
set -u
build=$3
passed=0 failed=0
check() { local name=$1; shift; if "$@"; then echo "ok - $name"; passed=$((passed + 1)); else echo "not ok - $name"; failed=$((failed + 1)); fi; }
prefix=$(mktemp -d "$build/install-test.XXXXXX")
trap 'rm -rf "$prefix"' EXIT

check "cmake --install into a prefix" sh -c "cmake --install '$build' --prefix '$prefix/usr' >/dev/null"
pcdir=$(dirname "$(find "$prefix" -name latch.pc | head -1)")
check "latch.pc installed" test -f "$pcdir/latch.pc"
check "latch.h installed" test -f "$prefix/usr/include/latch.h"
check "tool installed" test -x "$prefix/usr/bin/latch"
cat > "$prefix/use.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "latch.h"
int main(void)
{
    latch_roots *roots = latch_roots_new();
    int ok = roots != NULL && strcmp(latch_version(), LATCH_VERSION_STRING) == 0;
    latch_roots_free(roots);
    puts(ok ? "latch works" : "latch is broken");
    return ok ? 0 : 1;
}
C
export PKG_CONFIG_PATH=$pcdir
check "compile and link against the shared library via pkg-config" \
    sh -c "cc '$prefix/use.c' \$(pkg-config --cflags --libs latch) -o '$prefix/use-shared'"
check "run against the installed shared library" \
    sh -c "LD_LIBRARY_PATH='$prefix/usr/lib' '$prefix/use-shared' | grep -q 'latch works'"
check "link the static library via pkg-config --static" \
    sh -c "cc '$prefix/use.c' -I'$prefix/usr/include' '$prefix/usr/lib/liblatch.a' \$(pkg-config --static --libs-only-other --libs libcrypto) -lpthread -o '$prefix/use-static' && '$prefix/use-static' | grep -q 'latch works'"
check "installed tool runs" sh -c "'$prefix/usr/bin/latch' version | grep -q '^latch '"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
