/* The bounds-checked reader (see reader.h). */
#include "base/reader.h"

#include <string.h>

#include "base/err.h"

lt_reader lt_reader_init(const void *p, size_t len)
{
    lt_reader r = { (const uint8_t *)p, len, 0, 0 };
    if (p == NULL && len != 0)
        r.err = LT_ERR_INVALID_ARG;
    return r;
}

void lt_reader_fail(lt_reader *r, int err)
{
    if (r->err == 0)
        r->err = err;
}

/* Returns a pointer to the next n bytes and advances, or NULL (and fails) when fewer are left. */
static const uint8_t *lt_reader_take(lt_reader *r, size_t n)
{
    if (r->err)
        return NULL;
    if (n > r->len - r->pos) {
        r->err = LT_ERR_DECODE;
        return NULL;
    }
    const uint8_t *at = r->p + r->pos;
    r->pos += n;
    return at;
}

static uint64_t lt_reader_be(lt_reader *r, size_t n)
{
    const uint8_t *b = lt_reader_take(r, n);
    uint64_t v = 0;
    if (b == NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | b[i];
    return v;
}

uint8_t lt_reader_u8(lt_reader *r) { return (uint8_t)lt_reader_be(r, 1); }
uint16_t lt_reader_u16(lt_reader *r) { return (uint16_t)lt_reader_be(r, 2); }
uint32_t lt_reader_u24(lt_reader *r) { return (uint32_t)lt_reader_be(r, 3); }
uint32_t lt_reader_u32(lt_reader *r) { return (uint32_t)lt_reader_be(r, 4); }
uint64_t lt_reader_u64(lt_reader *r) { return lt_reader_be(r, 8); }

lt_span lt_reader_bytes(lt_reader *r, size_t n)
{
    const uint8_t *b = lt_reader_take(r, n);
    if (b == NULL)
        return lt_span_make(NULL, 0);
    return lt_span_make(b, n);
}

void lt_reader_copy(lt_reader *r, void *out, size_t n)
{
    const uint8_t *b = lt_reader_take(r, n);
    if (b == NULL)
        memset(out, 0, n);
    else
        memcpy(out, b, n);
}

lt_span lt_reader_rest(lt_reader *r)
{
    return lt_reader_bytes(r, lt_reader_left(r));
}

lt_reader lt_reader_sub(lt_reader *r, size_t n)
{
    lt_reader sub = { NULL, 0, 0, 0 };
    const uint8_t *b = lt_reader_take(r, n);
    if (b == NULL) {
        sub.err = r->err;
        return sub;
    }
    sub.p = b;
    sub.len = n;
    return sub;
}

static lt_reader lt_reader_vec(lt_reader *r, size_t width, size_t min, size_t max)
{
    size_t n = (size_t)lt_reader_be(r, width);
    if (r->err == 0 && (n < min || n > max))
        r->err = LT_ERR_DECODE;
    return lt_reader_sub(r, n);
}

lt_reader lt_reader_vec8(lt_reader *r, size_t min, size_t max) { return lt_reader_vec(r, 1, min, max); }
lt_reader lt_reader_vec16(lt_reader *r, size_t min, size_t max) { return lt_reader_vec(r, 2, min, max); }
lt_reader lt_reader_vec24(lt_reader *r, size_t min, size_t max) { return lt_reader_vec(r, 3, min, max); }

bool lt_reader_done(const lt_reader *r)
{
    return r->err == 0 && r->pos == r->len;
}
