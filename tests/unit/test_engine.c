/* The engine's failures stick: an error from handling the peer's input, even a bare error code
 * that no handler turned into an alert and a sentence, fails the connection with an alert, and
 * the message is never handled again (it stayed in the buffer and was, on the next input: one
 * server answered the same ClientHello twice). */
#include "lt_pair.h"
#include "lt_test.h"

#include "base/err.h"
#include "tls/conn.h"
#include "tls/proto.h"

static void test_bare_handler_error_sticks(void)
{
    static const char *const cert = "p256";
    static const int errors[] = { LT_ERR_NOMEM, LT_ERR_CRYPTO, LT_ERR_DECODE };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                      .server = latch_conn_new(server_cfg, NULL) };
        p.server->hs->dispatch_error = errors[i];
        /* the ClientHello in two parts: the second commit must not bring it back to life */
        size_t len, room;
        const uint8_t *hello = latch_net_out_buf(p.client, &len);
        uint8_t *in = latch_net_in_buf(p.server, &room);
        LT_CHECK(room >= len);
        memcpy(in, hello, len);
        LT_CHECK_INT(latch_net_in_commit(p.server, len), errors[i]);
        latch_net_out_consumed(p.client, len);
        LT_CHECK_INT(latch_conn_alert_sent(p.server),
                     errors[i] == LT_ERR_DECODE ? LT_ALERT_DECODE_ERROR : LT_ALERT_INTERNAL_ERROR);
        LT_CHECK(latch_conn_error(p.server)[0] != '\0');
        /* what the server sends is one alert record, no ServerHello, now or later */
        const uint8_t *out = latch_net_out_buf(p.server, &len);
        LT_CHECK(len == 7 && out[0] == LT_CT_ALERT);
        in = latch_net_in_buf(p.server, &room);
        if (in != NULL && room > 0) {
            in[0] = LT_CT_ALERT;
            LT_CHECK(latch_net_in_commit(p.server, 1) < 0);
        }
        (void)latch_net_out_buf(p.server, &len);
        LT_CHECK_INT(len, 7);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

int main(void)
{
    LT_RUN(test_bare_handler_error_sticks);
    return lt_test_summary();
}
