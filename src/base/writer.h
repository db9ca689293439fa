/* The writer: appends big-endian integers, bytes and length-prefixed blocks into a caller's
 * buffer. Like the reader it remembers its first error (LT_ERR_BUFFER when full), so a message is
 * written straight through and checked once. A block is opened, filled, and closed; closing
 * writes its length prefix. */
#ifndef LT_BASE_WRITER_H
#define LT_BASE_WRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t len;
    int err;
} lt_writer;

/* An open length-prefixed block: where its prefix is and how wide it is. */
typedef struct {
    size_t at;
    size_t width;
} lt_writer_block;

lt_writer lt_writer_init(void *buf, size_t cap);

void lt_writer_u8(lt_writer *w, uint8_t v);
void lt_writer_u16(lt_writer *w, uint16_t v);
void lt_writer_u24(lt_writer *w, uint32_t v);
void lt_writer_u32(lt_writer *w, uint32_t v);
void lt_writer_u64(lt_writer *w, uint64_t v);
void lt_writer_bytes(lt_writer *w, const void *p, size_t n);
/* Reserves n bytes and returns where they are (NULL on overflow) for the caller to fill. */
uint8_t *lt_writer_reserve(lt_writer *w, size_t n);

void lt_writer_open8(lt_writer *w, lt_writer_block *b);
void lt_writer_open16(lt_writer *w, lt_writer_block *b);
void lt_writer_open24(lt_writer *w, lt_writer_block *b);
/* Fills in the block's length; a body too long for the prefix is LT_ERR_LIMIT. */
void lt_writer_close(lt_writer *w, const lt_writer_block *b);

/* Marks the writer failed (if it is not already) with err: a caller found it cannot write what
 * it was given, and the message is checked once at the end as for any other error. */
void lt_writer_fail(lt_writer *w, int err);

#endif
