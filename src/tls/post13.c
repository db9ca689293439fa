/* TLS 1.3 messages after the handshake (RFC 8446 §4.6): NewSessionTicket (§4.6.1: kept by the
 * client for resumption), KeyUpdate (§4.6.3: new read keys, and an answering update when the
 * peer asks), and our own KeyUpdate (§7.2: application_traffic_secret_N+1). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/rand.h"
#include "tls/conn.h"
#include "tls/proto.h"

int lt_conn13_send_key_update(latch_conn *conn, int request_peer)
{
    uint8_t msg[5];
    lt_key_update ku = { (uint8_t)(request_peer ? 1 : 0) };
    lt_writer w = lt_writer_init(msg, sizeof msg);
    lt_key_update_write(&w, &ku);
    if (w.err)
        return w.err;
    LT_TRY(lt_conn_queue_handshake(conn, msg, w.len, 0));
    LT_TRY(lt_conn_flush_flight(conn));
    LT_TRY(lt_keysched13_update(conn->suite->hash, conn->write_secret));
    return lt_conn_set_keys(conn, 1, conn->write_secret);
}

static int lt_conn13_key_update(latch_conn *conn, const lt_key_update *ku)
{
    if (lt_keysched13_update(conn->suite->hash, conn->read_secret) < 0 ||
        lt_conn_set_keys(conn, 0, conn->read_secret) < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key update failed");
    /* each costs us key derivations and the peer a few bytes: a run of them with no data
     * between them is an attack, not a key schedule (BoringSSL allows 32) */
    if (++conn->key_updates_in > LT_MAX_KEY_UPDATES_IN)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent more than %d KeyUpdates with no data between them",
                            LT_MAX_KEY_UPDATES_IN);
    /* update_requested: answer with our own update, not requesting another (§4.6.3); several
     * requests before our next write share one answer, so requests cannot fill our output */
    if (ku->request_update == 1 && !conn->close_sent && !conn->key_update_answered) {
        if (lt_conn13_send_key_update(conn, 0) < 0)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key update failed");
        conn->key_update_answered = 1;
    }
    return 0;
}

static int lt_conn13_new_session_ticket(latch_conn *conn, const lt_new_session_ticket13 *parsed)
{
    const lt_new_session_ticket13 nst = *parsed;
    /* its extensions are checked (§4.2: each once, in its place, of its length) but not used:
     * early_data is of no use to a client that sends none */
    lt_ext_list exts;
    int rc = lt_ext_parse_known(nst.extensions, &exts, NULL);
    if (rc < 0)
        return lt_conn_fail(conn, rc == LT_ERR_PROTOCOL ? LT_ALERT_ILLEGAL_PARAMETER : LT_ALERT_DECODE_ERROR,
                            rc == LT_ERR_PROTOCOL ? LT_ERR_PROTOCOL : LT_ERR_DECODE,
                            rc == LT_ERR_PROTOCOL ? "the server's NewSessionTicket repeats an extension"
                                                  : "malformed extensions in the server's NewSessionTicket");
    LT_TRY(lt_conn_check_exts(conn, &exts, LT_EXT_IN_NST, "the server's NewSessionTicket"));
    uint32_t lifetime = nst.lifetime;
    /* §4.6.1: a lifetime over seven days is not allowed, and a client must not keep a ticket
     * longer: clamped, as the liberal reading allows; zero means "do not use" */
    if (lifetime > 604800)
        lifetime = 604800;
    /* each kept ticket costs a key derivation; past a few, a server is only making us work */
    if (conn->tickets_received >= LT_MAX_TICKETS_KEPT || lifetime == 0 || nst.ticket.len > LT_SESSION_TICKET_MAX)
        return 0; /* more than we keep, not to be used, or too large to keep: ignored */
    conn->tickets_received++;
    /* the session: the ticket's PSK from the resumption master secret and its nonce (§4.6.1) */
    lt_client_session *s = lt_calloc(1, sizeof *s);
    if (s == NULL)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory");
    s->st.version = LATCH_TLS13;
    s->st.suite = conn->suite->id;
    s->st.created = lt_config_now(conn->config);
    s->st.lifetime = lifetime;
    s->st.age_add = nst.age_add;
    s->st.secret_len = lt_hash_len(conn->suite->hash);
    if (lt_keysched13_ticket_psk(conn->suite->hash, conn->resumption_master, nst.nonce.p, nst.nonce.len,
                                 s->st.secret) < 0) {
        lt_free(s);
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key derivation failed");
    }
    memcpy(s->st.server_name, conn->server_name, sizeof s->st.server_name - 1);
    memcpy(s->ticket, nst.ticket.p, nst.ticket.len);
    s->ticket_len = nst.ticket.len;
    memcpy(s->peer_subject, conn->peer_subject, sizeof s->peer_subject);
    memcpy(s->peer_root, conn->peer_root, sizeof s->peer_root);
    lt_conn_keep_session(conn, s); /* (without memory for it, the session is just not kept) */
    lt_wipe(s, sizeof *s);
    lt_free(s);
    return 0;
}

int lt_conn13_send_ticket(latch_conn *conn)
{
    const latch_config *cfg = conn->config;
    lt_session_state st;
    uint8_t ticket[LT_TICKET_MAX], msg[LT_TICKET_MAX + 32];
    static const uint8_t nonce[1] = { 0 }; /* one ticket per connection */
    size_t ticket_len = 0;
    int rc;
    memset(&st, 0, sizeof st);
    st.version = LATCH_TLS13;
    st.suite = conn->suite->id;
    st.created = lt_config_now(cfg);
    st.lifetime = cfg->ticket_lifetime;
    st.secret_len = lt_hash_len(conn->suite->hash);
    rc = lt_random((uint8_t *)&st.age_add, sizeof st.age_add);
    if (rc == 0)
        rc = lt_keysched13_ticket_psk(conn->suite->hash, conn->resumption_master, nonce, sizeof nonce,
                                      st.secret);
    memcpy(st.server_name, conn->server_name, sizeof st.server_name - 1);
    if (conn->peer_certs.count > 0 || conn->resumed)
        memcpy(st.client_subject, conn->peer_subject, sizeof st.client_subject - 1);
    if (rc == 0)
        rc = lt_ticket_seal(&conn->config->ticket_keys, &st, st.created, ticket, sizeof ticket, &ticket_len);
    uint32_t age_add = st.age_add;
    lt_wipe(&st, sizeof st);
    if (rc < 0)
        return rc;
    lt_new_session_ticket13 nst = {
        .lifetime = cfg->ticket_lifetime,
        .age_add = age_add,
        .nonce = lt_span_make(nonce, sizeof nonce),
        .ticket = lt_span_make(ticket, ticket_len),
        .extensions = lt_span_make(NULL, 0), /* no early data */
    };
    lt_writer w = lt_writer_init(msg, sizeof msg);
    lt_new_session_ticket13_write(&w, &nst);
    if (w.err)
        return w.err;
    LT_TRY(lt_conn_queue_handshake(conn, msg, w.len, 0));
    return lt_conn_flush_flight(conn);
}

int lt_post13_on_key_update(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_conn13_key_update(conn, &m->parsed.key_update));
    return LT_STAY;
}

int lt_post13_on_new_session_ticket(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_conn13_new_session_ticket(conn, &m->parsed.new_session_ticket13));
    return LT_STAY;
}
