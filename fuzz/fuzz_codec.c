/* libFuzzer harness: every handshake message codec (src/tls/codec*.c) on the same bytes, and what
 * a parse accepts written back: it must be the bytes that were read (a ClientHello's less the
 * unknown extensions its parse passed over: lt_client_hello_back). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tls/codec.h"
#include "tls/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t lt_out[1 << 17];

/* What was accepted, written again, is what was read. */
static void lt_same(const uint8_t *msg, size_t len, const lt_writer *w)
{
    if (w->err != 0 || w->len != len || memcmp(w->buf, msg, len) != 0)
        abort();
}

#define LT_BACK(parsed, write_call) do { \
    if (parsed) { \
        w = lt_writer_init(lt_out, sizeof lt_out); \
        write_call; \
        lt_same(data, size, &w); \
    } } while (0)

/* A ClientHello comes back whole unless the parse passed over unknown extensions: then what is
 * written is shorter, reads as the same known extensions, and writes again to itself. */
static void lt_client_hello_back(const uint8_t *msg, size_t len, const lt_client_hello_msg *ch)
{
    static uint8_t again[1 << 17];
    static lt_client_hello_msg back;
    lt_writer w = lt_writer_init(lt_out, sizeof lt_out);
    lt_client_hello_msg_write(&w, ch);
    if (w.err == 0 && w.len == len) {
        lt_same(msg, len, &w);
        return;
    }
    if (w.err != 0 || w.len > len || lt_client_hello_msg_parse(lt_span_make(lt_out, w.len), &back) != 0 ||
        back.exts.n != ch->exts.n)
        abort();
    for (size_t i = 0; i < back.exts.n; i++) {
        lt_span a = back.exts.items[i].data, b = ch->exts.items[i].data;
        if (back.exts.items[i].type != ch->exts.items[i].type || a.len != b.len ||
            (a.len > 0 && memcmp(a.p, b.p, a.len) != 0))
            abort();
    }
    lt_writer w2 = lt_writer_init(again, sizeof again);
    lt_client_hello_msg_write(&w2, &back);
    lt_same(lt_out, w.len, &w2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the message's type byte is taken as the fuzzer gives it; each parse refuses other types */
    lt_span msg = lt_span_make(data, size);
    lt_writer w;
    lt_parsed x;
    LT_BACK(lt_server_hello_parse(msg, &x.server_hello) == 0,
            lt_server_hello_write(&w, &x.server_hello));
    LT_BACK(lt_encrypted_extensions_parse(msg, &x.encrypted_extensions) == 0,
            lt_encrypted_extensions_write(&w, &x.encrypted_extensions));
    LT_BACK(lt_certificate_request13_parse(msg, &x.certificate_request13) == 0,
            lt_certificate_request13_write(&w, &x.certificate_request13));
    LT_BACK(lt_certificate_request12_parse(msg, &x.certificate_request12) == 0,
            lt_certificate_request12_write(&w, &x.certificate_request12));
    LT_BACK(lt_certificate_verify_parse(msg, &x.certificate_verify) == 0,
            lt_certificate_verify_write(&w, &x.certificate_verify));
    LT_BACK(size >= 4 && lt_finished_parse(msg, size - 4, &x.finished) == 0,
            lt_finished_write(&w, &x.finished));
    LT_BACK(lt_server_key_exchange_parse(msg, &x.server_key_exchange) == 0,
            lt_server_key_exchange_write(&w, &x.server_key_exchange));
    LT_BACK(lt_client_key_exchange_parse(msg, LT_KX_ECDHE, &x.client_key_exchange) == 0,
            lt_client_key_exchange_write(&w, &x.client_key_exchange));
    LT_BACK(lt_client_key_exchange_parse(msg, LT_KX_RSA, &x.client_key_exchange) == 0,
            lt_client_key_exchange_write(&w, &x.client_key_exchange));
    LT_BACK(lt_new_session_ticket13_parse(msg, &x.new_session_ticket13) == 0,
            lt_new_session_ticket13_write(&w, &x.new_session_ticket13));
    LT_BACK(lt_new_session_ticket12_parse(msg, &x.new_session_ticket12) == 0,
            lt_new_session_ticket12_write(&w, &x.new_session_ticket12));
    LT_BACK(lt_key_update_parse(msg, &x.key_update) == 0,
            lt_key_update_write(&w, &x.key_update));
    LT_BACK(lt_empty_msg_parse(msg, LT_HS_SERVER_HELLO_DONE) == 0,
            lt_empty_msg_write(&w, LT_HS_SERVER_HELLO_DONE));
    if (lt_client_hello_msg_parse(msg, &x.client_hello) == 0)
        lt_client_hello_back(data, size, &x.client_hello);
    LT_BACK(lt_certificate_parse(msg, 1, &x.certificate) == 0,
            lt_certificate_write(&w, &x.certificate));
    LT_BACK(lt_certificate_parse(msg, 0, &x.certificate) == 0,
            lt_certificate_write(&w, &x.certificate));
    LT_BACK(lt_certificate_status_parse(msg, &x.certificate_status) == 0,
            lt_certificate_status_write(&w, &x.certificate_status));
    return 0;
}
