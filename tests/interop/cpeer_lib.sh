# Shared by test_wolfssl.sh, test_mbedtls.sh and test_bearssl.sh: runs every mode of the interop
# matrix with a peer built from tests/interop/peers/, in both directions (latch client -> peer
# server, peer client -> latch server), and prints each cell as
#   MATRIX<TAB>peer<TAB>mode<TAB>direction<TAB>pass|FAIL|n/s<TAB>note
# also written to <build-dir>/interop-matrix/<peer>.tsv. Sourced after lib.sh with the peer's name
# as $1; the test then defines cpeer_unsupported (see below) and calls cpeer_matrix.
cpeer=$1
cpeer_bin=$build_dir/interop-peers/peer_$cpeer
matrix_file=$build_dir/interop-matrix/$cpeer.tsv
mkdir -p "$build_dir/interop-matrix"
: >"$matrix_file"
modes=(tls13 hrr tls12-ecdsa tls12-rsa tls12-rsakex mtls13 mtls12 resume13 resume12 chacha13 chacha12
    keyupdate-latch keyupdate-peer bulk no-ems)
bulk_bytes=10000000

cell() { # MODE DIRECTION RESULT NOTE
    printf 'MATRIX\t%s\t%s\t%s\t%s\t%s\n' "$cpeer" "$1" "$2" "$3" "$4" | tee -a "$matrix_file"
}

# wait_exit PID: until the process has ended, 20 s at most (then it is killed by stop_peers)
wait_exit() {
    for _ in $(seq 200); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

# check FILE PATTERN...: every (extended) pattern occurs in FILE, else why= says which did not
check() {
    local file=$1
    shift
    [ -n "$why" ] && return
    for pattern in "$@"; do
        if ! grep -Eq -- "$pattern" "$file" 2>/dev/null; then
            why="no '$pattern' in the $(basename "$file")"
            return
        fi
    done
}

# the parameters of a mode: TLS version, suite, certificate, and what each side adds
mode_setup() {
    local mode=$1
    version=13 suite=TLS_AES_128_GCM_SHA256 cert=p256
    peer_opts="" latch_opts="" latch_server_opts=""
    case $mode in
        *12 | tls12-* | no-ems) version=12 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ;;
    esac
    case $mode in
        tls13) suite=TLS_AES_256_GCM_SHA384 ;;
        tls12-rsa) suite=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 cert=rsa2048 ;;
        tls12-rsakex) suite=TLS_RSA_WITH_AES_128_GCM_SHA256 cert=rsa2048 latch_opts="--rsa-kex" ;;
        chacha13) suite=TLS_CHACHA20_POLY1305_SHA256 ;;
        chacha12) suite=TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ;;
        hrr) peer_opts="--hrr" latch_server_opts="--trace" ;;
        keyupdate-latch) latch_opts="--key-update" latch_server_opts="--trace" ;;
        keyupdate-peer) peer_opts="--key-update" latch_server_opts="--trace" ;;
        no-ems) peer_opts="--no-ems" ;;
        bulk) [ "$cpeer_tls13" = yes ] || { version=12 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256; } ;;
    esac
    return 0
}

# latch client -> peer server
latch_client_cell() {
    local mode=$1 conns=1 pid
    why=""
    : >"$work/out"
    : >"$work/err"
    : >"$work/err.first"
    mode_setup "$mode"
    case $mode in resume* | no-ems) conns=2 ;; esac
    local popts="$peer_opts --tls$version --suite $suite --conns $conns"
    local lopts="$latch_opts --tls$version --suites $suite"
    case $mode in
        # an RSA client certificate in TLS 1.3, an ECDSA one in 1.2: a TLS 1.2 server may ask for
        # ECDSA alone when its own certificate is (wolfSSL's CertificateRequest says ecdsa_sign only)
        mtls13) popts="$popts --require-client-cert --ca $pki/ca.pem"
            lopts="$lopts --cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem" ;;
        mtls12) popts="$popts --require-client-cert --ca $pki/ca.pem"
            lopts="$lopts --cert $pki/p384.pem --key $pki/p384-key.pem" ;;
        bulk) popts="$popts --bulk $bulk_bytes" ;;
    esac
    next_port
    # shellcheck disable=SC2086
    peer "$cpeer_bin" server --port "$port" --cert "$pki/$cert.pem" --key "$pki/$cert-key.pem" $popts
    pid=${pids[-1]}
    if ! wait_port "$port"; then
        why="the peer server did not start"
    else
        for conn in $(seq "$conns"); do
            local sess=""
            [ "$conns" = 2 ] && { [ "$conn" = 1 ] && sess="--sess-out $work/latch.sess" || sess="--sess-in $work/latch.sess"; }
            if [ "$mode" = bulk ]; then
                # shellcheck disable=SC2086
                timeout 60 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" \
                    $lopts <"$work/bulk.in" >"$work/bulk.out" 2>"$work/err"
            else
                # shellcheck disable=SC2086
                (printf 'first\n'; sleep 0.3; printf 'second\n'; sleep 0.3) | timeout 20 "$latch" client \
                    "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" $lopts $sess \
                    >"$work/out" 2>"$work/err"
            fi
            echo "exit $?" >>"$work/err"
            [ "$conn" = 1 ] && cp "$work/err" "$work/err.first"
        done
        wait_exit "$pid"
    fi
    check "$work/err.first" "TLS 1\\.${version#1}, $suite, " "exit 0"
    check "$work/err" "TLS 1\\.${version#1}, $suite, " "exit 0"
    check "$work/peer.log" "handshake: TLS 1\\.${version#1}, $suite, " "^done"
    case $mode in
        bulk)
            local in_sum out_sum
            in_sum=$(sha256sum <"$work/bulk.in" | cut -d' ' -f1)
            out_sum=$(sha256sum <"$work/bulk.out" | cut -d' ' -f1)
            check "$work/peer.log" "^bulk received $bulk_bytes sha256 $in_sum" "^bulk sent $bulk_bytes sha256 $out_sum" ;;
        *) check "$work/out" "^first$" "^second$" ;;
    esac
    case $mode in
        hrr) check "$work/err" "after HelloRetryRequest" ;;
        mtls*) check "$work/peer.log" "client certificate verified: .*localhost" ;;
        resume*) check "$work/err" ", resumed$"
            check "$work/peer.log" "handshake: .*, resumed$" ;;
        no-ems) # a full handshake both times: a session without the EMS is never resumed
            check "$work/err.first" "exit 0" "no extended master secret"
            check "$work/err" "no extended master secret"
            [ -z "$why" ] && grep -Eq "(, resumed|handshake: .*, resumed)$" "$work/err" "$work/peer.log" &&
                why="a session without the EMS was resumed" ;;
        keyupdate-peer) check "$work/peer.log" "^key update sent" ;;
        keyupdate-latch) [ -z "$why" ] && grep -q "KeyUpdate" "$work/err" && why="$(grep KeyUpdate "$work/err")" ;;
    esac
    stop_peers
    [ -n "$why" ] && add_reasons "$work/peer.log" "$work/err.first $work/err" 'latch client: '
    finish_cell "$mode" latch-client "TLS 1.${version#1} $suite"
}

# peer client -> latch server
latch_server_cell() {
    local mode=$1
    why=""
    : >"$work/out"
    : >"$work/err"
    mode_setup "$mode"
    local popts="$peer_opts --tls$version --suite $suite"
    local lopts="$latch_opts $latch_server_opts --tls$version --suites $suite --echo"
    case $mode in
        mtls*) popts="$popts --cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem"
            lopts="$lopts --require-client-cert --client-roots $pki/ca.pem" ;;
        resume* | no-ems) popts="$popts --resume" ;;
        bulk) popts="$popts --bulk $bulk_bytes" ;;
    esac
    case $mode in resume* | no-ems) ;; *) lopts="$lopts --once" ;; esac
    next_port
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --cert "$pki/$cert.pem" --key "$pki/$cert-key.pem" $lopts
    if ! wait_port "$port"; then
        why="latch server did not start"
    else
        # shellcheck disable=SC2086
        timeout 60 "$cpeer_bin" client --port "$port" --ca "$pki/ca.pem" $popts >"$work/out" 2>"$work/err"
        echo "exit $?" >>"$work/out"
        sleep 0.2
    fi
    check "$work/out" "handshake: TLS 1\\.${version#1}, $suite, " "^done" "exit 0"
    check "$work/peer.log" ": TLS 1\\.${version#1}, $suite, "
    case $mode in
        bulk)
            local sent received
            sent=$(sed -n "s/^bulk sent $bulk_bytes sha256 //p" "$work/out")
            received=$(sed -n "s/^bulk received $bulk_bytes sha256 //p" "$work/out")
            [ -z "$why" ] && { [ -n "$sent" ] && [ "$sent" = "$received" ] || why="the echoed bulk data differs"; } ;;
        *) check "$work/out" "^echo ok" ;;
    esac
    case $mode in
        hrr) check "$work/peer.log" "HelloRetryRequest" ;;
        mtls*) check "$work/peer.log" "client '.*localhost" ;;
        resume*) check "$work/out" "handshake: .*, new$" "handshake: .*, resumed$"
            check "$work/peer.log" ", resumed$" ;;
        no-ems) check "$work/out" "handshake: .*, new$"
            check "$work/peer.log" ", no extended master secret"
            [ -z "$why" ] && grep -Eq "(, resumed|handshake: .*, resumed)$" "$work/out" "$work/peer.log" &&
                why="a session without the EMS was resumed"
            [ -z "$why" ] && [ "$(grep -c '^echo ok' "$work/out")" != 2 ] && why="the second connection failed" ;;
        # latch's narration shows both KeyUpdates: the one asking for an update, and the answer
        keyupdate-latch) check "$work/peer.log" "KeyUpdate → new traffic keys from here on, and asks for an update back" \
            "KeyUpdate ← new traffic keys from here on  \[" ;;
        keyupdate-peer) check "$work/out" "^key update sent"
            check "$work/peer.log" "KeyUpdate ← new traffic keys from here on, and asks for an update back" \
                "KeyUpdate → new traffic keys from here on  \[" ;;
    esac
    stop_peers
    [ -n "$why" ] && add_reasons "$work/err" "$work/peer.log" '[0-9.]+:[0-9]+: (the|no|idle|closed|connection)'
    finish_cell "$mode" latch-server "TLS 1.${version#1} $suite"
}

# add_reasons PEER_LOG "LATCH_LOGS" LATCH_PATTERN: the first error each side gave, after $why
add_reasons() {
    local peer_says latch_says
    peer_says=$(grep -E '^peer: ' "$1" 2>/dev/null | head -n 1)
    # shellcheck disable=SC2086
    latch_says=$(grep -hE "^$3" $2 2>/dev/null | head -n 1)
    why="$why${peer_says:+; $peer_says}${latch_says:+; latch: ${latch_says#latch client: }}"
    why=${why//$'\t'/ }
}

finish_cell() { # MODE DIRECTION NOTE: pass or FAIL from $why, with the logs on failure
    if [ -z "$why" ]; then
        ok "$cpeer $1 $2"
        cell "$1" "$2" pass "$3"
    else
        not_ok "$cpeer $1 $2: $why"
        cell "$1" "$2" FAIL "$why"
    fi
}

cpeer_matrix() {
    if [ ! -x "$cpeer_bin" ]; then
        for mode in "${modes[@]}"; do
            for direction in latch-client latch-server; do
                cell "$mode" "$direction" n/s "peer_$cpeer not built (its -dev package was missing)"
            done
        done
        exit 77
    fi
    head -c "$bulk_bytes" /dev/urandom >"$work/bulk.in"
    for mode in "${modes[@]}"; do
        for direction in latch-client latch-server; do
            local reason
            reason=$(cpeer_unsupported "$mode" "$direction")
            if [ -n "$reason" ]; then
                cell "$mode" "$direction" n/s "$reason"
            elif [ "$direction" = latch-client ]; then
                latch_client_cell "$mode"
            else
                latch_server_cell "$mode"
            fi
        done
    done
    summary
}
