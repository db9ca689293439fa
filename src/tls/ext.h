/* Extension blocks (RFC 8446 §4.2): split a block into (type, data) pairs through the reader,
 * refusing duplicates ("There MUST NOT be more than one extension of the same type in a given
 * extension block"), and find one by type. */
#ifndef LT_TLS_EXT_H
#define LT_TLS_EXT_H

#include "base/err.h"
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
LT_MUST_USE int lt_ext_parse(lt_span block, lt_ext_list *list);
/* The same for a ClientHello, read whole however many extensions it has (bounded only by the
 * message): the ones latch knows are kept, the others checked and passed over. *last_type gets
 * the type of the last one (pre_shared_key must be last, §4.2.11). */
LT_MUST_USE int lt_ext_parse_known(lt_span block, lt_ext_list *list, uint16_t *last_type);
/* Writes the list as an extensions<0..2^16-1> vector, in its order (the writer fails with
 * LT_ERR_INVALID_ARG for a type that is there twice: no parse would take it). */
void lt_ext_write_list(lt_writer *w, const lt_ext_list *list);
/* A list built to be written: the caller writes an extension's contents through data (into a
 * buffer of its own) starting at offset from, then files them under type here; a full list
 * fails the writer (LT_ERR_LIMIT). */
void lt_ext_list_add(lt_ext_list *list, lt_writer *data, size_t from, uint16_t type);
/* The extension of that type, or NULL. */
const lt_ext *lt_ext_find(const lt_ext_list *list, uint16_t type);
/* record_size_limit (RFC 8449 §4) as the most content bytes a TLS 1.3 record may carry toward
 * the extension's sender: the value counts the inner content type, and anything above
 * 2^14 + 1 means 2^14. LT_ERR_DECODE when malformed, LT_ERR_PROTOCOL when below 64. */
LT_MUST_USE int lt_ext_record_size_limit(const lt_ext *ext, size_t *plaintext);
/* The record_size_limit value for a plaintext limit (<= 2^14): TLS 1.3's counts the inner
 * content type (at most 2^14 + 1), TLS 1.2's does not (at most 2^14; RFC 8449 §4). */
size_t lt_ext_record_size_limit_value(size_t plaintext, int tls13);
/* Writes the contents of an ALPN extension selecting one protocol (a server's answer, RFC 7301
 * §3.1). */
void lt_ext_write_alpn_data(lt_writer *w, const char *protocol);
/* The messages an extension may come in (RFC 8446 §4.2's table; RFC 5246 and its extensions'
 * RFCs for the TLS 1.2 ServerHello): what lt_ext_check takes. */
typedef enum {
    LT_EXT_IN_SH = 1,         /* TLS 1.3 ServerHello */
    LT_EXT_IN_HRR = 2,
    LT_EXT_IN_EE = 4,
    LT_EXT_IN_CR = 8,         /* TLS 1.3 CertificateRequest */
    LT_EXT_IN_CT = 16,        /* a TLS 1.3 Certificate entry */
    LT_EXT_IN_NST = 32,       /* TLS 1.3 NewSessionTicket */
    LT_EXT_IN_SH12 = 64,      /* TLS 1.2 ServerHello */
} lt_ext_msg;
/* Checks a received block against the table: every extension allowed in that message, an answer
 * to one we sent (offered(ctx, type); the HelloRetryRequest's cookie excepted), of a length the
 * RFCs allow. Returns 0, or the alert the RFCs ask for (illegal_parameter: known but not for this
 * message, in TLS 1.3; unsupported_extension: not asked for, or unknown where only answers may
 * come; decode_error: a bad length) with *bad the type. Unknown extensions in a
 * CertificateRequest or NewSessionTicket are ignored (§4.2). */
LT_MUST_USE int lt_ext_check(const lt_ext_list *exts, lt_ext_msg where, int (*offered)(const void *ctx, uint16_t type),
                 const void *ctx, uint16_t *bad);

/* GREASE values (RFC 8701 §2) are ignored wherever they appear. */
int lt_is_grease(uint16_t value);

#endif
