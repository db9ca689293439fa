#!/usr/bin/env bash
# latch trace against latch server on loopback: the narration of a TLS 1.3 handshake (with the
# post-quantum hybrid by default, x25519 alone, and a HelloRetryRequest to the hybrid), a TLS 1.2
# ECDHE one and a TLS 1.2 RSA key exchange, a failed verification narrated as such, the JSON
# lines, and the diagrams (well-formed SVG, one self-contained HTML file); latch server --trace.
# Usage: bash test_trace.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

trace_case() { # DESCRIPTION "server options" "trace options" PATTERN...
    local description=$1 server_opts=$2 trace_opts=$3
    shift 3
    next_port
    # shellcheck disable=SC2086
    peer "$latch" server --port "$port" --once --http --trace $server_opts
    wait_port "$port" || { not_ok "$description (latch server did not start)"; stop_peers; return; }
    # shellcheck disable=SC2086
    timeout 10 "$latch" trace "localhost:$port" --roots "$pki/ca.pem" $trace_opts >"$work/out" 2>"$work/err"
    echo "exit $?" >>"$work/out"
    sleep 0.2
    stop_peers
    expect "$description" "$work/out" "$@"
}

rsa="--cert $pki/rsa2048.pem --key $pki/rsa2048-key.pem"
p256="--cert $pki/p256.pem --key $pki/p256-key.pem"
trace_case "TLS 1.3 narrated" "$p256" "--http --svg $work/h13.svg --html $work/h13.html" \
    "^1\\. ClientHello → offered TLS 1.3, TLS 1.2, .* key share X25519MLKEM768 \\(1216 bytes: ML-KEM-768 encapsulation key \\+ x25519\\), x25519 \\(32 bytes\\), server name 'localhost'" \
    "^2\\. ServerHello ← chose TLS 1.3, TLS_AES_128_GCM_SHA256, key share X25519MLKEM768 \\(1120 bytes: ML-KEM-768 ciphertext \\+ x25519\\)" \
    "Keys: handshake traffic secrets: post-quantum hybrid X25519MLKEM768 shared secret \\(64 bytes\\) → handshake secret" \
    "EncryptedExtensions ← .*\\[encrypted: handshake keys\\]" \
    "Certificate ← 1 certificate: 'localhost' issued by 'ca'" \
    "Verified certificate chain: signature chain of 2 to trusted root 'ca'; valid 2020-01-01 to 2120-01-01; 'localhost' matches subjectAltName DNS:localhost" \
    "CertificateVerify ← signed the transcript hash with ecdsa_secp256r1_sha256" \
    "Verified Finished: the server's Finished matches: the server proved it holds the same keys" \
    "Finished → verify_data" "Done in .* ms: TLS 1.3 with TLS_AES_128_GCM_SHA256" \
    "Application data ← [0-9]+ bytes" "exit 0"
expect "the server's ticket is sent under the application keys, once the handshake is done" "$work/peer.log" \
    "Done in .* TLS 1.3" "NewSessionTicket → a session ticket valid for 7200 s, to resume later  \\[encrypted: application keys\\]"
expect "the server narrated its side" "$work/peer.log" "\\] 1\\. ClientHello ← offered" \
    "\\] 2\\. ServerHello → chose TLS 1.3" "Verified Finished: the client's Finished matches"
trace_case "TLS 1.3 with x25519 alone narrated" "$p256" "--groups x25519" \
    "^1\\. ClientHello → offered TLS 1.3, TLS 1.2, .* key share x25519 \\(32 bytes\\), server name 'localhost'" \
    "^2\\. ServerHello ← chose TLS 1.3, TLS_AES_128_GCM_SHA256, key share x25519 \\(32 bytes\\)" \
    "Keys: handshake traffic secrets: ECDHE x25519 shared secret \\(32 bytes\\) → handshake secret" "exit 0"
trace_case "a HelloRetryRequest to the hybrid narrated" "$p256" "--groups x25519,X25519MLKEM768" \
    "HelloRetryRequest ← asks the client to retry with a X25519MLKEM768 key share" \
    "ClientHello → .*key share X25519MLKEM768 \\(1216 bytes: ML-KEM-768 encapsulation key \\+ x25519\\)" \
    "Done in .* TLS 1.3" "exit 0"
trace_case "TLS 1.2 ECDHE narrated" "$p256" "--tls12" \
    "ServerKeyExchange ← ECDHE x25519 public key \\(32 bytes\\), signed with ecdsa_secp256r1_sha256" \
    "Verified ServerKeyExchange signature" "ClientKeyExchange → ECDHE public key \\(32 bytes\\)" \
    "Keys: master secret: pre-master secret \\(32 bytes, the ECDHE shared secret\\) → master secret \\(48 bytes\\)" \
    "ChangeCipherSpec → switch to the new keys" "Finished → .*\\[encrypted: TLS 1.2 session keys\\]" \
    "Done in .* TLS 1.2 with TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" "exit 0"
trace_case "TLS 1.2 RSA key exchange narrated" "$rsa --rsa-kex" \
    "--tls12 --rsa-kex --suites TLS_RSA_WITH_AES_128_GCM_SHA256" \
    "ClientKeyExchange → pre-master secret \\(48 bytes\\) encrypted with the server's RSA-2048 public key" \
    "Keys: master secret: pre-master secret \\(48 bytes, sent encrypted with RSA\\)" \
    "Done in .* TLS 1.2 with TLS_RSA_WITH_AES_128_GCM_SHA256" "exit 0"
trace_case "a failed verification is narrated" "$p256" "--servername other.example" \
    "FAILED certificate chain: certificate 'localhost' is not valid for host 'other.example'" \
    "Alert → fatal alert bad_certificate" "exit 1"
trace_case "JSON lines" "$p256" "--json" '^\{"type":"message","role":"client","us":[0-9]+,"name":"ClientHello"' \
    '"type":"verify".*"ok":true' '"type":"done"' "exit 0"
# events in wire order: the server's answer comes before its close_notify, in both versions, in the
# narration and in the diagram's event table
for v in 13 12; do
    trace_case "TLS 1.${v#1}: application data before the close_notify that follows it" "$p256" \
        "--http --tls$v --html $work/order$v.html" "Application data ← [0-9]+ bytes" "Alert ← warning alert close_notify"
    data_line=$(grep -n "Application data ←" "$work/out" | head -1 | cut -d: -f1)
    alert_line=$(grep -n "Alert ← warning alert close_notify" "$work/out" | head -1 | cut -d: -f1)
    if [ -n "$data_line" ] && [ -n "$alert_line" ] && [ "$data_line" -lt "$alert_line" ]; then
        ok "TLS 1.${v#1}: the narration has the answer first, then the close_notify"
    else
        not_ok "TLS 1.${v#1}: the narration has the answer first, then the close_notify ($data_line, $alert_line)"
    fi
    if python3 -c '
import re, sys
page = open(sys.argv[1]).read()
table = page[page.index("id=\"events\""):]
rows = re.findall(r"<tr[^>]*><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)", table)
data = [i for i, r in enumerate(rows) if r[0].startswith("server") and r[1].startswith("Application data")]
alert = [i for i, r in enumerate(rows) if r[0].startswith("server") and r[1].startswith("close_notify")]
sys.exit(0 if data and alert and data[-1] < alert[0] else 1)' "$work/order$v.html"; then
        ok "TLS 1.${v#1}: the event table has the answer first, then the close_notify"
    else
        not_ok "TLS 1.${v#1}: the event table has the answer first, then the close_notify"
    fi
done
# the README's sample narration has the shape of a real run: the same steps, in the same order
trace_case "a TLS 1.3 run for the README's sample" "$p256" "--http" "exit 0"
steps() { grep -Eo '^( *[0-9]+\. [A-Za-z ]+ [→←]| +(Verified|Keys|Done|Alert [→←])[^:]*)' | sed -E 's/ in [0-9.]+ ms//; s/ *$//'; }
sed -n '/^\$ latch trace localhost/,/^```/p' "$src_dir/README.md" | steps >"$work/readme.steps"
steps <"$work/out" >"$work/run.steps"
if [ -s "$work/readme.steps" ] && diff "$work/readme.steps" "$work/run.steps" >"$work/steps.diff"; then
    ok "the README's sample narration has the steps of a real run"
else
    sed 's/^/#   /' "$work/steps.diff" | head -10
    not_ok "the README's sample narration has the steps of a real run"
fi
trace_case "JSON lines have the data records" "$p256" "--json --http" '"type":"data"' "exit 0"

if python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]' "$work/out"; then
    ok "every JSON line parses"
else
    not_ok "every JSON line parses"
fi
if python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert d.documentElement.tagName == "svg"; assert len(d.getElementsByTagName("line")) > 10' "$work/h13.svg"; then
    ok "the SVG diagram is well-formed, with the arrows"
else
    not_ok "the SVG diagram is well-formed, with the arrows"
fi
expect "the HTML page is self-contained and shows the handshake" "$work/h13.html" "<svg " "ClientHello" \
    "Certificate" "encrypted: handshake keys" "id=\"events\""
if grep -Eq '<(script|link|img)[^>]+(src|href)=' "$work/h13.html"; then
    not_ok "the HTML page loads nothing from outside"
else
    ok "the HTML page loads nothing from outside"
fi

summary
