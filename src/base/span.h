/* A span is a pointer and a length into bytes owned by someone else; parsers hand these out
 * instead of copying, so a span never outlives the buffer it points into. */
#ifndef LT_BASE_SPAN_H
#define LT_BASE_SPAN_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *p;
    size_t len;
} lt_span;

static inline lt_span lt_span_make(const void *p, size_t len)
{
    lt_span s = { (const uint8_t *)p, len };
    return s;
}

/* Byte-for-byte equality of two spans (not constant time: for public data such as names). */
LT_MUST_USE int lt_span_eq(lt_span a, lt_span b);

#endif
