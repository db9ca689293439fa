/* PEM encoder (see pem_write.h): RFC 7468 §2 text encoding with RFC 4648 §4 base64 and the
 * 64-character lines of RFC 7468's strict form. */
#include "devca/pem_write.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"

#define PEM_LINE 64

static const char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t lt_pem_write_size(const char *label, size_t der_len)
{
    size_t base64_len = (der_len + 2) / 3 * 4;
    size_t lines = (base64_len + PEM_LINE - 1) / PEM_LINE;
    /* "-----BEGIN " + label + "-----\n" and "-----END " + label + "-----\n" */
    return 11 + strlen(label) + 6 + base64_len + lines + 9 + strlen(label) + 6 + 1;
}

int lt_pem_write(const char *label, const uint8_t *der, size_t der_len, char *out, size_t cap,
                 size_t *out_len)
{
    if (cap < lt_pem_write_size(label, der_len))
        return LT_ERR_BUFFER;
    size_t at = 0;
    at += (size_t)sprintf(out + at, "-----BEGIN %s-----\n", label);
    size_t line_fill = 0;
    for (size_t i = 0; i < der_len; i += 3) {
        uint32_t group = (uint32_t)der[i] << 16;
        size_t have = der_len - i < 3 ? der_len - i : 3;
        if (have > 1)
            group |= (uint32_t)der[i + 1] << 8;
        if (have > 2)
            group |= der[i + 2];
        out[at++] = base64_alphabet[(group >> 18) & 63];
        out[at++] = base64_alphabet[(group >> 12) & 63];
        out[at++] = have > 1 ? base64_alphabet[(group >> 6) & 63] : '=';
        out[at++] = have > 2 ? base64_alphabet[group & 63] : '=';
        line_fill += 4;
        if (line_fill == PEM_LINE) {
            out[at++] = '\n';
            line_fill = 0;
        }
    }
    if (line_fill != 0)
        out[at++] = '\n';
    at += (size_t)sprintf(out + at, "-----END %s-----\n", label);
    *out_len = at;
    return 0;
}
