#!/usr/bin/env bash
# The manual pages: latch(1) from the tool's own help and latch(3) from latch.h, as the build
# writes them (scripts/manpages.sh) and `make install` installs them. Each renders without a
# warning, has its sections, and says what the tool and the header say today.
# Usage: bash test_man.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

man1=$build_dir/man/latch.1 man3=$build_dir/man/latch.3
for page in "$man1" "$man3"; do
    name=$(basename "$page")
    if [ ! -s "$page" ]; then
        not_ok "$name is built"
        continue
    fi
    ok "$name is built"
    if groff -man -Tutf8 -ww -z "$page" 2>"$work/warnings" && [ ! -s "$work/warnings" ]; then
        ok "$name renders without a warning"
    else
        sed 's/^/#   /' "$work/warnings" | head -5
        not_ok "$name renders without a warning"
    fi
    groff -man -Tutf8 "$page" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' >"$work/$name.txt"
done
expect "latch(1) has its sections and every command" "$work/latch.1.txt" '^NAME' '^SYNOPSIS' '^COMMANDS' \
    '^ +client$' '^ +server$' '^ +proxy$' '^ +trace$' '^ +certs$' '^ +verify$' '^EXIT STATUS' '^ENVIRONMENT' 'SSLKEYLOGFILE'
# what the tool says today is in the page (it is made from it)
for command in client server proxy trace certs verify; do
    first=$("$latch" help "$command" | head -1 | sed 's/  */ /g')
    if sed 's/  */ /g' "$work/latch.1.txt" | grep -qF -- "$first"; then
        ok "latch(1) has 'latch help $command' as the tool prints it"
    else
        not_ok "latch(1) has 'latch help $command' as the tool prints it"
    fi
done
expect "latch(3) has the header's functions" "$work/latch.3.txt" '^NAME' '^SYNOPSIS' '#include <latch.h>' \
    'latch_conn_new' 'latch_config_set_roots_file' 'latch_cert_describe' 'LATCH_TRACE_DATA'
summary
