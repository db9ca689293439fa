/* latch_conn: the public face of the sans-I/O engine (src/tls/engine.c and the state
 * machines): creation, the network and application windows, and inspection. */
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "latch.h"

#include "api/conn.h"
#include "api/status.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/wipe.h"
#include "crypto/rand.h"
#include "tls/conn.h"
#include "tls/engine.h"
#include "tls/prf12.h"
#include "tls/proto.h"
#include "x509/name.h"

/* Why the last latch_conn_new() on this thread returned NULL (per thread: no buffer is shared). */
static _Thread_local char lt_conn_new_why[300];

static latch_conn *lt_conn_new_failed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static latch_conn *lt_conn_new_failed(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lt_conn_new_why, sizeof lt_conn_new_why, fmt, ap);
    va_end(ap);
    return NULL;
}

LATCH_API const char *latch_conn_new_error(void)
{
    return lt_conn_new_why;
}

latch_conn *lt_conn_create(latch_config *cfg, const char *server_name)
{
    latch_conn *conn;
    lt_name_ref ref;
    lt_conn_new_why[0] = '\0';
    if (cfg == NULL)
        return lt_conn_new_failed("%s", "no config");
    if (latch_config_freeze(cfg) != LATCH_OK)
        return lt_conn_new_failed("the config does not freeze: %s", latch_config_error(cfg));
    if (cfg->role == LATCH_ROLE_CLIENT && cfg->verify &&
        (server_name == NULL || lt_name_ref_host(server_name, &ref) < 0))
        /* a verifying client must know whom it is talking to */
        return lt_conn_new_failed("a client that verifies the server needs the server's name (a host name or an "
                                  "IP address), not '%s'", server_name ? server_name : "(none)");
    conn = lt_calloc(1, sizeof *conn);
    if (conn == NULL)
        return lt_conn_new_failed("%s", "out of memory");
    lt_config_ref(cfg);
    conn->config = cfg;
    conn->role = cfg->role;
    if (LT_TRACING(conn)) /* the trace's timings count from here (the same clock as trace.c's) */
        conn->created_us = lt_clock_monotonic_us();
    conn->fd = -1;
    conn->alert_sent = -1;
    conn->alert_received = -1;
    conn->send_limit = LT_MAX_PLAINTEXT;
    conn->recv_limit = LT_MAX_PLAINTEXT;
    if (server_name != NULL && cfg->role == LATCH_ROLE_CLIENT) {
        size_t n = strlen(server_name);
        if (n >= sizeof conn->server_name)
            n = sizeof conn->server_name - 1;
        memcpy(conn->server_name, server_name, n);
    }
    conn->hs = lt_calloc(1, sizeof *conn->hs);
    if (conn->hs == NULL || lt_conn_alloc_buffers(conn) < 0) {
        latch_conn_free(conn);
        return lt_conn_new_failed("%s", "out of memory");
    }
    conn->hs->identity_only = -1; /* latch chooses, unless the application does */
    conn->state = LT_ST_HANDSHAKE;
    conn->machine = cfg->role == LATCH_ROLE_CLIENT ? LT_M_CLIENT : LT_M_SERVER;
    conn->hs_state = 0; /* (LT_C_WAIT_SH, LT_S_WAIT_CH) */
    return conn;
}

/* The client's first flight (separate so test replays can inject randoms and keys first). */
int lt_conn_start(latch_conn *conn)
{
    if (conn->role != LATCH_ROLE_CLIENT)
        return 0;
    int rc = lt_client13_start(conn);
    if (rc < 0 && conn->state != LT_ST_FAILED)
        lt_conn_fail(conn, -1, rc, "could not build the ClientHello: %s", lt_err_str(rc));
    return rc;
}

LATCH_API latch_conn *latch_conn_new(latch_config *cfg, const char *server_name)
{
    latch_conn *conn = lt_conn_create(cfg, server_name);
    if (conn != NULL && lt_conn_start(conn) < 0) {
        snprintf(lt_conn_new_why, sizeof lt_conn_new_why, "%s", latch_conn_error(conn));
        latch_conn_free(conn);
        return NULL;
    }
    return conn;
}

LATCH_API void latch_conn_free(latch_conn *conn)
{
    if (conn == NULL)
        return;
    lt_conn_end_handshake(conn);
    lt_record_keys_clear(&conn->read_keys);
    lt_record_keys_clear(&conn->write_keys);
    lt_certset_clear(&conn->peer_certs);
    lt_free(conn->error);
    if (conn->session != NULL) {
        lt_wipe(conn->session, conn->session_len);
        lt_free(conn->session);
    }
    if (conn->in)
        lt_wipe(conn->in, conn->in_used);
    lt_free(conn->in);
    lt_free(conn->out);
    lt_conn_out_release_retired(conn);
    lt_free(conn->hsbuf);
    lt_free(conn->flight);
    latch_config_free(conn->config);
    lt_wipe(conn, sizeof *conn);
    lt_free(conn);
}

LATCH_API uint8_t *latch_net_in_buf(latch_conn *conn, size_t *room)
{
    *room = 0;
    if (conn == NULL || conn->state == LT_ST_FAILED)
        return NULL;
    if (conn->in == NULL && lt_conn_alloc_buffers(conn) < 0) { /* released while idle */
        lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory for the input buffer");
        return NULL;
    }
    *room = conn->in_cap - conn->in_len;
    return conn->in + conn->in_len;
}

LATCH_API latch_status latch_net_in_commit(latch_conn *conn, size_t n)
{
    if (conn == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (conn->state == LT_ST_FAILED)
        return lt_status_public(conn->failure);
    if (n > conn->in_cap - conn->in_len)
        return LATCH_ERR_INVALID_ARG;
    conn->in_len += n;
    if (conn->in_len > conn->in_used)
        conn->in_used = conn->in_len;
    int rc = lt_conn_process(conn);
    lt_conn_release_idle(conn);
    return rc < 0 ? lt_status_public(rc) : LATCH_OK;
}

LATCH_API const uint8_t *latch_net_out_buf(latch_conn *conn, size_t *len)
{
    *len = 0;
    if (conn == NULL || conn->out == NULL)
        return NULL;
    /* a window handed out before is replaced by this one: buffers kept for it go */
    lt_conn_out_release_retired(conn);
    *len = conn->out_len - conn->out_start;
    conn->out_handed = *len > 0; /* these bytes stay where they are until consumed */
    return conn->out + conn->out_start;
}

LATCH_API void latch_net_out_consumed(latch_conn *conn, size_t n)
{
    if (conn == NULL)
        return;
    if (n > conn->out_len - conn->out_start)
        n = conn->out_len - conn->out_start;
    /* the window handed out is done with: buffers kept for it go, and the output may move */
    conn->out_handed = 0;
    lt_conn_out_release_retired(conn);
    conn->out_start += n;
    if (conn->out_start == conn->out_len) {
        conn->out_start = conn->out_len = 0;
        if (conn->alert_pending) /* the failure's alert has gone to the network */
            lt_conn_alert_written(conn);
    }
    lt_conn_release_idle(conn);
}

LATCH_API int latch_conn_wants_write(const latch_conn *conn)
{
    return conn != NULL && conn->out_len > conn->out_start;
}

LATCH_API int latch_conn_wants_read(const latch_conn *conn)
{
    /* more network input is of use: the connection is open for reading and no plaintext (or
     * sealed record) waits for the application first */
    return conn != NULL && conn->state != LT_ST_FAILED && !conn->close_received && conn->app_len == 0 &&
           !conn->record_held;
}

LATCH_API void latch_conn_set_user_data(latch_conn *conn, void *user_data)
{
    if (conn != NULL)
        conn->user_data = user_data;
}

LATCH_API void *latch_conn_user_data(const latch_conn *conn)
{
    return conn != NULL ? conn->user_data : NULL;
}

void lt_conn_fd_set(latch_conn *conn, int fd)
{
    conn->fd = fd;
}

int lt_conn_fd(const latch_conn *conn)
{
    return conn->fd;
}

latch_status lt_conn_failure(const latch_conn *conn)
{
    return conn->state == LT_ST_FAILED ? lt_status_public(conn->failure) : LATCH_OK;
}

void lt_conn_explain(latch_conn *conn, const char *sentence)
{
    if (conn->error == NULL || conn->error[0] == '\0')
        lt_conn_set_error(conn, sentence);
}

LATCH_API void latch_conn_release_buffers(latch_conn *conn)
{
    if (conn == NULL)
        return;
    conn->release_idle = 1;
    lt_conn_release_idle(conn);
}

LATCH_API int latch_conn_handshake_done(const latch_conn *conn)
{
    return conn != NULL && conn->state == LT_ST_CONNECTED;
}

LATCH_API latch_status latch_read_view(latch_conn *conn, const uint8_t **data, size_t *len)
{
    if (data == NULL || len == NULL)
        return LATCH_ERR_INVALID_ARG;
    *data = NULL;
    *len = 0;
    if (conn == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (conn->state == LT_ST_FAILED)
        return lt_status_public(conn->failure);
    /* held records opened in place; one may turn out not to be application data (a TLS 1.3
     * post-handshake message) with another held behind it */
    while (conn->app_len == 0 && conn->record_held) {
        int rc = lt_conn_open_held(conn);
        lt_conn_release_idle(conn);
        if (rc < 0)
            return lt_status_public(rc);
    }
    if (conn->app_len == 0)
        return conn->close_received ? LATCH_CLOSED : LATCH_WANT_READ;
    *data = conn->in + conn->app_off;
    *len = conn->app_len;
    return LATCH_OK;
}

LATCH_API latch_status latch_read_consume(latch_conn *conn, size_t n)
{
    if (conn == NULL || n > conn->app_len)
        return LATCH_ERR_INVALID_ARG;
    conn->app_off += n;
    conn->app_len -= n;
    if (n == 0 || conn->app_len != 0)
        return LATCH_OK;
    /* the record is consumed: go on with what is buffered behind it */
    int rc = lt_conn_process(conn);
    lt_conn_release_idle(conn);
    return rc < 0 ? lt_status_public(rc) : LATCH_OK;
}

LATCH_API latch_status latch_read(latch_conn *conn, void *buf, size_t cap, size_t *n)
{
    const uint8_t *data;
    size_t len;
    if (n == NULL)
        return LATCH_ERR_INVALID_ARG;
    *n = 0;
    if (conn == NULL || (buf == NULL && cap > 0))
        return LATCH_ERR_INVALID_ARG;
    if (conn->state != LT_ST_FAILED && conn->app_len == 0 && conn->record_held && cap > 0) {
        /* a held record is decrypted straight into buf: no copy */
        conn->read_dst = buf;
        conn->read_dst_cap = cap;
        int rc = lt_conn_open_held(conn);
        *n = conn->read_dst_len;
        conn->read_dst_len = 0;
        lt_conn_release_idle(conn);
        if (*n > 0)
            return LATCH_OK; /* a failure behind the record is reported by the next call */
        if (rc < 0)
            return lt_status_public(rc);
    }
    latch_status st = latch_read_view(conn, &data, &len);
    if (st != LATCH_OK)
        return st;
    size_t take = cap < len ? cap : len;
    memcpy(buf, data, take);
    *n = take;
    /* what was read is delivered even if a record behind it fails: that failure is reported
     * by the next call */
    st = latch_read_consume(conn, take);
    return st < 0 && take == 0 ? st : LATCH_OK;
}

LATCH_API latch_status latch_write(latch_conn *conn, const void *buf, size_t len, size_t *n)
{
    *n = 0;
    if (conn == NULL || (buf == NULL && len > 0))
        return LATCH_ERR_INVALID_ARG;
    if (conn->state == LT_ST_FAILED)
        return lt_status_public(conn->failure);
    if (conn->state != LT_ST_CONNECTED || conn->close_sent)
        return conn->close_sent ? LATCH_CLOSED : LATCH_WANT_WRITE;
    int rc = lt_conn_emit_app(conn, buf, len, n);
    if (rc < 0)
        return lt_status_public(
            lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, rc, "could not protect application data"));
    return *n == 0 && len > 0 ? LATCH_WANT_WRITE : LATCH_OK;
}

LATCH_API latch_status latch_close_notify(latch_conn *conn)
{
    if (conn == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (conn->state == LT_ST_FAILED)
        return lt_status_public(conn->failure);
    int rc = lt_conn_send_close_notify(conn);
    if (rc < 0)
        return lt_status_public(lt_conn_fail(conn, -1, rc, "could not queue our close_notify"));
    return LATCH_OK;
}

LATCH_API latch_status latch_key_update(latch_conn *conn, int request_peer)
{
    if (conn == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (conn->state != LT_ST_CONNECTED || conn->close_sent)
        return LATCH_ERR_INVALID_ARG;
    if (conn->version != LATCH_TLS13)
        return LATCH_ERR_UNSUPPORTED; /* TLS 1.2 has no KeyUpdate (and latch no renegotiation) */
    int rc = lt_conn13_send_key_update(conn, request_peer);
    if (rc < 0)
        return lt_status_public(lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, rc, "key update failed"));
    return LATCH_OK;
}

LATCH_API latch_status latch_export_keying_material(latch_conn *conn, const char *label,
                                                    const uint8_t *context, size_t context_len,
                                                    uint8_t *out, size_t out_len)
{
    if (conn == NULL || label == NULL || out == NULL || conn->state != LT_ST_CONNECTED)
        return LATCH_ERR_INVALID_ARG;
    if (conn->version == LATCH_TLS12) {
        /* RFC 5705 §4: PRF(master, label, client_random || server_random [|| len || context]) */
        uint8_t seed[64 + 2 + 256];
        size_t seed_len = 64;
        if (context_len > 256)
            return LATCH_ERR_INVALID_ARG;
        memcpy(seed, conn->client_random, 32);
        memcpy(seed + 32, conn->server_random, 32);
        if (context != NULL) {
            seed[64] = (uint8_t)(context_len >> 8);
            seed[65] = (uint8_t)context_len;
            memcpy(seed + 66, context, context_len);
            seed_len += 2 + context_len;
        }
        return lt_status_public(lt_prf12(conn->suite->hash, conn->master12, sizeof conn->master12, label,
                                         seed, seed_len, NULL, 0, out, out_len));
    }
    return lt_status_public(lt_keysched13_export(conn->suite->hash, conn->exporter_master, label, context,
                                                 context_len, out, out_len));
}

/* ---- inspection ---- */

LATCH_API uint16_t latch_conn_version(const latch_conn *conn)
{
    return conn && conn->state == LT_ST_CONNECTED ? conn->version : 0;
}

LATCH_API const char *latch_conn_suite(const latch_conn *conn)
{
    return conn && conn->suite ? conn->suite->name : "";
}

LATCH_API const char *latch_conn_group(const latch_conn *conn)
{
    const char *name = conn ? lt_group_name((lt_group)conn->group) : NULL;
    return name ? name : "";
}

LATCH_API const char *latch_conn_signature_scheme(const latch_conn *conn)
{
    const lt_sigscheme *s = conn ? lt_sigscheme_find(conn->sigscheme) : NULL;
    return s ? s->name : "";
}

LATCH_API const char *latch_conn_alpn(const latch_conn *conn)
{
    return conn ? conn->alpn : "";
}

LATCH_API const char *latch_conn_server_name(const latch_conn *conn)
{
    return conn ? conn->server_name : "";
}

LATCH_API int latch_conn_resumed(const latch_conn *conn)
{
    return conn != NULL && conn->state == LT_ST_CONNECTED && conn->resumed;
}

LATCH_API int latch_conn_extended_master_secret(const latch_conn *conn)
{
    return conn != NULL && conn->state == LT_ST_CONNECTED && (conn->version == LATCH_TLS13 || conn->ems);
}

LATCH_API latch_status latch_conn_session_export(const latch_conn *conn, uint8_t *out, size_t cap, size_t *len)
{
    if (conn == NULL || len == NULL || conn->session == NULL)
        return LATCH_ERR_INVALID_ARG;
    *len = conn->session_len;
    if (out == NULL || cap < conn->session_len)
        return LATCH_ERR_BUFFER;
    memcpy(out, conn->session, conn->session_len);
    return LATCH_OK;
}

LATCH_API int latch_conn_hello_retry(const latch_conn *conn)
{
    return conn ? conn->hello_retry : 0;
}

LATCH_API latch_ocsp_status latch_conn_ocsp_status(const latch_conn *conn)
{
    return conn ? (latch_ocsp_status)conn->ocsp_status : LATCH_OCSP_NONE;
}

LATCH_API size_t latch_conn_peer_cert_count(const latch_conn *conn)
{
    return conn ? conn->peer_certs.count : 0;
}

LATCH_API const uint8_t *latch_conn_peer_cert(const latch_conn *conn, size_t i, size_t *len)
{
    if (conn == NULL || i >= conn->peer_certs.count) {
        if (len)
            *len = 0;
        return NULL;
    }
    *len = conn->peer_certs.items[i].len;
    return conn->peer_certs.items[i].der;
}

LATCH_API const char *latch_conn_peer_subject(const latch_conn *conn)
{
    return conn ? conn->peer_subject : "";
}

LATCH_API const char *latch_conn_peer_root(const latch_conn *conn)
{
    return conn ? conn->peer_root : "";
}

LATCH_API const char *latch_conn_error(const latch_conn *conn)
{
    if (conn == NULL)
        return "";
    if (conn->error != NULL)
        return conn->error;
    /* no sentence, or no memory was left for it: the failure's status says what it can */
    return conn->state == LT_ST_FAILED ? lt_err_str(conn->failure) : "";
}

LATCH_API int latch_conn_alert_sent(const latch_conn *conn)
{
    return conn ? conn->alert_sent : -1;
}

LATCH_API int latch_conn_alert_received(const latch_conn *conn)
{
    return conn ? conn->alert_received : -1;
}
