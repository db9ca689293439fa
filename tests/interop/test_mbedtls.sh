#!/usr/bin/env bash
# Interop with mbedTLS 2.28 (tests/interop/peers/peer_mbedtls.c) over loopback, both directions,
# every mode of the matrix (cpeer_lib.sh); n/s where mbedTLS 2.28 as Debian builds it cannot.
# Usage: bash test_mbedtls.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cpeer_lib.sh" mbedtls
cpeer_tls13=no

# cpeer_unsupported MODE DIRECTION: why mbedTLS cannot do the cell, or nothing
cpeer_unsupported() {
    case $1 in
        tls13 | hrr | mtls13 | resume13 | chacha13)
            echo "mbedTLS 2.28 has no TLS 1.3 (MBEDTLS_SSL_PROTO_TLS1_3_EXPERIMENTAL is off in Debian's build)" ;;
        keyupdate-*) echo "KeyUpdate is TLS 1.3, which mbedTLS 2.28 as Debian builds it lacks" ;;
    esac
}

cpeer_matrix
