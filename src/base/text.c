/* Searching text (see text.h). */
#include "base/text.h"

#include <string.h>

const char *lt_text_find(const char *hay, size_t hay_len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || n > hay_len)
        return n == 0 ? hay : NULL;
    for (size_t i = 0; i + n <= hay_len; i++)
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
        size_t left = len - (size_t)(start - text);
        const char *dashes = lt_text_find(start, left, "-----");
        const char *eol = memchr(start, '\n', left);
        *pos = (size_t)(start - text);
        if (dashes != NULL && (eol == NULL || dashes < eol)) {
            *label = lt_span_make(start, (size_t)(dashes - start));
            *pos = (size_t)(dashes - text) + 5;
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
