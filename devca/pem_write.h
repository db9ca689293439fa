/* PEM output (RFC 7468 §2): a label line, the DER in base64 (RFC 4648 §4) broken into 64-char
 * lines, and an end line. Only the encoder lives here; reading PEM is x509/pem.c's job. */
#ifndef LT_DEVCA_PEM_WRITE_H
#define LT_DEVCA_PEM_WRITE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes lt_pem_write needs for der_len bytes under label, including the final NUL. */
size_t lt_pem_write_size(const char *label, size_t der_len);

/* Writes "-----BEGIN label-----\n", the base64 lines, "-----END label-----\n" and a NUL into
 * out. *out_len gets the text length (without the NUL). LT_ERR_BUFFER when cap is too small. */
int lt_pem_write(const char *label, const uint8_t *der, size_t der_len, char *out, size_t cap,
                 size_t *out_len);

#endif
