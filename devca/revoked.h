/* The development CA's list of revoked certificates, DIR/revoked (mode 0644), which
 * `latch certs revoke` appends to and `latch certs crl` (and the OCSP responder of `latch certs
 * ocsp`) read. One line per certificate:
 *
 *     <serial in lowercase hex> <unix seconds> <CRLReason code>\n
 *
 * the serial being the certificate's serialNumber as an unsigned magnitude (no 00 sign byte,
 * no leading zero bytes; 1 to 20 bytes, so 2 to 40 hex digits), the time when it was revoked,
 * and the RFC 5280 §5.3.1 reason code (0 unspecified, 1 keyCompromise, ...; never 7). */
#ifndef LT_DEVCA_REVOKED_H
#define LT_DEVCA_REVOKED_H

#include <stddef.h>
#include <stdint.h>

#define LT_DEVCA_REVOKED_FILE "revoked"
#define LT_DEVCA_SERIAL_MAX 20

typedef struct {
    uint8_t serial[LT_DEVCA_SERIAL_MAX];
    size_t serial_len;
    int64_t when;
    int reason;
} lt_devca_revoked;

/* Reads ca_dir/revoked into a malloc'd array (*list, lt_free it; NULL when empty) of *n
 * entries. A missing file is an empty list. LT_ERR_DECODE for a line not in the format above,
 * LT_ERR_IO when the file cannot be read. */
int lt_devca_revoked_load(const char *ca_dir, lt_devca_revoked **list, size_t *n);

/* Parses one serial given in hex ("0a1b", "A1B", with or without leading zeros) into its
 * magnitude. LT_ERR_INVALID_ARG for anything else, zero, or more than 20 bytes. */
int lt_devca_serial_from_hex(const char *hex, uint8_t serial[LT_DEVCA_SERIAL_MAX], size_t *len);

/* Writes serial as lowercase hex with a NUL into out (2 * len + 1 bytes). */
void lt_devca_serial_to_hex(const uint8_t *serial, size_t len, char *out);

#endif
