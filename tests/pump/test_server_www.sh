# latch server --www's pump: files of 0 B, 1 B, 16 KiB, 64 KiB - 1, 64 KiB, 64 KiB + 1 (the
# per-connection chunk is 64 KiB), 1 MiB and 50 MiB fetched whole (SHA-256) by several Python
# ssl clients at once (random read sizes and pauses), by latch client and by curl; eight
# concurrent fetches of the 50 MiB file while the server's peak RSS stays under 64 MB (files are
# streamed in bounded chunks as each connection drains; read whole, eight copies took ~400 MB);
# files around the old 64 MiB cap (no longer needed); HEAD; a FIFO under DIR does not stall the server; requests
# at the 8 KiB request limit. (The server waited for "writable" only while the engine held
# records, so every reply stopped after about 64 KiB.)
. "$(dirname "$0")/lib.sh"
chunk=$((64 << 10)) # SRV_WWW_CHUNK in cli/srv.h
request_max=8191    # SRV_MAX_REQUEST - 1 in cli/srv.h

www=$work/www
mkdir "$www"
sizes="0 1 16384 $((chunk - 1)) $chunk $((chunk + 1)) $((1 << 20)) $((50 << 20))"
for size in $sizes; do
    head -c "$size" /dev/urandom >"$www/f$size.bin"
done
old_cap=$((64 << 20)) # files over 64 MiB were refused when they were read whole
for size in $((old_cap - 1)) $old_cap $((old_cap + 1)); do
    truncate -s "$size" "$www/old-cap$size.bin" # (sparse: zeros)
done
mkfifo "$www/fifo"

# (a small ASan quarantine when the tool is built with ASan: freed buffers are not held back)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4 \
    serve server.log "$latch" server --port 0 $lcert --www "$www" ||
    not_ok "latch server --www starts"
fetch() { pump --port "$served_port" "$@" fetch >"$work/out" 2>&1; }

for size in $sizes; do
    [ "$size" -eq $((50 << 20)) ] && continue # below, eight at once
    fetch --path "/f$size.bin" --file "$www/f$size.bin" --parallel 3
    passes "python: $size-byte file, three fetches at once, whole"
done
fetch --path "/f$((50 << 20)).bin" --file "$www/f$((50 << 20)).bin" --parallel 8
passes "python: 50 MiB file, eight fetches at once, whole"
peak_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$served_pid/status")
echo "# server peak RSS (VmHWM) ${peak_kb:-?} kB"
[ -n "$peak_kb" ] && [ "$peak_kb" -lt $((64 << 10)) ] &&
    ok "the server's peak RSS stays under 64 MB with eight 50 MiB fetches" ||
    not_ok "the server's peak RSS stays under 64 MB with eight 50 MiB fetches (${peak_kb:-?} kB)"

for size in 0 1 $((chunk + 1)) $((50 << 20)); do
    printf 'GET /f%s.bin HTTP/1.1\r\nHost: localhost\r\n\r\n' "$size" |
        timeout 60 "$latch" client "127.0.0.1:$served_port" $client_opts >"$work/answer" 2>"$work/err"
    rc=$?
    pump --file "$www/f$size.bin" check-http "$work/answer" >"$work/out" 2>&1
    echo "exit $rc" >>"$work/err"
    if [ "$rc" -eq 0 ]; then
        passes "latch client: $size-byte file whole, exit 0"
    else
        not_ok "latch client: $size-byte file whole, exit 0 (exit $rc)"
    fi
done
for size in 0 $((chunk - 1)) $((1 << 20)) $((50 << 20)); do
    if timeout 60 curl -sS --cacert "$pki/ca.pem" --resolve "localhost:$served_port:127.0.0.1" \
        "https://localhost:$served_port/f$size.bin" -o "$work/answer" 2>"$work/err" &&
        cmp -s "$work/answer" "$www/f$size.bin"; then
        ok "curl: $size-byte file whole"
    else
        not_ok "curl: $size-byte file whole"
    fi
done

for size in $((old_cap - 1)) $old_cap $((old_cap + 1)); do
    fetch --path "/old-cap$size.bin" --file "$www/old-cap$size.bin"
    passes "python: a $size-byte file (the old cap: $old_cap) whole"
done
fetch --path "/f$((1 << 20)).bin" --file "$www/f$((1 << 20)).bin" --head
passes "python: HEAD of 1 MiB: the length, no body"
fetch --path /fifo --status 404 --timeout 10
passes "python: a FIFO under DIR is not a file: 404"
fetch --path /f1.bin --file "$www/f1.bin" --timeout 10
passes "python: the server still answers after the FIFO"
for size in $((request_max - 1)) $request_max; do
    fetch --path /f1.bin --file "$www/f1.bin" --request-size "$size"
    passes "python: a $size-byte request (limit $request_max) is answered"
done
fetch --path /f1.bin --request-size $((request_max + 1)) --status 431
passes "python: a $((request_max + 1))-byte request (limit $request_max) gets 431"
stop_peers
grep -v "listening on\|TLS 1\.[23], " "$work/server.log" | sed 's/^/#   /'

summary
