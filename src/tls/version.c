/* TLS 1.3's and TLS 1.2's ways with an established record layer (see version.h). */
#include "tls/version.h"

#include "tls/conn.h"
#include "tls/proto.h"

/* ---- TLS 1.3 ------------------------------------------------------------------------------ */

/* §5: a ChangeCipherSpec of exactly 0x01 during the handshake is ignored (where the state's table
 * says so: not before a server's first ClientHello); otherwise it is an unexpected_message. */
static int lt_tls13_ccs_record(latch_conn *conn, const uint8_t *fragment, size_t len)
{
    if (len == 1 && fragment[0] == 0x01 && conn->state == LT_ST_HANDSHAKE &&
        (lt_machine_state_flags(conn->machine, conn->hs_state) & LT_STATE_TAKES_COMPAT_CCS)) {
        /* §D.4 has one per handshake, before the second ClientHello or the first protected
         * record; Java's JSSE sends both. So one at a time: never two without a handshake
         * message between them, which bounds them by the handshake itself */
        if (conn->ccs_in)
            return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                                "the peer sent a second ChangeCipherSpec record");
        conn->ccs_in = 1;
        return 0;
    }
    return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                        "the peer sent a ChangeCipherSpec record outside the handshake");
}

/* TLS 1.3 moves to new keys before 2^24 records (a KeyUpdate, whatever the suite; RFC 8446 §5.5
 * puts AES-GCM's limit at 2^24.5). */
static uint64_t lt_tls13_write_key_limit(const latch_conn *conn)
{
    (void)conn;
    return LT_RECORD_KEY_LIMIT;
}

static int lt_tls13_write_key_spent(latch_conn *conn)
{
    return lt_conn13_send_key_update(conn, 0);
}

static int lt_tls13_warning_ok(int description)
{
    (void)description; /* TLS 1.3 has no warning alerts but close_notify and user_canceled */
    return 0;
}

/* a server's ticket for next time, first thing under the application keys (§4.6.1) */
static int lt_tls13_on_connected(latch_conn *conn)
{
    if (conn->role != LATCH_ROLE_SERVER || !conn->send_ticket)
        return 0;
    if (lt_conn13_send_ticket(conn) < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "could not issue a ticket");
    return 0;
}

const lt_version_ops lt_tls13_ops = {
    LATCH_TLS13, lt_tls13_ccs_record, lt_tls13_write_key_limit, lt_tls13_write_key_spent, lt_tls13_warning_ok,
    lt_tls13_on_connected,
};

/* ---- TLS 1.2 ------------------------------------------------------------------------------ */

/* The peer's next records use the new keys: an edge of the handshake (the dispatcher's), and a
 * handshake message must not straddle the change. */
static int lt_tls12_ccs_record(latch_conn *conn, const uint8_t *fragment, size_t len)
{
    if (len != 1 || fragment[0] != 0x01 || conn->hsbuf_len != 0)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent a malformed or misplaced ChangeCipherSpec");
    return lt_conn_dispatch(conn, LT_MSG_CCS, NULL, 0);
}

/* TLS 1.2 cannot change keys without renegotiation, which latch refuses, so a TLS 1.2 connection
 * ends where its AEAD stops being safe: after 2^24 records for AES-GCM, and for
 * ChaCha20-Poly1305 one record before the sequence number's end (RFC 5246 §6.1: it never wraps),
 * the last number being for the close_notify. */
static uint64_t lt_tls12_write_key_limit(const latch_conn *conn)
{
    return conn->write_keys.aead_id == LT_AEAD_CHACHA20_POLY1305 ? UINT64_MAX - 1 : LT_RECORD_KEY_LIMIT;
}

static int lt_tls12_write_key_spent(latch_conn *conn)
{
    /* the peer gets a close_notify (its data so far is whole), the application the reason */
    conn->close_sent = 1;
    return lt_conn_fail(conn, LT_ALERT_CLOSE_NOTIFY, LT_ERR_LIMIT,
                        "this TLS 1.2 connection has sealed %llu records under one %s key, the most "
                        "that is safe; TLS 1.2 cannot change keys without renegotiation, which latch "
                        "refuses: open a new connection (TLS 1.3 changes keys by itself)",
                        (unsigned long long)conn->write_keys.seq, conn->suite->name);
}

/* RFC 5246 §7.2: after a warning "generally the connection can continue normally", and peers
 * send them (no_renegotiation, RFC 5746; a server's unrecognized_name, RFC 6066 §3): any
 * description at the warning level goes on (bounded in a row by the caller). TLS 1.3 has none. */
static int lt_tls12_warning_ok(int description)
{
    (void)description;
    return 1;
}

static int lt_tls12_on_connected(latch_conn *conn)
{
    (void)conn; /* (its ticket came before the ChangeCipherSpec) */
    return 0;
}

const lt_version_ops lt_tls12_ops = {
    LATCH_TLS12, lt_tls12_ccs_record, lt_tls12_write_key_limit, lt_tls12_write_key_spent, lt_tls12_warning_ok,
    lt_tls12_on_connected,
};
