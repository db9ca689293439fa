#!/usr/bin/env bash
# `make bench-server`: latch server and latch proxy side by side with nginx, hitch and stunnel,
# on loopback, every one with the same ECDSA P-256 certificate (tests/vectors/pki/p256.pem),
# TLS 1.3 only and x25519, started and stopped here with their configuration in a scratch
# directory. A shell script because most of the work is starting daemons and h2load; the
# figures come from h2load (Debian's nghttp2-client), tests/load/load_client.c (idle TLS
# connections) and bench/bench_relay_bulk.c (bulk through a relay). Prints the figures and
# whether issue 20's targets hold; with --markdown FILE it also writes them as a section of FILE
# (docs/benchmarks.md), in place of the one an earlier run wrote. A benchmark: it judges nothing
# but whether each run did all its work, and it is never a test.
#
# The servers:
#   latch         latch server --http (its page about the connection, about 1 KB)
#   latch-proxy   latch proxy in front of the backend (skipped while the tool has no proxy)
#   nginx         nginx as an HTTPS server of a static page of the same size
#   nginx-stream  nginx's stream module: TLS termination in front of the backend
#   hitch         hitch in front of the backend
#   stunnel       stunnel4 (one thread per connection) in front of the backend
# The backend is nginx as a plain HTTP server of the same page (faster than python3's
# http.server, which would be what the relays wait on); it is the same for every relay.
#
# The machine's cores: with --workers 1 (the default) each server has one worker pinned to
# core 0 and the load generators and the backend run on the other cores; with --workers N>1
# nothing is pinned. Handshakes are counted both as h2load sees them (per second of wall time,
# bounded by h2load's own OpenSSL client on its core) and per second of the server's own CPU
# time (utime + stime of all its processes): the server's capacity on one core, which the
# targets are judged on.
#
# Usage: bench/bench_server.sh BUILD_DIR [--runs N] [--workers N] [--idle N] [--quick]
#                              [--only SERVER] [--markdown FILE]
set -u

build_dir=${1:?usage: bench_server.sh BUILD_DIR [--runs N] [--workers N] [--idle N] [--quick] [--markdown FILE]}
shift
runs=5
rss_runs=3
workers=1
idle=10000
handshakes=3000
requests=30000
bulk_mbytes=1024
clients=32
markdown=""
only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift ;;
        --workers) workers=$2; shift ;;
        --idle) idle=$2; shift ;;
        --quick) runs=2; rss_runs=1; idle=2000; handshakes=1000; requests=20000; bulk_mbytes=256 ;;
        --markdown) markdown=$2; shift ;;
        --only) only=$2; shift ;;
        *) echo "bench_server: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

src_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$build_dir" && pwd)
latch=$build_dir/latch
load_client=$build_dir/load_client
bulk=$build_dir/bench_relay_bulk
pki=$src_dir/tests/vectors/pki
for tool in "$latch" "$load_client" "$bulk"; do
    [ -x "$tool" ] || { echo "bench_server: $tool is not built" >&2; exit 1; }
done
for tool in h2load nginx hitch stunnel4 socat taskset; do
    command -v "$tool" >/dev/null || { echo "bench_server: $tool is missing (scripts/deps.sh --bench-server)" >&2; exit 1; }
done
nginx_stream_module=/usr/lib/nginx/modules/ngx_stream_module.so
[ -f "$nginx_stream_module" ] || { echo "bench_server: nginx's stream module is missing (libnginx-mod-stream)" >&2; exit 1; }

# thousands of sockets in one process: the hard limit, as high as it goes
ulimit -n "$(ulimit -Hn)" 2>/dev/null
fd_limit=$(ulimit -n)

ncpu=$(nproc)
if [ "$workers" -eq 1 ] && [ "$ncpu" -ge 2 ]; then
    server_cpus=0
    client_cpus=1-$((ncpu - 1))
    pinning="each server's one worker pinned to core 0; h2load, the load client, the bulk sender and sink and the backend on cores $client_cpus"
else
    server_cpus=0-$((ncpu - 1))
    client_cpus=$server_cpus
    pinning="$workers workers per server, nothing pinned: servers, h2load and the backend share all $ncpu cores"
fi
# (arrays, not functions: a function run with & is a subshell, whose $! is not the server's)
on_server=(taskset -c "$server_cpus")
on_client=(taskset -c "$client_cpus")

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_server.XXXXXX")
# the servers that drop privileges (nginx's workers, hitch) read the page and the key from here
chmod 755 "$work"
mkdir -p "$work/tmp" "$work/www"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port: a port below the ephemeral range that no socket uses now
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((10000 + RANDOM % 20000))
        ss -Htan "( sport = :$port or dport = :$port )" 2>/dev/null | grep -q . || { echo "$port"; return; }
    done
    echo "bench_server: no free port" >&2
    exit 1
}

# wait_port PORT: until something listens there (10 s at most)
wait_port() {
    for _ in $(seq 100); do
        ss -Htln "( sport = :$1 )" 2>/dev/null | grep -q . && return 0
        sleep 0.1
    done
    return 1
}

# tree_pids PID: the process and its descendants (nginx and hitch fork their workers)
tree_pids() {
    local all=$1 next=$1 kids
    while [ -n "$next" ]; do
        kids=""
        for p in $next; do kids="$kids $(pgrep -P "$p" | tr '\n' ' ')"; done
        next=$(echo $kids)
        [ -n "$next" ] && all="$all $next"
    done
    echo "$all"
}

# cpu_ticks PID: clock ticks of user and system time of the tree, all threads included, and of
# the children it has reaped (socat forks one per connection)
cpu_ticks() {
    local total=0 p
    for p in $(tree_pids "$1"); do
        [ -r "/proc/$p/stat" ] || continue
        # the fields after the command's closing parenthesis: utime, stime, cutime and cstime
        # are the 12th to the 15th
        total=$((total + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13 + $14 + $15}')))
    done
    echo "$total"
}
ticks_per_s=$(getconf CLK_TCK)

# rss_kb PID: the tree's resident memory
rss_kb() {
    local total=0 p kb
    for p in $(tree_pids "$1"); do
        kb=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$p/status" 2>/dev/null)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

# stats VALUES...: "median min max" (the median of an even count is the lower middle one)
stats() {
    printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "- - -"; else print v[int((NR + 1) / 2)], v[1], v[NR]}'
}

# ---------------------------------------------------------------------------------------------
# The page, the backend and the servers

# latch's page is made per connection; the others serve a file of the same length
page_len=1100
head -c "$page_len" /dev/zero | tr '\0' 'x' >"$work/www/index.html"

cat "$pki/p256.pem" "$pki/p256-key.pem" >"$work/p256-combined.pem"

nginx_common() {
    cat <<EOF
load_module $nginx_stream_module;
worker_processes $1;
worker_rlimit_nofile $fd_limit;
daemon off;
pid $work/$2.pid;
error_log $work/$2.error.log;
events { worker_connections $((fd_limit - 100)); use epoll; }
EOF
}
nginx_tls="ssl_certificate $pki/p256.pem; ssl_certificate_key $pki/p256-key.pem; ssl_protocols TLSv1.3; ssl_ecdh_curve X25519;"
nginx_http_common="access_log off; client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp; keepalive_requests 10000000; keepalive_timeout 600s; client_header_timeout 600s;"

backend_port=$(free_port)
nginx_common 1 backend >"$work/backend.conf"
cat >>"$work/backend.conf" <<EOF
http { $nginx_http_common server { listen 127.0.0.1:$backend_port reuseport; root $work/www; } }
EOF
"${on_client[@]}" nginx -c "$work/backend.conf" -p "$work" >"$work/backend.log" 2>&1 &
backend_pid=$!
pids+=("$backend_pid")
wait_port "$backend_port" || { echo "bench_server: the nginx backend did not start: $(cat "$work"/backend.error.log)" >&2; exit 1; }

proxy_built=0
"$latch" proxy --help >/dev/null 2>&1 && proxy_built=1
servers=(latch latch-proxy nginx nginx-stream hitch stunnel)
relays=(latch-proxy nginx-stream hitch stunnel)

# start_server NAME PORT BACKEND_PORT: starts it on PORT with its backend (if a relay) on
# BACKEND_PORT; sets server_pid. 1 if it did not come up.
start_server() {
    local name=$1 port=$2 to=$3 conf=$work/$1.conf log=$work/$1.log
    case "$name" in
        latch)
            "${on_server[@]}" "$latch" server --bind 127.0.0.1 --port "$port" --workers "$workers" --http --tls13 \
                --groups x25519 --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --idle-timeout 600 \
                >"$log" 2>/dev/null &
            ;;
        latch-proxy)
            local extra=()
            "$latch" proxy --help 2>&1 | grep -q -- --workers && extra+=(--workers "$workers")
            "$latch" proxy --help 2>&1 | grep -q -- --groups && extra+=(--groups x25519)
            "$latch" proxy --help 2>&1 | grep -q -- --idle-timeout && extra+=(--idle-timeout 600)
            "${on_server[@]}" "$latch" proxy --listen "127.0.0.1:$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" \
                --to "127.0.0.1:$to" "${extra[@]}" >"$log" 2>/dev/null &
            ;;
        nginx)
            nginx_common "$workers" "$name" >"$conf"
            echo "http { $nginx_http_common server { listen 127.0.0.1:$port ssl reuseport; $nginx_tls root $work/www; } }" >>"$conf"
            "${on_server[@]}" nginx -c "$conf" -p "$work" >"$log" 2>&1 &
            ;;
        nginx-stream)
            nginx_common "$workers" "$name" >"$conf"
            echo "stream { server { listen 127.0.0.1:$port ssl reuseport; $nginx_tls proxy_pass 127.0.0.1:$to; proxy_timeout 600s; } }" >>"$conf"
            "${on_server[@]}" nginx -c "$conf" -p "$work" >"$log" 2>&1 &
            ;;
        hitch)
            cat >"$conf" <<EOF
frontend = "[127.0.0.1]:$port"
backend = "[127.0.0.1]:$to"
pem-file = "$work/p256-combined.pem"
tls-protos = TLSv1.3
ecdh-curve = "X25519"
workers = $workers
daemon = off
user = "nobody"
backlog = 4096
EOF
            "${on_server[@]}" hitch --config="$conf" >"$log" 2>&1 &
            ;;
        stunnel)
            cat >"$conf" <<EOF
foreground = yes
pid =
debug = 3
output = $log
[bench]
accept = 127.0.0.1:$port
connect = 127.0.0.1:$to
cert = $pki/p256.pem
key = $pki/p256-key.pem
sslVersionMin = TLSv1.3
curves = X25519
TIMEOUTidle = 600
EOF
            "${on_server[@]}" stunnel4 "$conf" >>"$log" 2>&1 &
            ;;
    esac
    server_pid=$!
    pids+=("$server_pid")
    if ! wait_port "$port"; then
        echo "bench_server: $name did not start: $(tail -n 3 "$log" "$work/$name.error.log" 2>/dev/null | tr '\n' ' ')" >&2
        stop_server "$server_pid"
        return 1
    fi
    # a few requests so that what every process touches once is in memory before measuring
    "${on_client[@]}" h2load --h1 -c 4 -n 40 "https://127.0.0.1:$port/" >/dev/null 2>&1
    return 0
}

stop_server() {
    kill "$1" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

runnable() {
    { [ -z "$only" ] || [ "$only" = "$1" ]; } && { [ "$1" != latch-proxy ] || [ "$proxy_built" -eq 1 ]; }
}

# ---------------------------------------------------------------------------------------------
# 1 and 2: new handshakes per second, requests per second over kept-alive connections

# h2load_run PORT ARGS...: "REQUESTS_PER_S SUCCEEDED" from h2load (its output in $work/h2load.out)
h2load_run() {
    local port=$1
    shift
    "${on_client[@]}" h2load --h1 -t 1 "$@" "https://127.0.0.1:$port/" >"$work/h2load.out" 2>&1
    awk '/^finished in/ {rate = $4} /^requests:/ {ok = $8} END {print rate + 0, ok + 0}' "$work/h2load.out"
}


declare -A pid_of port_of note_of hs_wall hs_cpu ka_wall ka_cpu rss_per bulk_wall bulk_cpu
for name in "${servers[@]}" socat; do
    hs_wall[$name]=""; hs_cpu[$name]=""; ka_wall[$name]=""; ka_cpu[$name]=""; rss_per[$name]=""
    bulk_wall[$name]=""; bulk_cpu[$name]=""; note_of[$name]=""
done
[ "$proxy_built" -eq 1 ] || note_of[latch-proxy]="skipped: latch proxy not built"

# bring_up NAME BACKEND_PORT: start_server on a free port, into pid_of and port_of
bring_up() {
    local port
    port=$(free_port)
    if start_server "$1" "$port" "$2"; then
        pid_of[$1]=$server_pid
        port_of[$1]=$port
        return 0
    fi
    note_of[$1]="did not start"
    return 1
}
bring_down() {
    [ -n "${pid_of[$1]:-}" ] && stop_server "${pid_of[$1]}"
    pid_of[$1]=""
}

# measured NAME KIND ARGS...: one h2load run against NAME with the server's CPU time around it;
# appends the wall and CPU rates to KIND's lists, or notes the failure
measured() {
    local name=$1 kind=$2 before after result rate ok cpu_s expected
    shift 2
    expected=$(echo "$@" | sed -n 's/.*-n \([0-9]*\).*/\1/p')
    before=$(cpu_ticks "${pid_of[$name]}")
    result=$(h2load_run "${port_of[$name]}" "$@")
    after=$(cpu_ticks "${pid_of[$name]}")
    read -r rate ok <<<"$result"
    if [ "$ok" != "$expected" ]; then
        note_of[$name]="${note_of[$name]:+${note_of[$name]}; }a $kind run completed $ok of $expected requests ($(grep -m 1 -iE 'error|fail|refused' "$work/h2load.out"))"
        return
    fi
    cpu_s=$(awk -v t=$((after - before)) -v hz="$ticks_per_s" 'BEGIN {printf "%.3f", t / hz}')
    if [ "$kind" = handshakes ]; then
        hs_wall[$name]+=" $rate"
        hs_cpu[$name]+=" $(awk -v n="$ok" -v s="$cpu_s" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')"
    else
        ka_wall[$name]+=" $rate"
        ka_cpu[$name]+=" $(awk -v n="$ok" -v s="$cpu_s" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')"
    fi
}

echo "bench_server: $runs runs of $handshakes new connections and of $requests kept-alive requests, $clients clients"
echo "bench_server: $pinning"
for name in "${servers[@]}"; do
    runnable "$name" && bring_up "$name" "$backend_port"
done
for run in $(seq "$runs"); do
    for name in "${servers[@]}"; do
        [ -n "${pid_of[$name]:-}" ] || continue
        # h2load has no flag for a new connection per request; it reconnects when the server
        # closes after a response, which "Connection: close" asks of every server here
        measured "$name" handshakes -c "$clients" -n "$handshakes" -H "Connection: close"
        measured "$name" kept-alive -c "$clients" -n "$requests"
    done
    echo "bench_server: run $run of $runs done"
done
for name in "${servers[@]}"; do bring_down "$name"; done

# ---------------------------------------------------------------------------------------------
# 3: resident memory per idle TLS connection: each server started afresh, N connections that
# completed a handshake and send nothing, the growth of all its processes' RSS divided by N. A
# relay holds two descriptors a connection (the client's and the backend's), so it gets as many
# connections as its descriptor limit allows, at most N.
relay_idle=$(( (fd_limit - 200) / 2 < idle ? (fd_limit - 200) / 2 : idle ))
idle_of() {
    case "$1" in latch|nginx) echo "$idle" ;; *) echo "$relay_idle" ;; esac
}
for run in $(seq "$rss_runs"); do
    for name in "${servers[@]}"; do
        runnable "$name" || continue
        bring_up "$name" "$backend_port" || continue
        n=$(idle_of "$name")
        sleep 0.5
        before=$(rss_kb "${pid_of[$name]}")
        "${on_client[@]}" "$load_client" --port "${port_of[$name]}" --ca "$pki/ca.pem" --idle "$n" --batch 500 \
            --setup-timeout 120 --hold 300 >"$work/idle.out" 2>"$work/idle.err" &
        client_pid=$!
        for _ in $(seq 1500); do
            grep -q '^holding' "$work/idle.out" && break
            kill -0 "$client_pid" 2>/dev/null || break
            sleep 0.1
        done
        sleep 1
        held=$(sed -n 's/^idle: \([0-9]*\) of.*/\1/p' "$work/idle.out")
        after=$(rss_kb "${pid_of[$name]}")
        kill "$client_pid" 2>/dev/null
        wait "$client_pid" 2>/dev/null
        if [ "${held:-0}" -ne "$n" ]; then
            note_of[$name]="${note_of[$name]:+${note_of[$name]}; }${held:-0} of $n idle connections completed"
        else
            rss_per[$name]+=" $(( (after - before) * 1024 / n ))"
            echo "bench_server: $name: $n idle connections, RSS $before kB before, $after kB with them"
        fi
        bring_down "$name"
    done
done

# ---------------------------------------------------------------------------------------------
# 4: bulk through a relay: 1 GiB from bench_relay_bulk's sender to its sink, through socat (the
# plain TCP relay) and through each TLS terminator (the sender's TLS 1.3, AES-128-GCM); the
# relay's CPU time per run is read as for the handshakes
sink_port=$(free_port)
socat_port=$(free_port)
"${on_server[@]}" socat -b 131072 "TCP-LISTEN:$socat_port,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$sink_port" &
pid_of[socat]=$!
port_of[socat]=$socat_port
pids+=("${pid_of[socat]}")
wait_port "$socat_port" || note_of[socat]="did not start"
for name in "${relays[@]}"; do
    runnable "$name" && bring_up "$name" "$sink_port"
done
for run in $(seq "$runs"); do
    for name in socat "${relays[@]}"; do
        [ -n "${pid_of[$name]:-}" ] || continue
        tls=--tls
        [ "$name" = socat ] && tls=""
        before=$(cpu_ticks "${pid_of[$name]}")
        out=$("${on_client[@]}" "$bulk" --port "${port_of[$name]}" --sink-port "$sink_port" $tls --ca "$pki/ca.pem" \
              --mbytes "$bulk_mbytes" 2>&1)
        sleep 0.3 # (socat's child for the connection ends and is reaped)
        after=$(cpu_ticks "${pid_of[$name]}")
        rate=$(echo "$out" | sed -n 's/^bulk: .* s, \([0-9.]*\) MB\/s$/\1/p')
        if [ -z "$rate" ]; then
            note_of[$name]="${note_of[$name]:+${note_of[$name]}; }bulk: $(echo "$out" | tail -n 1)"
            continue
        fi
        bulk_wall[$name]+=" $rate"
        bulk_cpu[$name]+=" $(awk -v b=$((bulk_mbytes << 20)) -v t=$((after - before)) -v hz="$ticks_per_s" \
            'BEGIN {printf "%.0f", (t > 0 ? b / (t / hz) / 1e6 : 0)}')"
    done
done
for name in "${relays[@]}"; do bring_down "$name"; done
stop_server "${pid_of[socat]}"

# the AEAD's cost: libcrypto's AES-128-GCM on 16 KiB blocks, one pass (median of three)
aead_runs=()
for _ in 1 2 3; do
    aead_runs+=("$("${on_server[@]}" openssl speed -evp aes-128-gcm -bytes 16384 -seconds 1 2>/dev/null |
                   awk '/^AES-128-GCM/ {sub(/k$/, "", $NF); printf "%.0f", $NF / 1000}')")
done
read -r aead_mbs _ _ <<<"$(stats "${aead_runs[@]}")"

# ---------------------------------------------------------------------------------------------
# The figures

# cell LIST: "median [min-max]", or "n/a"
cell() {
    local m lo hi
    [ -n "$(echo $1)" ] || { echo "n/a"; return; }
    read -r m lo hi <<<"$(stats $1)"
    echo "$m [$lo-$hi]"
}
median() {
    local m
    [ -n "$(echo $1)" ] || { echo ""; return; }
    read -r m _ _ <<<"$(stats $1)"
    echo "$m"
}

table=$work/table.md
{
    echo "| server | new TLS 1.3 handshakes/s | handshakes per server CPU-second | kept-alive requests/s | requests per server CPU-second | RSS per idle connection (bytes) | bulk through it (MB/s) | bulk per relay CPU-second (MB/s) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for name in "${servers[@]}" socat; do
        label=$name
        case "$name" in
            latch) label="latch server --http" ;;
            latch-proxy) label="latch proxy" ;;
            nginx) label="nginx (https, static page)" ;;
            nginx-stream) label="nginx (stream TLS termination)" ;;
            socat) label="socat (plain TCP relay)" ;;
        esac
        if [ -n "${note_of[$name]}" ] && [ -z "$(echo ${hs_wall[$name]} ${rss_per[$name]} ${bulk_wall[$name]})" ]; then
            echo "| $label | ${note_of[$name]} | | | | | | |"
            continue
        fi
        if [ "$name" = socat ]; then
            echo "| $label | | | | | | $(cell "${bulk_wall[$name]}") | $(cell "${bulk_cpu[$name]}") |"
            continue
        fi
        bw="" bc=""
        [ "$name" = latch ] || [ "$name" = nginx ] || { bw=$(cell "${bulk_wall[$name]}"); bc=$(cell "${bulk_cpu[$name]}"); }
        echo "| $label | $(cell "${hs_wall[$name]}") | $(cell "${hs_cpu[$name]}") | $(cell "${ka_wall[$name]}") | $(cell "${ka_cpu[$name]}") | $(cell "${rss_per[$name]}") | $bw | $bc |"
    done
} >"$table"

# the targets (issue 20), on the per-CPU-second figures: the server's capacity on its core
others=(nginx nginx-stream hitch stunnel)
# best_of NAME...: the best handshakes per CPU-second and RSS per idle connection among them
best_of() {
    best_hs="" best_hs_name="" best_rss="" best_rss_name=""
    local name m
    for name in "$@"; do
        m=$(median "${hs_cpu[$name]}")
        [ -n "$m" ] && { [ -z "$best_hs" ] || [ "$m" -gt "$best_hs" ]; } && { best_hs=$m; best_hs_name=$name; }
        m=$(median "${rss_per[$name]}")
        [ -n "$m" ] && { [ -z "$best_rss" ] || [ "$m" -lt "$best_rss" ]; } && { best_rss=$m; best_rss_name=$name; }
    done
}
targets=$work/targets.md
{
    for name in latch latch-proxy; do
        # latch server against every other; latch proxy against the other relays, which also
        # connect to the backend and forward the request per handshake and hold its socket
        if [ "$name" = latch ]; then best_of "${others[@]}"; among="the others"; else best_of nginx-stream hitch stunnel; among="the other relays"; fi
        m=$(median "${hs_cpu[$name]}")
        if [ -n "$m" ] && [ -n "$best_hs" ]; then
            ratio=$(awk -v a="$m" -v b="$best_hs" 'BEGIN {printf "%.2f", a / b}')
            verdict=$(awk -v r="$ratio" 'BEGIN {print (r >= 1.8 ? "holds" : "missed")}')
            echo "- Handshakes ($name): $m per server CPU-second against $best_hs for the best of $among ($best_hs_name): ${ratio}x, target 1.8x: **$verdict**."
        else
            echo "- Handshakes ($name): not measured${note_of[$name]:+ (${note_of[$name]})}."
        fi
        m=$(median "${rss_per[$name]}")
        if [ -n "$m" ] && [ -n "$best_rss" ]; then
            ratio=$(awk -v a="$best_rss" -v b="$m" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
            verdict=$(awk -v r="$ratio" -v b="$m" 'BEGIN {print ((b <= 0 || r >= 5) ? "holds" : "missed")}')
            echo "- Idle memory ($name): $m bytes per connection against $best_rss for the best of $among ($best_rss_name): ${ratio}x smaller, target 5x: **$verdict**."
        else
            echo "- Idle memory ($name): not measured${note_of[$name]:+ (${note_of[$name]})}."
        fi
    done
    relay=$(median "${bulk_cpu[socat]}")
    relay_wall=$(median "${bulk_wall[socat]}")
    proxy=$(median "${bulk_cpu[latch-proxy]}")
    proxy_wall=$(median "${bulk_wall[latch-proxy]}")
    if [ -n "$relay" ] && [ -n "$proxy" ] && [ -n "$aead_mbs" ]; then
        # time per byte: the relay's plus one AEAD pass (the proxy opens every record)
        expect=$(awk -v r="$relay" -v a="$aead_mbs" 'BEGIN {printf "%.0f", 1 / (1 / r + 1 / a)}')
        expect_wall=$(awk -v r="$relay_wall" -v a="$aead_mbs" 'BEGIN {printf "%.0f", 1 / (1 / r + 1 / a)}')
        verdict=$(awk -v p="$proxy" -v e="$expect" 'BEGIN {print (p * 1.1 >= e ? "holds" : "missed")}')
        echo "- Proxy bulk: $proxy MB per proxy CPU-second against $expect for socat's $relay plus AES-128-GCM's cost ($aead_mbs MB/s, openssl speed -evp, 16 KiB); within 10 %: **$verdict** (wall clock: $proxy_wall MB/s against $expect_wall)."
    else
        echo "- Proxy bulk: not measured${note_of[latch-proxy]:+ (${note_of[latch-proxy]})} (socat: ${relay:-?} MB per CPU-second, AES-128-GCM ${aead_mbs:-?} MB/s)."
    fi
} >"$targets"

notes=""
for name in "${servers[@]}" socat; do
    [ -n "${note_of[$name]}" ] && notes="$notes- $name: ${note_of[$name]}"$'\n'
done

echo
cat "$table"
echo
cat "$targets"
[ -n "$notes" ] && printf '\nNotes:\n%s' "$notes"

if [ -n "$markdown" ]; then
    heading="## Servers under load (\`make bench-server\`)"
    section=$work/section.md
    {
        echo "$heading"
        echo
        echo "\`bench/bench_server.sh\` (run of $(date -u +%Y-%m-%d)): $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1), $ncpu cores, Linux $(uname -r); latch $("$latch" --version 2>/dev/null | head -n 1 | awk '{print $NF}'), $(nginx -v 2>&1 | sed 's/.*: //'), hitch $(hitch --version 2>&1 | awk '{print $NF}'), stunnel $(stunnel4 -version 2>&1 | sed -n 's/^stunnel \([0-9.]*\).*/\1/p'), $(h2load --version 2>&1 | head -n 1), $(openssl version | awk '{print $1, $2}'). Loopback; every server with the same ECDSA P-256 certificate, TLS 1.3 only, x25519; $pinning. The relays (latch proxy, nginx's stream module, hitch, stunnel) forward to one backend, nginx serving the same page over plain HTTP; latch server --http makes its page (about 1 KB) per connection, and nginx serves a static page of that length."
        echo
        echo "- New handshakes: \`h2load --h1 -c $clients -n $handshakes -H 'Connection: close'\` (h2load opens a new connection when the server closes after a response, so every request is a full TLS 1.3 handshake); kept-alive requests: \`h2load --h1 -c $clients -n $requests\`. Per second of wall time (bounded by h2load's OpenSSL client on its own core), and per second of the server's CPU time (user + system, all its processes and threads): the latter is what one core of the server can take and what the targets are judged on. Medians of $runs runs with min-max, the servers interleaved."
        echo "- RSS per idle connection: each server started afresh and warmed with a few requests, then \`tests/load/load_client --idle N --batch 500\` (latch's client, full handshakes, nothing sent after), the growth of the resident memory of all the server's processes divided by N: N = $idle for latch server and nginx; $relay_idle for the relays, which hold a backend socket too and would pass the $fd_limit descriptors this machine allows a process. Median of $rss_runs runs."
        echo "- Bulk: \`bench/bench_relay_bulk\` sends ${bulk_mbytes} MiB to its sink through the relay (TLS 1.3 AES-128-GCM from latch's client, plain through socat -b 131072), byte count and sum checked; per second of wall time and per second of the relay's CPU time. Median of $runs runs."
        echo
        cat "$table"
        echo
        echo "Targets of issue 20:"
        echo
        cat "$targets"
        if [ -n "$notes" ]; then
            echo
            echo "Notes:"
            echo
            printf '%s' "$notes"
        fi
    } >"$section"
    if [ -f "$markdown" ] && grep -qxF "$heading" "$markdown"; then
        # replace the earlier run's section (up to the next section of the same level)
        awk -v h="$heading" -v s="$section" '
            $0 == h {skip = 1; while ((getline line < s) > 0) print line; print ""; next}
            skip && /^## / {skip = 0}
            !skip {print}' "$markdown" >"$work/new.md" && cat "$work/new.md" >"$markdown"
    else
        { echo; cat "$section"; } >>"$markdown"
    fi
    echo "bench_server: wrote the section to $markdown"
fi
