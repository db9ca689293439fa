#!/usr/bin/env bash
# Interop with BearSSL 0.6 (tests/interop/peers/peer_bearssl.c) over loopback, both directions,
# every mode of the matrix (cpeer_lib.sh); n/s where BearSSL cannot. BearSSL never sends the
# extended master secret: latch's default takes its full handshakes and resumes none of them.
# Usage: bash test_bearssl.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cpeer_lib.sh" bearssl
cpeer_tls13=no

# cpeer_unsupported MODE DIRECTION: why BearSSL cannot do the cell, or nothing
cpeer_unsupported() {
    case $1 in
        tls13 | hrr | mtls13 | resume13 | chacha13) echo "BearSSL 0.6 has no TLS 1.3" ;;
        keyupdate-*) echo "KeyUpdate is TLS 1.3, which BearSSL 0.6 lacks" ;;
        resume12) echo "BearSSL has no extended master secret, and latch never resumes a session without it (RFC 7627 §5.3)" ;;
    esac
}

cpeer_matrix
