#!/usr/bin/env bash
# Interop with wolfSSL (tests/interop/peers/peer_wolfssl.c) over loopback, both directions, every
# mode of the matrix (cpeer_lib.sh); n/s where wolfSSL as Debian builds it cannot.
# Usage: bash test_wolfssl.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cpeer_lib.sh" wolfssl
cpeer_tls13=yes

# cpeer_unsupported MODE DIRECTION: why wolfSSL cannot do the cell, or nothing
cpeer_unsupported() {
    case $1 in
        tls12-rsakex) echo "Debian's wolfSSL is built without static RSA key exchange (no WOLFSSL_STATIC_RSA)" ;;
        no-ems) [ "$2" = latch-client ] &&
            echo "a wolfSSL server answers the client's extended_master_secret even when told not to use it" ;;
    esac
}

cpeer_matrix
