# Shared by the interop tests: counters, a scratch dir, free ports, background peers that are
# always stopped, and waiting for a port to listen. Sourced with the tool path, source and
# build directories as $1 $2 $3.
set -u
latch=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src_dir=$(cd "$2" && pwd)
build_dir=$(cd "$3" && pwd)
pki=$src_dir/tests/vectors/pki
passed=0
failed=0
work=$(mktemp -d "$build_dir/interop.XXXXXX")
pids=()
# the test's own shell: a peer's shell, stopped before it has become its command, may still run
# this EXIT trap (bash resets traps in a subshell only once it runs), and must not remove $work
lib_shell=$BASHPID
cleanup() {
    [ "$BASHPID" = "$lib_shell" ] || return 0
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() {
    echo "not ok - $1"
    failed=$((failed + 1))
    for f in "$work"/peer.log "$work"/out "$work"/err; do
        [ -s "$f" ] && { echo "#   $(basename "$f"):"; tail -n 8 "$f" | sed 's/^/#     /'; }
    done
}
# expect DESCRIPTION FILE PATTERN...: every (extended) pattern occurs in FILE
expect() {
    local description=$1 file=$2
    shift 2
    for pattern in "$@"; do
        if ! grep -Eq -- "$pattern" "$file"; then
            not_ok "$description (no '$pattern' in $(basename "$file"))"
            return
        fi
    done
    ok "$description"
}

# next_port: a port for the next peer, below the kernel's ephemeral range (32768 and up, where
# the many client sockets of tests running at once take their local ports: a listener there
# failed now and then with "address already in use"), picked at random each time (tests run two
# at a time and must not walk into each other's ports) and not in use by any socket right now
next_port() {
    for _ in $(seq 50); do
        port=$((10000 + RANDOM % 22000))
        command -v ss >/dev/null 2>&1 || return 0
        ss -Htan "( sport = :$port or dport = :$port )" 2>/dev/null | grep -q . || return 0
    done
}
next_port

# wait_log TENTHS PATTERN: until the peer's log has the (extended, case-blind) pattern, TENTHS
# tenths of a second at most
wait_log() {
    for _ in $(seq "$1"); do
        grep -Eqi -- "$2" "$work/peer.log" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# wait_port PORT: until the peer started last says it listens ("listening on" from latch,
# "ACCEPT" from s_server, "Echo Server listening"/"HTTP Server listening" from gnutls-serv);
# never by connecting, which would use up a --once server. 5 s at most.
wait_port() { wait_log 50 'listening on|^ACCEPT|Server listening|listening'; }

# peer COMMAND...: starts a background peer logging to $work/peer.log
peer() {
    # emptied here, before the peer starts: the background job's own redirection may run after
    # wait_port has found the previous peer's "ACCEPT" in the old log, and a client then met a
    # port nobody listened on yet (tests/interop/test_lib.sh)
    : >"$work/peer.log"
    "$@" >>"$work/peer.log" 2>&1 &
    pids+=($!)
}
# wait_peer_alert: after latch failed, until the peer has logged the alert it received (it may
# still be reading it when latch exits; stopping it at once lost its log line now and then).
# 2 s at most.
wait_peer_alert() { wait_log 20 alert; }
stop_peers() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    pids=()
}

summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
