#!/usr/bin/env bash
# The interop helpers themselves, on what made tests fail now and then on a loaded machine:
#   - a new peer's log holds nothing of the previous peer's the moment peer() returns, so
#     wait_port cannot take the previous peer's "ACCEPT" for the new one's (a client then met a
#     port nobody listened on yet);
#   - a peer stopped at once, before it has become its command, leaves the scratch dir alone.
# Usage: bash test_lib.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"

stale=0 gone=0
for i in 1 2 3 4 5; do
    echo "ACCEPT (the previous peer's)" >"$work/peer.log"
    peer sleep 30
    [ -s "$work/peer.log" ] && stale=$((stale + 1))
    stop_peers
    [ -d "$work" ] || { gone=1; break; }
done
[ "$gone" -eq 0 ] && ok "peers stopped at once leave the scratch dir alone" ||
    not_ok "peers stopped at once leave the scratch dir alone (it was removed)"
[ "$gone" -eq 0 ] && [ "$stale" -eq 0 ] && ok "a new peer's log is empty as soon as peer() returns (5 of 5)" ||
    not_ok "a new peer's log is empty as soon as peer() returns ($stale still held the previous peer's)"
summary
