/* The sans-I/O connection engine: record framing and reassembly across arbitrary network
 * chunking, protection with the current keys, handshake message reassembly across records
 * (and several messages per record), alerts, the ChangeCipherSpec compatibility record, and the
 * output buffer that flights are coalesced into. RFC 8446 §5 (record layer), §5.1 (limits,
 * message boundaries at key changes), §6 (alerts), §D.4 (middlebox compatibility). */
#include "tls/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/wipe.h"
#include "tls/conn.h"
#include "tls/proto.h"
#include "tls/note.h"

/* Record buffers start small and grow to what the records need: a handshake's records are a few
 * KiB, and a full-size record (16 KiB and its overhead) only comes with bulk data. */
#define LT_OUT_FIRST 4096
#define LT_OUT_APP (2 * (LT_RECORD_HEADER_LEN + LT_MAX_CIPHERTEXT_13)) /* bound for app data */
#define LT_OUT_MAX (LT_MAX_HANDSHAKE_MESSAGE * 4)
#define LT_IN_FIRST 4096
#define LT_IN_MAX (LT_RECORD_HEADER_LEN + LT_MAX_CIPHERTEXT_12)
/* A transfer's input buffer: four full TLS 1.3 records, so that one read takes several (a
 * read per record cost more than the record's decryption on a virtual machine's syscalls) */
#define LT_IN_BULK (4 * (LT_RECORD_HEADER_LEN + LT_MAX_CIPHERTEXT_13))

static void lt_conn_send_alert(latch_conn *conn, int description);

int lt_conn_fail(latch_conn *conn, int alert, int status, const char *fmt, ...)
{
    va_list ap;
    char what[400];
    if (conn->state == LT_ST_FAILED)
        return (int)conn->failure;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (alert >= 0) {
        /* "sending" until the application has taken the alert's bytes (latch_net_out_consumed
         * then says "sent") */
        char sentence[LT_CONN_ERROR_MAX + 1];
        snprintf(sentence, sizeof sentence, "%s (sending alert %s)", what, lt_alert_name(alert));
        lt_conn_set_error(conn, sentence);
        lt_conn_send_alert(conn, alert);
        conn->alert_sent = alert;
        conn->alert_pending = 1;
    } else {
        lt_conn_set_error(conn, what);
    }
    conn->state = LT_ST_FAILED;
    conn->failure = status;
    /* RFC 5246 §7.2.2, RFC 8446 §6.2: the session of a failed connection is not resumed (the
     * client's cache holds one session per server name: the one this connection resumed or
     * took a ticket for) */
    if (conn->role == LATCH_ROLE_CLIENT && conn->server_name[0] != '\0')
        lt_session_cache_drop(&conn->config->sessions, conn->server_name);
    if (conn->has_cached_id) { /* the server's side of the same rule: its TLS 1.2 session by ID */
        lt_id_cache_drop(&conn->config->session_ids, conn->cached_id);
        conn->has_cached_id = 0;
    }
    return (int)status;
}

void lt_conn_out_release_retired(latch_conn *conn)
{
    lt_free(conn->out_retired);
    conn->out_retired = NULL;
}

/* The output must move (to the front, or to a larger buffer) while the application may hold a
 * pointer into it (latch_net_out_buf was called, and nothing consumed since): the bytes go to a
 * new buffer and the old one stays as it is until the application consumes, so an asynchronous
 * write of the window it was given never reads moved or freed memory. One buffer at most waits
 * so: the new one is not handed out until latch_net_out_buf, which lets the old one go. */
static int lt_conn_out_move_aside(latch_conn *conn, size_t cap)
{
    uint8_t *fresh = lt_malloc(cap);
    if (fresh == NULL)
        return LT_ERR_NOMEM;
    size_t pending = conn->out_len - conn->out_start;
    memcpy(fresh, conn->out + conn->out_start, pending);
    lt_conn_out_release_retired(conn); /* (none: a move clears out_handed) */
    conn->out_retired = conn->out;
    conn->out = fresh;
    conn->out_cap = cap;
    conn->out_start = 0;
    conn->out_len = pending;
    conn->out_handed = 0; /* (the new buffer has not been handed out yet) */
    return 0;
}

/* Room for n more bytes at the end of the output: reuses consumed space first, then grows
 * the buffer, doubling, but not past two full records unless one flight needs more (a long
 * chain). Bytes the application was handed are never moved or freed before it consumes them. */
static uint8_t *lt_conn_out_room(latch_conn *conn, size_t n)
{
    if (conn->out_start == conn->out_len)
        conn->out_start = conn->out_len = 0;
    if (conn->out_cap - conn->out_len < n && conn->out_handed) {
        size_t pending = conn->out_len - conn->out_start;
        size_t cap = conn->out_cap >= pending + n ? conn->out_cap : conn->out_cap * 2;
        if (cap < pending + n)
            cap = pending + n;
        if (cap > LT_OUT_MAX && pending + n <= LT_OUT_MAX)
            cap = LT_OUT_MAX;
        if (cap > LT_OUT_MAX || lt_conn_out_move_aside(conn, cap) < 0)
            return NULL;
    }
    if (conn->out_cap - conn->out_len < n && conn->out_start > 0) {
        memmove(conn->out, conn->out + conn->out_start, conn->out_len - conn->out_start);
        conn->out_len -= conn->out_start;
        conn->out_start = 0;
    }
    if (conn->out_cap - conn->out_len < n) {
        size_t cap = conn->out_cap ? conn->out_cap * 2 : LT_OUT_FIRST;
        if (cap < conn->out_len + n)
            cap = conn->out_len + n;
        if (cap > LT_OUT_APP && conn->out_len + n <= LT_OUT_APP)
            cap = LT_OUT_APP;
        if (cap > LT_OUT_MAX)
            return NULL;
        uint8_t *grown = lt_realloc(conn->out, cap);
        if (grown == NULL)
            return NULL;
        conn->out = grown;
        conn->out_cap = cap;
    }
    return conn->out + conn->out_len;
}

/* Seals plaintext (len bytes, type) as one record at the end of the output. */
static int lt_conn_emit(latch_conn *conn, uint8_t type, const uint8_t *data, size_t len)
{
    size_t record_len;
    uint8_t *at = lt_conn_out_room(conn, len + lt_record_overhead(&conn->write_keys));
    if (at == NULL)
        return LT_ERR_NOMEM;
    /* sealed straight from data (the application's buffer, a flight): no copy first */
    LT_TRY(lt_record_seal(&conn->write_keys, type, data, len, at, conn->out_cap - conn->out_len,
                          &record_len));
    conn->out_len += record_len;
    return 0;
}

static void lt_conn_send_alert(latch_conn *conn, int description)
{
    uint8_t alert[2] = { 2, (uint8_t)description }; /* every TLS 1.3 alert but close_notify is fatal */
    if (description == LT_ALERT_CLOSE_NOTIFY || description == LT_ALERT_USER_CANCELED)
        alert[0] = 1;
    if (LT_TRACING(conn))
        lt_note_alert(conn, 1, alert[0], description);
    /* the alert goes out even if a flight was half built: drop the flight */
    conn->flight_len = 0;
    (void)lt_conn_emit(conn, LT_CT_ALERT, alert, sizeof alert);
}

void lt_conn_set_error(latch_conn *conn, const char *sentence)
{
    size_t n = strnlen(sentence, LT_CONN_ERROR_MAX);
    char *copy = lt_malloc(n + 1);
    lt_free(conn->error);
    conn->error = copy;
    if (copy != NULL) {
        memcpy(copy, sentence, n);
        copy[n] = '\0';
    }
}

void lt_conn_alert_written(latch_conn *conn)
{
    char *at = conn->error != NULL ? strstr(conn->error, " (sending alert ") : NULL;
    conn->alert_pending = 0;
    if (at != NULL) { /* " (sending alert" -> " (sent alert" */
        at[5] = 't';
        memmove(at + 6, at + 9, strlen(at + 9) + 1);
    }
}

int lt_conn_fail_sticky(latch_conn *conn, int rc)
{
    /* whatever the handler forgot to say, the connection does not go on: the record that
     * failed is never looked at again (it would be, from the buffers, on the next input) */
    return lt_conn_fail(conn, rc == LT_ERR_DECODE ? LT_ALERT_DECODE_ERROR : LT_ALERT_INTERNAL_ERROR,
                        rc, "%s while handling the peer's records", lt_err_str(rc));
}

int lt_conn_send_warning(latch_conn *conn, int description)
{
    uint8_t alert[2] = { 1, (uint8_t)description };
    if (LT_TRACING(conn))
        lt_note_alert(conn, 1, 1, description);
    return lt_conn_emit(conn, LT_CT_ALERT, alert, sizeof alert);
}

int lt_conn_send_close_notify(latch_conn *conn)
{
    if (conn->close_sent)
        return 0;
    conn->close_sent = 1;
    uint8_t alert[2] = { 1, LT_ALERT_CLOSE_NOTIFY };
    if (LT_TRACING(conn))
        lt_note_alert(conn, 1, 1, LT_ALERT_CLOSE_NOTIFY);
    return lt_conn_emit(conn, LT_CT_ALERT, alert, sizeof alert);
}

int lt_conn_peer_record_limit(latch_conn *conn, const lt_ext *ext)
{
    size_t limit = 0;
    int rc = lt_ext_record_size_limit(ext, &limit);
    if (rc == LT_ERR_DECODE)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed record_size_limit");
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the peer's record_size_limit is below 64 bytes");
    conn->send_limit = limit;
    conn->recv_limit = conn->config->record_limit;
    if (conn->version == LATCH_TLS12) {
        /* RFC 8449 §4: in TLS 1.2 the value has no content type byte in it: the peer's is its
         * plaintext limit as it stands (above 2^14 means 2^14). Ours is what we advertised in
         * TLS 1.2 terms: a client that also offered TLS 1.3 sent the TLS 1.3 value, one more. */
        size_t ours = conn->role == LATCH_ROLE_CLIENT && conn->config->max_version == LATCH_TLS13
                          ? lt_ext_record_size_limit_value(conn->config->record_limit, 1)
                          : lt_ext_record_size_limit_value(conn->config->record_limit, 0);
        conn->send_limit = limit + 1 > LT_MAX_PLAINTEXT ? LT_MAX_PLAINTEXT : limit + 1;
        conn->recv_limit = ours > LT_MAX_PLAINTEXT ? LT_MAX_PLAINTEXT : ours;
    }
    return 0;
}

int lt_conn_check_exts(latch_conn *conn, const lt_ext_list *exts, lt_ext_msg where, const char *what)
{
    uint16_t bad = 0;
    int alert = lt_ext_check(exts, where, lt_client13_offered, conn->hs, &bad);
    if (alert == 0)
        return 0;
    return lt_conn_fail(conn, alert, alert == LT_ALERT_DECODE_ERROR ? LT_ERR_DECODE : LT_ERR_PROTOCOL,
                        alert == LT_ALERT_DECODE_ERROR ? "%s carries a malformed extension %u"
                        : alert == LT_ALERT_ILLEGAL_PARAMETER ? "%s carries extension %u, which belongs in another message"
                                                              : "%s carries extension %u, which we did not ask for",
                        what, bad);
}

int lt_conn_scratch(latch_conn *conn, size_t n)
{
    lt_hs *hs = conn->hs;
    if (hs->scratch_cap >= n)
        return 0;
    uint8_t *grown = lt_realloc(hs->scratch, n);
    if (grown == NULL)
        return LT_ERR_NOMEM;
    hs->scratch = grown;
    hs->scratch_cap = n;
    return 0;
}

int lt_conn_queue_handshake(latch_conn *conn, const uint8_t *msg, size_t len, int add_to_transcript)
{
#ifdef LT_TEST_HOOKS
    if (add_to_transcript && conn->hs != NULL && conn->hs->replay_substitute != NULL)
        conn->hs->replay_substitute(conn->hs->replay_arg, &msg, &len);
#endif
    if (LT_TRACING(conn))
        lt_note_message(conn, 1, msg, len);
    if (conn->flight_cap - conn->flight_len < len) {
        size_t cap = conn->flight_cap ? conn->flight_cap : 4096;
        while (cap - conn->flight_len < len)
            cap *= 2;
        uint8_t *grown = lt_realloc(conn->flight, cap);
        if (grown == NULL)
            return LT_ERR_NOMEM;
        conn->flight = grown;
        conn->flight_cap = cap;
    }
    memcpy(conn->flight + conn->flight_len, msg, len);
    conn->flight_len += len;
    if (add_to_transcript && conn->hs != NULL)
        LT_TRY(lt_transcript_add(&conn->hs->transcript, msg, len));
    return 0;
}

int lt_conn_flush_flight(latch_conn *conn)
{
    size_t done = 0;
    while (done < conn->flight_len) {
        size_t chunk = conn->flight_len - done;
        if (chunk > conn->send_limit)
            chunk = conn->send_limit;
        LT_TRY(lt_conn_emit(conn, LT_CT_HANDSHAKE, conn->flight + done, chunk));
        done += chunk;
    }
    conn->flight_len = 0;
    return 0;
}

int lt_conn_send_ccs(latch_conn *conn)
{
    if (LT_TRACING(conn))
        lt_note_message(conn, 1, NULL, 0);
    static const uint8_t ccs[6] = { LT_CT_CHANGE_CIPHER_SPEC, 0x03, 0x03, 0x00, 0x01, 0x01 };
    uint8_t *at = lt_conn_out_room(conn, sizeof ccs);
    if (at == NULL)
        return LT_ERR_NOMEM;
    memcpy(at, ccs, sizeof ccs);
    conn->out_len += sizeof ccs;
    return 0;
}

int lt_conn_set_keys(latch_conn *conn, int write, const uint8_t *traffic_secret)
{
    uint8_t key[LT_AEAD_MAX_KEY_LEN], iv[LT_AEAD_NONCE_LEN];
    if (!write)
        conn->record_must_end = 1; /* (a handshake message must not span the change) */
    int rc = lt_keysched13_traffic_keys(conn->suite->hash, conn->suite->aead, traffic_secret, key, iv);
    if (rc == 0)
        rc = lt_record_keys_set(write ? &conn->write_keys : &conn->read_keys, conn->suite->aead, key, iv);
    lt_wipe(key, sizeof key);
    lt_wipe(iv, sizeof iv);
    return rc;
}

void lt_conn_keylog(latch_conn *conn, const char *label, const uint8_t *secret, size_t len)
{
    char line[64 + 2 * 32 + 2 * LT_MAX_HASH + 4];
    static const char hex[] = "0123456789abcdef";
    if (conn->config->keylog == NULL)
        return;
    size_t n = (size_t)snprintf(line, sizeof line, "%s ", label);
    for (size_t i = 0; i < 32; i++) {
        line[n++] = hex[conn->client_random[i] >> 4];
        line[n++] = hex[conn->client_random[i] & 15];
    }
    line[n++] = ' ';
    for (size_t i = 0; i < len; i++) {
        line[n++] = hex[secret[i] >> 4];
        line[n++] = hex[secret[i] & 15];
    }
    line[n] = '\0';
    conn->config->keylog(conn->config->keylog_arg, line);
    lt_wipe(line, sizeof line);
}

int lt_conn13_handshake_secrets(latch_conn *conn, const uint8_t *ecdhe, size_t ecdhe_len)
{
    lt_hs *hs = conn->hs;
    uint8_t transcript_hash[LT_MAX_HASH];
    /* Early Secret from the resumption PSK when one was accepted (psk_dhe_ke), else zeros */
    int rc = lt_keysched13_init(&hs->ks, conn->suite->hash, hs->psk_accepted ? hs->psk : NULL,
                                hs->psk_accepted ? hs->psk_len : 0);
    if (rc == 0)
        rc = lt_keysched13_handshake(&hs->ks, ecdhe, ecdhe_len);
    if (rc == 0)
        rc = lt_transcript_current(&hs->transcript, transcript_hash);
    if (rc == 0) {
        static const char *const labels[2] = { "c hs traffic", "s hs traffic" };
        uint8_t *const outs[2] = { hs->client_hs_secret, hs->server_hs_secret };
        rc = lt_keysched13_derive_many(&hs->ks, labels, transcript_hash, outs, 2);
    }
    if (rc < 0)
        return rc;
    lt_conn_keylog(conn, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", hs->client_hs_secret, hs->ks.hash_len);
    lt_conn_keylog(conn, "SERVER_HANDSHAKE_TRAFFIC_SECRET", hs->server_hs_secret, hs->ks.hash_len);
    if (LT_TRACING(conn))
        lt_note_keys(conn, "handshake traffic secrets",
                      "%s%s %s shared secret (%zu bytes) -> handshake secret -> client and server handshake "
                      "traffic secrets (HKDF-%s, %zu bytes each), keys for %s",
                      hs->psk_accepted ? "resumption PSK + " : "",
                      lt_group_is_hybrid((lt_group)conn->group) ? "post-quantum hybrid" : "ECDHE",
                      lt_group_name((lt_group)conn->group),
                      ecdhe_len, lt_hash_name(conn->suite->hash), hs->ks.hash_len, conn->suite->name);
    return 0;
}

int lt_conn13_application_secrets(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    uint8_t transcript_hash[LT_MAX_HASH];
    int client = conn->role == LATCH_ROLE_CLIENT;
    uint8_t *client_secret = client ? conn->write_secret : conn->read_secret;
    uint8_t *server_secret = client ? conn->read_secret : conn->write_secret;
    int rc = lt_keysched13_master(&hs->ks);
    if (rc == 0)
        rc = lt_transcript_current(&hs->transcript, transcript_hash);
    if (rc == 0) {
        static const char *const labels[3] = { "c ap traffic", "s ap traffic", "exp master" };
        uint8_t *const outs[3] = { client_secret, server_secret, conn->exporter_master };
        rc = lt_keysched13_derive_many(&hs->ks, labels, transcript_hash, outs, 3);
    }
    if (rc < 0)
        return rc;
    lt_conn_keylog(conn, "CLIENT_TRAFFIC_SECRET_0", client_secret, hs->ks.hash_len);
    lt_conn_keylog(conn, "SERVER_TRAFFIC_SECRET_0", server_secret, hs->ks.hash_len);
    lt_conn_keylog(conn, "EXPORTER_SECRET", conn->exporter_master, hs->ks.hash_len);
    if (LT_TRACING(conn))
        lt_note_keys(conn, "application traffic secrets",
                      "master secret -> client and server application traffic secrets and the exporter "
                      "secret (HKDF-%s, %zu bytes each), from the transcript through the server's Finished",
                      lt_hash_name(conn->suite->hash), hs->ks.hash_len);
    return 0;
}

void lt_conn_end_handshake(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    if (hs == NULL)
        return;
    if (conn->state == LT_ST_CONNECTED && LT_TRACING(conn))
        lt_note_done(conn);
    lt_transcript_clear(&hs->transcript);
    lt_keysched13_clear(&hs->ks);
    lt_kex_free(hs->kex);
    lt_kex_free(hs->extra_kex);
#ifdef LT_TEST_HOOKS
    lt_kex_free(hs->next_kex);
#endif
    lt_pubkey_free(hs->peer_key);
    lt_record_keys_clear(&hs->pending_read);
    lt_free(hs->new_ticket);
    if (hs->offer != NULL) {
        lt_wipe(hs->offer, sizeof *hs->offer);
        lt_free(hs->offer);
    }
    lt_record_keys_clear(&hs->pending_write);
    lt_free(hs->cookie);
    lt_free(hs->scratch);
    lt_wipe(hs, sizeof *hs);
    lt_free(hs);
    /* the record and handshake buffers go once drained (a post-handshake message gets new
     * ones): lt_conn_release_idle */
    conn->release_idle = conn->state == LT_ST_CONNECTED;
    conn->hs = NULL;
    /* the reassembly and flight buffers were for the handshake: give them back */
    if (conn->hsbuf_len == 0) {
        lt_free(conn->hsbuf);
        conn->hsbuf = NULL;
        conn->hsbuf_cap = 0;
    }
    lt_free(conn->flight);
    conn->flight = NULL;
    conn->flight_cap = conn->flight_len = 0;
}

/* ---- input ---------------------------------------------------------------------------------- */

/* Takes handshake bytes from one record and handles every complete message. */
static int lt_conn_handshake_bytes(latch_conn *conn, const uint8_t *data, size_t len)
{
    if (len == 0)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent an empty handshake record");
    if (conn->hsbuf_cap - conn->hsbuf_len < len) {
        size_t cap = conn->hsbuf_cap ? conn->hsbuf_cap : 4096;
        while (cap - conn->hsbuf_len < len)
            cap *= 2;
        if (cap > conn->config->max_handshake_message + 4 + 2 * LT_MAX_CIPHERTEXT_13)
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_LIMIT,
                                "the peer's handshake message is larger than %zu bytes",
                                conn->config->max_handshake_message);
        uint8_t *grown = lt_realloc(conn->hsbuf, cap);
        if (grown == NULL)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory");
        conn->hsbuf = grown;
        conn->hsbuf_cap = cap;
    }
    memcpy(conn->hsbuf + conn->hsbuf_len, data, len);
    conn->hsbuf_len += len;

    size_t pos = 0;
    while (conn->hsbuf_len - pos >= 4 && conn->state != LT_ST_FAILED) {
        const uint8_t *m = conn->hsbuf + pos;
        size_t body = (size_t)m[1] << 16 | (size_t)m[2] << 8 | m[3];
        /* longer than we take: its length field is what we cannot use (decode_error) */
        if (body > conn->config->max_handshake_message)
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_LIMIT,
                                "the peer's handshake message is larger than %zu bytes",
                                conn->config->max_handshake_message);
        if (conn->hsbuf_len - pos < 4 + body)
            break;
        conn->record_must_end = 0;
        if (m[0] != LT_HS_HELLO_REQUEST) /* (the one message a peer may repeat for nothing) */
            conn->warnings_in = 0;
        conn->ccs_in = 0;
        conn->hs_data_follows = conn->hsbuf_len - pos > 4 + body;
        int rc = lt_conn_dispatch(conn, m[0], m, 4 + body);
        if (rc < 0)
            return rc;
        pos += 4 + body;
        /* §5.1: a message before a key change must end its record */
        if (conn->record_must_end && conn->hsbuf_len > pos)
            return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                                "the peer sent handshake data after a message that must end its record "
                                "(keys change after it)");
    }
    memmove(conn->hsbuf, conn->hsbuf + pos, conn->hsbuf_len - pos);
    conn->hsbuf_len -= pos;
    return 0;
}

int lt_conn_warning_in(latch_conn *conn, const char *what)
{
    if (++conn->warnings_in > LT_MAX_WARNINGS_IN)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent more than %d %s in a row", LT_MAX_WARNINGS_IN, what);
    return 0;
}

/* What an alert most often means, where that is clear, for the sentence ("" otherwise). */
static const char *lt_conn_alert_hint(const latch_conn *conn, int description)
{
    int tls12 = conn->config->min_version <= LATCH_TLS12, tls13 = conn->config->max_version >= LATCH_TLS13;
    switch (description) {
    case LT_ALERT_PROTOCOL_VERSION:
        return tls12 && tls13 ? ": it speaks neither TLS 1.3 nor TLS 1.2, the versions we allow"
               : tls13        ? ": it does not speak TLS 1.3, the one version we allow"
                              : ": it does not speak TLS 1.2, the one version we allow";
    case LT_ALERT_CERTIFICATE_REQUIRED:
        return ": the server requires a client certificate, and we sent none";
    case LT_ALERT_UNKNOWN_CA:
        return ": it does not trust our certificate's issuer";
    default:
        return "";
    }
}

static int lt_conn_alert_in(latch_conn *conn, const uint8_t *data, size_t len)
{
    if (len != 2)
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "the peer sent a malformed alert");
    if (LT_TRACING(conn))
        lt_note_alert(conn, 0, data[0], data[1]);
    if (data[1] == LT_ALERT_CLOSE_NOTIFY) {
        conn->close_received = 1;
        return 0;
    }
    /* user_canceled: a warning, the close_notify that follows ends the connection; and the
     * version's warnings (TLS 1.2's, by their level). They cost the peer nothing, so only a few
     * in a row are taken. */
    /* before the version is settled, the peer may be a TLS 1.2 one if we allow TLS 1.2 (a
     * server's warning unrecognized_name comes before its ServerHello, RFC 6066 §3) */
    int warning_ok = conn->version == 0 ? conn->config->min_version <= LATCH_TLS12 : LT_OPS(conn)->warning_ok(data[1]);
    if (data[1] == LT_ALERT_USER_CANCELED || (data[0] == 1 && warning_ok))
        return lt_conn_warning_in(conn, "warning alerts");
    conn->alert_received = data[1];
    return lt_conn_fail(conn, -1, LT_ERR_PEER_ALERT, "the peer sent alert %s (%d)%s", lt_alert_name(data[1]),
                        data[1], lt_conn_alert_hint(conn, data[1]));
}

static int lt_conn_content_in(latch_conn *conn, uint8_t type, uint8_t *plain, size_t plain_len, size_t direct);

/* A protected record that did not open: forged or damaged (bad_record_mac), or too long. */
static int lt_conn_record_failure(latch_conn *conn, int rc)
{
    if (rc == LT_ERR_LIMIT)
        return lt_conn_fail(conn, LT_ALERT_RECORD_OVERFLOW, LT_ERR_PROTOCOL,
                            "the peer sent a record whose plaintext exceeds 2^14 bytes");
    return lt_conn_fail(conn, LT_ALERT_BAD_RECORD_MAC, LT_ERR_PROTOCOL,
                        "a record from the peer failed authentication");
}
static int lt_conn12_record_in(latch_conn *conn, uint8_t *record, size_t len);

/* §5.3 / RFC 5246 §6.1: a sequence number never wraps; a TLS 1.3 peer changes keys long before */
static int lt_conn_read_key_spent(latch_conn *conn)
{
    return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_LIMIT,
                        "the peer sent 2^64 - 1 records under one key without changing it");
}

static int lt_conn_handshaking(const latch_conn *conn)
{
    return conn->state == LT_ST_HANDSHAKE;
}

/* Whether the handshake's state says so (machine.c: LT_STATE_*): the record layer asks the
 * table, never names a state. */
static int lt_conn_state_has(const latch_conn *conn, unsigned flag)
{
    return conn->state == LT_ST_HANDSHAKE && (lt_machine_state_flags(conn->machine, conn->hs_state) & flag) != 0;
}

/* One complete record at conn->in + conn->in_pos. */
static int lt_conn_record_in(latch_conn *conn, uint8_t *record, size_t len)
{
    uint8_t outer = record[0];
    uint8_t *fragment = record + LT_RECORD_HEADER_LEN;
    size_t fragment_len = len - LT_RECORD_HEADER_LEN;

    if (conn->read_keys.tls12)
        return lt_conn12_record_in(conn, record, len);
    if (outer == LT_CT_CHANGE_CIPHER_SPEC)
        return LT_OPS(conn)->ccs_record(conn, fragment, fragment_len);
    if (conn->read_keys.aead == NULL) {
        if (outer == LT_CT_HANDSHAKE)
            return lt_conn_handshake_bytes(conn, fragment, fragment_len);
        if (outer == LT_CT_ALERT)
            return lt_conn_alert_in(conn, fragment, fragment_len);
        /* §4.2.10: after our HelloRetryRequest, rejected 0-RTT is skipped by its outer type */
        if (outer == LT_CT_APPLICATION_DATA && lt_conn_state_has(conn, LT_STATE_SKIPS_EARLY_DATA) &&
            conn->early_data_skip >= fragment_len) {
            conn->early_data_skip -= fragment_len;
            return 0;
        }
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent a record of type %u before keys were agreed", outer);
    }
    if (outer != LT_CT_APPLICATION_DATA) {
        /* a peer that failed before it had keys alerts in plaintext */
        if (outer == LT_CT_ALERT && fragment_len == 2 && lt_conn_handshaking(conn))
            return lt_conn_alert_in(conn, fragment, fragment_len);
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent an unprotected record of type %u after keys were agreed",
                            outer);
    }
    if (fragment_len > LT_MAX_CIPHERTEXT_13)
        return lt_conn_fail(conn, LT_ALERT_RECORD_OVERFLOW, LT_ERR_PROTOCOL,
                            "the peer sent a record of %zu bytes (at most %u are allowed)",
                            fragment_len, (unsigned)LT_MAX_CIPHERTEXT_13);
    /* RFC 8449 §4: TLSInnerPlaintext (content, type, padding) within our advertised limit */
    if (fragment_len > conn->recv_limit + 1 + LT_AEAD_TAG_LEN)
        return lt_conn_fail(conn, LT_ALERT_RECORD_OVERFLOW, LT_ERR_PROTOCOL,
                            "the peer sent a record larger than our record_size_limit (%zu bytes)",
                            conn->recv_limit);
    if (conn->read_keys.seq == UINT64_MAX)
        return lt_conn_read_key_spent(conn);
    uint8_t inner;
    size_t plain_len, direct = 0;
    int rc = lt_record_open_into(&conn->read_keys, record, len, conn->read_dst, conn->read_dst_cap, &inner,
                                 &plain_len, &direct);
    /* §4.2.10: 0-RTT we rejected arrives before the client's handshake records and does not
     * open under the handshake keys: skipped, within a budget */
    if (rc == LT_ERR_VERIFY && conn->role == LATCH_ROLE_SERVER &&
        lt_conn_state_has(conn, LT_STATE_SKIPS_EARLY_DATA) &&
        conn->early_data_skip >= fragment_len) {
        /* (in whichever state waits for the client's first protected message: its Finished,
         * or its Certificate when we asked for one) */
        conn->early_data_skip -= fragment_len;
        return 0;
    }
    conn->early_data_skip = 0; /* the client's own records have begun */
    if (rc == LT_ERR_VERIFY || rc == LT_ERR_LIMIT)
        return lt_conn_record_failure(conn, rc);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent a record with no content type");
    return lt_conn_content_in(conn, inner, fragment, plain_len, direct);
}

/* A TLS 1.2 protected record: its outer type is its real type. */
static int lt_conn12_record_in(latch_conn *conn, uint8_t *record, size_t len)
{
    size_t off = 0, plain_len = 0, direct = 0;
    if (record[0] == LT_CT_CHANGE_CIPHER_SPEC)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent a second ChangeCipherSpec");
    if (len - LT_RECORD_HEADER_LEN > conn->recv_limit + lt_record12_max_expansion_in(&conn->read_keys))
        return lt_conn_fail(conn, LT_ALERT_RECORD_OVERFLOW, LT_ERR_PROTOCOL,
                            "the peer sent a record larger than our record_size_limit (%zu bytes)",
                            conn->recv_limit);
    if (conn->read_keys.seq == UINT64_MAX)
        return lt_conn_read_key_spent(conn);
    int rc = lt_record12_open_into(&conn->read_keys, record, len, conn->read_dst, conn->read_dst_cap, &off,
                                   &plain_len, &direct);
    if (rc == LT_ERR_VERIFY || rc == LT_ERR_LIMIT)
        return lt_conn_record_failure(conn, rc);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "record decryption failed");
    return lt_conn_content_in(conn, record[0], record + off, plain_len, direct);
}

/* Decrypted content of one record, by type (both versions). Its first `direct` plaintext bytes
 * are in conn->read_dst (the application's buffer), the rest at plain + direct. */
static int lt_conn_content_in(latch_conn *conn, uint8_t type, uint8_t *plain, size_t plain_len, size_t direct)
{
    uint8_t *fragment = plain;
    uint8_t inner = type;
    if (direct > 0 && inner != LT_CT_APPLICATION_DATA) {
        /* not for the application after all (a TLS 1.3 post-handshake message or alert): back
         * into the record, and out of the application's buffer */
        memcpy(plain, conn->read_dst, direct < plain_len ? direct : plain_len);
        lt_wipe(conn->read_dst, direct);
        direct = 0;
    }
    if (plain_len == 0 && inner != LT_CT_APPLICATION_DATA)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent an empty record of type %u", inner);
    if (inner == LT_CT_APPLICATION_DATA)
        conn->warnings_in = 0;
    switch (inner) {
    case LT_CT_HANDSHAKE:
        return lt_conn_handshake_bytes(conn, fragment, plain_len);
    case LT_CT_ALERT:
        return lt_conn_alert_in(conn, fragment, plain_len);
    case LT_CT_APPLICATION_DATA: {
        const char *refused = conn->state != LT_ST_CONNECTED || conn->hsbuf_len != 0
                                  ? "the peer sent application data before the handshake completed"
                              : conn->close_received ? "the peer sent data after its close_notify"
                                                     : NULL;
        if (refused != NULL) {
            lt_wipe(conn->read_dst, direct); /* nothing reaches the application */
            return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL, "%s", refused);
        }
        if (plain_len == 0) {
            if (++conn->empty_records > LT_MAX_EMPTY_RECORDS)
                return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                                    "the peer sent too many empty records");
            return 0;
        }
        conn->empty_records = 0;
        conn->key_updates_in = 0;
        if (LT_TRACING(conn))
            lt_note_data(conn, 0, plain_len);
        /* what landed in the application's buffer is read already; the rest waits */
        size_t delivered = direct < plain_len ? direct : plain_len;
        if (direct > 0)
            conn->read_dst_len = delivered;
        if (plain_len > delivered) {
            conn->app_off = (size_t)(fragment + delivered - conn->in);
            conn->app_len = plain_len - delivered;
        }
        return 0;
    }
    default:
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the peer sent a record of unknown type %u", inner);
    }
}

/* Records of at least this many bytes are held sealed for the application's read (see
 * lt_conn_holds). Post-handshake messages and alerts travel in far smaller records. */
#define LT_HOLD_MIN 2048

/* Once the handshake is done, a large application_data record is not opened as it arrives but
 * left sealed until the application reads, so that latch_read can decrypt it straight into the
 * caller's buffer instead of opening it here and copying it there. Its records are the bulk of a
 * transfer; small records (where TLS 1.3 carries tickets, KeyUpdate and alerts under the same
 * outer type) are opened at once. Like decrypted data not yet read, a held record stops the
 * processing of what follows it until it is read. */
static int lt_conn_holds(const latch_conn *conn, const uint8_t *record, size_t fragment_len)
{
    return conn->state == LT_ST_CONNECTED && lt_record_keys_on(&conn->read_keys) &&
           record[0] == LT_CT_APPLICATION_DATA && fragment_len >= LT_HOLD_MIN;
}

/* Grows the input buffer when the record it starts with (its header already checked) is longer
 * than the buffer: to the record's size, or to LT_IN_BULK for a large application_data record
 * once the handshake is done (a transfer; given back once the connection is quiet). The old
 * buffer is wiped: it held decrypted records. */
static int lt_conn_in_fit_record(latch_conn *conn)
{
    if (conn->in_pos != 0 || conn->in_len < LT_RECORD_HEADER_LEN)
        return 0;
    size_t fragment_len = (size_t)conn->in[3] << 8 | conn->in[4];
    size_t need = LT_RECORD_HEADER_LEN + fragment_len;
    if (need <= conn->in_cap || need > LT_IN_MAX)
        return 0;
    if (lt_conn_holds(conn, conn->in, fragment_len))
        need = LT_IN_BULK;
    uint8_t *grown = lt_malloc(need);
    if (grown == NULL)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory for a record");
    memcpy(grown, conn->in, conn->in_len);
    lt_wipe(conn->in, conn->in_used);
    lt_free(conn->in);
    conn->in = grown;
    conn->in_cap = need;
    conn->in_used = conn->in_len;
    return 0;
}

/* The peer's first bytes are not a TLS record. Text (an HTTP server's "HTTP/1.1 400", a client's
 * "GET /") is said as such: the usual cause is a port that does not speak TLS. */
static int lt_conn_not_tls(latch_conn *conn, const uint8_t *bytes, size_t len)
{
    char text[16];
    size_t n = 0;
    while (n < len && n < sizeof text - 1 && bytes[n] >= 0x20 && bytes[n] < 0x7f)
        n++;
    if (n >= 4 || n == len) {
        memcpy(text, bytes, n);
        text[n] = '\0';
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                            "the peer did not send TLS records but plain text (\"%s\"%s): is this a TLS port?",
                            text, n < len ? "..." : "");
    }
    return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                        "the peer did not send TLS records (type %u, version %u.%u)", bytes[0], bytes[1], bytes[2]);
}

/* Handles every complete record in the input, stopping at application data the application
 * has not read yet, or at a held record (opened first when open_head). */
static int lt_conn_process_from(latch_conn *conn, int open_head)
{
    while (conn->state != LT_ST_FAILED && conn->app_len == 0 && !conn->close_received) {
        size_t left = conn->in_len - conn->in_pos;
        uint8_t *record = conn->in + conn->in_pos;
        if (left < LT_RECORD_HEADER_LEN)
            break;
        size_t fragment_len = (size_t)record[3] << 8 | record[4];
        /* §5.1: legacy_record_version is ignored, and RFC 5246 Appendix E.1 has a server take
         * any {3, x} on the first record; a first byte other than 3 means this is not TLS at
         * all: stop before buffering more. An unknown type in a TLS record is an
         * unexpected_message (§5). */
        if (record[1] != 0x03)
            return lt_conn_not_tls(conn, record, left);
        if (record[0] < LT_CT_CHANGE_CIPHER_SPEC || record[0] > LT_CT_APPLICATION_DATA)
            return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                                "the peer sent a record of unknown type %u", record[0]);
        /* TLS 1.2 CBC records may carry up to 255 bytes of padding (RFC 5246 §6.2.3.2): their
         * bound is 2^14 + 2048 (§6.2.3), checked exactly by lt_conn12_record_in */
        size_t max_fragment = conn->read_keys.cbc != NULL ? LT_MAX_CIPHERTEXT_12 : LT_MAX_CIPHERTEXT_13;
        if (fragment_len > max_fragment)
            return lt_conn_fail(conn, LT_ALERT_RECORD_OVERFLOW, LT_ERR_PROTOCOL,
                                "the peer sent a record of %zu bytes (at most %zu are allowed)",
                                fragment_len, max_fragment);
        /* (after our HelloRetryRequest, the 0-RTT we skip by its type is ciphertext, §4.2.10) */
        int early_data = record[0] == LT_CT_APPLICATION_DATA && conn->role == LATCH_ROLE_SERVER &&
                         lt_conn_state_has(conn, LT_STATE_SKIPS_EARLY_DATA);
        if (!lt_record_keys_on(&conn->read_keys) && !early_data && fragment_len > LT_MAX_PLAINTEXT)
            return lt_conn_fail(conn, LT_ALERT_RECORD_OVERFLOW, LT_ERR_PROTOCOL,
                                "the peer sent a plaintext record of %zu bytes", fragment_len);
        if (left < LT_RECORD_HEADER_LEN + fragment_len)
            break;
        if (!open_head && lt_conn_holds(conn, record, fragment_len)) {
            conn->record_held = 1;
            break;
        }
        conn->record_held = 0;
        conn->in_pos += LT_RECORD_HEADER_LEN + fragment_len;
        int rc = lt_conn_record_in(conn, record, LT_RECORD_HEADER_LEN + fragment_len);
        /* only the first record may go to the application's buffer */
        open_head = 0;
        conn->read_dst = NULL;
        conn->read_dst_cap = 0;
        if (rc < 0)
            return lt_conn_fail_sticky(conn, rc);
    }
    if (conn->state == LT_ST_FAILED)
        return (int)conn->failure;
    /* compact: keep only what is not processed (and not pending application data) */
    if (conn->app_len == 0 && conn->in_pos > 0) {
        memmove(conn->in, conn->in + conn->in_pos, conn->in_len - conn->in_pos);
        conn->in_len -= conn->in_pos;
        conn->in_pos = 0;
    }
    return lt_conn_in_fit_record(conn);
}

int lt_conn_process(latch_conn *conn)
{
    return lt_conn_process_from(conn, 0);
}

int lt_conn_open_held(latch_conn *conn)
{
    conn->read_dst_len = 0;
    /* anything that stops lt_conn_process_from before the head record: then the held record is
     * not opened, and with a close_notify received it never will be (so every call opens one
     * record or ends the hold, and the readers' loops end) */
    if (!conn->record_held || conn->app_len != 0 || conn->close_received || conn->state == LT_ST_FAILED) {
        if (conn->close_received)
            conn->record_held = 0;
        conn->read_dst = NULL;
        conn->read_dst_cap = 0;
        return conn->state == LT_ST_FAILED ? (int)conn->failure : 0;
    }
    int rc = lt_conn_process_from(conn, 1);
    conn->read_dst = NULL;
    conn->read_dst_cap = 0;
    return rc;
}

int lt_conn_keep_session(latch_conn *conn, const lt_client_session *s)
{
    uint8_t buf[LT_SESSION_TICKET_MAX + 1024];
    size_t len = 0;
    int rc = lt_client_session_write(s, buf, sizeof buf, &len);
    uint8_t *copy = rc == 0 ? lt_malloc(len) : NULL;
    if (copy != NULL) {
        memcpy(copy, buf, len);
        if (conn->session != NULL) {
            lt_wipe(conn->session, conn->session_len);
            lt_free(conn->session);
        }
        conn->session = copy;
        conn->session_len = len;
    }
    lt_wipe(buf, sizeof buf);
    if (conn->server_name[0] != '\0')
        lt_session_cache_put(&conn->config->sessions, s);
    return rc < 0 ? rc : copy == NULL ? LT_ERR_NOMEM : 0;
}

void lt_conn_release_idle(latch_conn *conn)
{
    /* asked for (at the end of the handshake, or by latch_conn_release_buffers): a busy
     * connection keeps its buffers, so bulk transfers do not pay for them per record */
    if (conn->state != LT_ST_CONNECTED || !conn->release_idle)
        return;
    /* nothing buffered either way: an idle connection keeps no record buffers (they hold
     * up to 65 KiB in and 33 KiB out) nor expanded cipher keys; they come back on the next
     * record */
    if (conn->in != NULL && conn->in_len == 0 && conn->app_len == 0) {
        lt_wipe(conn->in, conn->in_used); /* it held decrypted data */
        lt_free(conn->in);
        conn->in = NULL;
        conn->in_cap = conn->in_used = 0;
    }
    if (conn->out != NULL && conn->out_len == 0) {
        lt_free(conn->out);
        conn->out = NULL;
        conn->out_cap = 0;
    }
    /* the handshake's reassembly and flight buffers (still in use when the handshake ended, in
     * the middle of processing its last message) */
    if (conn->hsbuf != NULL && conn->hsbuf_len == 0) {
        lt_free(conn->hsbuf);
        conn->hsbuf = NULL;
        conn->hsbuf_cap = 0;
    }
    if (conn->flight != NULL && conn->flight_len == 0) {
        lt_free(conn->flight);
        conn->flight = NULL;
        conn->flight_cap = 0;
    }
    if (conn->in == NULL && conn->out == NULL && conn->hsbuf == NULL && conn->flight == NULL) {
        /* and the ciphers' expanded keys (over 1 KiB a direction with AES-GCM), made again
         * from the keys at the next record */
        lt_record_keys_sleep(&conn->read_keys);
        lt_record_keys_sleep(&conn->write_keys);
        conn->release_idle = 0;
    }
}

int lt_conn_alloc_buffers(latch_conn *conn)
{
    if (conn->in == NULL) {
        conn->in = lt_malloc(LT_IN_FIRST);
        if (conn->in == NULL)
            return LT_ERR_NOMEM;
        conn->in_cap = LT_IN_FIRST;
    }
    return 0;
}

int lt_conn_emit_app(latch_conn *conn, const uint8_t *data, size_t len, size_t *taken)
{
    size_t done = 0;
    uint64_t key_limit = LT_OPS(conn)->write_key_limit(conn);
    /* our own write: a KeyUpdate the peer asks for from now on is answered again (RFC 8446
     * §4.6.3 lets several requests before it share one answer) */
    conn->key_update_answered = 0;
    while (done < len) {
        size_t chunk = len - done > conn->send_limit ? conn->send_limit : len - done;
        size_t need = chunk + lt_record_overhead(&conn->write_keys);
        /* application data grows the buffer up to two full records, then the caller drains it */
        if (conn->out_cap >= LT_OUT_APP && conn->out_cap - (conn->out_len - conn->out_start) < need)
            break;
        if (conn->write_keys.seq >= key_limit)
            LT_TRY(LT_OPS(conn)->write_key_spent(conn));
        LT_TRY(lt_conn_emit(conn, LT_CT_APPLICATION_DATA, data + done, chunk));
        if (LT_TRACING(conn))
            lt_note_data(conn, 1, chunk);
        done += chunk;
    }
    *taken = done;
    return 0;
}
