#!/usr/bin/env bash
# The interop matrix with Go's crypto/tls, both directions: every mode of tests/interop/matrix.sh;
# the cells go to <build-dir>/interop-matrix/go.tsv. The peer (tests/interop/peers/peer_go.go,
# standard library only) is built here, offline, with its caches under the build directory.
# Usage: bash test_go.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/matrix.sh"

if ! command -v go >/dev/null; then
    echo "go is not installed (scripts/deps.sh --check installs golang-go)"
    echo "0 passed, 1 failed"
    exit 1
fi
mkdir -p "$build_dir/interop-peers"
if ! GOCACHE=$build_dir/interop-peers/go-cache GOPATH=$build_dir/interop-peers/go-path GOPROXY=off \
    GO111MODULE=off go build -o "$build_dir/interop-peers/peer_go" \
    "$src_dir/tests/interop/peers/peer_go.go" >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi
matrix_begin go "$(go version | cut -d' ' -f3) crypto/tls"
peer_cmd=("$build_dir/interop-peers/peer_go")
# Go before 1.21 has no extended master secret (RFC 7627): there every TLS 1.2 cell runs without
# it, which latch takes by default, but never resumes
go_minor=$(go version | sed -E 's/.*go1\.([0-9]+).*/\1/')
if [ "$go_minor" -lt 21 ]; then
    peer_ems=no
    ns_client[resume12]="Go before 1.21 has no extended master secret, and latch never resumes a TLS 1.2 session without it (RFC 7627 §5.3)"
    ns_server[resume12]=${ns_client[resume12]}
fi
ns_client[keyupdate-peer]="crypto/tls answers a KeyUpdate but has no call to send one"
ns_server[keyupdate-peer]="crypto/tls answers a KeyUpdate but has no call to send one"
run_matrix
summary
