/* The revoked list of the development CA (see revoked.h): reading it, strictly, and the serial
 * number text it is made of. */
#include "devca/revoked.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/file.h"

static int revoked_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int lt_devca_serial_from_hex(const char *hex, uint8_t serial[LT_DEVCA_SERIAL_MAX], size_t *len)
{
    uint8_t bytes[LT_DEVCA_SERIAL_MAX + 1];
    size_t digits = strlen(hex), n = 0;
    if (digits == 0 || digits > 2 * (LT_DEVCA_SERIAL_MAX + 1))
        return LT_ERR_INVALID_ARG;
    /* an odd count has an implied leading zero */
    for (size_t i = 0; i < digits;) {
        int hi = 0, lo;
        if (n == 0 && digits % 2 == 1) {
            lo = revoked_hex_digit(hex[i++]);
        } else {
            hi = revoked_hex_digit(hex[i++]);
            lo = revoked_hex_digit(hex[i++]);
        }
        if (hi < 0 || lo < 0)
            return LT_ERR_INVALID_ARG;
        bytes[n++] = (uint8_t)(hi << 4 | lo);
    }
    size_t skip = 0;
    while (skip < n && bytes[skip] == 0)
        skip++;
    if (skip == n || n - skip > LT_DEVCA_SERIAL_MAX)
        return LT_ERR_INVALID_ARG;
    memcpy(serial, bytes + skip, n - skip);
    *len = n - skip;
    return 0;
}

void lt_devca_serial_to_hex(const uint8_t *serial, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[serial[i] >> 4];
        out[2 * i + 1] = digits[serial[i] & 15];
    }
    out[2 * len] = '\0';
}

/* One line (without its newline): the canonical form only, so the file has one spelling. */
static int revoked_parse_line(const char *line, size_t len, lt_devca_revoked *entry)
{
    char text[160], hex[2 * LT_DEVCA_SERIAL_MAX + 2], canonical[2 * LT_DEVCA_SERIAL_MAX + 1];
    long long when;
    int reason, used = 0;
    if (len == 0 || len >= sizeof text)
        return LT_ERR_DECODE;
    memcpy(text, line, len);
    text[len] = '\0';
    if (sscanf(text, "%41[0-9a-f] %lld %d%n", hex, &when, &reason, &used) != 3 || (size_t)used != len ||
        when < 0 || reason < 0 || reason > 10 || reason == 7)
        return LT_ERR_DECODE;
    if (lt_devca_serial_from_hex(hex, entry->serial, &entry->serial_len) < 0)
        return LT_ERR_DECODE;
    lt_devca_serial_to_hex(entry->serial, entry->serial_len, canonical);
    if (strcmp(canonical, hex) != 0)
        return LT_ERR_DECODE;
    /* one space between fields, digits only: what `latch certs revoke` writes */
    char again[160];
    snprintf(again, sizeof again, "%s %lld %d", hex, when, reason);
    if (strcmp(again, text) != 0)
        return LT_ERR_DECODE;
    entry->when = when;
    entry->reason = reason;
    return 0;
}

int lt_devca_revoked_load(const char *ca_dir, lt_devca_revoked **list, size_t *n)
{
    char path[4096];
    uint8_t *data = NULL;
    size_t len = 0, lines = 0, count = 0;
    lt_devca_revoked *entries = NULL;
    int rc;
    if (snprintf(path, sizeof path, "%s/%s", ca_dir, LT_DEVCA_REVOKED_FILE) >= (int)sizeof path)
        return LT_ERR_INVALID_ARG;
    rc = lt_file_read(path, &data, &len);
    if (rc == LT_ERR_IO && errno == ENOENT) {
        *list = NULL;
        *n = 0;
        return 0;
    }
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    if (len > 0 && data[len - 1] != '\n') {
        rc = LT_ERR_DECODE;
        goto out;
    }
    entries = lt_calloc(lines ? lines : 1, sizeof *entries);
    if (entries == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    for (size_t start = 0; start < len;) {
        const char *line = (const char *)data + start;
        size_t line_len = (size_t)((const char *)memchr(line, '\n', len - start) - line);
        rc = revoked_parse_line(line, line_len, &entries[count]);
        if (rc < 0)
            goto out;
        count++;
        start += line_len + 1;
    }
    *list = count ? entries : NULL;
    *n = count;
    if (count)
        entries = NULL;
    rc = 0;
out:
    lt_free(entries);
    lt_free(data);
    return rc;
}
