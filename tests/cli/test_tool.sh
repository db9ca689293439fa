#!/usr/bin/env bash
# The tool behaves like the ones people know: `latch help CMD`, `latch -V`, HOST without a port
# means 443, a port that is not one is a usage error (2), and --tls12 --tls13 together mean both;
# the post-quantum hybrid groups from the command line.
# Usage: bash test_tool.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

# status_and DESCRIPTION STATUS PATTERN -- ARGS...: latch ARGS exits STATUS and prints PATTERN
status_and() {
    local description=$1 want=$2 pattern=$3
    shift 4
    timeout 10 "$latch" "$@" >"$work/out" 2>&1 </dev/null
    local got=$?
    if [ "$got" -eq "$want" ] && grep -qF -- "$pattern" "$work/out"; then
        ok "$description"
    else
        echo "#   exit $got (wanted $want):"
        sed 's/^/#     /' "$work/out" | head -5
        not_ok "$description"
    fi
}

status_and "latch help client prints the client's usage" 0 "usage: latch client HOST[:PORT]" -- help client
status_and "latch help certs prints the certs usage" 0 "usage: latch certs" -- help certs
status_and "latch help on an unknown command is a usage error" 2 "unknown command 'nope'" -- help nope
status_and "latch -V prints the version" 0 "latch 0." -- -V
status_and "client: a port that is not a number is a usage error" 2 "'abc' is not a port" -- \
    client 127.0.0.1:abc
status_and "client: port 65536 is a usage error" 2 "'65536' is not a port" -- client 127.0.0.1:65536
status_and "server: --port abc is a usage error" 2 "'abc' is not a port" -- \
    server --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --port abc
# nothing listens on 443 here (the test does not run as a web server): the attempt says the port
status_and "client: HOST without a port connects to 443" 1 "port 443" -- \
    client 127.0.0.1 --roots "$pki/ca.pem"
status_and "client: [v6] without a port connects to 443" 1 "port 443" -- client '[::1]' --roots "$pki/ca.pem"
status_and "client --help names SSLKEYLOGFILE and directories of roots" 0 "SSLKEYLOGFILE" -- client --help
grep -qF "FILE|DIR|system" "$work/out" && ok "client --help: --roots takes a directory" ||
    not_ok "client --help: --roots takes a directory"

# --tls12 --tls13 on the server: both versions; one alone: that one only
next_port
peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo --tls12 --tls13
if wait_port; then
    for v in 12 13; do
        out=$(echo ping | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
            --roots "$pki/ca.pem" --tls$v 2>&1)
        if grep -q "TLS 1.${v#1}" <<<"$out" && grep -q "^ping" <<<"$out"; then
            ok "server --tls12 --tls13 speaks TLS 1.${v#1}"
        else
            echo "$out" | sed 's/^/#   /' | head -5
            not_ok "server --tls12 --tls13 speaks TLS 1.${v#1}"
        fi
    done
else
    not_ok "server --tls12 --tls13 starts"
fi
stop_peers
next_port
peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo --tls12
if wait_port; then
    out=$(echo ping | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" --tls13 2>&1)
    grep -q "protocol_version (70): it does not speak TLS 1.3, the one version we allow" <<<"$out" &&
        ok "server --tls12 alone refuses a TLS 1.3-only client, which says why" ||
        not_ok "server --tls12 alone refuses a TLS 1.3-only client, which says why"
else
    not_ok "server --tls12 starts"
fi
stop_peers
# a server that requires a client certificate, and a client without one: the client says so
next_port
peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo \
    --require-client-cert --client-roots "$pki/ca.pem"
if wait_port; then
    out=$(echo ping | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" 2>&1)
    grep -q "the server requires a client certificate, and we sent none (give one with --cert FILE --key FILE)$" <<<"$out" &&
        ok "a client without a certificate is told the server requires one, and how to give one" ||
        { echo "$out" | sed 's/^/#   /' | head -5; not_ok "a client without a certificate is told the server requires one, and how to give one"; }
else
    not_ok "server --require-client-cert starts"
fi
stop_peers

# --show-chain: the server's certificates described (the fingerprint is OpenSSL's), or as PEM
next_port
peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo
if wait_port; then
    want=$(openssl x509 -in "$pki/p256.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
    echo hi | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" \
        --show-chain >/dev/null 2>"$work/chain.txt"
    expect "client --show-chain describes the server's certificate" "$work/chain.txt" \
        '^certificate 1: O=latch tests, CN=localhost$' '^  issuer: +O=latch tests, CN=ca$' \
        '^  names: +DNS:localhost, DNS:test.latch, IP:127.0.0.1$' "^  sha256: +$want\$"
    echo hi | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" \
        --show-chain=pem >/dev/null 2>"$work/chain.pem"
    got=$(openssl x509 -in "$work/chain.pem" -noout -fingerprint -sha256 2>/dev/null | sed 's/.*=//')
    [ -n "$got" ] && [ "$got" = "$want" ] && ok "client --show-chain=pem gives the certificate OpenSSL reads" ||
        not_ok "client --show-chain=pem gives the certificate OpenSSL reads ('$got' vs '$want')"
else
    not_ok "server for --show-chain starts"
fi
stop_peers

# the log names the client by the address accept() gave, IPv6 in brackets
next_port
peer "$latch" server --bind ::1 --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo
if wait_port; then
    echo hi | timeout 10 "$latch" client "[::1]:$port" --servername localhost --roots "$pki/ca.pem" --quiet \
        >/dev/null 2>&1
    sleep 0.3
    expect "server over IPv6 logs the client as [::1]:port" "$work/peer.log" '^\[::1\]:[0-9]+: TLS 1\.3'
else
    not_ok "server --bind ::1 starts"
fi
stop_peers

# what a connection costs the server in system calls besides its I/O: the client's address comes
# with accept4 (no getpeername), the close takes the socket out of the epoll set (no
# EPOLL_CTL_DEL), and the client's close_notify ends the connection (no wait for its end of TCP,
# an epoll_wait and a read that returns 0): four calls of about 19 per short connection,
# counted under strace
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    next_port
    peer strace -f -qq -e trace=getpeername,epoll_ctl,read -o "$work/conn.strace" "$latch" server --port "$port" \
        --workers 1 --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo
    tracer=${pids[-1]}
    if wait_port; then
        eof_before=$(grep -c '^[0-9]* *read(.*= 0$' "$work/conn.strace")
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            echo hi | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" \
                --quiet >/dev/null 2>&1
        done
        sleep 0.3
        kill -TERM $(pgrep -P "$tracer") 2>/dev/null
        for _ in $(seq 50); do kill -0 "$tracer" 2>/dev/null || break; sleep 0.1; done
        adds=$(grep -c 'EPOLL_CTL_ADD' "$work/conn.strace")
        dels=$(grep -c 'EPOLL_CTL_DEL' "$work/conn.strace")
        peers=$(grep -c 'getpeername(' "$work/conn.strace")
        eofs=$(( $(grep -c '^[0-9]* *read(.*= 0$' "$work/conn.strace") - eof_before ))
        # (the one EPOLL_CTL_DEL is the listener's, at the stop)
        [ "$adds" -ge 10 ] && [ "$dels" -le 1 ] && [ "$peers" -eq 0 ] && [ "$eofs" -eq 0 ] &&
            ok "10 connections: no getpeername, no EPOLL_CTL_DEL, no read of the end after close_notify" ||
            not_ok "10 connections: $peers getpeername, $dels EPOLL_CTL_DEL ($adds EPOLL_CTL_ADD), $eofs reads of the end"
    else
        not_ok "server under strace starts"
    fi
    stop_peers
else
    echo "# strace cannot run here: system calls per connection not counted"
fi

# --www and --http log one line per request: client, method and path, status, bytes, duration
mkdir -p "$work/site"
echo hello >"$work/site/index.html"
for mode in www http; do
    next_port
    if [ "$mode" = www ]; then
        peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --www "$work/site"
    else
        peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --http
    fi
    if wait_port; then
        for target in / /nope; do
            printf 'GET %s HTTP/1.0\r\n\r\n' "$target" | timeout 10 "$latch" client "127.0.0.1:$port" \
                --servername localhost --roots "$pki/ca.pem" --quiet >/dev/null 2>&1
        done
        sleep 0.3
        if [ "$mode" = www ]; then
            expect "server --www logs each request" "$work/peer.log" \
                '^127\.0\.0\.1:[0-9]+: "GET /" 200 [0-9]+ bytes [0-9]+ ms$' \
                '^127\.0\.0\.1:[0-9]+: "GET /nope" 404 [0-9]+ bytes [0-9]+ ms$'
        else
            expect "server --http logs each request" "$work/peer.log" \
                '"GET /" 200 [0-9]+ bytes' '"GET /nope" 200 [0-9]+ bytes'
        fi
    else
        not_ok "server --$mode starts"
    fi
    stop_peers
done

# --www and --http keep HTTP/1.1 connections open (RFC 9112 §9.3): requests one after another
# and pipelined on one connection, each answered and logged; "Connection: close", HTTP/1.0 and a
# request with a body end it after the reply (with our close_notify); a client that drops its TCP
# connection between requests is no failure. (The server answered one request per connection.)
for mode in www http; do
    next_port
    if [ "$mode" = www ]; then
        peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --www "$work/site"
    else
        peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --http
    fi
    if wait_port; then
        timeout 20 python3 - "$port" "$pki/ca.pem" >"$work/out" 2>&1 <<'PY'
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
def connect():
    return ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
def reply(s, pending):
    """one reply (status line, whether it says Connection: close) from pending + what s sends"""
    while b"\r\n\r\n" not in pending:
        pending += s.recv(65536)
    head, rest = pending.split(b"\r\n\r\n", 1)
    fields = head.split(b"\r\n")
    length = int(next(f for f in fields if f.lower().startswith(b"content-length:")).split(b":")[1])
    while len(rest) < length:
        rest += s.recv(65536)
    return fields[0].decode(), b"connection: close" in head.lower(), rest[length:]
def ends_with_close_notify(s):
    try:
        return s.recv(1) == b""
    except ssl.SSLError as e:
        return "no close_notify: %s" % e
s = connect()
for i in range(3):
    s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    status, close, left = reply(s, b"")
    print("sequential", i, status, "close" if close else "open", len(left))
s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
status, close, left = reply(s, b"")
print("pipelined 1", status, "close" if close else "open")
status, close, left = reply(s, left)
print("pipelined 2", status, "close" if close else "open")
print("then", ends_with_close_notify(s))
for name, request in (("http10", b"GET / HTTP/1.0\r\n\r\n"),
                      ("body", b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nhi")):
    s = connect()
    s.sendall(request)
    status, close, left = reply(s, b"")
    print(name, status, "close" if close else "open", "then", ends_with_close_notify(s))
s = connect()
s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
reply(s, b"")
s.close()  # TCP's end without close_notify, between requests
print("dropped")
PY
        sleep 0.3
        expect "server --$mode: HTTP/1.1 requests one after another on one connection, the connection kept" "$work/out" \
            '^sequential 0 HTTP/1.1 200 OK open 0$' '^sequential 1 HTTP/1.1 200 OK open 0$' '^sequential 2 HTTP/1.1 200 OK open 0$'
        expect "server --$mode: pipelined requests answered in order, Connection: close honoured with close_notify" "$work/out" \
            '^pipelined 1 HTTP/1.1 200 OK open$' '^pipelined 2 HTTP/1.1 200 OK close$' '^then True$'
        expect "server --$mode: HTTP/1.0 and a request with a body end the connection after the reply" "$work/out" \
            '^http10 HTTP/1.1 200 OK close then True$' '^body HTTP/1.1 200 OK close then True$' '^dropped$'
        [ "$(grep -Ec '"(GET|POST) /" 200 [0-9]+ bytes' "$work/peer.log")" = 8 ] &&
            ok "server --$mode: one log line per request (8)" ||
            not_ok "server --$mode: one log line per request ($(grep -Ec '" 200 ' "$work/peer.log") of 8)"
        grep -q "connection lost" "$work/peer.log" &&
            not_ok "server --$mode: a client gone between requests is no failure" ||
            ok "server --$mode: a client gone between requests is no failure"
    else
        not_ok "server --$mode starts"
    fi
    stop_peers
done

# --profile (docs/profiles.md): modern is TLS 1.3 alone, old adds the RSA key exchange
status_and "--profile bogus is a usage error" 2 "--profile takes modern, intermediate or old (not 'bogus')" -- \
    client 127.0.0.1:9 --profile bogus
status_and "--profile without a name is a usage error" 2 "--profile takes modern, intermediate or old" -- \
    trace 127.0.0.1:9 --profile
next_port
peer "$latch" server --port "$port" --cert "$pki/rsa2048.pem" --key "$pki/rsa2048-key.pem" --echo --profile modern
if wait_port; then
    out=$(echo ping | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" 2>&1)
    grep -q "TLS 1.3" <<<"$out" && grep -q "^ping" <<<"$out" && ok "server --profile modern speaks TLS 1.3" ||
        not_ok "server --profile modern speaks TLS 1.3"
    status_and "server --profile modern refuses a TLS 1.2 client" 1 "protocol_version" -- \
        client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" --tls12
else
    not_ok "server --profile modern starts"
fi
stop_peers
next_port
peer "$latch" server --port "$port" --cert "$pki/rsa2048.pem" --key "$pki/rsa2048-key.pem" --echo --profile old
if wait_port; then
    out=$(echo ping | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" \
        --profile old --tls12 --suites TLS_RSA_WITH_AES_128_GCM_SHA256 2>&1)
    grep -q "TLS_RSA_WITH_AES_128_GCM_SHA256" <<<"$out" && grep -q "^ping" <<<"$out" &&
        ok "--profile old on both sides: the RSA key exchange without --rsa-kex" ||
        { echo "$out" | sed 's/^/#   /' | head -5; not_ok "--profile old on both sides: the RSA key exchange without --rsa-kex"; }
    status_and "--profile intermediate has no RSA key exchange" 1 "needs the RSA key exchange switched on" -- \
        client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" --profile intermediate \
        --suites TLS_RSA_WITH_AES_128_GCM_SHA256
    out=$(echo ping | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost --roots "$pki/ca.pem" \
        --profile modern 2>&1)
    grep -q "TLS 1.3" <<<"$out" && grep -q "^ping" <<<"$out" && ok "client --profile modern meets server --profile old in TLS 1.3" ||
        not_ok "client --profile modern meets server --profile old in TLS 1.3"
else
    not_ok "server --profile old starts"
fi
stop_peers

# --timeout: a server that accepts and never answers
status_and "--timeout 0 is a usage error" 2 "--timeout takes seconds, 1 to 3600, not '0'" -- \
    client 127.0.0.1:9 --timeout 0
status_and "--timeout abc is a usage error" 2 "not 'abc'" -- trace 127.0.0.1:9 --timeout abc
next_port
peer python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); print("listening", flush=True)
held = []
while True:
    held.append(s.accept()[0])' "$port"
if wait_port; then
    # (status_and's own 10 s limit ends a tool that would wait forever: exit 124, not 1)
    status_and "client: a server that never answers times out (--timeout 2), saying so" 1 \
        "timed out after 2 s waiting for the server's handshake" -- \
        client "127.0.0.1:$port" --roots "$pki/ca.pem" --timeout 2
    status_and "trace: a server that never answers times out (--timeout 2), saying so" 1 \
        "timed out after 2 s waiting for the server's handshake" -- \
        trace "127.0.0.1:$port" --roots "$pki/ca.pem" --timeout 2
else
    not_ok "the silent server starts"
fi
stop_peers

# the post-quantum hybrid from the command line: the default on both sides, in every suite, named
# in the client's summary and the server's log line; --groups for a retry to it and from it
hybrid_case() { # DESCRIPTION "server options" "client options" PATTERN
    local description=$1 server_opts=$2 client_opts=$3 pattern=$4
    next_port
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --cert "$pki/p256.pem" --key "$pki/p256-key.pem" --echo $server_opts
    if ! wait_port; then
        not_ok "$description (the server did not start)"
        stop_peers
        return
    fi
    # shellcheck disable=SC2086
    out=$(echo ping | timeout 10 "$latch" client "127.0.0.1:$port" --servername localhost \
        --roots "$pki/ca.pem" $client_opts 2>&1)
    sleep 0.2
    stop_peers
    if grep -qE "$pattern" <<<"$out" && grep -q "^ping" <<<"$out" && grep -qE "$pattern" "$work/peer.log"; then
        ok "$description"
    else
        echo "$out" | sed 's/^/#   /' | head -5
        sed 's/^/#   server: /' "$work/peer.log" | head -5
        not_ok "$description"
    fi
}
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    hybrid_case "client and server agree on X25519MLKEM768 by default ($suite)" "" "--suites $suite" \
        "TLS 1.3, $suite, X25519MLKEM768, "
done
hybrid_case "--groups x25519,X25519MLKEM768: a retry to the hybrid" "" "--groups x25519,X25519MLKEM768" \
    "X25519MLKEM768 \(after HelloRetryRequest\)"
hybrid_case "a server with --groups secp256r1: a retry from the hybrid" "--groups secp256r1" \
    "--groups X25519MLKEM768,x25519,secp256r1" "secp256r1 \(after HelloRetryRequest\)"
hybrid_case "a server without the hybrid takes the client's x25519 share" "--groups x25519,secp256r1" "" \
    "TLS 1.3, TLS_AES_128_GCM_SHA256, x25519, "
hybrid_case "SecP256r1MLKEM768 when both name it" "--groups SecP256r1MLKEM768" "--groups SecP256r1MLKEM768" \
    ", SecP256r1MLKEM768, "
status_and "client: an unknown group is refused, naming the ones latch has" 2 "X25519MLKEM768" -- \
    client 127.0.0.1:1 --groups X25519Kyber768
summary
