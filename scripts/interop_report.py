#!/usr/bin/env python3
"""Turns the interop matrix's cells into a table: prints it, and writes docs/interop.md.

Usage: scripts/interop_report.py [BUILD-DIR [MARKDOWN-OUT]]   (defaults: build, docs/interop.md)

Reads every BUILD-DIR/interop-matrix/<peer>.tsv, whose lines are
    MATRIX<TAB>peer<TAB>mode<TAB>direction<TAB>result<TAB>note
(direction latch-client or latch-server; result pass, FAIL or n/s), as the interop tests write
them (`make interop` runs those tests, then this), and <peer>.version where a test wrote one.
Exits 1 if there is no cell at all, else 0: the tests themselves are the verdict.
"""
import datetime
import glob
import os
import re
import subprocess
import sys

MODES = ["tls13", "hrr", "tls12-ecdsa", "tls12-rsa", "tls12-rsakex", "mtls13", "mtls12",
         "resume13", "resume12", "chacha13", "chacha12", "keyupdate-latch", "keyupdate-peer",
         "bulk", "no-ems"]
MODE_WORDS = {
    "tls13": "TLS 1.3, default suite and group",
    "hrr": "TLS 1.3 with a HelloRetryRequest (the server wants secp384r1)",
    "tls12-ecdsa": "TLS 1.2 ECDHE-ECDSA AES-128-GCM",
    "tls12-rsa": "TLS 1.2 ECDHE-RSA AES-256-GCM",
    "tls12-rsakex": "TLS 1.2 RSA key exchange (latch --rsa-kex)",
    "mtls13": "TLS 1.3 with a client certificate required",
    "mtls12": "TLS 1.2 with a client certificate required",
    "resume13": "TLS 1.3 resumption; both sides report it",
    "resume12": "TLS 1.2 resumption; both sides report it",
    "chacha13": "TLS 1.3 ChaCha20-Poly1305",
    "chacha12": "TLS 1.2 ECDHE-ECDSA ChaCha20-Poly1305",
    "keyupdate-latch": "KeyUpdate sent by latch (--key-update), data after it",
    "keyupdate-peer": "KeyUpdate sent by the peer, data after it",
    "bulk": "10 MiB each way at once, random chunks, SHA-256 per direction",
    "no-ems": "a TLS 1.2 peer without extended_master_secret, latch at its defaults",
    "cbc12-ecdsa": "TLS 1.2 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, latch --profile old",
    "cbc12-rsa": "TLS 1.2 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, latch --profile old",
    "cbc12-rsakex": "TLS 1.2 TLS_RSA_WITH_AES_128_CBC_SHA, latch --profile old",
}
DIRECTIONS = ["latch-client", "latch-server"]
# versions of peers whose tests write no <peer>.version: (command, or a Debian package)
FALLBACK_VERSIONS = {
    "openssl": ["openssl", "version"],
    "gnutls": ["gnutls-cli", "--version"],
    "wolfssl": "libwolfssl-dev",
    "mbedtls": "libmbedtls-dev",
    "bearssl": "libbearssl-dev",
}


def read_cells(build):
    cells = {}  # (peer, mode, direction) -> (result, note)
    for path in sorted(glob.glob(os.path.join(build, "interop-matrix", "*.tsv"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 5 or fields[0] != "MATRIX":
                    continue
                peer, mode, direction, result = fields[1:5]
                # directory parts of absolute paths are this machine's, not the result's
                note = re.sub(r"(?<![\w.])/(?:[\w.+-]+/)+", "", fields[5] if len(fields) > 5 else "")
                cells[(peer, mode, direction)] = (result, note)
    return cells


def peer_version(build, peer):
    path = os.path.join(build, "interop-matrix", peer + ".version")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    how = FALLBACK_VERSIONS.get(peer)
    try:
        if isinstance(how, list):
            out = subprocess.run(how, capture_output=True, text=True, timeout=10).stdout
            return out.splitlines()[0].strip() if out else "unknown"
        if isinstance(how, str):
            out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", how], capture_output=True,
                                 text=True, timeout=10).stdout
            return f"{how} {out}" if out else "unknown"
    except (OSError, subprocess.SubprocessError):
        pass
    return "unknown"


def table(cells, peers, modes):
    """A Markdown table: a row per mode, a column per peer, "client / server" in each cell."""
    rows = ["| mode | " + " | ".join(peers) + " |",
            "|---|" + "---|" * len(peers)]
    for mode in modes:
        row = [mode]
        for peer in peers:
            row.append(" / ".join(cells.get((peer, mode, d), ("–", ""))[0] for d in DIRECTIONS))
        rows.append("| " + " | ".join(row) + " |")
    return "\n".join(rows)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join("docs", "interop.md")
    cells = read_cells(build)
    if not cells:
        print(f"no cells under {build}/interop-matrix: run the interop tests first (make interop)")
        return 1
    peers = sorted({p for p, _, _ in cells})
    modes = MODES + sorted({m for _, m, _ in cells} - set(MODES))
    counts = {r: sum(1 for v in cells.values() if v[0] == r) for r in ("pass", "FAIL", "n/s")}
    grid = table(cells, peers, modes)
    print(grid)
    print(f"\n{counts['pass']} pass, {counts['FAIL']} FAIL, {counts['n/s']} n/s "
          f"(each cell: latch client / latch server)")

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    md = ["# Interoperability matrix", "",
          "latch against other TLS stacks over loopback, in both directions: latch as the client "
          "of the peer's server, and the peer's client talking to latch as the server. Each cell "
          "asserts what both sides report (version, suite, resumption, client certificate) and "
          "that the data came through unchanged; a cell the peer cannot play is n/s, with the "
          "reason below. Every peer comes from Debian packages that `scripts/deps.sh --check` "
          "installs; the Go, Java, Python and Node.js peers are small programs in "
          "`tests/interop/peers/`, as are the C peers on wolfSSL, mbedTLS and BearSSL; NSS uses "
          "`tstclnt` and `selfserv`. OpenSSL (`s_server`, `s_client`) and GnuTLS (`gnutls-serv`, "
          "`gnutls-cli`) have their own, older tests (tests/interop/test_openssl*.sh, "
          "test_gnutls*.sh, test_mtls.sh, test_resume.sh), not in this table.", "",
          "## Rerunning", "",
          "    make interop              # the interop tests (ctest -R '^interop/'), then this page",
          "    python3 scripts/interop_report.py build docs/interop.md   # the page from the last run",
          "", "One peer's tests alone: `cd build && ctest -R interop/test_go --output-on-failure`; "
          "`MATRIX_MODES=\"hrr bulk\"` in the environment limits a run to those modes.", "",
          f"## The matrix ({now}{', commit ' + commit if commit else ''})", "",
          "Each cell is *latch client / latch server*: `pass`, `FAIL`, `n/s` (the peer cannot do "
          "it), `–` (not run).", "", grid, "",
          f"{counts['pass']} pass, {counts['FAIL']} FAIL, {counts['n/s']} n/s.", "",
          "## Modes", ""]
    for mode in modes:
        md.append(f"- `{mode}`: {MODE_WORDS.get(mode, '')}")
    md += ["", "## Not supported by the peer", ""]
    for peer in peers:
        reasons = {}
        for mode in modes:
            for d in DIRECTIONS:
                result, note = cells.get((peer, mode, d), ("", ""))
                if result == "n/s":
                    reasons.setdefault((mode, note), []).append(d.replace("latch-", "latch "))
        for (mode, note), directions in reasons.items():
            md.append(f"- {peer}, `{mode}` ({' and '.join(directions)}): {note}")
    failures = [(k, v[1]) for k, v in sorted(cells.items()) if v[0] == "FAIL"]
    if failures:
        md += ["", "## Failures in this run", ""]
        for (peer, mode, d), note in failures:
            note = note.strip().rstrip(";")
            md.append(f"- {peer}, `{mode}`, {d}: {note[:400]}{'…' if len(note) > 400 else ''}")
    md += ["", "## Peer versions", ""]
    for peer in peers:
        md.append(f"- {peer}: {peer_version(build, peer)}")
    md.append("")
    os.makedirs(os.path.dirname(out_path) or ".", exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    print(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
