/* PEM decoding (see pem.h; RFC 7468 §2-§3, §5 for certificates). */
#include "x509/pem.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/text.h"

static int lt_base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int lt_base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len)
{
    uint32_t acc = 0;
    size_t quads = 0, n = 0, pad = 0;
    unsigned filled = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            pad++;
            /* padding fills a quad's last one or two places only */
            if (pad > 2 || filled < 2)
                return LT_ERR_DECODE;
            acc <<= 6;
            filled++;
        } else {
            int v = lt_base64_value(c);
            if (v < 0 || pad > 0)
                return LT_ERR_DECODE;
            acc = (acc << 6) | (uint32_t)v;
            filled++;
        }
        if (filled == 4) {
            out[n++] = (uint8_t)(acc >> 16);
            if (pad < 2)
                out[n++] = (uint8_t)(acc >> 8);
            if (pad < 1)
                out[n++] = (uint8_t)acc;
            /* the bits under the padding must be zero (canonical encoding) */
            if ((pad == 1 && (acc & 0xff)) || (pad == 2 && (acc & 0xffff)))
                return LT_ERR_DECODE;
            quads++;
            filled = 0;
            acc = 0;
            if (pad > 0) {
                /* nothing but whitespace may follow the padding */
                for (size_t j = i + 1; j < len; j++)
                    if (in[j] != ' ' && in[j] != '\t' && in[j] != '\r' && in[j] != '\n')
                        return LT_ERR_DECODE;
                break;
            }
        }
    }
    if (filled != 0 || quads == 0)
        return LT_ERR_DECODE;
    *out_len = n;
    return 0;
}

int lt_pem_next(const char *text, size_t len, size_t *pos, const char *label, uint8_t **der,
                size_t *der_len)
{
    char begin[96], end[96];
    size_t label_len = strlen(label);
    if (label_len > 64)
        return LT_ERR_INVALID_ARG;
    memcpy(begin, "-----BEGIN ", 11);
    memcpy(begin + 11, label, label_len);
    memcpy(begin + 11 + label_len, "-----", 6);
    memcpy(end, "-----END ", 9);
    memcpy(end + 9, label, label_len);
    memcpy(end + 9 + label_len, "-----", 6);

    if (*pos >= len)
        return 0;
    const char *b = lt_text_find(text + *pos, len - *pos, begin);
    if (b == NULL) {
        *pos = len;
        return 0;
    }
    const char *body = b + strlen(begin);
    size_t after_begin = (size_t)(body - text);
    const char *e = lt_text_find(body, len - after_begin, end);
    /* another BEGIN before our END means this block was cut short */
    const char *next_begin = lt_text_find(body, len - after_begin, "-----BEGIN ");
    *pos = after_begin;
    if (e == NULL || (next_begin != NULL && next_begin < e))
        return LT_ERR_DECODE;
    size_t body_len = (size_t)(e - body);
    uint8_t *buf = lt_malloc(body_len / 4 * 3 + 3);
    size_t n = 0;
    if (buf == NULL)
        return LT_ERR_NOMEM;
    if (lt_base64_decode(body, body_len, buf, &n) < 0) {
        lt_free(buf);
        *pos = (size_t)(e - text) + strlen(end);
        return LT_ERR_DECODE;
    }
    *pos = (size_t)(e - text) + strlen(end);
    *der = buf;
    *der_len = n;
    return 1;
}
