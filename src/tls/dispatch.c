/* The one dispatcher: every received handshake message (and the TLS 1.2 ChangeCipherSpec) goes
 * through lt_conn_dispatch, which looks up its edge in the connection's machine (machine.c),
 * refuses what the table does not list, reads the message with the edge's codec (the trace hears
 * what the codec read), keeps the transcript, runs the handler with the parsed message, checks
 * where it went against the table, and moves the state. A failure of any kind ends the
 * connection here, with its alert: the message is never processed again. */
#include <stdio.h>

#include "base/err.h"
#include "tls/conn.h"
#include "tls/machine.h"
#include "tls/note.h"
#include "tls/proto.h"

static int lt_conn_out_of_order(latch_conn *conn, uint16_t type)
{
    char buf[32];
    return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                        "the %s sent %s out of order (%s %s)",
                        conn->role == LATCH_ROLE_CLIENT ? "server" : "client", lt_msg_type_name(type, buf, sizeof buf),
                        lt_machines[conn->machine].name, lt_machine_state_name(conn->machine, conn->hs_state));
}

static int lt_conn_malformed(latch_conn *conn, uint16_t type, int rc)
{
    char buf[32];
    const char *peer = conn->role == LATCH_ROLE_CLIENT ? "server" : "client";
    if (rc == LT_ERR_LIMIT) /* (the Certificate's: more certificates than latch takes) */
        return lt_conn_fail(conn, LT_ALERT_BAD_CERTIFICATE, LT_ERR_LIMIT, "the %s sent more than %d certificates",
                            peer, LT_CERTIFICATE_MAX_ENTRIES);
    if (rc == LT_ERR_PROTOCOL) /* §4.2, §4.6.3: illegal_parameter */
        return lt_conn_fail(conn, lt_codec_alert(rc), LT_ERR_PROTOCOL, "the %s's %s %s", peer,
                            lt_msg_type_name(type, buf, sizeof buf),
                            type == LT_HS_KEY_UPDATE ? "has a field out of range" : "repeats an extension");
    return lt_conn_fail(conn, lt_codec_alert(rc), LT_ERR_DECODE, "the %s sent a malformed %s", peer,
                        lt_msg_type_name(type, buf, sizeof buf));
}

/* Moves to next (checked against the edge). Reaching a post-handshake machine completes the
 * handshake: its state is freed. */
static int lt_conn_goto(latch_conn *conn, const lt_edge *e, int next)
{
    if (next == LT_STAY && lt_edge_allows(e, LT_STAY))
        return 0;
    if (next == LT_STAY || !lt_edge_allows(e, next) || LT_NEXT_MACHINE(next) >= LT_M_COUNT)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_INTERNAL,
                            "the handshake went from %s %s to a state its table does not allow",
                            lt_machines[conn->machine].name,
                            lt_machine_state_name(conn->machine, conn->hs_state));
    conn->machine = (uint8_t)LT_NEXT_MACHINE(next);
    conn->hs_state = LT_NEXT_STATE(next);
    if (lt_machines[conn->machine].post && conn->state != LT_ST_CONNECTED) {
        conn->state = LT_ST_CONNECTED;
        lt_conn_end_handshake(conn);
        return LT_OPS(conn)->on_connected(conn);
    }
    return 0;
}

int lt_conn_dispatch(latch_conn *conn, uint16_t type, const uint8_t *msg, size_t len)
{
    lt_msg m;
    int rc;
#ifdef LT_TEST_HOOKS
    if (conn->hs != NULL && conn->hs->dispatch_error != 0) {
        int injected = conn->hs->dispatch_error; /* a handler failing without saying so */
        conn->hs->dispatch_error = 0;
        return lt_conn_fail_sticky(conn, injected);
    }
#endif
    const lt_edge *e = lt_machine_edge(conn->machine, conn->hs_state, type);
    if (e == NULL) {
        if (LT_TRACING(conn)) /* (what it was, for the trace: read by its codec, if it has one) */
            lt_note_message(conn, 0, type == LT_MSG_CCS ? NULL : msg, type == LT_MSG_CCS ? 0 : len);
        return lt_conn_out_of_order(conn, type);
    }
    m.type = type;
    m.from = conn->hs_state;
    m.msg = msg;
    m.len = len;
    /* read once, by the message's codec; the trace describes what it read */
    rc = e->parse != NULL ? e->parse(conn, lt_span_make(msg, len), &m.parsed) : 0;
    if (rc < 0)
        return lt_conn_malformed(conn, type, rc);
    if (LT_TRACING(conn)) {
        if (e->parse != NULL)
            lt_note_received(conn, type, &m.parsed, msg, len);
        else
            lt_note_message(conn, 0, type == LT_MSG_CCS ? NULL : msg, type == LT_MSG_CCS ? 0 : len);
    }
    if (e->flags & LT_EDGE_HASH_BEFORE)
        rc = lt_transcript_current(&conn->hs->transcript, m.th);
    if (rc == 0 && !(e->flags & (LT_EDGE_TRANSCRIPT_SELF | LT_EDGE_NO_TRANSCRIPT)))
        rc = lt_transcript_add(&conn->hs->transcript, msg, len);
    if (rc == 0)
        rc = e->handle(conn, &m);
    if (rc < 0)
        return lt_conn_fail_sticky(conn, rc);
    if (e->flags & LT_EDGE_ENDS_RECORD)
        conn->record_must_end = 1;
    return lt_conn_goto(conn, e, rc);
}
