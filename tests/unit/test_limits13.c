/* TLS 1.3 size limits: record_size_limit (RFC 8449) advertised, honoured and enforced in both
 * directions, and the configurable bound on a peer's handshake message. */
#include <stdlib.h>
#include <unistd.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"
#include "tls/proto.h"

/* The largest record fragment waiting in conn's output, and how many records there are. */
static size_t lt_largest_record(latch_conn *conn, size_t *count)
{
    size_t len, largest = 0, pos = 0;
    const uint8_t *out = latch_net_out_buf(conn, &len);
    *count = 0;
    while (pos + LT_RECORD_HEADER_LEN <= len) {
        size_t fragment = (size_t)out[pos + 3] << 8 | out[pos + 4];
        if (fragment > largest)
            largest = fragment;
        pos += LT_RECORD_HEADER_LEN + fragment;
        (*count)++;
    }
    return largest;
}

/* Writes len bytes on from, checks the records' sizes against limit, and reads them at to. */
static void lt_check_direction(lt_pair *p, latch_conn *from, latch_conn *to, size_t limit)
{
    static uint8_t data[5000], got[5000];
    size_t n = 0, count = 0, received = 0;
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7);
    LT_CHECK_INT(latch_write(from, data, sizeof data, &n), LATCH_OK);
    LT_CHECK_INT(n, sizeof data);
    /* content + inner type + tag: TLSInnerPlaintext within the limit (+1 for the type) */
    LT_CHECK(lt_largest_record(from, &count) <= limit + 1 + LT_AEAD_TAG_LEN);
    LT_CHECK(count >= (sizeof data + limit - 1) / limit);
    /* the receiver buffers what it has room for: read, then hand over more */
    for (int round = 0; round < 100 && received < sizeof got; round++) {
        lt_pair_pump(p);
        while (received < sizeof got && latch_read(to, got + received, sizeof got - received, &n) == LATCH_OK)
            received += n;
    }
    LT_CHECK_INT(received, sizeof data);
    LT_CHECK_MEM(got, data, sizeof data);
}

static void test_record_size_limit(void)
{
    static const char *const cert = "p256";
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_record_size_limit(server_cfg, 512), LATCH_OK);
    LT_CHECK_INT(latch_config_set_record_size_limit(client_cfg, 100), LATCH_OK);
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    lt_check_direction(&p, p.client, p.server, 512);
    lt_check_direction(&p, p.server, p.client, 100);
    lt_pair_free(&p);

    /* a client that ignores the server's limit gets record_overflow */
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    size_t n;
    p.client->send_limit = LT_MAX_PLAINTEXT;
    static uint8_t big[2000];
    LT_CHECK_INT(latch_write(p.client, big, sizeof big, &n), LATCH_OK);
    lt_pair_pump(&p);
    LT_CHECK_INT(p.server_status, LATCH_ERR_PROTOCOL);
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_RECORD_OVERFLOW);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "record_size_limit");
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* Without our own limit set, the peer's full-size records are fine and ours go at 2^14. */
static void test_record_size_default(void)
{
    static const char *const cert = "p256";
    lt_pair p = { 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK_INT(p.client->send_limit, LT_MAX_PLAINTEXT);
    LT_CHECK_INT(p.server->send_limit, LT_MAX_PLAINTEXT);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_limits_validated(void)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    LT_CHECK_INT(latch_config_set_record_size_limit(cfg, 63), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_record_size_limit(cfg, 16385), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_record_size_limit(cfg, 64), LATCH_OK);
    LT_CHECK_INT(latch_config_set_max_handshake_size(cfg, 1023), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_max_handshake_size(cfg, 1 << 24), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_config_set_max_handshake_size(cfg, 1 << 20), LATCH_OK);
    latch_config_free(cfg);
}

/* A chain file: the RSA leaf, then the root (servers may send it). */
static int lt_write_chain(char *path)
{
    static const char *const parts[] = { LT_PKI "rsa2048.pem", LT_PKI "ca.pem" };
    char buf[8192];
    int fd = mkstemp(path);
    FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
    if (out == NULL)
        return -1;
    for (size_t i = 0; i < 2; i++) {
        FILE *in = fopen(parts[i], "r");
        size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
        fwrite(buf, 1, n, out);
        if (in)
            fclose(in);
    }
    return fclose(out);
}

/* The server's Certificate (RSA leaf + root, over 1 KiB) against a 1 KiB bound, then 4 KiB. */
static void test_handshake_message_limit(void)
{
    char chain[] = "/tmp/latch-chain-XXXXXX";
    lt_pair p = { 0 };
    LT_CHECK_INT(lt_write_chain(chain), 0);
    latch_config *server_cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_add_identity(server_cfg, chain, LT_PKI "rsa2048-key.pem"), LATCH_OK);
    unlink(chain);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_max_handshake_size(client_cfg, 1024), LATCH_OK);
    LT_CHECK(!lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    LT_CHECK_INT(p.client_status, LATCH_ERR_LIMIT);
    LT_CHECK_INT(latch_conn_alert_sent(p.client), LT_ALERT_DECODE_ERROR);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "larger than 1024 bytes");
    lt_pair_free(&p);
    latch_config_free(client_cfg);

    client_cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_max_handshake_size(client_cfg, 4096), LATCH_OK);
    LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

int main(void)
{
    LT_RUN(test_record_size_limit);
    LT_RUN(test_record_size_default);
    LT_RUN(test_limits_validated);
    LT_RUN(test_handshake_message_limit);
    return lt_test_summary();
}
