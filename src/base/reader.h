/* The bounds-checked reader: the only way latch looks at untrusted bytes. It never reads past its
 * end, and it remembers the first error, so a parse can be written straight through and checked
 * once with lt_reader_done(). After an error every read returns zero/empty. */
#ifndef LT_BASE_READER_H
#define LT_BASE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/span.h"

typedef struct {
    const uint8_t *p;
    size_t len;
    size_t pos;
    int err; /* 0, or the first LT_ERR_* seen */
} lt_reader;

lt_reader lt_reader_init(const void *p, size_t len);
static inline lt_reader lt_reader_from_span(lt_span s) { return lt_reader_init(s.p, s.len); }

uint8_t lt_reader_u8(lt_reader *r);
uint16_t lt_reader_u16(lt_reader *r);
uint32_t lt_reader_u24(lt_reader *r);
uint32_t lt_reader_u32(lt_reader *r);
uint64_t lt_reader_u64(lt_reader *r);

/* The next n bytes as a span into the input. */
lt_span lt_reader_bytes(lt_reader *r, size_t n);
/* Copies the next n bytes into out (out is zeroed on error). */
void lt_reader_copy(lt_reader *r, void *out, size_t n);
/* Everything not yet read. */
lt_span lt_reader_rest(lt_reader *r);

/* A length-prefixed vector (1, 2 or 3 length bytes) as a sub-reader. A length outside
 * [min, max] is a decode error, as is a length longer than what is left. */
lt_reader lt_reader_vec8(lt_reader *r, size_t min, size_t max);
lt_reader lt_reader_vec16(lt_reader *r, size_t min, size_t max);
lt_reader lt_reader_vec24(lt_reader *r, size_t min, size_t max);

/* A sub-reader over the next n bytes. */
lt_reader lt_reader_sub(lt_reader *r, size_t n);

static inline size_t lt_reader_left(const lt_reader *r) { return r->err ? 0 : r->len - r->pos; }
static inline bool lt_reader_ok(const lt_reader *r) { return r->err == 0; }
static inline bool lt_reader_empty(const lt_reader *r) { return r->err == 0 && r->pos == r->len; }

/* Marks the reader failed (if it is not already) with err. */
void lt_reader_fail(lt_reader *r, int err);

/* True when no error was seen and every byte was consumed. */
bool lt_reader_done(const lt_reader *r);

#endif
