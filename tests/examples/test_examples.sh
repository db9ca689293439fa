# The example programs (examples/): each under 150 lines, the README's copy of client.c the same
# as the file; the blocking client and server against each other and against openssl s_server
# -www and s_client (TLS 1.3 and 1.2, the exact reply checked, a verification failure and its
# alert); the epoll echo server with many clients at once (pump.py: random sizes, random chunks
# and pauses, both directions at once, a SHA-256 per direction and client), a client that reads
# only once its sending is stuck, a half-close, openssl s_client, and a client that does not speak
# TLS (its alert goes out before the close).
. "$2/tests/pump/lib.sh"
examples=$build_dir/examples

for example in client server epoll_server; do
    [ -x "$examples/$example" ] || { not_ok "build/examples/$example is built"; summary; exit; }
    lines=$(wc -l <"$src_dir/examples/$example.c")
    [ "$lines" -lt 150 ] && ok "examples/$example.c is under 150 lines ($lines)" ||
        not_ok "examples/$example.c is under 150 lines ($lines)"
done
# the README's first C block after its "## Examples" heading
awk '/^## Examples/ { section = 1 } section && /^```c$/ { block = 1; next }
     block && /^```$/ { exit } block { print }' "$src_dir/README.md" >"$work/readme_client.c"
if [ -s "$work/readme_client.c" ] && diff -u "$src_dir/examples/client.c" "$work/readme_client.c" >"$work/out"; then
    ok "the README's Examples section shows examples/client.c as it is"
else
    not_ok "the README's Examples section shows examples/client.c as it is (diff: examples/client.c, README)"
fi

# check DESCRIPTION WANT_STATUS STATUS FILE PATTERN...: the exit status, then expect's patterns
check() {
    if [ "$3" -ne "$2" ]; then
        not_ok "$1 (exit status $3, not $2)"
    else
        local description=$1 file=$4
        shift 4
        expect "$description" "$file" "$@"
    fi
}
s_client() {
    timeout 20 openssl s_client -connect "127.0.0.1:$1" -servername localhost -verify_hostname localhost \
        -verify_return_error -CAfile "$pki/ca.pem" -quiet "${@:2}"
}

# --- the blocking client and server ------------------------------------------------------------
serve server.log "$examples/server" 0 "$pki/p256.pem" "$pki/p256-key.pem" || not_ok "the example server starts"
body="Hello from latch over TLS 1.3 with TLS_AES_128_GCM_SHA256"
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\n' \
    $((${#body} + 1)) "$body" >"$work/want"
for host in localhost 127.0.0.1; do
    timeout 20 "$examples/client" "$host" "$served_port" "$pki/ca.pem" >"$work/out" 2>"$work/err"
    status=$?
    if [ "$status" -eq 0 ] && cmp -s "$work/want" "$work/out"; then
        expect "example client ($host) <-> example server: TLS 1.3, the server verified, the whole page" \
            "$work/err" "^client: TLS 1\.3, TLS_AES_128_GCM_SHA256, server 'localhost' verified by 'ca'$"
    else
        not_ok "example client ($host) <-> example server: TLS 1.3, the server verified, the whole page (exit $status)"
    fi
done
timeout 20 "$examples/client" localhost "$served_port" "$pki/other-ca.pem" >"$work/out" 2>"$work/err"
check "example client with other roots: no page, unknown-issuer, alert unknown_ca sent" 1 $? "$work/err" \
    "^client: the handshake failed: .*\[unknown-issuer\] \(sent alert unknown_ca\)$"
[ -s "$work/out" ] && not_ok "example client with other roots prints nothing on stdout" ||
    ok "example client with other roots prints nothing on stdout"
for version in 1.3 1.2; do
    [ "$version" = 1.3 ] && want="TLS 1\.3 with TLS_AES_128_GCM_SHA256" ||
        want="TLS 1\.2 with TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
    printf 'GET / HTTP/1.0\r\n\r\n' | s_client "$served_port" "-tls${version/./_}" >"$work/out" 2>"$work/err"
    check "openssl s_client -tls${version/./_} -> example server: the page, over TLS $version" 0 $? "$work/out" \
        "^HTTP/1\.0 200 OK" "^Hello from latch over $want$"
done
stop_peers
[ "$(grep -c "^server: answered a client over TLS 1\.[23], " "$work/server.log")" -eq 4 ] &&
    grep -q "^server: the handshake failed: the peer sent alert unknown_ca" "$work/server.log" &&
    [ "$(wc -l <"$work/server.log")" -eq 6 ] &&
    ok "the example server logged 4 clients answered and the one that refused its certificate" ||
    { cp "$work/server.log" "$work/out"; not_ok "the example server logged 4 clients answered and the one that refused its certificate"; }

# a reply cut short (the end of TCP without close_notify) is a failure, not the end of the reply
for close in "" --close-notify; do
    serve close.log "${pump_cmd[@]}" $close close-server || not_ok "pump.py close-server starts"
    timeout 20 "$examples/client" localhost "$served_port" "$pki/ca.pem" >"$work/out" 2>"$work/err"
    status=$?
    if [ -z "$close" ]; then
        check "example client <- a server that closes without close_notify: what came, then a failure" 1 $status \
            "$work/err" "^client: reading failed: the peer closed the connection without close_notify$"
    else
        check "example client <- a server that closes with close_notify: what came, and success" 0 $status \
            "$work/err" "^client: TLS 1\.3, TLS_[A-Z0-9_]+, server 'localhost' verified by 'ca'$"
    fi
    [ "$(cat "$work/out")" = "hello from the server" ] && ok "... and it printed the server's line${close:+ ($close)}" ||
        not_ok "... and it printed the server's line${close:+ ($close)}"
    stop_peers
done

for version in 1.3 1.2; do
    next_port
    [ "$version" = 1.3 ] && suite=TLS_AES_128_GCM_SHA256 ossl_suite=TLS_AES_128_GCM_SHA256 ||
        suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ossl_suite=ECDHE-ECDSA-AES128-GCM-SHA256
    peer openssl s_server -accept "$port" -cert "$pki/p256.pem" -key "$pki/p256-key.pem" -www "-tls${version/./_}"
    wait_port || not_ok "openssl s_server starts"
    timeout 20 "$examples/client" localhost "$port" "$pki/ca.pem" >"$work/out" 2>"$work/err"
    check "example client -> openssl s_server -www (TLS $version): the whole page, verified" 0 $? "$work/out" \
        "^HTTP/1\.0 200 ok" "^New, TLSv$version, Cipher is $ossl_suite" "</BODY></HTML>"
    expect "example client -> openssl s_server -www (TLS $version): its summary line" "$work/err" \
        "^client: TLS ${version/./\\.}, $suite, server 'localhost' verified by 'ca'$"
    stop_peers
done

# --- the epoll echo server -----------------------------------------------------------------------
serve epoll.log "$examples/epoll_server" 0 "$pki/p256.pem" "$pki/p256-key.pem" ||
    not_ok "the epoll server starts"
pump --port "$served_port" --bytes $((1 << 20)) --parallel 50 echo-client >"$work/out" 2>&1
passes "50 clients at once <-> epoll server (TLS 1.3): up to 1 MiB each way each, every byte back"
pump --port "$served_port" --tls12 --bytes $((256 << 10)) --parallel 20 echo-client >"$work/out" 2>&1
passes "20 clients at once <-> epoll server (TLS 1.2): up to 256 KiB each way each, every byte back"
# (16 MiB: more than the loopback's socket buffers take, so the server stops reading for a while)
pump --port "$served_port" --bytes $((16 << 20)) --read-after -1 echo-client >"$work/out" 2>&1
passes "a client that sends (16 MiB) until its sending is stuck, then reads, gets it all back"
pump --port "$served_port" --bytes $((256 << 10)) echo-half-close >"$work/out" 2>&1
passes "a client that sends 256 KiB, close_notify and its end of TCP, then reads, gets it all back"

# openssl s_client: its input ends (and it sends close_notify) only once the whole echo is back;
# -nocommands, or a line of the random data starting with R renegotiates. s_client reads nothing
# while a write blocks, and the server rightly stops reading while its echo waits, so the data must
# fit in what both sides buffer without reading: socket buffers at their initial sizes (tcp_rmem
# 128 KiB, half of it window; tcp_wmem 16 KiB) and the server's own, about 200 KiB in all.
size=100000
head -c $size /dev/urandom >"$work/data"
: >"$work/echo"
wait_size() { for _ in $(seq 100); do [ "$(stat -c %s "$1")" -ge "$2" ] && return; sleep 0.1; done; }
{ cat "$work/data"; wait_size "$work/echo" $size; } |
    s_client "$served_port" -no_ign_eof -nocommands >"$work/echo" 2>"$work/err"
status=$?
cmp -s "$work/data" "$work/echo" && [ "$status" -eq 0 ] &&
    ok "openssl s_client <-> epoll server: $size random bytes back, the same" ||
    not_ok "openssl s_client <-> epoll server: $size random bytes back, the same (exit $status, $(stat -c %s "$work/echo") bytes)"

# a client that does not speak TLS: the alert that says why goes out before the server closes
python3 - "$served_port" >"$work/out" 2>&1 <<'EOF'
import socket, sys
sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
answer = b""
while data := sock.recv(4096):
    answer += data
print("answer " + answer.hex())
EOF
expect "an HTTP client gets a TLS alert record (fatal), then the end of TCP" "$work/out" "^answer 15030[1-4]000202[0-9a-f]{2}$"
kill -0 "$served_pid" 2>/dev/null && ok "the epoll server still runs" || not_ok "the epoll server still runs"
peak_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$served_pid/status")
echo "# epoll server peak RSS (VmHWM) ${peak_kb:-?} kB"
[ -n "$peak_kb" ] && [ "$peak_kb" -lt $((32 << 10)) ] &&
    ok "the epoll server's peak RSS stays under 32 MB (it reads no more from a client its echo waits for)" ||
    not_ok "the epoll server's peak RSS stays under 32 MB (it reads no more from a client its echo waits for)"
stop_peers
cp "$work/epoll.log" "$work/out"
[ "$(grep -vc "^listening on" "$work/epoll.log")" -eq 1 ] &&
    expect "the epoll server logged one failure, the HTTP client's, with the alert it sent" "$work/out" \
        "^epoll_server: a client failed: .*sent alert [a-z_]+" ||
    not_ok "the epoll server logged one failure, the HTTP client's, with the alert it sent"

summary
