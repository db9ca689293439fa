# Shared by the load tests: the interop helpers, the load client, a server on a free port with a
# file descriptor limit raised for thousands of connections, and its memory.
. "$2/tests/interop/lib.sh"
load_client=$build_dir/load_client
lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
# thousands of sockets on each side: the hard limit, as high as it goes
ulimit -n "$(ulimit -Hn)" 2>/dev/null

# serve LOG ARGS...: latch server ARGS on a free port (port 0), logging to $work/LOG; sets
# $served_port and $served_pid once it listens (10 s at most)
serve() {
    local log=$work/$1
    shift
    "$latch" server --port 0 "$@" >"$log" 2>&1 &
    served_pid=$!
    pids+=("$served_pid")
    for _ in $(seq 100); do
        served_port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
        [ -n "$served_port" ] && return 0
        kill -0 "$served_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "# server did not start: $(tail -n 3 "$log")"
    return 1
}

# vm KEY: the server's VmRSS or VmHWM in kB
vm() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB\$/\1/p" "/proc/$served_pid/status"; }

# load LOG ARGS...: the load client against the served port, bounded in time, its output in
# $work/LOG and shown as notes
load() {
    local log=$work/$1
    shift
    timeout 120 "$load_client" --port "$served_port" --ca "$pki/ca.pem" "$@" >"$log" 2>"$log.err"
    local rc=$?
    sed 's/^/#   /' "$log"
    head -n 5 "$log.err" | sed 's/^/#   (stderr) /'
    return $rc
}
