/* Extension blocks (RFC 8446 §4.2): split a block into (type, data) pairs through the reader,
 * refusing duplicates ("There MUST NOT be more than one extension of the same type in a given
 * extension block"), and find one by type. */
#ifndef LT_TLS_EXT_H
#define LT_TLS_EXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "base/writer.h"

#define LT_MAX_EXTENSIONS 64

typedef struct {
    uint16_t type;
    lt_span data;
} lt_ext;

typedef struct {
    lt_ext items[LT_MAX_EXTENSIONS];
    size_t n;
} lt_ext_list;

/* The contents of an extensions<0..2^16-1> vector. LT_ERR_DECODE when malformed or longer than
 * LT_MAX_EXTENSIONS; LT_ERR_PROTOCOL when a type appears twice. */
int lt_ext_parse(lt_span block, lt_ext_list *list);
/* The same for a ClientHello, read whole however many extensions it has (bounded only by the
 * message): the ones latch knows are kept, the others checked and passed over. *last_type gets
 * the type of the last one (pre_shared_key must be last, §4.2.11). */
int lt_ext_parse_known(lt_span block, lt_ext_list *list, uint16_t *last_type);
/* The extension of that type, or NULL. */
const lt_ext *lt_ext_find(const lt_ext_list *list, uint16_t type);
/* record_size_limit (RFC 8449 §4) as the most content bytes a TLS 1.3 record may carry toward
 * the extension's sender: the value counts the inner content type, and anything above
 * 2^14 + 1 means 2^14. LT_ERR_DECODE when malformed, LT_ERR_PROTOCOL when below 64. */
int lt_ext_record_size_limit(const lt_ext *ext, size_t *plaintext);
/* The record_size_limit value for a plaintext limit (<= 2^14): TLS 1.3's counts the inner
 * content type (at most 2^14 + 1), TLS 1.2's does not (at most 2^14; RFC 8449 §4). */
size_t lt_ext_record_size_limit_value(size_t plaintext, int tls13);
/* Writes our record_size_limit extension with that value. */
void lt_ext_write_record_size_limit(lt_writer *w, size_t plaintext, int tls13);
/* Writes an ALPN extension selecting one protocol (a server's answer, RFC 7301 §3.1). */
void lt_ext_write_alpn(lt_writer *w, const char *protocol);
/* GREASE values (RFC 8701 §2) are ignored wherever they appear. */
int lt_is_grease(uint16_t value);

#endif
