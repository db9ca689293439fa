#!/usr/bin/env bash
# The interop matrix with Java's JSSE, both directions: every mode of tests/interop/matrix.sh and
# its CBC modes (latch's old profile);
# the cells go to <build-dir>/interop-matrix/java.tsv. The peer
# (tests/interop/peers/PeerJava.java, JDK classes only) is compiled here into the build directory.
# Usage: bash test_java.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/matrix.sh"

if ! command -v java >/dev/null || ! command -v javac >/dev/null; then
    echo "java/javac are not installed (scripts/deps.sh --check installs openjdk-17-jdk-headless)"
    echo "0 passed, 1 failed"
    exit 1
fi
classes=$build_dir/interop-peers/java
mkdir -p "$classes"
if ! javac -d "$classes" "$src_dir/tests/interop/peers/PeerJava.java" >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi
matrix_begin java "Java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2) JSSE"
# a quick-starting JVM: each cell starts one
peer_cmd=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -cp "$classes" PeerJava)
run_matrix
# the CBC suites of latch's old profile, which JSSE still enables (docs/profiles.md)
for mode in "${cbc_modes[@]}"; do
    latch_client_cell "$mode"
    latch_server_cell "$mode"
done
summary
