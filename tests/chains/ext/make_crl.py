#!/usr/bin/env python3
"""Builds CRLs `openssl ca -gencrl` cannot: indirect ones (issuingDistributionPoint indirectCRL,
entries with certificateIssuer, RFC 5280 5.2.5, 5.3.3) and partitioned ones (an
issuingDistributionPoint naming a distribution point). DER is written here by hand; openssl signs.

make_crl.py OUT.pem SIGNER.pem SIGNER.key THIS NEXT [--indirect] [--dp URI]
            [ENTRY...]   ENTRY = SERIAL_HEX:REASON[:CERT_ISSUER.pem]
THIS and NEXT are UTCTime strings (YYMMDDHHMMSSZ). An entry's certificateIssuer is the subject of
CERT_ISSUER.pem; one without it inherits the previous entry's (5.3.3)."""
import base64
import subprocess
import sys
import tempfile


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        head = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + head + body


def read(der, pos):
    """(tag, start of contents, end) of the element at pos."""
    tag, n = der[pos], der[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(der[pos:pos + k], "big")
        pos += k
    return tag, pos, pos + n


def children(der, start, end):
    out = []
    while start < end:
        tag, s, e = read(der, start)
        out.append((tag, start, s, e))
        start = e
    return out


def cert_der(path):
    text = open(path).read()
    b64 = text.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
    return base64.b64decode("".join(b64.split()))


def subject_and_ski(path):
    der = cert_der(path)
    _, s, e = read(der, 0)
    tbs = children(der, *read(der, s)[1:])
    i = 1 if tbs[0][0] == 0xA0 else 0
    subject = tbs[i + 4]
    name = der[subject[1]:subject[3]]
    ski = None
    for tag, whole, cs, ce in tbs:
        if tag != 0xA3:
            continue
        exts = children(der, *read(der, cs)[1:])
        for _, _, es, ee in exts:
            parts = children(der, es, ee)
            oid = der[parts[0][2]:parts[0][3]]
            if oid == bytes([0x55, 0x1D, 0x0E]):
                octet = parts[-1]
                _, ks, ke = read(der, octet[2])
                ski = der[ks:ke]
    return name, ski


def ext(oid, value, critical=False):
    body = tlv(0x06, oid) + (tlv(0x01, b"\xff") if critical else b"") + tlv(0x04, value)
    return tlv(0x30, body)


def main(argv):
    out, signer, key, this, nxt = argv[:5]
    rest = argv[5:]
    indirect, dp, entries = False, None, []
    while rest:
        a = rest.pop(0)
        if a == "--indirect":
            indirect = True
        elif a == "--dp":
            dp = rest.pop(0)
        else:
            entries.append(a)
    issuer, ski = subject_and_ski(signer)
    alg = tlv(0x30, tlv(0x06, bytes.fromhex("2a8648ce3d040302")))  # ecdsa-with-SHA256
    revoked = b""
    for e in entries:
        parts = e.split(":")
        serial, reason = bytes.fromhex(parts[0]), int(parts[1])
        if serial[0] & 0x80:
            serial = b"\x00" + serial
        exts = ext(bytes([0x55, 0x1D, 0x15]), tlv(0x0A, bytes([reason])))
        if len(parts) > 2:
            name, _ = subject_and_ski(parts[2])
            exts += ext(bytes([0x55, 0x1D, 0x1D]), tlv(0x30, tlv(0xA4, name)), critical=True)
        revoked += tlv(0x30, tlv(0x02, serial) + tlv(0x17, this.encode()) + tlv(0x30, exts))
    idp = b""
    if dp:
        idp += tlv(0xA0, tlv(0xA0, tlv(0x86, dp.encode())))
    if indirect:
        idp += tlv(0x84, b"\xff")
    crl_exts = ext(bytes([0x55, 0x1D, 0x23]), tlv(0x30, tlv(0x80, ski)))
    crl_exts += ext(bytes([0x55, 0x1D, 0x14]), tlv(0x02, b"\x01"))
    if idp:
        crl_exts += ext(bytes([0x55, 0x1D, 0x1C]), tlv(0x30, idp), critical=True)
    tbs = tlv(0x30, tlv(0x02, b"\x01") + alg + issuer + tlv(0x17, this.encode()) +
              tlv(0x17, nxt.encode()) + (tlv(0x30, revoked) if revoked else b"") +
              tlv(0xA0, tlv(0x30, crl_exts)))
    with tempfile.NamedTemporaryFile() as f:
        f.write(tbs)
        f.flush()
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key, f.name],
                             check=True, capture_output=True).stdout
    crl = tlv(0x30, tbs + alg + tlv(0x03, b"\x00" + sig))
    b64 = base64.b64encode(crl).decode()
    with open(out, "w") as f:
        f.write("-----BEGIN X509 CRL-----\n")
        for i in range(0, len(b64), 64):
            f.write(b64[i:i + 64] + "\n")
        f.write("-----END X509 CRL-----\n")


if __name__ == "__main__":
    main(sys.argv[1:])
