/* The authentication codecs (see codec.h): CertificateRequest in TLS 1.3 (RFC 8446 §4.3.2) and
 * TLS 1.2 (RFC 5246 §7.4.4), CertificateVerify (RFC 8446 §4.4.3, RFC 5246 §7.4.8) and Finished
 * (RFC 8446 §4.4.4, RFC 5246 §7.4.9). */
#include "tls/codec.h"

#include "tls/proto.h"

int lt_certificate_request13_parse(lt_span msg, lt_certificate_request13 *cr)
{
    lt_certificate_request13 out;
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_CERTIFICATE_REQUEST, &r));
    lt_reader context = lt_reader_vec8(&r, 0, 255);
    /* extensions<2..2^16-1>: never empty, signature_algorithms must be there */
    lt_reader block = lt_reader_vec16(&r, 2, 0xffff);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    out.context = lt_span_make(context.p, context.len);
    LT_TRY(lt_codec_exts(block, &out.exts));
    *cr = out;
    return 0;
}

void lt_certificate_request13_write(lt_writer *w, const lt_certificate_request13 *cr)
{
    lt_writer_block msg, context;
    if (cr->context.len > 255 || cr->exts.n == 0)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_CERTIFICATE_REQUEST, &msg);
    lt_writer_open8(w, &context);
    lt_writer_bytes(w, cr->context.p, cr->context.len);
    lt_writer_close(w, &context);
    lt_ext_write_list(w, &cr->exts);
    lt_writer_close(w, &msg);
}

int lt_certificate_request12_parse(lt_span msg, lt_certificate_request12 *cr)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_CERTIFICATE_REQUEST, &r));
    lt_reader types = lt_reader_vec8(&r, 1, 255);
    lt_reader schemes = lt_reader_vec16(&r, 2, 0xfffe);
    lt_reader authorities = lt_reader_vec16(&r, 0, 0xffff);
    /* the schemes are 2-byte pairs: an odd length is not a list of them */
    if (!lt_reader_done(&r) || schemes.len % 2 != 0)
        return LT_ERR_DECODE;
    cr->cert_types = lt_span_make(types.p, types.len);
    cr->sigschemes = lt_span_make(schemes.p, schemes.len);
    cr->authorities = lt_span_make(authorities.p, authorities.len);
    return 0;
}

void lt_certificate_request12_write(lt_writer *w, const lt_certificate_request12 *cr)
{
    lt_writer_block msg, block;
    if (cr->cert_types.len == 0 || cr->cert_types.len > 255 || cr->sigschemes.len < 2 ||
        cr->sigschemes.len % 2 != 0)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_CERTIFICATE_REQUEST, &msg);
    lt_writer_open8(w, &block);
    lt_writer_bytes(w, cr->cert_types.p, cr->cert_types.len);
    lt_writer_close(w, &block);
    lt_writer_open16(w, &block);
    lt_writer_bytes(w, cr->sigschemes.p, cr->sigschemes.len);
    lt_writer_close(w, &block);
    lt_writer_open16(w, &block);
    lt_writer_bytes(w, cr->authorities.p, cr->authorities.len);
    lt_writer_close(w, &block);
    lt_writer_close(w, &msg);
}

int lt_certificate_verify_parse(lt_span msg, lt_certificate_verify *cv)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_CERTIFICATE_VERIFY, &r));
    uint16_t scheme = lt_reader_u16(&r);
    lt_reader signature = lt_reader_vec16(&r, 1, 0xffff);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    cv->scheme = scheme;
    cv->signature = lt_span_make(signature.p, signature.len);
    return 0;
}

void lt_certificate_verify_write(lt_writer *w, const lt_certificate_verify *cv)
{
    lt_writer_block msg, signature;
    if (cv->signature.len == 0)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_CERTIFICATE_VERIFY, &msg);
    lt_writer_u16(w, cv->scheme);
    lt_writer_open16(w, &signature);
    lt_writer_bytes(w, cv->signature.p, cv->signature.len);
    lt_writer_close(w, &signature);
    lt_writer_close(w, &msg);
}

int lt_finished_parse(lt_span msg, size_t verify_len, lt_finished *fin)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_FINISHED, &r));
    /* the verify_data has no length of its own: the suite's hash (or TLS 1.2's 12) says it */
    lt_span verify_data = lt_reader_bytes(&r, verify_len);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    fin->verify_data = verify_data;
    return 0;
}

void lt_finished_write(lt_writer *w, const lt_finished *fin)
{
    lt_writer_block msg;
    lt_codec_open(w, LT_HS_FINISHED, &msg);
    lt_writer_bytes(w, fin->verify_data.p, fin->verify_data.len);
    lt_writer_close(w, &msg);
}
