#!/usr/bin/env bash
# A real browser: headless Chromium (Debian's) loads https://localhost:PORT/ from latch server
# --http, trusting the certificate latch certs issued by its SPKI hash, and the rendered DOM must show the
# negotiated TLS 1.3 parameters (the post-quantum X25519MLKEM768 by default, x25519 with the
# hybrid turned off on the server); a screenshot is kept as build/browser-latch.png. The trace
# diagram (latch trace --html/--svg) is rendered and shot the same way.
# Usage: bash test_browser.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

# a development CA and a localhost certificate made by latch certs, as make demo does
"$latch" certs ca --dir "$work/ca" >/dev/null
"$latch" certs issue localhost 127.0.0.1 --dir "$work/ca" --out "$work/localhost" >/dev/null
demo_ca="$work/ca/ca.pem"

if ! command -v chromium >/dev/null; then
    echo "chromium is not installed (scripts/deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
spki=$(openssl x509 -in "$work/localhost.pem" -pubkey -noout | openssl pkey -pubin -outform der |
       openssl dgst -sha256 -binary | base64)
# the flags a sandboxed CI machine needs: no sandbox as root, no GPU, no background traffic
browse() { # USER-DATA-DIR ARGS...
    local dir=$1
    shift
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$dir" --ignore-certificate-errors-spki-list="$spki" "$@"
}
next_port
peer "$latch" server --port "$port" --http --cert "$work/localhost.pem" --key "$work/localhost-key.pem"
wait_port "$port"
browse "$work/profile1" --dump-dom "https://localhost:$port/" >"$work/out" 2>"$work/err"
expect "Chromium renders latch's page over TLS 1.3" "$work/out" "id=\"version\">TLS 1.3<" \
    "id=\"suite\">TLS_AES_(128|256)_GCM_SHA(256|384)<" "id=\"sni\">localhost<"
# Chromium offers the post-quantum hybrid by default, and latch's server prefers it
expect "Chromium and latch agree on the post-quantum hybrid X25519MLKEM768" "$work/out" \
    "id=\"group\">X25519MLKEM768<" "id=\"pq\">yes, the key exchange"
browse "$work/profile2" --window-size=900,700 --screenshot="$build_dir/browser-latch.png" \
    "https://localhost:$port/" >/dev/null 2>&1
if [ -s "$build_dir/browser-latch.png" ]; then
    ok "screenshot saved as build/browser-latch.png"
else
    not_ok "no screenshot"
fi
expect "latch served Chromium" "$work/peer.log" "TLS 1.3, TLS_AES_.*SNI localhost"
# the trace diagram opens in the browser too: rendered, with its arrows, and shot
timeout 10 "$latch" trace "localhost:$port" --roots "$demo_ca" --http --svg "$work/trace.svg" \
    --html "$work/trace.html" >/dev/null 2>&1
browse "$work/profile4" --dump-dom "file://$work/trace.html" >"$work/out" 2>"$work/err"
expect "Chromium renders the trace diagram (HTML with its SVG)" "$work/out" "<svg " "ClientHello" "Finished"
browse "$work/profile5" --window-size=1200,1400 --screenshot="$build_dir/trace-diagram.png" \
    "file://$work/trace.html" >/dev/null 2>&1
browse "$work/profile6" --window-size=1100,1300 --screenshot="$build_dir/trace-diagram-svg.png" \
    "file://$work/trace.svg" >/dev/null 2>&1
if [ -s "$build_dir/trace-diagram.png" ] && [ -s "$build_dir/trace-diagram-svg.png" ]; then
    ok "diagram screenshots saved as build/trace-diagram.png and build/trace-diagram-svg.png"
else
    not_ok "no diagram screenshots"
fi
stop_peers
# with the hybrid turned off on the server, the same browser negotiates x25519
next_port
peer "$latch" server --port "$port" --http --groups x25519,secp256r1,secp384r1 \
    --cert "$work/localhost.pem" --key "$work/localhost-key.pem"
wait_port "$port"
browse "$work/profile7" --dump-dom "https://localhost:$port/" >"$work/out" 2>"$work/err"
stop_peers
expect "without the hybrid on the server, Chromium negotiates x25519" "$work/out" \
    "id=\"group\">x25519<" "id=\"pq\">no"
# long texts wrap inside the diagram's boxes and between its lifelines, measured with the fonts
# Chromium really draws them in (diagram_fit.js): a TLS 1.2 RSA key exchange (the longest
# key-schedule boxes) and a server name of 200 characters without a space (a failure naming it)
next_port
peer "$latch" server --port "$port" --http --rsa-kex --cert "$pki/rsa2048.pem" --key "$pki/rsa2048-key.pem"
wait_port
long_name=$(printf 'a%.0s' $(seq 60)).$(printf 'b%.0s' $(seq 60)).$(printf 'c%.0s' $(seq 60)).example
timeout 10 "$latch" trace "localhost:$port" --roots "$pki/ca.pem" --tls12 --rsa-kex \
    --suites TLS_RSA_WITH_AES_128_GCM_SHA256 --http --svg "$work/rsa.svg" >/dev/null 2>&1
timeout 10 "$latch" trace "localhost:$port" --roots "$pki/ca.pem" --servername "$long_name" \
    --svg "$work/long.svg" >/dev/null 2>&1
stop_peers
for svg in rsa long; do
    { echo '<!DOCTYPE html><html><body>'; sed 1d "$work/$svg.svg"
      echo '<script>'; cat "$src_dir/tests/real/diagram_fit.js"; echo '</script></body></html>'; } >"$work/$svg-fit.html"
    browse "$work/profile-$svg" --dump-dom "file://$work/$svg-fit.html" >"$work/out" 2>"$work/err"
    if grep -q "…" "$work/$svg.svg"; then
        not_ok "diagram ($svg): no text is cut with an ellipsis"
    else
        expect "diagram ($svg): each text inside its box or between the lifelines, none overlapping (as Chromium draws it)" \
            "$work/out" "id=\"fit\">[0-9]{2,} texts, 0 misplaced<"
    fi
done
grep -Fq "${long_name:0:40}" "$work/long.svg" && ok "diagram (long): the long server name is in it, wrapped" ||
    not_ok "diagram (long): the long server name is in it, wrapped"
# without the trusted hash, Chromium refuses the test certificate: the page is its error page
next_port
peer "$latch" server --port "$port" --http --cert "$work/localhost.pem" --key "$work/localhost-key.pem"
wait_port "$port"
timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile3" --dump-dom "https://localhost:$port/" >"$work/out" 2>"$work/err"
stop_peers
if grep -q 'id="version"' "$work/out"; then
    not_ok "Chromium refuses the untrusted test certificate"
else
    ok "Chromium refuses the untrusted test certificate"
fi

summary
