/* The hello-phase codecs (see codec.h): ServerHello and HelloRetryRequest (RFC 8446 §4.1.3-4,
 * RFC 5246 §7.4.1.3), EncryptedExtensions (RFC 8446 §4.3.1), and the messages with an empty body
 * (ServerHelloDone, HelloRequest: RFC 5246 §7.4.5, §7.4.1.1); and the header both directions
 * share. */
#include "tls/codec.h"

#include <string.h>

#include "tls/proto.h"

int lt_codec_alert(int rc)
{
    return rc == LT_ERR_PROTOCOL ? LT_ALERT_ILLEGAL_PARAMETER : LT_ALERT_DECODE_ERROR;
}

int lt_codec_body(lt_span msg, uint8_t type, lt_reader *body)
{
    lt_reader r = lt_reader_from_span(msg);
    uint8_t got = lt_reader_u8(&r);
    *body = lt_reader_vec24(&r, 0, 0xffffff);
    if (!lt_reader_done(&r) || got != type)
        return LT_ERR_DECODE;
    return 0;
}

void lt_codec_open(lt_writer *w, uint8_t type, lt_writer_block *block)
{
    lt_writer_u8(w, type);
    lt_writer_open24(w, block);
}

int lt_codec_exts(lt_reader block, lt_ext_list *list)
{
    int rc = lt_ext_parse(lt_span_make(block.p, block.len), list);
    if (rc == LT_ERR_PROTOCOL)
        return rc;
    return rc < 0 ? LT_ERR_DECODE : 0;
}

int lt_server_hello_parse(lt_span msg, lt_server_hello *sh)
{
    lt_server_hello out;
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_SERVER_HELLO, &r));
    out.legacy_version = lt_reader_u16(&r);
    out.random = lt_reader_bytes(&r, 32);
    lt_reader session_id = lt_reader_vec8(&r, 0, 32);
    out.session_id = lt_span_make(session_id.p, session_id.len);
    out.cipher_suite = lt_reader_u16(&r);
    out.compression = lt_reader_u8(&r);
    out.exts.n = 0;
    /* RFC 5246 §7.4.1.3: a TLS 1.2 ServerHello may stop here; TLS 1.3's never does, which the
     * caller learns from the missing supported_versions */
    out.extensions_present = lt_reader_ok(&r) && !lt_reader_empty(&r);
    if (out.extensions_present) {
        /* a repeated extension is illegal_parameter even with more wrong after it */
        lt_reader block = lt_reader_vec16(&r, 0, 0xffff);
        int rc = lt_reader_ok(&r) ? lt_codec_exts(block, &out.exts) : LT_ERR_DECODE;
        if (rc < 0)
            return rc;
    }
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    out.hello_retry = memcmp(out.random.p, lt_hrr_random, 32) == 0;
    *sh = out;
    return 0;
}

void lt_server_hello_write(lt_writer *w, const lt_server_hello *sh)
{
    lt_writer_block msg, session_id;
    if (sh->random.len != 32 || sh->session_id.len > 32 || (!sh->extensions_present && sh->exts.n > 0))
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_SERVER_HELLO, &msg);
    lt_writer_u16(w, sh->legacy_version);
    lt_writer_bytes(w, sh->random.p, sh->random.len);
    lt_writer_open8(w, &session_id);
    lt_writer_bytes(w, sh->session_id.p, sh->session_id.len);
    lt_writer_close(w, &session_id);
    lt_writer_u16(w, sh->cipher_suite);
    lt_writer_u8(w, sh->compression);
    if (sh->extensions_present)
        lt_ext_write_list(w, &sh->exts);
    lt_writer_close(w, &msg);
}

int lt_encrypted_extensions_parse(lt_span msg, lt_encrypted_extensions *ee)
{
    lt_encrypted_extensions out;
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_ENCRYPTED_EXTENSIONS, &r));
    lt_reader block = lt_reader_vec16(&r, 0, 0xffff);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    LT_TRY(lt_codec_exts(block, &out.exts));
    *ee = out;
    return 0;
}

void lt_encrypted_extensions_write(lt_writer *w, const lt_encrypted_extensions *ee)
{
    lt_writer_block msg;
    lt_codec_open(w, LT_HS_ENCRYPTED_EXTENSIONS, &msg);
    lt_ext_write_list(w, &ee->exts);
    lt_writer_close(w, &msg);
}

int lt_empty_msg_parse(lt_span msg, uint8_t type)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, type, &r));
    return lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
}

void lt_empty_msg_write(lt_writer *w, uint8_t type)
{
    lt_writer_block msg;
    lt_codec_open(w, type, &msg);
    lt_writer_close(w, &msg);
}
