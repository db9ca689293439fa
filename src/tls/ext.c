/* Extension block parsing (see ext.h; RFC 8446 §4.2, RFC 8701 for GREASE). */
#include "tls/ext.h"

#include "base/err.h"
#include "base/reader.h"
#include <string.h>

#include "tls/proto.h"

int lt_is_grease(uint16_t value)
{
    return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
}

/* The extensions latch knows (at most one of each, so fewer than LT_MAX_EXTENSIONS), where each
 * may come besides the ClientHello, and the length of its data there. RFC 8446 §4.2 for TLS 1.3;
 * for the TLS 1.2 ServerHello: RFC 6066 §3 (an empty server_name), RFC 8422 §5.2, RFC 7627 §5.1
 * (empty), RFC 5077 §3.2 (an empty session_ticket), RFC 5746 §3.6 (checked where read), RFC 6066
 * §8 (an empty status_request). */
#define ANY_ 0xffff
static const struct {
    uint16_t type;
    uint8_t where;
    uint16_t min, max; /* in the messages other than the ClientHello */
} lt_ext_rules[] = {
    { LT_EXT_SERVER_NAME, LT_EXT_IN_EE | LT_EXT_IN_SH12, 0, 0 },
    { LT_EXT_STATUS_REQUEST, LT_EXT_IN_CR | LT_EXT_IN_CT | LT_EXT_IN_SH12, 0, ANY_ }, /* SH12: empty (client12.c) */
    /* SH12: RFC 8422 gives a server no supported_groups to send, but we asked with ours and
     * RFC 5246 §7.4.1.4 forbids only unsolicited ones; servers that echo it are left alone */
    { LT_EXT_SUPPORTED_GROUPS, LT_EXT_IN_EE | LT_EXT_IN_SH12, 2, ANY_ },
    { LT_EXT_EC_POINT_FORMATS, LT_EXT_IN_SH12, 2, 256 },
    { LT_EXT_SIGNATURE_ALGORITHMS, LT_EXT_IN_CR, 4, ANY_ },
    { LT_EXT_ALPN, LT_EXT_IN_EE | LT_EXT_IN_SH12, 4, 258 },
    { LT_EXT_SCT, LT_EXT_IN_CR | LT_EXT_IN_CT, 0, ANY_ },
    { LT_EXT_PADDING, 0, 0, ANY_ },
    { LT_EXT_ENCRYPT_THEN_MAC, LT_EXT_IN_SH12, 0, 0 },
    { LT_EXT_EXTENDED_MASTER_SECRET, LT_EXT_IN_SH12, 0, 0 },
    { LT_EXT_COMPRESS_CERTIFICATE, LT_EXT_IN_CR, 3, ANY_ },
    { LT_EXT_RECORD_SIZE_LIMIT, LT_EXT_IN_EE | LT_EXT_IN_SH12, 2, 2 },
    { LT_EXT_SESSION_TICKET, LT_EXT_IN_SH12, 0, 0 },
    { LT_EXT_PRE_SHARED_KEY, LT_EXT_IN_SH, 2, 2 },
    { LT_EXT_EARLY_DATA, LT_EXT_IN_EE | LT_EXT_IN_NST, 0, 4 },
    { LT_EXT_SUPPORTED_VERSIONS, LT_EXT_IN_SH | LT_EXT_IN_HRR, 2, 2 },
    { LT_EXT_COOKIE, LT_EXT_IN_HRR, 3, ANY_ },
    { LT_EXT_PSK_KEY_EXCHANGE_MODES, 0, 0, ANY_ },
    { LT_EXT_CERTIFICATE_AUTHORITIES, LT_EXT_IN_CR, 3, ANY_ },
    { LT_EXT_POST_HANDSHAKE_AUTH, 0, 0, ANY_ },
    { LT_EXT_SIGNATURE_ALGORITHMS_CERT, LT_EXT_IN_CR, 4, ANY_ },
    { LT_EXT_KEY_SHARE, LT_EXT_IN_SH | LT_EXT_IN_HRR, 2, ANY_ },
    { LT_EXT_RENEGOTIATION_INFO, LT_EXT_IN_SH12, 1, 255 },
};
#define LT_EXT_RULES (sizeof lt_ext_rules / sizeof lt_ext_rules[0])

static int lt_ext_rule(uint16_t type)
{
    for (size_t i = 0; i < LT_EXT_RULES; i++)
        if (lt_ext_rules[i].type == type)
            return (int)i;
    return -1;
}

static int lt_ext_known(uint16_t type)
{
    return lt_ext_rule(type) >= 0;
}

int lt_ext_check(const lt_ext_list *exts, lt_ext_msg where, int (*offered)(const void *ctx, uint16_t type),
                 const void *ctx, uint16_t *bad)
{
    /* what a server sends in these answers what the client sent (§4.2); a CertificateRequest
     * and a NewSessionTicket carry the server's own requests, unknown ones ignored */
    int answers = !(where & (LT_EXT_IN_CR | LT_EXT_IN_NST));
    for (size_t i = 0; i < exts->n; i++) {
        uint16_t type = exts->items[i].type;
        size_t len = exts->items[i].data.len;
        int rule = lt_ext_rule(type);
        *bad = type;
        if (rule < 0) {
            if (answers)
                return LT_ALERT_UNSUPPORTED_EXTENSION;
            continue;
        }
        if (!(lt_ext_rules[rule].where & where))
            /* RFC 5246 §7.4.1.4 has no illegal_parameter for it: what the client did not ask
             * for in that ServerHello */
            return where == LT_EXT_IN_SH12 ? LT_ALERT_UNSUPPORTED_EXTENSION : LT_ALERT_ILLEGAL_PARAMETER;
        if (answers && !(where == LT_EXT_IN_HRR && type == LT_EXT_COOKIE) && !offered(ctx, type))
            return LT_ALERT_UNSUPPORTED_EXTENSION;
        if (len < lt_ext_rules[rule].min || (lt_ext_rules[rule].max != ANY_ && len > lt_ext_rules[rule].max))
            return LT_ALERT_DECODE_ERROR;
    }
    return 0;
}

/* known_only: unknown types are checked (syntax, repeats) and passed over, so that a block is
 * read whole however many it holds; else the block may hold LT_MAX_EXTENSIONS at most. */
static int lt_ext_parse_block(lt_span block, lt_ext_list *list, int known_only, uint16_t *last_type)
{
    uint64_t seen[65536 / 64]; /* every type met (known_only: the list holds only some) */
    lt_reader r = lt_reader_from_span(block);
    if (known_only)
        memset(seen, 0, sizeof seen);
    list->n = 0;
    while (lt_reader_ok(&r) && !lt_reader_empty(&r)) {
        uint16_t type = lt_reader_u16(&r);
        lt_reader data = lt_reader_vec16(&r, 0, 0xffff);
        if (!lt_reader_ok(&r))
            return LT_ERR_DECODE;
        if (known_only) {
            if (seen[type / 64] >> (type % 64) & 1)
                return LT_ERR_PROTOCOL;
            seen[type / 64] |= (uint64_t)1 << (type % 64);
        } else {
            for (size_t i = 0; i < list->n; i++)
                if (list->items[i].type == type)
                    return LT_ERR_PROTOCOL;
        }
        if (last_type != NULL)
            *last_type = type;
        if (known_only && !lt_ext_known(type))
            continue;
        if (list->n == LT_MAX_EXTENSIONS)
            return LT_ERR_DECODE;
        list->items[list->n].type = type;
        list->items[list->n].data = lt_span_make(data.p, data.len);
        list->n++;
    }
    return lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
}

int lt_ext_parse(lt_span block, lt_ext_list *list)
{
    return lt_ext_parse_block(block, list, 0, NULL);
}

int lt_ext_parse_known(lt_span block, lt_ext_list *list, uint16_t *last_type)
{
    return lt_ext_parse_block(block, list, 1, last_type);
}

void lt_ext_write_list(lt_writer *w, const lt_ext_list *list)
{
    lt_writer_block block, data;
    lt_writer_open16(w, &block);
    for (size_t i = 0; i < list->n; i++) {
        for (size_t j = 0; j < i; j++)
            if (list->items[j].type == list->items[i].type)
                lt_writer_fail(w, LT_ERR_INVALID_ARG);
        lt_writer_u16(w, list->items[i].type);
        lt_writer_open16(w, &data);
        lt_writer_bytes(w, list->items[i].data.p, list->items[i].data.len);
        lt_writer_close(w, &data);
    }
    lt_writer_close(w, &block);
}

void lt_ext_list_add(lt_ext_list *list, lt_writer *data, size_t from, uint16_t type)
{
    if (list->n == LT_MAX_EXTENSIONS) {
        lt_writer_fail(data, LT_ERR_LIMIT);
        return;
    }
    list->items[list->n].type = type;
    list->items[list->n].data = lt_span_make(data->buf + from, data->err ? 0 : data->len - from);
    list->n++;
}

const lt_ext *lt_ext_find(const lt_ext_list *list, uint16_t type)
{
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].type == type)
            return &list->items[i];
    return NULL;
}

int lt_ext_record_size_limit(const lt_ext *ext, size_t *plaintext)
{
    lt_reader r = lt_reader_from_span(ext->data);
    uint16_t limit = lt_reader_u16(&r);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    if (limit < 64)
        return LT_ERR_PROTOCOL;
    *plaintext = limit - 1u > LT_MAX_PLAINTEXT ? LT_MAX_PLAINTEXT : limit - 1u;
    return 0;
}

size_t lt_ext_record_size_limit_value(size_t plaintext, int tls13)
{
    /* TLS 1.3 counts the inner content type: at most 2^14 + 1; TLS 1.2 counts the plaintext
     * alone: at most 2^14, and a peer may refuse more (NSS does, with illegal_parameter) */
    size_t value = tls13 ? plaintext + 1 : plaintext;
    size_t most = tls13 ? LT_MAX_PLAINTEXT + 1 : LT_MAX_PLAINTEXT;
    return value > most ? most : value;
}

void lt_ext_write_alpn_data(lt_writer *w, const char *protocol)
{
    lt_writer_block list, name;
    lt_writer_open16(w, &list);
    lt_writer_open8(w, &name);
    lt_writer_bytes(w, protocol, strlen(protocol));
    lt_writer_close(w, &name);
    lt_writer_close(w, &list);
}
