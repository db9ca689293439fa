#!/usr/bin/env bash
# The interop matrix with NSS's command-line peers (libnss3-tools), both directions: latch client
# -> selfserv, tstclnt -> latch server, in every mode of tests/interop/matrix.sh the tools can
# play; the cells go to <build-dir>/interop-matrix/nss.tsv. The NSS databases are made here in
# the scratch directory. selfserv answers one HTTP request by echoing it, so latch client sends
# "GET /<mode>"; tstclnt asks latch server --http for its page (tstclnt does not close on its
# stdin's end), and for bulk it is stopped once the 10 MiB echo is back. Then the TLS 1.2 CBC
# suites of latch's old profile (docs/profiles.md), which NSS still enables, both ways (NSS has
# no encrypt-then-MAC: these are MAC-then-encrypt records).
# Usage: bash test_nss.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/matrix.sh"

for tool in tstclnt selfserv certutil pk12util; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is not installed (scripts/deps.sh --check installs libnss3-tools)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done
# one database per identity: NSS gives certificates with one subject one nickname, and the
# test certificates all say CN=localhost
for id in p256 rsa2048; do
    db=$work/nss-$id
    mkdir -p "$db"
    certutil -N -d "sql:$db" --empty-password >/dev/null &&
        certutil -A -d "sql:$db" -n ca -t "CT,C,C" -i "$pki/ca.pem" &&
        openssl pkcs12 -export -in "$pki/$id.pem" -inkey "$pki/$id-key.pem" -name "$id" \
            -out "$work/$id.p12" -passout pass:nss &&
        pk12util -i "$work/$id.p12" -d "sql:$db" -W nss >/dev/null ||
        { echo "cannot make the NSS database"; echo "0 passed, 1 failed"; exit 1; }
done
matrix_begin nss "NSS $(dpkg-query -W -f='${Version}' libnss3 2>/dev/null || echo '(version unknown)') (tstclnt, selfserv)"

# NSS's options for MODE: versions, the suite (hex code), groups, extended master secret
nss_opts() {
    local mode=$1 opts
    case $(mode_version "$mode") in 1.2) opts="-V tls1.2:tls1.2" ;; *) opts="-V tls1.3:tls1.3" ;; esac
    [ "$mode" = no-ems ] || opts="$opts -G" # the tools leave the extended master secret off unless -G
    case $(mode_suite "$mode") in
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256) opts="$opts -c :C02B" ;;
        TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) opts="$opts -c :C030" ;;
        TLS_RSA_WITH_AES_128_GCM_SHA256) opts="$opts -c :009C" ;;
        TLS_CHACHA20_POLY1305_SHA256) opts="$opts -c :1303" ;;
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256) opts="$opts -c :CCA9" ;;
    esac
    echo "$opts"
}
# what NSS's -v output says for MODE: "SSL version 3.4 using 128-bit AES-GCM ..."
nss_expect() {
    local mode=$1 cipher=AES-GCM
    case $mode in chacha*) cipher=CHACHA20POLY1305 ;; esac
    case $(mode_version "$mode") in 1.2) echo "SSL version 3.3 using [0-9]+-bit $cipher" ;; *) echo "SSL version 3.4 using [0-9]+-bit $cipher" ;; esac
}

ns_client[keyupdate-peer]="selfserv has no option to send a KeyUpdate"
ns_server[keyupdate-peer]="tstclnt has no option to send a KeyUpdate"
ns_client[no-ems]="selfserv always takes the extended master secret (-G only switches it on)"
ns_server[no-ems]="tstclnt always offers the extended master secret (-G only switches it on)"
ns_client[bulk]="selfserv answers one HTTP request; it neither echoes nor takes a stream"

# ---- latch client -> selfserv ----------------------------------------------------------------
selfserv_wait() { wait_log 50 'About to call accept'; } # selfserv -v says it accepts
nss_client_cell() {
    local mode=$1 rounds=1 r rc summary cert server_opts
    why=""
    case $mode in resume*) rounds=2 ;; esac
    cert=$(mode_cert "$mode")
    server_opts="$(nss_opts "$mode") -u" # -u: session tickets
    case $mode in
        hrr) server_opts="$server_opts -I P384" ;;
        mtls*) server_opts="$server_opts -r -r" ;; # request and require
    esac
    next_port
    # shellcheck disable=SC2086
    peer timeout 60 selfserv -d "sql:$work/nss-$cert" -n "$cert" -p "$port" -v $server_opts
    if ! selfserv_wait; then
        cell "$mode" latch-client FAIL "selfserv did not start: $(tail -n 1 "$work/peer.log")"
        stop_peers
        return
    fi
    rm -f "$work/latch.sess"
    for r in $(seq "$rounds"); do
        local sess=""
        [ "$rounds" = 2 ] && { [ "$r" = 1 ] && sess="--sess-out $work/latch.sess" || sess="--sess-in $work/latch.sess"; }
        # shellcheck disable=SC2046,SC2086
        printf 'GET /%s HTTP/1.0\r\n\r\n' "$mode" | timeout 20 "$latch" client "127.0.0.1:$port" --servername localhost \
            --roots "$pki/ca.pem" $(mode_latch_opts "$mode" client) $sess >"$work/out.$r" 2>"$work/err.$r"
        rc=$?
        summary=$(grep -m1 '^TLS ' "$work/err.$r")
        [ "$rc" = 0 ] || why+="latch client #$r exit $rc: $(grep -v '^TLS ' "$work/err.$r" | tail -n 1); "
        check_latch_summary "$summary" "$mode"
        grep -q "^GET /$mode HTTP/1.0" "$work/out.$r" || why+="selfserv did not echo the request #$r; "
        case $mode/$r in
            resume*/2) case $summary in *", resumed") ;; *) why+="latch did not resume; " ;; esac ;;
        esac
    done
    sleep 0.2
    stop_peers
    [ "$(grep -aEc "$(nss_expect "$mode")" "$work/peer.log")" -ge "$rounds" ] ||
        why+="selfserv: $(grep -m1 'SSL version' "$work/peer.log" || grep -m1 -i error "$work/peer.log" || echo 'no handshake'); "
    case $mode in
        tls12-* | mtls12 | resume12 | chacha12) grep -aq 'Extended Master Secret: Yes' "$work/peer.log" ||
            why+="selfserv: no extended master secret; " ;;
        resume*) grep -Eq '^selfserv: 1 cache hits' "$work/peer.log" ||
            why+="selfserv reports no cache hit; " ;;
    esac
    pids=()
    if [ -z "$why" ]; then
        cell "$mode" latch-client pass "$(grep -m1 '^TLS ' "$work/err.$rounds")"
    else
        cell "$mode" latch-client FAIL "$why"
    fi
}

# ---- tstclnt -> latch server -----------------------------------------------------------------
# tstclnt's -v log, at most 200 KB: it polls a closed stdin in a loop, saying so each time
tstclnt_run() { # SECONDS ARGS... (stdin: the request)
    local seconds=$1
    shift
    timeout "$seconds" tstclnt -h localhost -4 -p "$port" "$@" >"$work/out" 2> >(head -c 200000 >"$work/tstclnt.log")
}
nss_server_cell() {
    local mode=$1 latch_opts client_opts rc lines line page
    why=""
    latch_opts=$(mode_latch_opts "$mode" server)
    client_opts=$(nss_opts "$mode")
    case $mode in
        hrr) client_opts="$client_opts -I x25519,P256,P384" ;;
        mtls*) client_opts="$client_opts -n rsa2048" ;;
    esac
    local db=$work/nss-p256
    case $mode in mtls*) db=$work/nss-rsa2048 ;; esac
    next_port
    if [ "$mode" = bulk ]; then
        # shellcheck disable=SC2086
        peer timeout 90 "$latch" server --port "$port" --echo $latch_opts
    else
        # shellcheck disable=SC2086
        peer timeout 90 "$latch" server --port "$port" --http $latch_opts
    fi
    if ! wait_port "$port"; then
        cell "$mode" latch-server FAIL "latch server did not start: $(tail -n 1 "$work/peer.log")"
        stop_peers
        return
    fi
    case $mode in
        resume*)
            # -L 2: a second connection resuming the first's session. The first sends the request
            # and reads the page; the second, its stdin used up, waits until stopped after 8 s
            # (-Q, to end after the handshake, makes tstclnt abort in TLS 1.2)
            printf 'GET / HTTP/1.0\r\n\r\n' >"$work/request"
            # shellcheck disable=SC2086
            tstclnt_run 8 -d "sql:$db" $client_opts -v -L 2 <"$work/request"
            grep -q 'id="resumed">new (full handshake)<' "$work/out" || why+="latch's page: no first handshake; "
            [ "$(grep -aEc "$(nss_expect "$mode")" "$work/tstclnt.log")" -ge 2 ] ||
                why+="tstclnt: $(grep -m1 -aE 'SSL version|SSL_ERROR|failed' "$work/tstclnt.log" || echo 'no handshakes'); "
            grep -q '^1 cache hits' "$work/tstclnt.log" || why+="tstclnt reports no cache hit; "
            ;;
        bulk)
            # random-sized writes into tstclnt's stdin, held open until the echo is all back
            # (tstclnt would spin on a closed stdin); then tstclnt is stopped
            # shellcheck disable=SC2086
            timeout 90 tstclnt -h localhost -4 -p "$port" -d "sql:$db" $client_opts >"$work/out" \
                2> >(head -c 200000 >"$work/tstclnt.log") < <(python3 -c '
import os, random, sys
data = open(sys.argv[1], "rb").read()
pos = 0
while pos < len(data):
    n = random.randint(1, 65536)
    os.write(1, data[pos:pos + n])
    pos += n
' "$work/bulk.bin"; for _ in $(seq 600); do [ -e "$work/out" ] && [ "$(file_size "$work/out")" -lt "$bulk_size" ] || break; sleep 0.1; done) &
            local client_pid=$!
            local i
            for i in $(seq 900); do
                [ "$(file_size "$work/out")" -ge "$bulk_size" ] && break
                kill -0 "$client_pid" 2>/dev/null || break
                sleep 0.1
            done
            kill "$client_pid" 2>/dev/null
            wait "$client_pid" 2>/dev/null
            [ "$(sha "$work/out")" = "$(sha "$work/bulk.bin")" ] ||
                why+="echo: sent $bulk_size bytes $(sha "$work/bulk.bin" | cut -c1-12), got $(file_size "$work/out") $(sha "$work/out" | cut -c1-12); "
            ;;
        *)
            # shellcheck disable=SC2086
            # from a file: on a pipe's end tstclnt polls in a loop and never reads the answer
            printf 'GET / HTTP/1.0\r\n\r\n' >"$work/request"
            tstclnt_run 20 -d "sql:$db" $client_opts -v <"$work/request"
            rc=$?
            [ "$rc" = 0 ] || why+="tstclnt exit $rc: $(grep -m1 -aE 'SSL_ERROR|failed' "$work/tstclnt.log"); "
            grep -aEq "$(nss_expect "$mode")" "$work/tstclnt.log" ||
                why+="tstclnt: $(grep -m1 'SSL version' "$work/tstclnt.log" || echo 'no handshake'); "
            page=$(grep -o 'id="[a-z-]*">[^<]*<' "$work/out" | tr '\n' ' ')
            case $page in *"id=\"version\">TLS $(mode_version "$mode")<"*) ;; *) why+="latch's page: ${page:-none}; " ;; esac
            case $mode in
                tls12-* | mtls12 | chacha12) grep -aq 'Extended Master Secret: Yes' "$work/tstclnt.log" ||
                    why+="tstclnt: no extended master secret; " ;;
            esac
            case $mode in
                mtls*) case $page in *"id=\"client-cert\">'localhost', verified by 'ca'<"*) ;; *) why+="latch's page: no client certificate; " ;; esac ;;
            esac
            ;;
    esac
    sleep 0.2
    stop_peers
    pids=()
    lines=$(grep -E '^127\.0\.0\.1:[0-9]+: TLS ' "$work/peer.log" | sed 's/^[^ ]* //')
    check_latch_summary "$(head -n 1 <<<"$lines")" "$mode" "$work/peer.log"
    grep -Eq '^127\.0\.0\.1:[0-9]+: .*(alert|error|failed|refus)' "$work/peer.log" &&
        why+="latch server: $(grep -E '^127\.0\.0\.1:[0-9]+: .*(alert|error|failed|refus)' "$work/peer.log" | head -n 1 | sed 's/^[^ ]* //'); "
    case $mode in
        resume*) case $(sed -n 2p <<<"$lines") in *", resumed") ;; *) why+="latch server did not resume; " ;; esac ;;
        mtls*) grep -q "client 'localhost'" <<<"$lines" || why+="latch server saw no client certificate; " ;;
    esac
    if [ -z "$why" ]; then
        cell "$mode" latch-server pass "$(tail -n 1 <<<"$lines")"
    else
        cell "$mode" latch-server FAIL "$why"
    fi
}

matrix_payloads
for mode in "${modes[@]}"; do
    if [ -n "${ns_client[$mode]:-}" ]; then cell "$mode" latch-client n/s "${ns_client[$mode]}"; else nss_client_cell "$mode"; fi
    if [ -n "${ns_server[$mode]:-}" ]; then cell "$mode" latch-server n/s "${ns_server[$mode]}"; else nss_server_cell "$mode"; fi
done
# ---- the CBC suites (latch's old profile), both ways -------------------------------------------
declare -A nss_cbc=(
    [C009]="TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA p256" [C00A]="TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA p256"
    [C013]="TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA rsa2048" [C014]="TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA rsa2048"
    [C023]="TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 p256" [C024]="TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 p256"
    [C027]="TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 rsa2048" [C028]="TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 rsa2048"
    [002F]="TLS_RSA_WITH_AES_128_CBC_SHA rsa2048" [0035]="TLS_RSA_WITH_AES_256_CBC_SHA rsa2048"
    [003C]="TLS_RSA_WITH_AES_128_CBC_SHA256 rsa2048" [003D]="TLS_RSA_WITH_AES_256_CBC_SHA256 rsa2048")
for hex in "${!nss_cbc[@]}"; do
    read -r suite cert <<<"${nss_cbc[$hex]}"
    # latch client -> selfserv
    next_port
    peer timeout 30 selfserv -d "sql:$work/nss-$cert" -n "$cert" -p "$port" -v -V tls1.2:tls1.2 -c ":$hex"
    if selfserv_wait; then
        printf 'GET /cbc HTTP/1.0\r\n\r\n' | timeout 20 "$latch" client "127.0.0.1:$port" --servername localhost \
            --roots "$pki/ca.pem" --profile old --tls12 --suites "$suite" >"$work/out" 2>"$work/err"
        echo "exit $?" >>"$work/err"
        sleep 0.2
        stop_peers
        expect "latch client --profile old -> selfserv: $suite" "$work/err" "TLS 1.2, $suite" "exit 0"
        expect "selfserv echoed the request over $suite" "$work/out" "^GET /cbc HTTP/1.0"
    else
        stop_peers
        not_ok "selfserv -c :$hex did not start"
    fi
    # tstclnt -> latch server
    next_port
    peer timeout 30 "$latch" server --port "$port" --once --http --profile old --cert "$pki/$cert.pem" \
        --key "$pki/$cert-key.pem"
    if wait_port "$port"; then
        printf 'GET / HTTP/1.0\r\n\r\n' >"$work/request"
        tstclnt_run 20 -d "sql:$work/nss-p256" -V tls1.2:tls1.2 -c ":$hex" -v <"$work/request"
        sleep 0.2
        stop_peers
        expect "tstclnt -> latch server --profile old: $suite" "$work/out" "id=\"suite\">$suite<" \
            "id=\"version\">TLS 1.2<"
    else
        stop_peers
        not_ok "latch server --profile old did not start"
    fi
done
summary
