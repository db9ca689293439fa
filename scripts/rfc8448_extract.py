#!/usr/bin/env python3
"""Extracts the RFC 8448 traces latch replays into tests/vectors/rfc8448/.

usage: scripts/rfc8448_extract.py RFC8448.TXT OUTDIR

Writes:
  simple_1rtt.txt  section 3 (simple 1-RTT handshake)
  hrr.txt          section 5 (HelloRetryRequest)
  server-key.pem   the RSA key of section 2 (PKCS#1), rebuilt from its published integers
  server-cert.pem  the server certificate carried by the section 3 Certificate message

Each line of a trace file is: STEP <TAB> LABEL <TAB> HEX, e.g.
  {server}  derive secret "tls13 c hs traffic"<TAB>secret<TAB>e2e3...
in the order of the RFC. STEP is the step heading as printed (first line only), LABEL the item
name without its "(N octets)". Values that are not bytes ("0 (all zero octets)") are skipped;
"(empty)" is an empty HEX.
"""
import base64
import re
import sys

PAGE_NOISE = re.compile(r"^(RFC 8448 .*January 2019|Thomson .*\[Page \d+\])$")
STEP = re.compile(r"^   (\{(?:client|server)\}  .*?)\s*$")
ITEM = re.compile(r"^      (\S[^:]*?)(?: \((\d+) octets\))?:  (.*)$")
MORE = re.compile(r"^         ([0-9a-f]{2}(?: [0-9a-f]{2})*)\s*$")
HEX = re.compile(r"^[0-9a-f]{2}(?: [0-9a-f]{2})*$")


def section(lines, start, end):
    """Lines of the section whose heading starts with `start`, up to the next heading `end`."""
    out, inside = [], False
    for line in lines:
        if line.startswith(start):
            inside = True
            continue
        if inside and line.startswith(end):
            break
        if inside and not PAGE_NOISE.match(line.strip()) and "\f" not in line:
            out.append(line.rstrip("\n"))
    if not out:
        sys.exit(f"rfc8448_extract: section '{start}' not found")
    return out


def items(lines):
    """(step, label, bytes) in order."""
    step, current, result = None, None, []
    for line in lines:
        m = STEP.match(line)
        if m:
            step, current = m.group(1), None
            continue
        m = ITEM.match(line)
        if m and step is not None:
            label, count, value = m.group(1), m.group(2), m.group(3).strip()
            current = None
            if value == "(empty)":
                result.append([step, label, bytearray(), 0])
            elif HEX.match(value):
                current = [step, label, bytearray.fromhex(value), int(count)]
                result.append(current)
            continue
        m = MORE.match(line)
        if m and current is not None:
            current[2] += bytearray.fromhex(m.group(1))
            continue
        if line.strip():
            current = None
    for step, label, data, count in result:
        if len(data) != count:
            sys.exit(f"rfc8448_extract: {step} / {label}: {len(data)} bytes, RFC says {count}")
    return [(s, l, bytes(d)) for s, l, d, _ in result]


def write_trace(path, entries):
    with open(path, "w") as f:
        f.write("# RFC 8448 trace extracted by scripts/rfc8448_extract.py: STEP\\tLABEL\\tHEX\n")
        for step, label, data in entries:
            f.write(f"{step}\t{label}\t{data.hex()}\n")


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_int(data):
    data = data.lstrip(b"\x00") or b"\x00"
    if data[0] & 0x80:
        data = b"\x00" + data
    return b"\x02" + der_len(len(data)) + data


def pem(kind, der):
    b64 = base64.b64encode(der).decode()
    body = "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----\n"


def rsa_key(lines):
    """RSAPrivateKey (RFC 8017 A.1.2) from the integers of section 2."""
    names = ["modulus (public)", "public exponent", "private exponent", "prime1", "prime2",
             "exponent1", "exponent2", "coefficient"]
    values, current = {}, None
    for line in lines:
        m = re.match(r"^   ([a-z0-9() ]+):  (.*)$", line)
        if m and m.group(1) in names:
            current = m.group(1)
            values[current] = bytearray.fromhex(m.group(2))
            continue
        m = re.match(r"^      ([0-9a-f]{2}(?: [0-9a-f]{2})*)\s*$", line)
        if m and current is not None:
            values[current] += bytearray.fromhex(m.group(1))
        elif line.strip():
            current = None
    missing = [n for n in names if n not in values]
    if missing:
        sys.exit(f"rfc8448_extract: RSA key misses {missing}")
    body = der_int(b"\x00") + b"".join(der_int(bytes(values[n])) for n in names)
    return b"\x30" + der_len(len(body)) + body


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        lines = f.read().split("\n")
    outdir = sys.argv[2]
    simple = items(section(lines, "3.  Simple 1-RTT Handshake", "4.  "))
    hrr = items(section(lines, "5.  HelloRetryRequest", "6.  "))
    write_trace(f"{outdir}/simple_1rtt.txt", simple)
    write_trace(f"{outdir}/hrr.txt", hrr)
    with open(f"{outdir}/server-key.pem", "w") as f:
        f.write(pem("RSA PRIVATE KEY", rsa_key(section(lines, "2.  Private Keys", "3.  "))))
    cert_msg = next(d for s, l, d in simple if l == "Certificate")
    # Certificate: type(1) len(3) context<0>(1) list_len(3) cert_len(3) cert ...
    cert_len = int.from_bytes(cert_msg[8:11], "big")
    with open(f"{outdir}/server-cert.pem", "w") as f:
        f.write(pem("CERTIFICATE", cert_msg[11:11 + cert_len]))


if __name__ == "__main__":
    main()
