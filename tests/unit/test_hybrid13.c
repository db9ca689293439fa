/* The hybrid groups in TLS 1.3 between a latch client and a latch server in memory: the default
 * configs agree on X25519MLKEM768 in one round trip with every suite; SecP256r1MLKEM768; a server
 * without ML-KEM takes the client's second share (x25519) with no retry; a HelloRetryRequest to
 * the hybrid (the client listed it without a share) and from it (a server with another curve);
 * TLS 1.2 never negotiates a hybrid; a client share whose encapsulation key fails the modulus
 * check, and a server share with a ciphertext one byte short or an all-zero x25519 half, get
 * illegal_parameter. */
#include "lt_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lt_pair.h"
#include "tls/proto.h"

static const char *const cert = "p256";

/* A handshake between configs with the given group lists (NULL: the default) and suites (NULL:
 * the default); checks both ends saw group and whether a HelloRetryRequest happened. */
static void check_handshake(const char *client_groups, const char *server_groups, const char *suites,
                            const char *group, int retry)
{
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    lt_pair p = { 0 };
    LT_CHECK(server_cfg != NULL && client_cfg != NULL);
    if (server_cfg == NULL || client_cfg == NULL)
        return;
    if (client_groups != NULL)
        LT_CHECK_INT(latch_config_set_groups(client_cfg, client_groups), LATCH_OK);
    if (server_groups != NULL)
        LT_CHECK_INT(latch_config_set_groups(server_cfg, server_groups), LATCH_OK);
    if (suites != NULL)
        LT_CHECK_INT(latch_config_set_suites(client_cfg, suites), LATCH_OK);
    int done = lt_pair_handshake(&p, client_cfg, server_cfg, "localhost");
    if (!done)
        fprintf(stderr, "  %s / %s: client: %s; server: %s\n", client_groups ? client_groups : "default",
                server_groups ? server_groups : "default", latch_conn_error(p.client), latch_conn_error(p.server));
    LT_CHECK(done);
    LT_CHECK_INT(latch_conn_version(p.client), LATCH_TLS13);
    LT_CHECK(strcmp(latch_conn_group(p.client), group) == 0);
    LT_CHECK(strcmp(latch_conn_group(p.server), group) == 0);
    LT_CHECK_INT(latch_conn_hello_retry(p.client), retry);
    LT_CHECK_INT(latch_conn_hello_retry(p.server), retry);
    /* and data both ways under the keys the hybrid secret gave */
    const char msg[] = "after a post-quantum handshake";
    char got[64];
    size_t n = 0;
    LT_CHECK_INT(latch_write(p.client, msg, sizeof msg, &n), LATCH_OK);
    lt_pair_pump(&p);
    LT_CHECK_INT(latch_read(p.server, got, sizeof got, &n), LATCH_OK);
    LT_CHECK(n == sizeof msg && memcmp(got, msg, n) == 0);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_defaults_agree_on_x25519mlkem768(void)
{
    check_handshake(NULL, NULL, NULL, "X25519MLKEM768", 0);
}

static void test_every_suite(void)
{
    static const char *const suites[] = { "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                          "TLS_CHACHA20_POLY1305_SHA256" };
    for (size_t i = 0; i < 3; i++)
        check_handshake(NULL, NULL, suites[i], "X25519MLKEM768", 0);
}

/* SecP256r1MLKEM768 is not in the default list: a server that enables it takes it, a default one
 * the client's second share (secp256r1) */
static void test_secp256r1mlkem768(void)
{
    check_handshake("SecP256r1MLKEM768,secp256r1", "SecP256r1MLKEM768,x25519", NULL, "SecP256r1MLKEM768", 0);
    check_handshake("SecP256r1MLKEM768", "SecP256r1MLKEM768", NULL, "SecP256r1MLKEM768", 0);
    check_handshake("SecP256r1MLKEM768,secp256r1", NULL, NULL, "secp256r1", 0);
}

/* the client's second share serves a server without ML-KEM in one round trip */
static void test_server_without_mlkem_takes_the_second_share(void)
{
    check_handshake(NULL, "x25519,secp256r1", NULL, "x25519", 0);
}

/* the client listed the hybrid but sent x25519's share: the server asks for the hybrid's */
static void test_retry_to_the_hybrid(void)
{
    check_handshake("x25519,X25519MLKEM768", NULL, NULL, "X25519MLKEM768", 1);
    check_handshake("secp256r1,SecP256r1MLKEM768", "SecP256r1MLKEM768,secp256r1", NULL, "SecP256r1MLKEM768", 1);
}

/* the client sent the hybrid's and x25519's shares; the server has neither */
static void test_retry_from_the_hybrid(void)
{
    check_handshake("X25519MLKEM768,x25519,secp256r1", "secp256r1", NULL, "secp256r1", 1);
}

/* groups by OpenSSL's spelling, any case for the hybrids */
static void test_group_names(void)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    LT_CHECK_INT(latch_config_set_groups(cfg, "X25519MLKEM768,x25519mlkem768,SecP256r1MLKEM768"), LATCH_OK);
    LT_CHECK(latch_config_set_groups(cfg, "X25519MLKEM1024") != LATCH_OK);
    latch_config_free(cfg);
}

/* TLS 1.2 has no hybrid: a client and server with nothing else share no group */
static void test_tls12_never_negotiates_a_hybrid(void)
{
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    lt_pair p = { 0 };
    if (server_cfg == NULL || client_cfg == NULL)
        return;
    LT_CHECK_INT(latch_config_set_versions(client_cfg, LATCH_TLS12, LATCH_TLS12), LATCH_OK);
    int done = lt_pair_handshake(&p, client_cfg, server_cfg, "localhost");
    LT_CHECK(done);
    LT_CHECK_INT(latch_conn_version(p.client), LATCH_TLS12);
    LT_CHECK(strcmp(latch_conn_group(p.client), "x25519") == 0);
    lt_pair_free(&p);
    latch_config_free(server_cfg);
    server_cfg = lt_pair_server_config(&cert, 1);
    if (server_cfg == NULL)
        return;
    LT_CHECK_INT(latch_config_set_groups(server_cfg, "X25519MLKEM768"), LATCH_OK);
    LT_CHECK(!lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_HANDSHAKE_FAILURE);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static latch_status feed(latch_conn *conn, const uint8_t *data, size_t len)
{
    latch_status st = LATCH_OK;
    while (len > 0 && st == LATCH_OK) {
        size_t room;
        uint8_t *in = latch_net_in_buf(conn, &room);
        if (in == NULL || room == 0)
            return LATCH_ERR_BUFFER;
        size_t n = len < room ? len : room;
        memcpy(in, data, n);
        st = latch_net_in_commit(conn, n);
        data += n;
        len -= n;
    }
    return st;
}

/* The client's ClientHello with the first coefficient of its encapsulation key set to value:
 * the server answers with alert (-1: none, it went on). */
static int server_alert_for_coefficient(uint16_t value)
{
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    latch_conn *client = latch_conn_new(client_cfg, "localhost");
    latch_conn *server = latch_conn_new(server_cfg, NULL);
    int alert = -2;
    size_t len = 0;
    /* a client engine has its ClientHello ready from the start */
    const uint8_t *out = latch_net_out_buf(client, &len);
    uint8_t *hello = malloc(len);
    if (hello != NULL && out != NULL) {
        memcpy(hello, out, len);
        latch_net_out_consumed(client, len);
        /* the hybrid's share: group 0x11ec, length 0x04c0, then the key */
        for (size_t i = 0; i + 4 < len; i++) {
            if (memcmp(hello + i, "\x11\xec\x04\xc0", 4) == 0) {
                hello[i + 4] = (uint8_t)value;
                hello[i + 5] = (uint8_t)((hello[i + 5] & 0xf0) | (value >> 8));
                break;
            }
        }
        feed(server, hello, len);
        alert = latch_conn_alert_sent(server);
    }
    free(hello);
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    return alert;
}

/* draft-ietf-tls-ecdhe-mlkem §4.2: the modulus check, at q - 1 (fine) and q (illegal_parameter) */
static void test_modulus_check_failure_is_illegal_parameter(void)
{
    LT_CHECK_INT(server_alert_for_coefficient(3328), -1);
    LT_CHECK_INT(server_alert_for_coefficient(3329), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(server_alert_for_coefficient(4095), LT_ALERT_ILLEGAL_PARAMETER);
}

static void put16(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static size_t get16(const uint8_t *p)
{
    return (size_t)p[0] << 8 | p[1];
}

/* The client's alert for the server's first flight changed by how: 1 drops the ciphertext's first
 * byte (a 1119-byte share, every enclosing length one less), 2 zeroes the x25519 half. */
static int client_alert_for_server_share(int how)
{
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    latch_conn *client = latch_conn_new(client_cfg, "localhost");
    latch_conn *server = latch_conn_new(server_cfg, NULL);
    latch_status st = LATCH_OK;
    int alert = -2;
    size_t len = 0;
    lt_pair_move(client, server, 0, &st);
    const uint8_t *flight = latch_net_out_buf(server, &len);
    uint8_t *copy = malloc(len);
    size_t at = 0;
    if (copy != NULL && flight != NULL) {
        memcpy(copy, flight, len);
        /* the ServerHello's key_share: group 0x11ec, a 1120-byte (0x0460) key_exchange */
        while (at + 4 < len && memcmp(copy + at, "\x11\xec\x04\x60", 4) != 0)
            at++;
    }
    if (copy != NULL && at + 4 + 1120 <= len && at >= 6) {
        if (how == 1) {
            /* record, handshake message, extensions block, extension, key_exchange: one less */
            put16(copy + 3, get16(copy + 3) - 1);
            size_t hs_len = (size_t)copy[6] << 16 | get16(copy + 7);
            copy[6] = (uint8_t)((hs_len - 1) >> 16);
            put16(copy + 7, hs_len - 1);
            put16(copy + at - 6, get16(copy + at - 6) - 1);
            put16(copy + at - 2, get16(copy + at - 2) - 1);
            put16(copy + at + 2, 1119);
            memmove(copy + at + 4, copy + at + 5, len - (at + 5));
            len--;
        } else {
            memset(copy + at + 4 + 1088, 0, 32);
        }
        feed(client, copy, len);
        alert = latch_conn_alert_sent(client);
    }
    free(copy);
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    return alert;
}

/* draft-ietf-tls-ecdhe-mlkem §4.2: a ciphertext of the wrong length, a bad x25519 half */
static void test_bad_server_share_is_illegal_parameter(void)
{
    LT_CHECK_INT(client_alert_for_server_share(1), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(client_alert_for_server_share(2), LT_ALERT_ILLEGAL_PARAMETER);
}

int main(void)
{
    LT_RUN(test_defaults_agree_on_x25519mlkem768);
    LT_RUN(test_every_suite);
    LT_RUN(test_secp256r1mlkem768);
    LT_RUN(test_server_without_mlkem_takes_the_second_share);
    LT_RUN(test_retry_to_the_hybrid);
    LT_RUN(test_retry_from_the_hybrid);
    LT_RUN(test_group_names);
    LT_RUN(test_tls12_never_negotiates_a_hybrid);
    LT_RUN(test_modulus_check_failure_is_illegal_parameter);
    LT_RUN(test_bad_server_share_is_illegal_parameter);
    return lt_test_summary();
}
