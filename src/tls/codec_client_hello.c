/* The ClientHello codec (see codec.h; RFC 8446 §4.1.2, RFC 5246 §7.4.1.2): the fields both
 * versions share, and the extensions latch knows. A ClientHello is the one message whose
 * extensions latch does not choose (GREASE, RFC 8701, and whatever else a client sends), so its
 * block is read whole, each extension checked and the unknown ones passed over
 * (lt_ext_parse_known); the last type is kept because pre_shared_key must be last (§4.2.11),
 * which the handler checks. */
#include "tls/codec.h"

#include "tls/proto.h"

int lt_client_hello_msg_parse(lt_span msg, lt_client_hello_msg *ch)
{
    lt_client_hello_msg out;
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_CLIENT_HELLO, &r));
    out.legacy_version = lt_reader_u16(&r);
    out.random = lt_reader_bytes(&r, 32);
    lt_reader session_id = lt_reader_vec8(&r, 0, 32);
    lt_reader suites = lt_reader_vec16(&r, 2, 0xfffe);
    lt_reader compression = lt_reader_vec8(&r, 1, 255);
    out.session_id = lt_span_make(session_id.p, session_id.len);
    out.cipher_suites = lt_span_make(suites.p, suites.len);
    out.compression_methods = lt_span_make(compression.p, compression.len);
    out.exts.n = 0;
    out.last_ext_type = 0;
    /* RFC 5246 §7.4.1.2: a TLS 1.2 ClientHello may end after its compression methods */
    out.extensions_present = lt_reader_ok(&r) && !lt_reader_empty(&r);
    if (out.extensions_present) {
        /* a repeated extension is illegal_parameter even with more wrong after it, as in the
         * ServerHello */
        lt_reader block = lt_reader_vec16(&r, 0, 0xffff);
        int rc = lt_reader_ok(&r) ? lt_ext_parse_known(lt_span_make(block.p, block.len), &out.exts,
                                                       &out.last_ext_type)
                                  : LT_ERR_DECODE;
        if (rc == LT_ERR_PROTOCOL)
            return rc;
        if (rc < 0)
            return LT_ERR_DECODE;
    }
    /* the suites are 2-byte values: an odd length is not a list of them */
    if (!lt_reader_done(&r) || out.cipher_suites.len % 2 != 0)
        return LT_ERR_DECODE;
    *ch = out;
    return 0;
}

void lt_client_hello_msg_write(lt_writer *w, const lt_client_hello_msg *ch)
{
    lt_writer_block msg, block;
    if (ch->random.len != 32 || ch->session_id.len > 32 || ch->cipher_suites.len < 2 ||
        ch->cipher_suites.len > 0xfffe || ch->cipher_suites.len % 2 != 0 || ch->compression_methods.len == 0 ||
        ch->compression_methods.len > 255 || (!ch->extensions_present && ch->exts.n > 0))
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_CLIENT_HELLO, &msg);
    lt_writer_u16(w, ch->legacy_version);
    lt_writer_bytes(w, ch->random.p, ch->random.len);
    lt_writer_open8(w, &block);
    lt_writer_bytes(w, ch->session_id.p, ch->session_id.len);
    lt_writer_close(w, &block);
    lt_writer_open16(w, &block);
    lt_writer_bytes(w, ch->cipher_suites.p, ch->cipher_suites.len);
    lt_writer_close(w, &block);
    lt_writer_open8(w, &block);
    lt_writer_bytes(w, ch->compression_methods.p, ch->compression_methods.len);
    lt_writer_close(w, &block);
    /* every extension in the list, known to latch or not: a client may send GREASE */
    if (ch->extensions_present)
        lt_ext_write_list(w, &ch->exts);
    lt_writer_close(w, &msg);
}
