# latch client's pump: stdin to the server and the server's data to stdout at once, against an
# independent echo server (Python's ssl), 10 MB each way with random write sizes and pauses on
# the feeding sides and random read sizes on the consuming sides; a SHA-256 per direction.
# (A single buffer for both directions had received data overwrite stdin blocks waiting to go
# out, so the echo came back different, and the tool still exited 0.) Then an upload to a server
# that only reads (the client waited for "writable" only while the engine held records, so a
# stdin block waiting for room stalled once a flush had emptied the engine).
. "$(dirname "$0")/lib.sh"

serve echo.log "${pump_cmd[@]}" echo-server || not_ok "python echo server starts"
for version in tls13 tls12; do
    pump feed "$latch" client "127.0.0.1:$served_port" $client_opts "--$version" >"$work/out" 2>&1
    passes "latch client <-> python echo server ($version): 10 MB each way at once, same bytes"
done
stop_peers

# a server that only reads (until close_notify, then answers with the length and SHA-256 of what
# it read): stdin blocks waiting for the engine's room must go out when the socket drains, even
# though the server never sends anything to wake the client up
serve sink.log "${pump_cmd[@]}" sink-server || not_ok "python sink server starts"
for version in tls13 tls12; do
    pump --sink feed "$latch" client "127.0.0.1:$served_port" $client_opts "--$version" \
        >"$work/out" 2>&1
    passes "latch client -> python sink server ($version): 10 MB uploaded whole"
done
stop_peers

summary
