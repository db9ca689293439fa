/* Searching text (see text.h). */
#include "base/text.h"

#include <string.h>

const char *lt_text_find(const char *hay, size_t hay_len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return hay;
    for (size_t i = 0; n <= hay_len && i <= hay_len - n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

bool lt_pem_label_next(const char *text, size_t len, size_t *pos, lt_span *label)
{
    static const char begin[] = "-----BEGIN ";
    while (*pos < len) {
        const char *b = lt_text_find(text + *pos, len - *pos, begin);
        if (b == NULL)
            break;
        const char *start = b + sizeof begin - 1;
        /* the closing dashes come at the latest with the next BEGIN: each byte is read once */
        const char *dashes = lt_text_find(start, len - (size_t)(start - text), "-----");
        if (dashes == NULL)
            break;
        *pos = (size_t)(dashes - text);
        if (memchr(start, '\n', (size_t)(dashes - start)) == NULL) {
            *label = lt_span_make(start, (size_t)(dashes - start));
            *pos += 5;
            return true;
        }
    }
    *pos = len;
    return false;
}

bool lt_text_is(lt_span s, const char *want)
{
    size_t n = strlen(want);
    return s.len == n && memcmp(s.p, want, n) == 0;
}
