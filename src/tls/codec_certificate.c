/* The Certificate codec (see codec.h): TLS 1.3's (RFC 8446 §4.4.2: a request context, then
 * entries of a certificate and its extensions) and TLS 1.2's (RFC 5246 §7.4.2: the certificates
 * alone). The two share a type byte and differ in syntax, so the caller says which it expects.
 * And the CertificateStatus that staples an OCSP response to it (RFC 6066 §8). */
#include "tls/codec.h"

#include "tls/proto.h"

/* An entry's extensions (the vector's contents): 0, or what lt_ext_parse says is wrong with them.
 * The same function the handler reads them with, so that what the codec accepts it can read. */
static int lt_certificate_entry_exts(lt_span block)
{
    lt_ext_list list;
    return lt_ext_parse(block, &list);
}

int lt_certificate_parse(lt_span msg, int tls13, lt_certificate *ct)
{
    lt_certificate out;
    lt_reader r;
    size_t count = 0;
    LT_TRY(lt_codec_body(msg, LT_HS_CERTIFICATE, &r));
    out.tls13 = tls13;
    lt_reader context = tls13 ? lt_reader_vec8(&r, 0, 255) : lt_reader_init(NULL, 0);
    /* certificate_list<0..2^24-1>: empty is a client without a certificate (§4.4.2) */
    lt_reader list = lt_reader_vec24(&r, 0, 0xffffff);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    out.context = lt_span_make(context.p, context.len);
    while (lt_reader_ok(&list) && !lt_reader_empty(&list)) {
        lt_reader der = lt_reader_vec24(&list, 1, 0xffffff);
        lt_reader exts = tls13 ? lt_reader_vec16(&list, 0, 0xffff) : lt_reader_init(NULL, 0);
        if (!lt_reader_ok(&list))
            return LT_ERR_DECODE;
        lt_span exts_span = lt_span_make(exts.p, exts.len);
        int rc = lt_certificate_entry_exts(exts_span);
        if (rc == LT_ERR_PROTOCOL)
            return rc; /* §4.2: a type twice in a block is illegal_parameter */
        if (rc < 0)
            return LT_ERR_DECODE;
        /* past the bound the entries are still read, so that a malformed message is a
         * decode_error and only a well-formed long chain is LT_ERR_LIMIT */
        if (count < LT_CERTIFICATE_MAX_ENTRIES) {
            out.entries[count].der = lt_span_make(der.p, der.len);
            out.entries[count].extensions = exts_span;
        }
        count++;
    }
    if (!lt_reader_done(&list))
        return LT_ERR_DECODE;
    if (count > LT_CERTIFICATE_MAX_ENTRIES)
        return LT_ERR_LIMIT;
    out.n = count;
    *ct = out;
    return 0;
}

void lt_certificate_write(lt_writer *w, const lt_certificate *ct)
{
    lt_writer_block msg, block, list;
    size_t n = ct->n <= LT_CERTIFICATE_MAX_ENTRIES ? ct->n : 0;
    /* TLS 1.2 has no place for a context or an entry's extensions: dropping them would write
     * something else than was asked */
    if (ct->n > LT_CERTIFICATE_MAX_ENTRIES || ct->context.len > 255 || (!ct->tls13 && ct->context.len > 0))
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    for (size_t i = 0; i < n; i++) {
        const lt_certificate_entry *e = &ct->entries[i];
        if (e->der.len == 0 || e->der.len > 0xffffff || (!ct->tls13 && e->extensions.len > 0) ||
            (ct->tls13 && lt_certificate_entry_exts(e->extensions) < 0))
            lt_writer_fail(w, LT_ERR_INVALID_ARG);
    }
    lt_codec_open(w, LT_HS_CERTIFICATE, &msg);
    if (ct->tls13) {
        lt_writer_open8(w, &block);
        lt_writer_bytes(w, ct->context.p, ct->context.len);
        lt_writer_close(w, &block);
    }
    lt_writer_open24(w, &list);
    for (size_t i = 0; i < n; i++) {
        lt_writer_open24(w, &block);
        lt_writer_bytes(w, ct->entries[i].der.p, ct->entries[i].der.len);
        lt_writer_close(w, &block);
        if (ct->tls13) {
            lt_writer_open16(w, &block);
            lt_writer_bytes(w, ct->entries[i].extensions.p, ct->entries[i].extensions.len);
            lt_writer_close(w, &block);
        }
    }
    lt_writer_close(w, &list);
    lt_writer_close(w, &msg);
}

static int lt_certificate_status_read(lt_reader *r, lt_certificate_status *cs)
{
    uint8_t type = lt_reader_u8(r);
    lt_reader response = lt_reader_vec24(r, 1, 0xffffff);
    /* ocsp (1) is the only status_type of a CertificateStatus (RFC 6066 §8) */
    if (!lt_reader_done(r) || type != 1)
        return LT_ERR_DECODE;
    cs->response = lt_span_make(response.p, response.len);
    return 0;
}

int lt_certificate_status_parse(lt_span msg, lt_certificate_status *cs)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_CERTIFICATE_STATUS, &r));
    return lt_certificate_status_read(&r, cs);
}

int lt_certificate_status_body_parse(lt_span body, lt_certificate_status *cs)
{
    lt_reader r = lt_reader_from_span(body);
    return lt_certificate_status_read(&r, cs);
}

void lt_certificate_status_body_write(lt_writer *w, const lt_certificate_status *cs)
{
    lt_writer_block response;
    if (cs->response.len == 0)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_writer_u8(w, 1);
    lt_writer_open24(w, &response);
    lt_writer_bytes(w, cs->response.p, cs->response.len);
    lt_writer_close(w, &response);
}

void lt_certificate_status_write(lt_writer *w, const lt_certificate_status *cs)
{
    lt_writer_block msg;
    lt_codec_open(w, LT_HS_CERTIFICATE_STATUS, &msg);
    lt_certificate_status_body_write(w, cs);
    lt_writer_close(w, &msg);
}
