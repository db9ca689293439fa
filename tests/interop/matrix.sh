# The interop matrix: one cell per peer, mode and direction, each printed as
#   MATRIX<TAB>peer<TAB>mode<TAB>direction<TAB>result<TAB>note
# and appended to <build-dir>/interop-matrix/<peer>.tsv, which scripts/interop_report.py reads.
# Sourced after lib.sh. A peer program (Go, Java, Python, Node.js) takes
#   ROLE MODE PORT PKI-DIR [FILE]
# ROLE server listens on 127.0.0.1:PORT, says "listening on", takes one connection (two for
# resume* and no-ems, whose second must not resume) and serves it; ROLE client connects (as
# often), offering the first connection's session the second time. Both print what they
# negotiated:
#   PEER handshake version=TLS1.3 suite=<IANA name> resumed=yes|no client=<CN>|none
# then, per mode: the server echoes until the client closes (bulk: sends 10 MiB of its own random
# bytes in random chunks while hashing what it receives until the client closes, then
# "PEER bulk sent=<n>:<sha256> recv=<n>:<sha256>");
# the client sends FILE (bulk: in random chunks, concurrently) and reads back as many bytes,
# then "PEER echo ok" or "PEER bulk ...". mtls* servers require a client certificate. A peer
# that can start a KeyUpdate does so in keyupdate-peer and says "PEER keyupdate sent=<count>".

modes=(tls13 hrr tls12-ecdsa tls12-rsa tls12-rsakex mtls13 mtls12 resume13 resume12 chacha13
       chacha12 keyupdate-latch keyupdate-peer bulk no-ems)
# MATRIX_MODES="hrr bulk" runs only those (while working on a cell; the table then holds only them)
[ -n "${MATRIX_MODES:-}" ] && read -ra modes <<<"$MATRIX_MODES"
declare -A latch_extra=() ns_client=() ns_server=() # per peer: mode -> latch options, reasons
peer_ems=yes # the peer uses the extended master secret in TLS 1.2 unless told not to (no-ems)
matrix_dir=$build_dir/interop-matrix
mkdir -p "$matrix_dir"

matrix_begin() { # PEER VERSION-STRING: a fresh table for this peer
    matrix_peer=$1
    : >"$matrix_dir/$matrix_peer.tsv"
    printf '%s\n' "$2" >"$matrix_dir/$matrix_peer.version"
}
# cell MODE DIRECTION RESULT NOTE
cell() {
    local line
    line=$(printf 'MATRIX\t%s\t%s\t%s\t%s\t%s' "$matrix_peer" "$1" "$2" "$3" "${4//$'\t'/ }")
    echo "$line"
    echo "$line" >>"$matrix_dir/$matrix_peer.tsv"
    case $3 in
        pass) ok "$matrix_peer $1 $2" ;;
        FAIL) not_ok "$matrix_peer $1 $2: $4" ;;
        *) echo "# n/s - $matrix_peer $1 $2: $4" ;;
    esac
}

# what each mode negotiates
mode_version() { case $1 in tls12-* | cbc12-* | mtls12 | resume12 | chacha12 | no-ems) echo 1.2 ;; *) echo 1.3 ;; esac; }
mode_suite() {
    case $1 in
        tls12-ecdsa | no-ems) echo TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ;;
        tls12-rsa) echo TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ;;
        tls12-rsakex) echo TLS_RSA_WITH_AES_128_GCM_SHA256 ;;
        chacha13) echo TLS_CHACHA20_POLY1305_SHA256 ;;
        chacha12) echo TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ;;
        # the CBC suites of latch's old profile (not in the default modes: a peer's script runs
        # them when its peer still speaks CBC)
        cbc12-ecdsa) echo TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ;;
        cbc12-rsa) echo TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA ;;
        cbc12-rsakex) echo TLS_RSA_WITH_AES_128_CBC_SHA ;;
    esac
}
cbc_modes=(cbc12-ecdsa cbc12-rsa cbc12-rsakex)
mode_cert() { case $1 in tls12-rsa | tls12-rsakex | cbc12-rsa | cbc12-rsakex) echo rsa2048 ;; *) echo p256 ;; esac; }
# latch's options for MODE as ROLE (client|server); the peer is configured by its own program
mode_latch_opts() {
    local mode=$1 role=$2 opts
    case $(mode_version "$mode") in 1.2) opts="--tls12" ;; *) opts="--tls13" ;; esac
    [ "$mode" = no-ems ] && opts="" # latch at its defaults; the peer speaks 1.2 only
    [ -n "$(mode_suite "$mode")" ] && [ "$mode" != no-ems ] && opts="$opts --suites $(mode_suite "$mode")"
    case $mode in
        tls12-rsakex) opts="$opts --rsa-kex" ;;
        cbc12-*) opts="$opts --profile old" ;;
        keyupdate-latch) opts="$opts --key-update" ;;
    esac
    if [ "$role" = server ]; then
        opts="$opts --cert $pki/$(mode_cert "$mode").pem --key $pki/$(mode_cert "$mode")-key.pem"
        case $mode in
            # a peer's first key share is x25519 or P-256; the connection line does not say
            # "after HelloRetryRequest" (the --http page and the client's summary do), the trace does
            hrr) opts="$opts --groups secp384r1 --trace" ;;
            mtls*) opts="$opts --require-client-cert --client-roots $pki/ca.pem" ;;
        esac
    else
        case $mode in mtls*) opts="$opts --cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem" ;; esac
    fi
    echo "$opts ${latch_extra[$mode]:-}"
}

# payload files: a line for most modes, 256 KiB for keyupdate-peer (past the peer's key limit),
# 10 MiB for bulk
bulk_size=10485760
matrix_payloads() {
    head -c "$bulk_size" /dev/urandom >"$work/bulk.bin"
    head -c 262144 /dev/urandom >"$work/ku.bin"
}
mode_payload() {
    case $1 in
        bulk) echo "$work/bulk.bin" ;;
        keyupdate-peer) echo "$work/ku.bin" ;;
        *) printf 'ping %s\n' "$1" >"$work/ping-$1.txt"; echo "$work/ping-$1.txt" ;;
    esac
}
file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# feed FILE OUT SECONDS: FILE, then hold stdin open until OUT has as many bytes (or SECONDS
# pass), so the peer's data comes back before latch's close_notify
feed() {
    cat "$1"
    local want
    want=$(file_size "$1")
    for _ in $(seq $(($3 * 10))); do
        [ "$(file_size "$2")" -ge "$want" ] && return 0
        sleep 0.1
    done
}
# wait_exit PID SECONDS: the exit status of a background process, killing it after SECONDS
wait_exit() {
    for _ in $(seq $(($2 * 10))); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill "$1" 2>/dev/null
    wait "$1"
}

# check_peer_handshake LOG MODE N: the peer's Nth handshake line agrees with MODE; appends
# problems to $why
check_peer_handshake() {
    local log=$1 mode=$2 n=$3 line suite
    line=$(grep '^PEER handshake' "$log" | sed -n "${n}p")
    if [ -z "$line" ]; then why+="peer reported no handshake #$n; "; return; fi
    case $line in *"version=TLS$(mode_version "$mode") "*) ;; *) why+="peer: ${line#PEER handshake }; " ; return ;; esac
    suite=$(mode_suite "$mode")
    if [ -n "$suite" ]; then
        case $line in *" suite=$suite "*) ;; *) why+="peer suite: ${line#PEER handshake }; " ;; esac
    fi
}
check_latch_summary() { # TEXT MODE [TRACE-LOG]: latch's summary line agrees with MODE
    local text=$1 mode=$2 trace=${3:-} suite
    case $text in "TLS $(mode_version "$mode"), "*) ;; *) why+="latch: ${text:-no summary}; "; return ;; esac
    suite=$(mode_suite "$mode")
    if [ -n "$suite" ]; then
        case $text in *", $suite, "*) ;; *) why+="latch suite: $text; " ;; esac
    fi
    # no-ems: latch takes the peer without the extended master secret and says so; elsewhere a
    # peer that has it (peer_ems=yes) must have used it
    if [ "$mode" = no-ems ]; then
        case $text in *"no extended master secret"*) ;; *) why+="latch does not say 'no extended master secret': $text; " ;; esac
    elif [ "$(mode_version "$mode")" = 1.2 ] && [ "$peer_ems" = yes ]; then
        case $text in *"no extended master secret"*) why+="no extended master secret: $text; " ;; esac
    fi
    case $mode in
        hrr)
            if [ -n "$trace" ]; then
                case $text in *"secp384r1 (after HelloRetryRequest)"*) ;; *) why+="latch server: $text; " ;; esac
                grep -q 'HelloRetryRequest → asks the client to retry with a secp384r1' "$trace" ||
                    why+="latch server sent no HelloRetryRequest; "
            else
                case $text in *"secp384r1 (after HelloRetryRequest)"*) ;; *) why+="latch saw no HelloRetryRequest: $text; " ;; esac
            fi
            ;;
    esac
}

# ---- latch client -> peer server -----------------------------------------------------------
latch_client_cell() { # MODE
    local mode=$1 payload out rounds=1 r rc latch_opts summary
    why=""
    payload=$(mode_payload "$mode")
    case $mode in resume* | no-ems) rounds=2 ;; esac
    next_port
    peer timeout 90 "${peer_cmd[@]}" server "$mode" "$port" "$pki" "$payload"
    local server_pid=${pids[-1]}
    if ! wait_port "$port"; then
        cell "$mode" latch-client FAIL "peer server did not start: $(tail -n 1 "$work/peer.log")"
        stop_peers
        return
    fi
    latch_opts=$(mode_latch_opts "$mode" client)
    rm -f "$work/latch.sess"
    for r in $(seq "$rounds"); do
        local sess=""
        [ "$rounds" = 2 ] && { [ "$r" = 1 ] && sess="--sess-out $work/latch.sess" || sess="--sess-in $work/latch.sess"; }
        out=$work/out.$r
        : >"$out"
        # shellcheck disable=SC2086
        feed "$payload" "$out" 60 | timeout 90 "$latch" client "127.0.0.1:$port" --servername localhost \
            --roots "$pki/ca.pem" $latch_opts $sess >"$out" 2>"$work/err.$r"
        rc=$?
        summary=$(grep -m1 '^TLS ' "$work/err.$r")
        [ "$rc" = 0 ] || why+="latch client #$r exit $rc: $(grep -v '^TLS ' "$work/err.$r" | tail -n 1); "
        check_latch_summary "$summary" "$mode"
        if [ "$mode" != bulk ] && ! cmp -s "$payload" "$out"; then
            why+="latch client #$r got back $(file_size "$out") of $(file_size "$payload") bytes, not the same; "
        fi
        case $mode/$r in
            resume*/2) case $summary in *", resumed") ;; *) why+="latch did not resume; " ;; esac ;;
            no-ems/2) case $summary in *", resumed") why+="latch resumed a session without EMS; " ;; esac ;;
        esac
    done
    wait_exit "$server_pid" 30
    rc=$?
    [ "$rc" = 0 ] || why+="peer server exit $rc: $(grep -v '^PEER' "$work/peer.log" | grep . | tail -n 1); "
    for r in $(seq "$rounds"); do check_peer_handshake "$work/peer.log" "$mode" "$r"; done
    case $mode in
        resume*) grep '^PEER handshake' "$work/peer.log" | sed -n 2p | grep -q 'resumed=yes' ||
            why+="peer server did not report the session resumed; "
            grep '^PEER handshake' "$work/peer.log" | sed -n 1p | grep -q 'resumed=no' ||
                why+="peer server reported the first handshake resumed; " ;;
        keyupdate-peer) grep -Eq '^PEER keyupdate sent=[1-9]' "$work/peer.log" ||
            why+="peer server sent no KeyUpdate: $(grep '^PEER keyupdate' "$work/peer.log"); " ;;
        no-ems) grep '^PEER handshake' "$work/peer.log" | grep -q 'resumed=yes' &&
            why+="peer server resumed a session without EMS; " ;;
        mtls*) grep '^PEER handshake' "$work/peer.log" | grep -q 'client=localhost' ||
            why+="peer server did not report latch's certificate; " ;;
        bulk)
            local want
            want="PEER bulk sent=$bulk_size:$(sha "$work/out.1") recv=$bulk_size:$(sha "$payload")"
            grep -qx "$want" "$work/peer.log" ||
                why+="checksums: latch sent $(sha "$payload" | cut -c1-12), got $(file_size "$work/out.1") bytes $(sha "$work/out.1" | cut -c1-12); peer: $(grep '^PEER bulk' "$work/peer.log" || echo nothing); "
            ;;
    esac
    pids=()
    if [ -z "$why" ]; then
        cell "$mode" latch-client pass "$(grep -m1 '^TLS ' "$work/err.$rounds")$(grep -m1 '^PEER keyupdate' "$work/peer.log" | sed 's/^PEER keyupdate sent=/; the peer sent KeyUpdates: /')"
    else
        cell "$mode" latch-client FAIL "$why"
    fi
}

# ---- peer client -> latch server -----------------------------------------------------------
latch_server_cell() { # MODE
    local mode=$1 payload rounds=1 r rc latch_opts once="--once" lines line
    why=""
    payload=$(mode_payload "$mode")
    case $mode in resume* | no-ems) rounds=2; once="" ;; esac
    latch_opts=$(mode_latch_opts "$mode" server)
    next_port
    # shellcheck disable=SC2086
    peer timeout 90 "$latch" server --port "$port" --echo $once $latch_opts
    local server_pid=${pids[-1]}
    if ! wait_port "$port"; then
        cell "$mode" latch-server FAIL "latch server did not start: $(tail -n 1 "$work/peer.log")"
        stop_peers
        return
    fi
    timeout 90 "${peer_cmd[@]}" client "$mode" "$port" "$pki" "$payload" >"$work/out" 2>&1
    rc=$?
    [ "$rc" = 0 ] || why+="peer client exit $rc: $(grep -v '^PEER' "$work/out" | grep . | tail -n 1); "
    if [ -n "$once" ]; then
        wait_exit "$server_pid" 30 || why+="latch server exit $?: $(tail -n 1 "$work/peer.log"); "
    else
        sleep 0.3
        stop_peers
    fi
    pids=()
    lines=$(grep -E '^127\.0\.0\.1:[0-9]+: TLS ' "$work/peer.log" | sed 's/^[^ ]* //')
    for r in $(seq "$rounds"); do
        line=$(sed -n "${r}p" <<<"$lines")
        check_latch_summary "$line" "$mode" "$work/peer.log"
        check_peer_handshake "$work/out" "$mode" "$r"
    done
    grep -Eq '^127\.0\.0\.1:[0-9]+: .*(error|alert|failed|refus)' "$work/peer.log" &&
        why+="latch server: $(grep -E '^127\.0\.0\.1:[0-9]+: .*(error|alert|failed|refus)' "$work/peer.log" | head -n 1 | sed 's/^[^ ]* //'); "
    case $mode in
        resume*)
            case $(sed -n 2p <<<"$lines") in *", resumed") ;; *) why+="latch server did not resume; " ;; esac
            grep '^PEER handshake' "$work/out" | sed -n 2p | grep -q 'resumed=yes' ||
                why+="peer client did not report the session resumed; "
            grep '^PEER handshake' "$work/out" | sed -n 1p | grep -q 'resumed=no' ||
                why+="peer client reported the first handshake resumed; "
            case $(sed -n 1p <<<"$lines") in *", resumed") why+="latch server resumed the first handshake; " ;; esac
            ;;
        keyupdate-peer) grep -Eq '^PEER keyupdate sent=[1-9]' "$work/out" ||
            why+="peer client sent no KeyUpdate: $(grep '^PEER keyupdate' "$work/out"); " ;;
        no-ems)
            grep -q ', resumed$' <<<"$lines" && why+="latch server resumed a session without EMS; "
            grep '^PEER handshake' "$work/out" | grep -q 'resumed=yes' &&
                why+="peer client resumed a session without EMS; "
            ;;
        mtls*) grep -q "client 'localhost'" <<<"$lines" || why+="latch server saw no client certificate; " ;;
    esac
    case $mode in
        bulk) grep -qx "PEER bulk sent=$bulk_size:$(sha "$payload") recv=$bulk_size:$(sha "$payload")" "$work/out" ||
            why+="checksums: sent $bulk_size:$(sha "$payload" | cut -c1-12), peer: $(grep '^PEER bulk' "$work/out" || echo nothing); " ;;
        *) [ "$(grep -c '^PEER echo ok' "$work/out")" = "$rounds" ] || why+="peer client did not get its data back; " ;;
    esac
    if [ -z "$why" ]; then
        cell "$mode" latch-server pass "$(tail -n 1 <<<"$lines")$(grep -m1 '^PEER keyupdate' "$work/out" | sed 's/^PEER keyupdate sent=/; the peer sent KeyUpdates: /')"
    else
        cell "$mode" latch-server FAIL "$why"
    fi
}

# run_matrix: every mode both ways, except those in ns_client / ns_server (mode -> reason)
run_matrix() {
    local mode
    matrix_payloads
    for mode in "${modes[@]}"; do
        if [ -n "${ns_client[$mode]:-}" ]; then
            cell "$mode" latch-client n/s "${ns_client[$mode]}"
        else
            latch_client_cell "$mode"
        fi
        if [ -n "${ns_server[$mode]:-}" ]; then
            cell "$mode" latch-server n/s "${ns_server[$mode]}"
        else
            latch_server_cell "$mode"
        fi
    done
}
