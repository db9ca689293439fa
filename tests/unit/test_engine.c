/* The engine's failures stick: an error from handling the peer's input, even a bare error code
 * that no handler turned into an alert and a sentence, fails the connection with an alert, and
 * the message is never handled again (it stayed in the buffer and was, on the next input: one
 * server answered the same ClientHello twice). */
#include <pthread.h>

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

/* What an event loop asks: whether to wait for writable (bytes out, a failure's alert too) and
 * for readable (open, nothing unread first); and a failure's sentence says "sending alert" until
 * the alert's bytes are taken, then "sent alert". */
static void test_interest_and_pending_alert(void)
{
    static const char *const cert = "p256";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                  .server = latch_conn_new(server_cfg, NULL) };
    int token = 7;
    LT_CHECK(latch_conn_user_data(p.client) == NULL);
    latch_conn_set_user_data(p.client, &token);
    LT_CHECK(latch_conn_user_data(p.client) == &token);
    LT_CHECK(latch_conn_wants_write(p.client));  /* the ClientHello */
    LT_CHECK(latch_conn_wants_read(p.client));
    LT_CHECK(!latch_conn_wants_write(p.server));
    lt_pair_pump(&p);
    LT_CHECK(latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server));
    LT_CHECK(!latch_conn_wants_write(p.client) && !latch_conn_wants_write(p.server));
    size_t n;
    uint8_t buf[16];
    LT_CHECK_INT(latch_write(p.server, "hello", 5, &n), LATCH_OK);
    LT_CHECK(latch_conn_wants_write(p.server));
    lt_pair_pump(&p);
    LT_CHECK(!latch_conn_wants_read(p.client)); /* "hello" waits for latch_read first */
    LT_CHECK_INT(latch_read(p.client, buf, sizeof buf, &n), LATCH_OK);
    LT_CHECK(latch_conn_wants_read(p.client));
    /* a failure: its alert waits, the sentence says so until the bytes are taken */
    uint8_t *in = latch_net_in_buf(p.client, &n);
    memcpy(in, "\x17\x03\x03\x00\x20", 5);
    memset(in + 5, 0, 32);
    LT_CHECK(latch_net_in_commit(p.client, 37) < 0);
    LT_CHECK(latch_conn_wants_write(p.client));
    LT_CHECK(!latch_conn_wants_read(p.client));
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "(sending alert bad_record_mac)");
    const uint8_t *out = latch_net_out_buf(p.client, &n);
    LT_CHECK(out != NULL && n > 1);
    latch_net_out_consumed(p.client, n - 1);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "(sending alert bad_record_mac)");
    latch_net_out_consumed(p.client, 1);
    LT_CHECK(!latch_conn_wants_write(p.client));
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "failed authentication (sent alert bad_record_mac)");
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* latch_conn_new says why it returned NULL, per thread. */
static void test_conn_new_says_why(void)
{
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK(latch_conn_new(client_cfg, NULL) == NULL);
    LT_CHECK_STR_CONTAINS(latch_conn_new_error(), "needs the server's name");
    LT_CHECK(latch_conn_new(client_cfg, "bad name!") == NULL);
    LT_CHECK_STR_CONTAINS(latch_conn_new_error(), "not 'bad name!'");
    latch_conn *ok = latch_conn_new(client_cfg, "localhost");
    LT_CHECK(ok != NULL);
    LT_CHECK_STR_CONTAINS(latch_conn_new_error(), ""); /* cleared by a success */
    LT_CHECK(latch_conn_new_error()[0] == '\0');
    latch_conn_free(ok);
    latch_config_free(client_cfg);
    latch_config *server_cfg = latch_config_new(LATCH_ROLE_SERVER); /* no certificate */
    LT_CHECK(latch_conn_new(server_cfg, NULL) == NULL);
    LT_CHECK_STR_CONTAINS(latch_conn_new_error(), "a server needs a certificate and key");
    latch_config_free(server_cfg);
}

/* Connections from one unfrozen config on several threads at once: one freezes it, all work. */
typedef struct {
    latch_config *client_cfg, *server_cfg;
    int ok;
} lt_thread_job;

static void *lt_thread_connect(void *arg)
{
    lt_thread_job *job = arg;
    lt_pair p = { 0 };
    job->ok = lt_pair_handshake(&p, job->client_cfg, job->server_cfg, "localhost");
    lt_pair_free(&p);
    return NULL;
}

static void test_configs_freeze_once_across_threads(void)
{
    static const char *const cert = "p256";
    for (int round = 0; round < 4; round++) {
        lt_thread_job jobs[8];
        pthread_t threads[8];
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        for (int i = 0; i < 8; i++) {
            jobs[i] = (lt_thread_job){ client_cfg, server_cfg, 0 };
            LT_CHECK_INT(pthread_create(&threads[i], NULL, lt_thread_connect, &jobs[i]), 0);
        }
        for (int i = 0; i < 8; i++) {
            pthread_join(threads[i], NULL);
            LT_CHECK(jobs[i].ok);
        }
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* The output window stays where it is until consumed (or asked for again), whatever is written
 * meanwhile: an asynchronous write may use the pointer it was given. Part of the output is
 * consumed first, so that more room would once have been made by moving the rest to the front,
 * or by growing the buffer elsewhere. */
static void test_output_window_is_stable(void)
{
    static const char *const cert = "p256";
    static uint8_t data[200000], saved[70000], got[200000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + i / 251);
    for (int grow = 0; grow < 2; grow++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
        size_t n = 0, written = 0, len;
        LT_CHECK_INT(latch_write(p.client, data, 3000, &n), LATCH_OK);
        written += n;
        /* the first 1000 bytes of records go out; the rest is the window handed out */
        (void)latch_net_out_buf(p.client, &len);
        size_t room;
        uint8_t *in = latch_net_in_buf(p.server, &room);
        const uint8_t *window = latch_net_out_buf(p.client, &len);
        memcpy(in, window, 1000);
        latch_net_out_consumed(p.client, 1000);
        window = latch_net_out_buf(p.client, &len);
        LT_CHECK(len > 0 && len <= sizeof saved && 1000 + len <= room);
        memcpy(saved, window, len);
        /* more is written: a little (the room at the front would do) or a lot (a bigger buffer) */
        size_t more = grow ? 60000 : 1500;
        for (int tries = 0; tries < 8 && more > 0; tries++) {
            LT_CHECK(latch_write(p.client, data + written, more, &n) >= 0);
            written += n;
            more -= n;
        }
        LT_CHECK(memcmp(window, saved, len) == 0); /* untouched, and not freed (ASan) */
        /* the window is sent as it was, then everything else: the server reads it all in order */
        memcpy(in + 1000, window, len);
        latch_net_out_consumed(p.client, len);
        LT_CHECK_INT(latch_net_in_commit(p.server, 1000 + len), LATCH_OK);
        size_t received = 0;
        for (int round = 0; round < 1000 && received < written; round++) {
            lt_pair_pump(&p);
            while (latch_read(p.server, got + received, sizeof got - received, &n) == LATCH_OK)
                received += n;
        }
        LT_CHECK(received == written);
        LT_CHECK(memcmp(got, data, written) == 0);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

int main(void)
{
    LT_RUN(test_output_window_is_stable);
    LT_RUN(test_conn_new_says_why);
    LT_RUN(test_configs_freeze_once_across_threads);
    LT_RUN(test_bare_handler_error_sticks);
    LT_RUN(test_interest_and_pending_alert);
    return lt_test_summary();
}
