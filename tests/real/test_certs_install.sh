#!/usr/bin/env bash
# latch certs install / uninstall, as a user runs them, on stores made for the test (the machine's
# own are never touched): an NSS database that headless Chromium (Debian's) then reads, so that
# it trusts a latch server page without any --ignore-certificate-errors flag, and stops trusting it
# after uninstall; the system store through the real update-ca-certificates pointed at scratch
# directories (a bundle latch client then verifies with); the stores found under HOME when no
# target is named (Chromium's and a Firefox profile's); what each run says it changed, run twice;
# an unprivileged user told how to get root; no CA, and bad usage.
# Usage: bash test_certs_install.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/../interop/lib.sh"

for tool in certutil chromium update-ca-certificates; do
    if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
        echo "$tool is not installed (scripts/deps.sh --check installs it)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

# a user of our own: HOME, the CA directory, a certificate for localhost
export HOME=$work/home LATCH_CA_DIR=$work/ca
mkdir -p "$HOME"
"$latch" certs ca >/dev/null
"$latch" certs issue localhost 127.0.0.1 --out "$work/localhost" >/dev/null
nick=$(openssl x509 -in "$work/ca/ca.pem" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p')
db=$HOME/.pki/nssdb

# check DESCRIPTION WANT_STATUS STATUS PATTERN...: the exit status, then the patterns in $work/out
check() {
    local description=$1 want=$2 status=$3
    shift 3
    if [ "$status" -ne "$want" ]; then
        not_ok "$description (exit status $status, not $want)"
    else
        expect "$description" "$work/out" "$@"
    fi
}
# browse PROFILE URL: Chromium's rendered page, with no flag that weakens certificate checks
browse() {
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/$1" --dump-dom "$2" 2>"$work/err"
}

# --- an NSS database, and Chromium -----------------------------------------------------------
"$latch" certs install --nss "$db" >"$work/out" 2>&1
check "install --nss DB (missing): made, the CA added under its own name" 0 $? \
    "^NSS $db: added '$nick'$"
certutil -L -d "sql:$db" >"$work/out" 2>&1
expect "... certutil lists it, trusted to issue TLS server certificates (C,,)" "$work/out" \
    "^$nick +C,,"
"$latch" certs install --nss "$db" >"$work/out" 2>&1
check "install again: it says the CA is already there" 0 $? "^NSS $db: already has the CA$"

peer "$latch" server --port "$port" --http --cert "$work/localhost.pem" --key "$work/localhost-key.pem"
wait_port
browse profile1 "https://localhost:$port/" >"$work/out"
expect "Chromium trusts the latch server's page through the NSS database (no ignore flag)" \
    "$work/out" 'id="version">TLS 1\.3<'
"$latch" certs uninstall --nss "$db" >"$work/out" 2>&1
check "uninstall --nss DB: removed" 0 $? "^NSS $db: removed '$nick'$"
certutil -L -d "sql:$db" -n "$nick" >/dev/null 2>&1 && not_ok "... certutil no longer has it" ||
    ok "... certutil no longer has it"
browse profile2 "https://localhost:$port/" >"$work/out"
grep -q 'id="version"' "$work/out" && not_ok "after uninstall, Chromium refuses the page" ||
    ok "after uninstall, Chromium refuses the page"
"$latch" certs uninstall --nss "$db" >"$work/out" 2>&1
check "uninstall again: it says the CA was not there" 0 $? "^NSS $db: does not have the CA$"

# --- the system store: the real update-ca-certificates, on scratch directories ------------------
sys=$work/system
mkdir -p "$sys/local" "$sys/share" "$sys/etc" "$sys/hooks" "$work/bin"
# one other root, as a real store has many: the bundle is then remade without ours on uninstall
cp "$pki/other-ca.pem" "$sys/share/other-ca.crt"
echo other-ca.crt >"$sys/ca-certificates.conf"
real_update=$(command -v update-ca-certificates || echo /usr/sbin/update-ca-certificates)
cat >"$work/bin/update-ca-certificates" <<EOF
#!/bin/sh
echo "\$@" >>"$sys/calls"
exec "$real_update" "\$@" --certsconf "$sys/ca-certificates.conf" --certsdir "$sys/share" \
    --localcertsdir "$sys/local" --etccertsdir "$sys/etc" --hooksdir "$sys/hooks"
EOF
chmod +x "$work/bin/update-ca-certificates"
export PATH=$work/bin:$PATH LATCH_SYSTEM_CA_DIR=$sys/local
anchor=$sys/local/$(echo "$nick" | tr ' ' -).crt

"$latch" certs install --system >"$work/out" 2>&1
check "install --system: the anchor written, update-ca-certificates run" 0 $? \
    "^system store: added $anchor \(update-ca-certificates rebuilt the bundle\)$"
cmp -s "$anchor" "$work/ca/ca.pem" && ok "... the anchor is the CA's PEM" || not_ok "... the anchor is the CA's PEM"
stop_peers
next_port
peer "$latch" server --port "$port" --cert "$work/localhost.pem" --key "$work/localhost-key.pem"
wait_port
echo | timeout 20 "$latch" client "localhost:$port" --roots "$sys/etc/ca-certificates.crt" >"$work/out" 2>&1
check "... latch client verifies the server with the rebuilt bundle" 0 $? "TLS 1\.3"
"$latch" certs install --system >"$work/out" 2>&1
check "install --system again: already there, nothing run" 0 $? "^system store: already has the CA as $anchor$"
[ "$(wc -l <"$sys/calls")" -eq 1 ] && ok "... update-ca-certificates ran once" ||
    not_ok "... update-ca-certificates ran once ($(wc -l <"$sys/calls") times)"
"$latch" certs uninstall --system >"$work/out" 2>&1
check "uninstall --system: the anchor removed, the bundle rebuilt from scratch (--fresh)" 0 $? \
    "^system store: removed $anchor "
[ ! -e "$anchor" ] && [ "$(tail -n 1 "$sys/calls")" = "--fresh" ] &&
    ! ls -l "$sys/etc" | grep -q "latch" &&
    ok "... no anchor, no link left in the certificate directory" ||
    not_ok "... no anchor, no link left in the certificate directory"
echo | timeout 20 "$latch" client "localhost:$port" --roots "$sys/etc/ca-certificates.crt" >"$work/out" 2>&1
check "... latch client no longer verifies the server with the bundle" 1 $? "unknown-issuer"
stop_peers

# --- no target named: the system store and every NSS database under HOME ------------------------
firefox=$HOME/.mozilla/firefox/test.default-release
mkdir -p "$firefox"
certutil -N -d "sql:$firefox" --empty-password
"$latch" certs install >"$work/out" 2>&1
check "install (no target): the system store, Chromium's database, the Firefox profile's" 0 $? \
    "^system store: added $anchor " "^NSS $db: added '$nick'$" "^NSS $firefox: added '$nick'$"
"$latch" certs uninstall >"$work/out" 2>&1
check "uninstall (no target): out of all three" 0 $? \
    "^system store: removed $anchor " "^NSS $db: removed '$nick'$" "^NSS $firefox: removed '$nick'$"

# --- failures ---------------------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    # a user without root: the CA copied where it can read it, the store's directory not writable
    mkdir -p "$work/shared-ca" "$work/ro"
    cp "$work/ca/ca.pem" "$work/shared-ca/"
    chmod 755 "$work" "$work/shared-ca" && chmod 555 "$work/ro"
    LATCH_SYSTEM_CA_DIR=$work/ro setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$latch" certs install --system --dir "$work/shared-ca" >"$work/out" 2>&1
    check "install --system without root: exit 1, and the command to run as root" 1 $? \
        "^system store: $work/ro needs root: run 'sudo latch certs install --system --dir $work/shared-ca'$" \
        "^latch certs: the CA was not installed everywhere"
else
    ok "install --system without root (skipped: needs root to become another user)"
fi
"$latch" certs install --nss "$db" --dir "$work/nothing" >"$work/out" 2>&1
check "install with no CA in --dir: exit 2, and how to make one" 2 $? \
    "there is no development CA in $work/nothing .*latch certs ca"
"$latch" certs install --bogus >"$work/out" 2>&1
check "install --bogus: exit 2" 2 $? "unknown option --bogus"
"$latch" certs install --nss >"$work/out" 2>&1
check "install --nss without a database: exit 2" 2 $? "--nss needs an NSS database directory"
summary
