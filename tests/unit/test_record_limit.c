/* record_size_limit (RFC 8449 §4) on the wire in both versions: TLS 1.3's value counts the inner
 * content type (at most 2^14 + 1), TLS 1.2's does not (at most 2^14: NSS refuses 16385 with
 * illegal_parameter). A TLS 1.2 limit is the plaintext a record may carry, in both directions. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"
#include "tls/proto.h"

/* The record_size_limit value in the hello at the start of conn's output (a plaintext
 * ClientHello or ServerHello in one record), or -1 when it has none. */
static long lt_hello_record_limit(latch_conn *conn)
{
    size_t len;
    const uint8_t *out = latch_net_out_buf(conn, &len);
    if (out == NULL || len < 5 + 4 + 2 + 32 + 1)
        return -2;
    size_t pos = 5 + 4 + 2 + 32; /* record header, handshake header, version, random */
    pos += 1 + out[pos];          /* session id */
    if (out[5] == LT_HS_CLIENT_HELLO) {
        pos += 2 + ((size_t)out[pos] << 8 | out[pos + 1]); /* cipher suites */
        pos += 1 + out[pos];                                /* compression methods */
    } else {
        pos += 2 + 1; /* the suite, the compression method */
    }
    size_t end = pos + 2 + ((size_t)out[pos] << 8 | out[pos + 1]);
    for (pos += 2; pos + 4 <= end && end <= len;) {
        unsigned type = (unsigned)out[pos] << 8 | out[pos + 1];
        size_t ext_len = (size_t)out[pos + 2] << 8 | out[pos + 3];
        if (type == LT_EXT_RECORD_SIZE_LIMIT && ext_len == 2)
            return (long)out[pos + 4] << 8 | out[pos + 5];
        pos += 4 + ext_len;
    }
    return -1;
}

/* The value each side sends, for our limit and versions: the client's in its ClientHello, the
 * server's in its ServerHello (TLS 1.2; TLS 1.3's is encrypted, checked through the limits). */
static void lt_check_values(size_t limit, uint16_t client_max, long client_value, long server12_value)
{
    static const char *const cert = "p256";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    latch_config_set_versions(client_cfg, LATCH_TLS12, client_max);
    latch_config_set_versions(server_cfg, LATCH_TLS12, LATCH_TLS12);
    if (limit != 0) {
        LT_CHECK_INT(latch_config_set_record_size_limit(client_cfg, limit), LATCH_OK);
        LT_CHECK_INT(latch_config_set_record_size_limit(server_cfg, limit), LATCH_OK);
    }
    lt_pair p = { .client = latch_conn_new(client_cfg, "localhost"),
                  .server = latch_conn_new(server_cfg, NULL) };
    LT_CHECK_INT(lt_hello_record_limit(p.client), client_value);
    lt_pair_move(p.client, p.server, 0, &p.server_status);
    LT_CHECK_INT(lt_hello_record_limit(p.server), server12_value);
    lt_pair_pump(&p);
    LT_CHECK(latch_conn_handshake_done(p.client) && latch_conn_handshake_done(p.server));
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_tls12_values_are_at_most_2_14(void)
{
    /* defaults: the server's TLS 1.2 answer is 2^14, not 2^14 + 1 */
    lt_check_values(0, LATCH_TLS13, 16385, 16384);
    /* a TLS 1.2-only client sends TLS 1.2's value */
    lt_check_values(0, LATCH_TLS12, 16384, 16384);
    /* a set limit: TLS 1.3's value is one more than TLS 1.2's */
    lt_check_values(512, LATCH_TLS13, 513, 512);
    lt_check_values(512, LATCH_TLS12, 512, 512);
}

/* In TLS 1.2 a limit of N lets records of N plaintext bytes through, and refuses N + 1. */
static void test_tls12_limit_is_the_plaintext(void)
{
    static const char *const cert = "p256";
    for (int sent = 511; sent <= 513; sent++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        latch_config_set_versions(client_cfg, LATCH_TLS12, LATCH_TLS12);
        LT_CHECK_INT(latch_config_set_record_size_limit(server_cfg, 512), LATCH_OK);
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
        LT_CHECK_INT(p.client->send_limit, 512);
        p.client->send_limit = (size_t)sent; /* a client that ignores the limit past 512 */
        static uint8_t data[600];
        size_t n = 0;
        LT_CHECK_INT(latch_write(p.client, data, (size_t)sent, &n), LATCH_OK);
        lt_pair_pump(&p);
        if (sent <= 512) {
            LT_CHECK_INT(p.server_status, LATCH_OK);
            LT_CHECK_INT(latch_read(p.server, data, sizeof data, &n), LATCH_OK);
            LT_CHECK_INT(n, sent);
        } else {
            LT_CHECK_INT(p.server_status, LATCH_ERR_PROTOCOL);
            LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_RECORD_OVERFLOW);
        }
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

int main(void)
{
    LT_RUN(test_tls12_values_are_at_most_2_14);
    LT_RUN(test_tls12_limit_is_the_plaintext);
    return lt_test_summary();
}
