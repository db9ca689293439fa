#!/usr/bin/env bash
# Writes the manual pages: latch.1 from the tool's own help (so that it says what the tool does)
# and latch.3 from latch.h, the library's documentation. The build runs this; `make install`
# installs the pages; tests/build/test_man.sh renders them.
# Usage: manpages.sh LATCH_BINARY LATCH_H OUTDIR VERSION
set -eu
latch=$1 header=$2 out=$3 version=$4
mkdir -p "$out"

# text as roff no-fill lines: backslashes escaped, a leading . or ' kept as text
roff_text() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

{
    echo ".TH LATCH 1 \"\" \"latch $version\" \"User Commands\""
    echo ".SH NAME"
    echo "latch \\- TLS 1.3 and 1.2 client, server, proxy, handshake tracer, certificate verifier and development CA"
    echo ".SH SYNOPSIS"
    echo ".B latch"
    echo ".I command"
    echo "[\\fIoptions\\fR]"
    echo ".br"
    echo ".B latch help"
    echo ".I command"
    echo ".SH DESCRIPTION"
    echo ".nf"
    "$latch" --help | roff_text
    echo ".fi"
    echo ".SH COMMANDS"
    for command in client server proxy trace certs verify; do
        echo ".SS $command"
        echo ".nf"
        "$latch" help "$command" | roff_text
        echo ".fi"
    done
    echo ".SH ENVIRONMENT"
    echo ".TP"
    echo ".B SSLKEYLOGFILE"
    echo "client, server, proxy, trace: append the session keys there (NSS key log format), for Wireshark."
    echo ".TP"
    echo ".B LATCH_CA_DIR"
    echo "certs: the development CA's directory (else \\fB\$XDG_DATA_HOME/latch\\fR, else \\fB~/.local/share/latch\\fR)."
    echo ".TP"
    echo ".B LATCH_P12_PASSWORD"
    echo "certs issue --p12: the PKCS#12 bundle's password (else \\fBchangeit\\fR)."
    echo ".SH EXIT STATUS"
    echo "0: done. 1: a TLS or verification failure (the message says which). 2: bad usage, or input"
    echo "that cannot be read or used. A client stopped by a signal exits 128 plus the signal's number,"
    echo "after sending close_notify."
    echo ".SH SEE ALSO"
    echo ".BR latch (3)"
} >"$out/latch.1"

{
    echo ".TH LATCH 3 \"\" \"latch $version\" \"Library Functions Manual\""
    echo ".SH NAME"
    echo "latch \\- a TLS 1.3 and TLS 1.2 library: sans-I/O connections, certificate verification, traces"
    echo ".SH SYNOPSIS"
    echo ".nf"
    echo ".B #include <latch.h>"
    echo ".PP"
    echo "cc app.c \$(pkg-config \\-\\-cflags \\-\\-libs latch)"
    echo "find_package(latch) / target_link_libraries(app PRIVATE latch::latch)   (CMake)"
    echo ".fi"
    echo ".SH DESCRIPTION"
    echo "latch.h is the whole public API and documents every function; it follows, as installed."
    echo "Every type is opaque; functions return a"
    echo ".B latch_status"
    echo "(LATCH_OK, or a negative error whose sentence the object's error function gives)."
    echo ".SH THE HEADER"
    echo ".nf"
    roff_text <"$header"
    echo ".fi"
    echo ".SH SEE ALSO"
    echo ".BR latch (1)"
} >"$out/latch.3"
