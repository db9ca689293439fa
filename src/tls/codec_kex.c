/* The TLS 1.2 key exchange codecs (see codec.h): ServerKeyExchange for ECDHE (RFC 8422 §5.4) and
 * ClientKeyExchange (RFC 8422 §5.7, RFC 5246 §7.4.7.1). */
#include "tls/codec.h"

#include "tls/proto.h"

/* ECCurveType named_curve (RFC 8422 §5.4): the only one left (explicit curves are deprecated). */
#define LT_CURVE_TYPE_NAMED 3

int lt_server_key_exchange_parse(lt_span msg, lt_server_key_exchange *ske)
{
    lt_server_key_exchange out;
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_SERVER_KEY_EXCHANGE, &r));
    size_t params_at = r.pos;
    uint8_t curve_type = lt_reader_u8(&r);
    out.group = lt_reader_u16(&r);
    lt_reader point = lt_reader_vec8(&r, 1, 255);
    /* the params are signed as sent, so they are kept as sent */
    out.params = lt_span_make(r.p + params_at, r.pos - params_at);
    out.point = lt_span_make(point.p, point.len);
    out.scheme = lt_reader_u16(&r);
    lt_reader signature = lt_reader_vec16(&r, 1, 0xffff);
    out.signature = lt_span_make(signature.p, signature.len);
    /* another curve type has fields we cannot read, so the message cannot be decoded */
    if (!lt_reader_done(&r) || curve_type != LT_CURVE_TYPE_NAMED)
        return LT_ERR_DECODE;
    *ske = out;
    return 0;
}

void lt_server_key_exchange_write_params(lt_writer *w, uint16_t group, lt_span point)
{
    lt_writer_block block;
    if (point.len == 0)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_writer_u8(w, LT_CURVE_TYPE_NAMED);
    lt_writer_u16(w, group);
    lt_writer_open8(w, &block);
    lt_writer_bytes(w, point.p, point.len);
    lt_writer_close(w, &block);
}

void lt_server_key_exchange_write(lt_writer *w, const lt_server_key_exchange *ske)
{
    lt_writer_block msg, signature;
    if (ske->signature.len == 0)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_SERVER_KEY_EXCHANGE, &msg);
    lt_server_key_exchange_write_params(w, ske->group, ske->point);
    lt_writer_u16(w, ske->scheme);
    lt_writer_open16(w, &signature);
    lt_writer_bytes(w, ske->signature.p, ske->signature.len);
    lt_writer_close(w, &signature);
    lt_writer_close(w, &msg);
}

int lt_client_key_exchange_parse(lt_span msg, lt_kx kx, lt_client_key_exchange *cke)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_CLIENT_KEY_EXCHANGE, &r));
    /* ECPoint point<1..2^8-1>; EncryptedPreMasterSecret as TLS 1.0+ sends it, opaque<0..2^16-1>
     * (never empty: no RSA modulus encrypts to nothing) */
    lt_reader exchange = kx == LT_KX_ECDHE ? lt_reader_vec8(&r, 1, 255) : lt_reader_vec16(&r, 1, 0xffff);
    if (!lt_reader_done(&r) || (kx != LT_KX_ECDHE && kx != LT_KX_RSA))
        return LT_ERR_DECODE;
    cke->kx = kx;
    cke->exchange = lt_span_make(exchange.p, exchange.len);
    return 0;
}

void lt_client_key_exchange_write(lt_writer *w, const lt_client_key_exchange *cke)
{
    lt_writer_block msg, exchange;
    if (cke->exchange.len == 0 || (cke->kx != LT_KX_ECDHE && cke->kx != LT_KX_RSA))
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_CLIENT_KEY_EXCHANGE, &msg);
    if (cke->kx == LT_KX_ECDHE)
        lt_writer_open8(w, &exchange);
    else
        lt_writer_open16(w, &exchange);
    lt_writer_bytes(w, cke->exchange.p, cke->exchange.len);
    lt_writer_close(w, &exchange);
    lt_writer_close(w, &msg);
}
