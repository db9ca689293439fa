/* Span helpers. */
#include "base/span.h"

#include <string.h>

int lt_span_eq(lt_span a, lt_span b)
{
    if (a.len != b.len)
        return 0;
    return a.len == 0 || memcmp(a.p, b.p, a.len) == 0;
}
