/* The socket layer sends the alert a failure queued before it reports the failure: a reading
 * error (record_overflow) and a writing one (TLS 1.2 at its record limit: close_notify) both
 * put their alert on the socket, where the peer reads it. */
#include <sys/socket.h>
#include <unistd.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"
#include "tls/proto.h"
#include "tls/record.h"

/* Hands what arrived on fd to conn; returns the bytes moved. */
static size_t lt_fd_to_conn(int fd, latch_conn *conn)
{
    size_t room, total = 0;
    uint8_t *in = latch_net_in_buf(conn, &room);
    ssize_t n;
    while (in != NULL && room > 0 && (n = recv(fd, in, room, MSG_DONTWAIT)) > 0) {
        latch_net_in_commit(conn, (size_t)n);
        total += (size_t)n;
        in = latch_net_in_buf(conn, &room);
    }
    return total;
}

static int lt_pair_over_socket(lt_pair *p, int sv[2], uint16_t version, size_t server_record_limit)
{
    static const char *const cert = "p256";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    latch_config_set_versions(client_cfg, version, version);
    if (server_record_limit)
        latch_config_set_record_size_limit(server_cfg, server_record_limit);
    int ok = lt_pair_handshake(p, client_cfg, server_cfg, "localhost");
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    if (!ok || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return 0;
    return latch_conn_set_fd(p->server, sv[0]) == LATCH_OK;
}

static void test_read_failure_sends_its_alert(void)
{
    lt_pair p = { 0 };
    int sv[2];
    LT_CHECK(lt_pair_over_socket(&p, sv, LATCH_TLS13, 512));
    /* a client that ignores the server's record_size_limit */
    p.client->send_limit = 600;
    static uint8_t data[600];
    size_t n = 0, len;
    LT_CHECK_INT(latch_write(p.client, data, sizeof data, &n), LATCH_OK);
    const uint8_t *out = latch_net_out_buf(p.client, &len);
    LT_CHECK(write(sv[1], out, len) == (ssize_t)len);
    latch_net_out_consumed(p.client, len);
    LT_CHECK_INT(latch_fd_read(p.server, data, sizeof data, &n), LATCH_ERR_PROTOCOL);
    LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_RECORD_OVERFLOW);
    /* the alert is on the socket: the client reads it */
    LT_CHECK(lt_fd_to_conn(sv[1], p.client) > 0);
    LT_CHECK_INT(latch_read(p.client, data, sizeof data, &n), LATCH_ERR_PEER_ALERT);
    LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "record_overflow");
    close(sv[0]);
    close(sv[1]);
    lt_pair_free(&p);
}

static void test_write_failure_sends_its_close_notify(void)
{
    lt_pair p = { 0 };
    int sv[2];
    LT_CHECK(lt_pair_over_socket(&p, sv, LATCH_TLS12, 0));
    p.server->write_keys.seq = p.client->read_keys.seq = LT_RECORD_KEY_LIMIT;
    size_t n = 0;
    LT_CHECK_INT(latch_fd_write(p.server, "x", 1, &n), LATCH_ERR_LIMIT);
    LT_CHECK(lt_fd_to_conn(sv[1], p.client) > 0);
    uint8_t buf[16];
    LT_CHECK_INT(latch_read(p.client, buf, sizeof buf, &n), LATCH_CLOSED);
    close(sv[0]);
    close(sv[1]);
    lt_pair_free(&p);
}

int main(void)
{
    LT_RUN(test_read_failure_sends_its_alert);
    LT_RUN(test_write_failure_sends_its_close_notify);
    return lt_test_summary();
}
