# Shared by the pump tests: the interop helpers (counters, scratch dir, peers always stopped) and
# servers on free ports. Sourced with the tool path, source and build directories as $1 $2 $3.
. "$2/tests/interop/lib.sh"
lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
client_opts="--servername localhost --roots $pki/ca.pem --quiet"

# serve LOG COMMAND...: starts a server logging to $work/LOG, on a port it picks itself (port 0),
# and waits (10 s at most) for its "listening on 127.0.0.1:PORT": $served_port and $served_pid.
# COMMAND is a program (a shell function would run in a subshell, and stopping that would leave
# the server running).
serve() {
    local log=$work/$1
    shift
    "$@" >"$log" 2>&1 &
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

# pump ARGS...: the Python driver and second-opinion peer (pump.py), bounded in time. serve takes
# it as "${pump_cmd[@]}" ARGS (a command, not a function, so that the pid it keeps is timeout's,
# which passes the signal that stops it on to Python)
pump_cmd=(timeout 150 python3 "$src_dir/tests/pump/pump.py" --ca "$pki/ca.pem"
          --cert "$pki/p256.pem" --key "$pki/p256-key.pem")
pump() { "${pump_cmd[@]}" "$@"; }

# passes DESCRIPTION: ok when the driver's last line in $work/out says PASS (its notes are shown;
# on failure, not_ok shows them)
passes() {
    if tail -n 1 "$work/out" | grep -q '^PASS'; then
        sed -n 's/^# /#   /p' "$work/out"
        ok "$1"
    else
        not_ok "$1 ($(tail -n 1 "$work/out"))"
    fi
}
