/* PEM decoding (RFC 7468): finds "-----BEGIN <label>-----" ... "-----END <label>-----" blocks
 * in text that may hold anything else around them (explanatory text is allowed, §2), and
 * decodes their base64 strictly (§3: the standard alphabet, whitespace between characters,
 * padding only at the end). */
#ifndef LT_X509_PEM_H
#define LT_X509_PEM_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

/* Looks for the next block labelled label at or after *pos. Returns 1 and a malloc'd *der when
 * one is found (and advances *pos past it), 0 when there are no more, or LT_ERR_DECODE for a
 * block whose body is not valid base64 or whose END line is missing (*pos is advanced past the
 * BEGIN line so a caller may skip it). */
LT_MUST_USE int lt_pem_next(const char *text, size_t len, size_t *pos, const char *label, uint8_t **der,
                size_t *der_len);

/* Strict base64 decoding of in[0..len), skipping whitespace. out must hold len / 4 * 3 bytes.
 * Returns 0 or LT_ERR_DECODE. */
LT_MUST_USE int lt_base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len);

#endif
