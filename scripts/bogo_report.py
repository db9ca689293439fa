#!/usr/bin/env python3
"""Counts a BoGo run (scripts/bogo.sh's BUILD/bogo/output.txt) by category, as docs/conformance.md
shows them: python3 scripts/bogo_report.py build/bogo/output.txt. A test goes to the first
category whose pattern matches its name."""
import fnmatch
import re
import sys

CATEGORIES = [
    ("compliance policies (FIPS, WPA)", ["*FIPS*", "*WPA*", "Compliance*"]),
    ("OCSP stapling", ["*OCSP*", "*Staple*"]),
    ("early data", ["*EarlyData*", "*0RTT*"]),
    ("ALPN", ["*ALPN*"]),
    ("state machine (`Basic-*`)", ["Basic-*"]),
    ("cipher suites (`TLS-TLS12-*`, `TLS-TLS13-*`)", ["TLS-TLS1[23]-*"]),
    ("resumption and tickets", ["*Resume*", "*Ticket*", "*SessionID*", "*Resumption*", "*PSK*",
                                "ExtendedMasterSecret*", "*Binder*"]),
    ("version negotiation", ["*Version*", "*Downgrade*", "*Fallback*", "*V2ClientHello*"]),
    ("key exchange, HelloRetryRequest", ["*Curve*", "*HelloRetryRequest*", "*KeyShare*", "*Group*",
                                         "*X25519*", "*P256*", "*P384*", "*PointFormat*"]),
    ("client and server authentication, signatures",
     ["*Sign*", "*Verif*", "*Cert*", "*ClientAuth*", "*KeyUsage*", "RSA-PSS*", "*Ed25519*",
      "*SigAlg*", "*ECDSA*"]),
    ("records, alerts, shutdown", ["*Record*", "*Alert*", "*Shutdown*", "*Fragment*", "*KeyUpdate*",
                                   "*Empty*", "Large*", "*Padding*", "*ChangeCipherSpec*", "*Trailing*",
                                   "*Partial*", "*Packed*", "*Split*"]),
    ("extensions", ["*Extension*", "*SNI*", "*ServerName*", "*GREASE*", "*Renegotiat*"]),
]


def category(name):
    for label, patterns in CATEGORIES:
        if any(fnmatch.fnmatchcase(name, p) for p in patterns):
            return label
    return "other"


def main():
    counts = {}
    for line in open(sys.argv[1]):
        m = re.match(r"^(PASSED|FAILED|UNIMPLEMENTED) \((.*)\)$", line)
        if m:
            row = counts.setdefault(category(m.group(2)), {"PASSED": 0, "FAILED": 0, "UNIMPLEMENTED": 0})
            row[m.group(1)] += 1
    print("| category | passed | failed | unimplemented |")
    print("|---|---:|---:|---:|")
    for label in [c[0] for c in CATEGORIES] + ["other"]:
        if label in counts:
            r = counts[label]
            print(f"| {label} | {r['PASSED']} | {r['FAILED']} | {r['UNIMPLEMENTED']} |")


if __name__ == "__main__":
    main()
