/* The codecs of the messages that come after a handshake's Finished (see codec.h):
 * NewSessionTicket in TLS 1.3 (RFC 8446 §4.6.1) and TLS 1.2 (RFC 5077 §3.3, the last message
 * before the server's ChangeCipherSpec there), and KeyUpdate (RFC 8446 §4.6.3). */
#include "tls/codec.h"

#include "tls/proto.h"

int lt_new_session_ticket13_parse(lt_span msg, lt_new_session_ticket13 *nst)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_NEW_SESSION_TICKET, &r));
    uint32_t lifetime = lt_reader_u32(&r);
    uint32_t age_add = lt_reader_u32(&r);
    lt_reader nonce = lt_reader_vec8(&r, 0, 255);
    lt_reader ticket = lt_reader_vec16(&r, 1, 0xffff);
    lt_reader extensions = lt_reader_vec16(&r, 0, 0xfffe);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    nst->lifetime = lifetime;
    nst->age_add = age_add;
    nst->nonce = lt_span_make(nonce.p, nonce.len);
    nst->ticket = lt_span_make(ticket.p, ticket.len);
    nst->extensions = lt_span_make(extensions.p, extensions.len);
    return 0;
}

void lt_new_session_ticket13_write(lt_writer *w, const lt_new_session_ticket13 *nst)
{
    lt_writer_block msg, block;
    if (nst->nonce.len > 255 || nst->ticket.len == 0 || nst->extensions.len > 0xfffe)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_NEW_SESSION_TICKET, &msg);
    lt_writer_u32(w, nst->lifetime);
    lt_writer_u32(w, nst->age_add);
    lt_writer_open8(w, &block);
    lt_writer_bytes(w, nst->nonce.p, nst->nonce.len);
    lt_writer_close(w, &block);
    lt_writer_open16(w, &block);
    lt_writer_bytes(w, nst->ticket.p, nst->ticket.len);
    lt_writer_close(w, &block);
    lt_writer_open16(w, &block);
    lt_writer_bytes(w, nst->extensions.p, nst->extensions.len);
    lt_writer_close(w, &block);
    lt_writer_close(w, &msg);
}

int lt_new_session_ticket12_parse(lt_span msg, lt_new_session_ticket12 *nst)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_NEW_SESSION_TICKET, &r));
    uint32_t lifetime_hint = lt_reader_u32(&r);
    lt_reader ticket = lt_reader_vec16(&r, 0, 0xffff);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    nst->lifetime_hint = lifetime_hint;
    nst->ticket = lt_span_make(ticket.p, ticket.len);
    return 0;
}

void lt_new_session_ticket12_write(lt_writer *w, const lt_new_session_ticket12 *nst)
{
    lt_writer_block msg, ticket;
    lt_codec_open(w, LT_HS_NEW_SESSION_TICKET, &msg);
    lt_writer_u32(w, nst->lifetime_hint);
    lt_writer_open16(w, &ticket);
    lt_writer_bytes(w, nst->ticket.p, nst->ticket.len);
    lt_writer_close(w, &ticket);
    lt_writer_close(w, &msg);
}

int lt_key_update_parse(lt_span msg, lt_key_update *ku)
{
    lt_reader r;
    LT_TRY(lt_codec_body(msg, LT_HS_KEY_UPDATE, &r));
    uint8_t request_update = lt_reader_u8(&r);
    if (!lt_reader_done(&r))
        return LT_ERR_DECODE;
    /* §4.6.3: "any other value" is illegal_parameter, not a decode error */
    if (request_update > 1)
        return LT_ERR_PROTOCOL;
    ku->request_update = request_update;
    return 0;
}

void lt_key_update_write(lt_writer *w, const lt_key_update *ku)
{
    lt_writer_block msg;
    if (ku->request_update > 1)
        lt_writer_fail(w, LT_ERR_INVALID_ARG);
    lt_codec_open(w, LT_HS_KEY_UPDATE, &msg);
    lt_writer_u8(w, ku->request_update);
    lt_writer_close(w, &msg);
}
