# latch client's exit status at the end of the stream: a server (Python's ssl) sends a line, then
# closes with close_notify (exit 0) or with a bare TCP close (exit 1 and one sentence on stderr:
# the data may be truncated, RFC 8446 §6.1), whether the client's stdin has reached its end
# (its close_notify already sent) or is still open. (It exited 0 on a bare close after stdin's
# end.)
. "$(dirname "$0")/lib.sh"

mkfifo "$work/stdin"
exec 7<>"$work/stdin" # a stdin that stays open: never written, never at its end
for stdin in ended open; do
    for close in close_notify bare; do
        server_opts=()
        [ "$close" = close_notify ] && server_opts+=(--close-notify)
        [ "$stdin" = ended ] && server_opts+=(--wait-close-notify)
        serve server.log "${pump_cmd[@]}" "${server_opts[@]}" close-server || continue
        if [ "$stdin" = ended ]; then
            timeout 20 "$latch" client "127.0.0.1:$served_port" $client_opts </dev/null \
                >"$work/out" 2>"$work/err"
        else
            timeout 20 "$latch" client "127.0.0.1:$served_port" $client_opts <&7 \
                >"$work/out" 2>"$work/err"
        fi
        echo "exit $?" >>"$work/out"
        stop_peers
        what="stdin $stdin, the server closes with"
        if [ "$close" = close_notify ]; then
            expect "$what close_notify: the line, exit 0" "$work/out" \
                "^hello from the server$" "^exit 0$"
            [ -s "$work/err" ] && not_ok "$what close_notify: nothing on stderr" ||
                ok "$what close_notify: nothing on stderr"
        else
            expect "$what a bare TCP close: the line, exit 1" "$work/out" \
                "^hello from the server$" "^exit 1$"
            expect "$what a bare TCP close: one sentence says the data may be truncated" \
                "$work/err" "^latch client: the server closed the connection without close_notify, so the data may be truncated$"
            [ "$(wc -l <"$work/err")" -eq 1 ] && ok "$what a bare TCP close: one line on stderr" ||
                not_ok "$what a bare TCP close: one line on stderr"
        fi
    done
done
exec 7>&-

summary
