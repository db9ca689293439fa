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

/* The extensions latch reads: at most one of each, so fewer than LT_MAX_EXTENSIONS. */
static int lt_ext_known(uint16_t type)
{
    switch (type) {
    case LT_EXT_SERVER_NAME: case LT_EXT_STATUS_REQUEST: case LT_EXT_SUPPORTED_GROUPS:
    case LT_EXT_EC_POINT_FORMATS: case LT_EXT_SIGNATURE_ALGORITHMS: case LT_EXT_ALPN: case LT_EXT_SCT:
    case LT_EXT_PADDING: case LT_EXT_ENCRYPT_THEN_MAC: case LT_EXT_EXTENDED_MASTER_SECRET:
    case LT_EXT_COMPRESS_CERTIFICATE: case LT_EXT_RECORD_SIZE_LIMIT: case LT_EXT_SESSION_TICKET:
    case LT_EXT_PRE_SHARED_KEY: case LT_EXT_EARLY_DATA: case LT_EXT_SUPPORTED_VERSIONS: case LT_EXT_COOKIE:
    case LT_EXT_PSK_KEY_EXCHANGE_MODES: case LT_EXT_CERTIFICATE_AUTHORITIES: case LT_EXT_POST_HANDSHAKE_AUTH:
    case LT_EXT_SIGNATURE_ALGORITHMS_CERT: case LT_EXT_KEY_SHARE: case LT_EXT_RENEGOTIATION_INFO:
        return 1;
    default:
        return 0;
    }
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

void lt_ext_write_record_size_limit(lt_writer *w, size_t plaintext, int tls13)
{
    lt_writer_u16(w, LT_EXT_RECORD_SIZE_LIMIT);
    lt_writer_u16(w, 2);
    lt_writer_u16(w, (uint16_t)lt_ext_record_size_limit_value(plaintext, tls13));
}

void lt_ext_write_alpn(lt_writer *w, const char *protocol)
{
    lt_writer_block ext, list, name;
    lt_writer_u16(w, LT_EXT_ALPN);
    lt_writer_open16(w, &ext);
    lt_writer_open16(w, &list);
    lt_writer_open8(w, &name);
    lt_writer_bytes(w, protocol, strlen(protocol));
    lt_writer_close(w, &name);
    lt_writer_close(w, &list);
    lt_writer_close(w, &ext);
}
