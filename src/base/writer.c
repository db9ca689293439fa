/* The writer (see writer.h). */
#include "base/writer.h"

#include <string.h>

#include "base/err.h"

lt_writer lt_writer_init(void *buf, size_t cap)
{
    lt_writer w = { (uint8_t *)buf, cap, 0, 0 };
    if (buf == NULL && cap != 0)
        w.err = LT_ERR_INVALID_ARG;
    return w;
}

void lt_writer_fail(lt_writer *w, int err)
{
    if (w->err == 0)
        w->err = err;
}

uint8_t *lt_writer_reserve(lt_writer *w, size_t n)
{
    if (w->err)
        return NULL;
    if (n > w->cap - w->len) {
        w->err = LT_ERR_BUFFER;
        return NULL;
    }
    uint8_t *at = w->buf + w->len;
    w->len += n;
    return at;
}

static void lt_writer_be(lt_writer *w, uint64_t v, size_t n)
{
    uint8_t *at = lt_writer_reserve(w, n);
    if (at == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        at[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void lt_writer_u8(lt_writer *w, uint8_t v) { lt_writer_be(w, v, 1); }
void lt_writer_u16(lt_writer *w, uint16_t v) { lt_writer_be(w, v, 2); }
void lt_writer_u24(lt_writer *w, uint32_t v) { lt_writer_be(w, v, 3); }
void lt_writer_u32(lt_writer *w, uint32_t v) { lt_writer_be(w, v, 4); }
void lt_writer_u64(lt_writer *w, uint64_t v) { lt_writer_be(w, v, 8); }

void lt_writer_bytes(lt_writer *w, const void *p, size_t n)
{
    uint8_t *at = lt_writer_reserve(w, n);
    if (at != NULL && n != 0)
        memcpy(at, p, n);
}

static void lt_writer_open(lt_writer *w, lt_writer_block *b, size_t width)
{
    b->at = w->len;
    b->width = width;
    lt_writer_be(w, 0, width);
}

void lt_writer_open8(lt_writer *w, lt_writer_block *b) { lt_writer_open(w, b, 1); }
void lt_writer_open16(lt_writer *w, lt_writer_block *b) { lt_writer_open(w, b, 2); }
void lt_writer_open24(lt_writer *w, lt_writer_block *b) { lt_writer_open(w, b, 3); }

void lt_writer_close(lt_writer *w, const lt_writer_block *b)
{
    if (w->err)
        return;
    size_t body = w->len - b->at - b->width;
    if (body >> (8 * b->width)) {
        w->err = LT_ERR_LIMIT;
        return;
    }
    for (size_t i = 0; i < b->width; i++)
        w->buf[b->at + i] = (uint8_t)(body >> (8 * (b->width - 1 - i)));
}
