#!/usr/bin/env bash
# Resumption interop over loopback, TLS 1.3 and 1.2, both directions: openssl s_client
# -sess_out/-sess_in (and -reconnect for TLS 1.2 session IDs) and gnutls-cli --resume against
# latch server; latch client --sess-out/--sess-in against openssl s_server and gnutls-serv. The
# peer must report the session reused.
# Usage: bash test_resume.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

request=$'GET / HTTP/1.0\r\n\r\n'
lcert="--cert $pki/p256.pem --key $pki/p256-key.pem"
for v in 2 3; do
    # openssl s_client, a saved session, against latch server
    next_port
    peer "$latch" server --port "$port" $lcert --http
    wait_port "$port"
    ( printf '%s' "$request"; sleep 0.3 ) | timeout 10 openssl s_client -connect "127.0.0.1:$port" "-tls1_$v" \
        -CAfile "$pki/ca.pem" -sess_out "$work/ossl.sess" -ign_eof >/dev/null 2>&1
    ( printf '%s' "$request"; sleep 0.3 ) | timeout 10 openssl s_client -connect "127.0.0.1:$port" "-tls1_$v" \
        -CAfile "$pki/ca.pem" -sess_in "$work/ossl.sess" -ign_eof >"$work/out" 2>&1
    expect "TLS 1.$v: s_client -sess_in -> latch server: reused" "$work/out" "^Reused, TLSv1.$v" \
        "id=\"resumed\">resumed<"
    if [ "$v" = 2 ]; then
        echo | timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_2 -CAfile "$pki/ca.pem" \
            -no_ticket -reconnect >"$work/out" 2>&1
        expect "TLS 1.2: s_client -reconnect (session IDs) -> latch server: reused" "$work/out" \
            "^Reused, TLSv1.2"
    fi
    # gnutls-cli --resume
    ( printf '%s' "$request"; sleep 1 ) | timeout 10 gnutls-cli -p "$port" localhost --x509cafile "$pki/ca.pem" \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.$v" --resume >"$work/out" 2>&1
    expect "TLS 1.$v: gnutls-cli --resume -> latch server: resumed" "$work/out" "This is a resumed session"
    stop_peers

    # latch client, a saved session, against openssl s_server and gnutls-serv
    next_port
    peer openssl s_server -accept "$port" "-tls1_$v" -www -cert "$pki/p256.pem" -key "$pki/p256-key.pem"
    wait_port "$port"
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" --sess-out "$work/latch.sess" >/dev/null 2>&1
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" --sess-in "$work/latch.sess" >"$work/out" 2>"$work/err"
    stop_peers
    expect "TLS 1.$v: latch client --sess-in -> s_server: resumed" "$work/err" "TLS 1.$v, .*, resumed"
    expect "TLS 1.$v: s_server reports the session reused" "$work/out" "Reused, TLSv1.$v"
    next_port
    peer gnutls-serv --http -p "$port" --priority "NORMAL:-VERS-ALL:+VERS-TLS1.$v" \
        --x509certfile "$pki/p256.pem" --x509keyfile "$pki/p256-key.pem"
    wait_port "$port"
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" --sess-out "$work/latch.sess" >/dev/null 2>&1
    printf '%s' "$request" | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" --sess-in "$work/latch.sess" >"$work/out" 2>"$work/err"
    stop_peers
    expect "TLS 1.$v: latch client --sess-in -> gnutls-serv: resumed" "$work/err" "TLS 1.$v, .*, resumed"
done

summary
