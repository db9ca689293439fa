/* TLS 1.3 messages after the handshake (RFC 8446 §4.6): NewSessionTicket (§4.6.1: kept by the
 * client for resumption), KeyUpdate (§4.6.3: new read keys, and an answering update when the
 * peer asks), and our own KeyUpdate (§7.2: application_traffic_secret_N+1). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "tls/conn.h"
#include "tls/proto.h"

int lt_conn13_send_key_update(latch_conn *conn, int request_peer)
{
    uint8_t msg[5] = { LT_HS_KEY_UPDATE, 0, 0, 1, (uint8_t)(request_peer ? 1 : 0) };
    LT_TRY(lt_conn_queue_handshake(conn, msg, sizeof msg, 0));
    LT_TRY(lt_conn_flush_flight(conn));
    LT_TRY(lt_keysched13_update(conn->suite->hash, conn->write_secret));
    return lt_conn_set_keys(conn, 1, conn->write_secret);
}

static int lt_conn13_key_update(latch_conn *conn, const uint8_t *msg, size_t len)
{
    if (len != 5 || msg[4] > 1)
        return lt_conn_fail(conn, len != 5 ? LT_ALERT_DECODE_ERROR : LT_ALERT_ILLEGAL_PARAMETER,
                            LATCH_ERR_PROTOCOL, "malformed KeyUpdate");
    if (lt_keysched13_update(conn->suite->hash, conn->read_secret) < 0 ||
        lt_conn_set_keys(conn, 0, conn->read_secret) < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LATCH_ERR_CRYPTO, "key update failed");
    conn->read_keys_changed = 1;
    /* update_requested: answer with our own update, not requesting another (§4.6.3) */
    if (msg[4] == 1 && !conn->close_sent) {
        if (lt_conn13_send_key_update(conn, 0) < 0)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LATCH_ERR_CRYPTO, "key update failed");
    }
    return 0;
}

static int lt_conn13_new_session_ticket(latch_conn *conn, const uint8_t *msg, size_t len)
{
    lt_reader r = lt_reader_init(msg + 4, len - 4);
    uint32_t lifetime = lt_reader_u32(&r);
    uint32_t age_add = lt_reader_u32(&r);
    lt_reader nonce = lt_reader_vec8(&r, 0, 255);
    lt_reader ticket = lt_reader_vec16(&r, 1, 0xffff);
    lt_reader exts = lt_reader_vec16(&r, 0, 0xfffe);
    if (!lt_reader_done(&r))
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LATCH_ERR_DECODE, "malformed NewSessionTicket");
    (void)exts;
    /* §4.6.1: a lifetime over seven days is not allowed; zero means "do not use" */
    if (lifetime > 604800)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LATCH_ERR_PROTOCOL,
                            "the server's ticket lifetime exceeds seven days");
    if (lifetime == 0)
        return 0;
    uint8_t *copy = malloc(ticket.len);
    if (copy == NULL)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LATCH_ERR_NOMEM, "out of memory");
    memcpy(copy, ticket.p, ticket.len);
    free(conn->ticket.ticket);
    conn->ticket.ticket = copy;
    conn->ticket.ticket_len = ticket.len;
    conn->ticket.lifetime = lifetime;
    conn->ticket.age_add = age_add;
    memcpy(conn->ticket.nonce, nonce.p, nonce.len);
    conn->ticket.nonce_len = nonce.len;
    conn->ticket.received = (int64_t)time(NULL);
    conn->tickets_received++;
    return 0;
}

int lt_conn13_post_handshake(latch_conn *conn, uint8_t type, const uint8_t *msg, size_t len)
{
    if (type == LT_HS_KEY_UPDATE)
        return lt_conn13_key_update(conn, msg, len);
    if (type == LT_HS_NEW_SESSION_TICKET && conn->role == LATCH_ROLE_CLIENT)
        return lt_conn13_new_session_ticket(conn, msg, len);
    return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LATCH_ERR_PROTOCOL,
                        "the peer sent handshake message %u after the handshake", type);
}
