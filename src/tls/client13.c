/* The TLS 1.3 client (RFC 8446 §2, §4): ClientHello (§4.1.2) with one key share and
 * middlebox-compatibility session id (§D.4), HelloRetryRequest (§4.1.4: a new share for the
 * group the server asked for, its cookie, the transcript restarted with message_hash), the
 * ServerHello checks (§4.1.3: version, echoed session id, offered suite, downgrade sentinel),
 * EncryptedExtensions (§4.3.1: nothing we did not ask for), the server's Certificate,
 * CertificateVerify and Finished (§4.4), an empty Certificate when a certificate is requested and
 * we have none to offer yet, and our Finished. Which of these may come when: machine.c. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/rand.h"
#include "tls/codec.h"
#include "tls/conn.h"
#include "tls/negotiate.h"
#include "tls/ext.h"
#include "tls/proto.h"
#include "x509/name.h"

static void lt_client13_offer(lt_hs *hs, uint16_t type)
{
    if (hs->n_offered_exts < sizeof hs->offered_exts / sizeof hs->offered_exts[0])
        hs->offered_exts[hs->n_offered_exts++] = type;
}

int lt_client13_offered(const void *arg, uint16_t type)
{
    const lt_hs *hs = arg;
    for (size_t i = 0; i < hs->n_offered_exts; i++)
        if (hs->offered_exts[i] == type)
            return 1;
    return 0;
}

/* A ClientHello being built: its fields and extension data go into one writer (the end of the
 * scratch buffer), the codec writes the message from the struct into its start. */
#define LT_CH_FRAME (4 + 2 + 32 + 33 + 2 + 2 + 2 + 4 * LT_MAX_EXTENSIONS) /* (headers, fixed fields) */
typedef struct {
    lt_hs *hs;
    lt_writer d;                 /* the data the struct's spans point into */
    lt_client_hello_msg ch;
    size_t at;                   /* where the open extension's data starts in d */
} lt_ch_build;

/* An extension's data starts; lt_ch_ext_end ends it (and it is what we offered). */
static void lt_ch_ext_begin(lt_ch_build *b)
{
    b->at = b->d.len;
}

static void lt_ch_ext_end(lt_ch_build *b, uint16_t type)
{
    lt_client13_offer(b->hs, type);
    if (b->ch.exts.n == LT_MAX_EXTENSIONS) {
        b->d.err = LT_ERR_INTERNAL;
        return;
    }
    b->ch.exts.items[b->ch.exts.n].type = type;
    b->ch.exts.items[b->ch.exts.n].data = lt_span_make(b->d.buf + b->at, b->d.len - b->at);
    b->ch.exts.n++;
}

/* Writes and queues the ClientHello (the first, or the second after a HelloRetryRequest). */
static int lt_client13_send_hello(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    const latch_config *cfg = conn->config;
    uint8_t share[LT_KEX_MAX_PUBLIC], extra_share[LT_KEX_MAX_PUBLIC];
    size_t share_len = 0, extra_len = 0;
    lt_name_ref ref;
    lt_writer_block list, inner;

    int tls13 = cfg->max_version >= LATCH_TLS13, tls12 = cfg->min_version <= LATCH_TLS12;
    if (tls13)
        LT_TRY(lt_kex_public(hs->kex, share, sizeof share, &share_len));
    if (tls13 && hs->extra_kex != NULL)
        LT_TRY(lt_kex_public(hs->extra_kex, extra_share, sizeof extra_share, &extra_len));
    /* the extension data: ~500 bytes at most but for what varies (the shares, ALPN, the cookie,
     * the ticket); the message: that and its fixed fields and headers (LT_CH_FRAME). A hybrid's
     * 1.2 KB share lives here, in the handshake's scratch, and nowhere after it. */
    size_t data_cap = 768 + share_len + extra_len + cfg->alpn_wire_len + hs->cookie_len +
                      (hs->offer ? hs->offer->ticket_len : 0);
    size_t msg_cap = data_cap + LT_CH_FRAME;
    LT_TRY(lt_conn_scratch(conn, msg_cap + data_cap));
    lt_ch_build cb;
    lt_ch_build *b = &cb;
    memset(b, 0, sizeof *b);
    b->hs = hs;
    b->d = lt_writer_init(hs->scratch + msg_cap, data_cap);
    lt_writer *w = &b->d;
    hs->n_offered_exts = 0;

    hs->client_version = 0x0303;
    b->ch.legacy_version = hs->client_version;
    b->ch.random = lt_span_make(hs->client_random, 32);
    b->ch.session_id = lt_span_make(hs->session_id, hs->session_id_len);
    size_t at = w->len;
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const lt_suite *s = lt_suite_find(cfg->suites[i]);
        if (s != NULL && s->version >= cfg->min_version && s->version <= cfg->max_version)
            lt_writer_u16(w, cfg->suites[i]);
    }
    b->ch.cipher_suites = lt_span_make(w->buf + at, w->len - at);
    static const uint8_t null_compression[1] = { 0 }; /* the null compression method only */
    b->ch.compression_methods = lt_span_make(null_compression, 1);
    b->ch.extensions_present = 1;

    /* server_name (RFC 6066 §3): host names only, never IP literals */
    if (conn->server_name[0] != '\0' && lt_name_ref_host(conn->server_name, &ref) == 0 && !ref.is_ip) {
        lt_ch_ext_begin(b);
        lt_writer_open16(w, &list);
        lt_writer_u8(w, 0); /* host_name */
        lt_writer_open16(w, &inner);
        lt_writer_bytes(w, ref.host, ref.host_len);
        lt_writer_close(w, &inner);
        lt_writer_close(w, &list);
        lt_ch_ext_end(b, LT_EXT_SERVER_NAME);
    }
    if (tls13) {
        lt_ch_ext_begin(b);
        lt_writer_open8(w, &list);
        lt_writer_u16(w, LATCH_TLS13);
        if (tls12)
            lt_writer_u16(w, LATCH_TLS12);
        lt_writer_close(w, &list);
        lt_ch_ext_end(b, LT_EXT_SUPPORTED_VERSIONS);
    }
    if (tls12) {
        /* TLS 1.2: the extended master secret (RFC 7627), secure renegotiation signalled with
         * an empty renegotiation_info (RFC 5746 §3.4), uncompressed points (RFC 8422 §5.1.2) */
        lt_ch_ext_begin(b);
        lt_ch_ext_end(b, LT_EXT_EXTENDED_MASTER_SECRET);
        /* RFC 7366: encrypt-then-MAC, only when we offer a CBC suite (so never by default) */
        if (lt_neg_config_cbc(cfg) && !cfg->no_etm) {
            lt_ch_ext_begin(b);
            lt_ch_ext_end(b, LT_EXT_ENCRYPT_THEN_MAC);
        }
        lt_ch_ext_begin(b);
        lt_writer_u8(w, 0);
        lt_ch_ext_end(b, LT_EXT_RENEGOTIATION_INFO);
        lt_ch_ext_begin(b);
        lt_writer_bytes(w, "\x01\x00", 2);
        lt_ch_ext_end(b, LT_EXT_EC_POINT_FORMATS);
        /* RFC 5077: the TLS 1.2 session's ticket, or empty to ask for one */
        lt_ch_ext_begin(b);
        if (hs->offer != NULL && hs->offer->st.version == LATCH_TLS12)
            lt_writer_bytes(w, hs->offer->ticket, hs->offer->ticket_len);
        lt_ch_ext_end(b, LT_EXT_SESSION_TICKET);
    }

    lt_ch_ext_begin(b);
    lt_writer_open16(w, &list);
    for (size_t i = 0; i < cfg->n_groups; i++)
        if (tls13 || !lt_group_is_hybrid((lt_group)cfg->groups[i])) /* the hybrids are TLS 1.3's */
            lt_writer_u16(w, cfg->groups[i]);
    lt_writer_close(w, &list);
    lt_ch_ext_end(b, LT_EXT_SUPPORTED_GROUPS);

    if (tls13) {
        lt_ch_ext_begin(b);
        lt_writer_open16(w, &list);
        lt_writer_u16(w, hs->kex_group);
        lt_writer_open16(w, &inner);
        lt_writer_bytes(w, share, share_len);
        lt_writer_close(w, &inner);
        if (extra_len > 0) {
            lt_writer_u16(w, hs->extra_group);
            lt_writer_open16(w, &inner);
            lt_writer_bytes(w, extra_share, extra_len);
            lt_writer_close(w, &inner);
        }
        lt_writer_close(w, &list);
        lt_ch_ext_end(b, LT_EXT_KEY_SHARE);
    }

    lt_ch_ext_begin(b);
    lt_writer_open16(w, &list);
    /* TLS 1.2 servers may sign with PKCS#1 v1.5; a TLS 1.3 peer never may (§4.2.3 allows
     * offering it for 1.2's sake, lt_certverify_read refuses it in 1.3) */
    for (size_t i = 0; i < (tls12 ? lt_sigschemes12_count : lt_sigschemes13_count); i++)
        lt_writer_u16(w, tls12 ? lt_sigschemes12[i] : lt_sigschemes13[i]);
    lt_writer_close(w, &list);
    lt_ch_ext_end(b, LT_EXT_SIGNATURE_ALGORITHMS);

    lt_ch_ext_begin(b);
    lt_writer_open16(w, &list);
    for (size_t i = 0; i < lt_sigschemes_cert_count; i++)
        lt_writer_u16(w, lt_sigschemes_cert[i]);
    lt_writer_close(w, &list);
    lt_ch_ext_end(b, LT_EXT_SIGNATURE_ALGORITHMS_CERT);

    /* status_request (RFC 6066 §8): an OCSP response for the server's certificate, with no
     * responder IDs and no request extensions (a nonce would be lost on a cached response) */
    if (cfg->verify && cfg->ocsp_mode != LATCH_OCSP_OFF) {
        lt_ch_ext_begin(b);
        lt_writer_bytes(w, "\x01\x00\x00\x00\x00", 5);
        lt_ch_ext_end(b, LT_EXT_STATUS_REQUEST);
    }
    if (cfg->alpn_wire_len > 0) {
        lt_ch_ext_begin(b);
        lt_writer_open16(w, &list);
        lt_writer_bytes(w, cfg->alpn_wire, cfg->alpn_wire_len);
        lt_writer_close(w, &list);
        lt_ch_ext_end(b, LT_EXT_ALPN);
    }
    if (hs->cookie_len > 0) {
        lt_ch_ext_begin(b);
        lt_writer_open16(w, &list);
        lt_writer_bytes(w, hs->cookie, hs->cookie_len);
        lt_writer_close(w, &list);
        lt_ch_ext_end(b, LT_EXT_COOKIE);
    }
    lt_ch_ext_begin(b);
    lt_writer_u16(w, (uint16_t)lt_ext_record_size_limit_value(cfg->record_limit, cfg->max_version == LATCH_TLS13));
    lt_ch_ext_end(b, LT_EXT_RECORD_SIZE_LIMIT);
    /* psk_key_exchange_modes (§4.2.9): psk_dhe_ke, so servers send tickets we keep */
    lt_ch_ext_begin(b);
    lt_writer_open8(w, &list);
    lt_writer_u8(w, 1);
    lt_writer_close(w, &list);
    lt_ch_ext_end(b, LT_EXT_PSK_KEY_EXCHANGE_MODES);
    /* pre_shared_key, last (§4.2.11): the session's ticket, its age, and a binder filled in
     * below; after a HelloRetryRequest only if the chosen suite's hash is the ticket's */
    const lt_suite *psk_suite = hs->offer != NULL && hs->offer->st.version == LATCH_TLS13
                                    ? lt_suite_find(hs->offer->st.suite) : NULL;
    if (psk_suite != NULL && conn->hello_retry && conn->suite->hash != psk_suite->hash)
        psk_suite = NULL;
    size_t hash_len = psk_suite ? lt_hash_len(psk_suite->hash) : 0;
    if (psk_suite != NULL) {
        const lt_client_session *s = hs->offer;
        uint32_t age_ms = (uint32_t)((lt_config_now(cfg) - s->st.created) * 1000);
        lt_writer_block ids, id, binders, binder;
        lt_ch_ext_begin(b);
        lt_writer_open16(w, &ids);
        lt_writer_open16(w, &id);
        lt_writer_bytes(w, s->ticket, s->ticket_len);
        lt_writer_close(w, &id);
        lt_writer_u32(w, age_ms + s->st.age_add);
        lt_writer_close(w, &ids);
        lt_writer_open16(w, &binders);
        lt_writer_open8(w, &binder);
        uint8_t *zeros = lt_writer_reserve(w, hash_len);
        if (zeros != NULL)
            memset(zeros, 0, hash_len);
        lt_writer_close(w, &binder);
        lt_writer_close(w, &binders);
        lt_ch_ext_end(b, LT_EXT_PRE_SHARED_KEY);
    }
    if (w->err)
        return w->err;
    lt_writer mw = lt_writer_init(hs->scratch, msg_cap);
    lt_client_hello_msg_write(&mw, &b->ch);
    if (mw.err)
        return mw.err;
    /* (the binder is the message's last hash_len bytes: pre_shared_key is the last extension) */
    size_t binder_at = mw.len - hash_len;
    lt_writer *wm = &mw;
    if (psk_suite != NULL) {
        /* the binder covers the ClientHello up to the binders (and, after a retry, what came
         * before it in the transcript) */
        uint8_t th[LT_MAX_HASH];
        size_t truncated = wm->len - (2 + 1 + hash_len);
        int rc = conn->hello_retry ? lt_transcript_current_with(&hs->transcript, hs->scratch, truncated, th)
                                   : lt_hash(psk_suite->hash, hs->scratch, truncated, th);
        if (rc == 0)
            rc = lt_keysched13_binder(psk_suite->hash, hs->offer->st.secret, hs->offer->st.secret_len, th,
                                      hs->scratch + binder_at);
        if (rc < 0)
            return rc;
    }
    LT_TRY(lt_conn_queue_handshake(conn, hs->scratch, wm->len, 1));
    size_t record_at = conn->out_len;
    LT_TRY(lt_conn_flush_flight(conn));
    /* §5.1: the record of an initial ClientHello may say 0x0301, as most clients' do; a few
     * old servers and middleboxes drop 0x0303 there. After a HelloRetryRequest it is 0x0303. */
    if (!conn->hello_retry)
        conn->out[record_at + 2] = 0x01;
    return 0;
}

/* The session to offer: the newest for this server name, still within its lifetime, of a
 * version and suite we still offer. A connection without a name looks up the nameless entry:
 * the config keeps no nameless session by itself (lt_conn_keep_session), so one there was
 * imported by the application for exactly such connections (as BoringSSL's SSL_set_session). */
static void lt_client13_pick_session(latch_conn *conn)
{
    const latch_config *cfg = conn->config;
    lt_client_session *s;
    if ((s = lt_malloc(sizeof *s)) == NULL)
        return;
    int usable = lt_session_cache_get(&conn->config->sessions, conn->server_name, s);
    int64_t age = lt_config_now(cfg) - s->st.created;
    usable = usable && age >= 0 && age < (int64_t)s->st.lifetime && s->st.version >= cfg->min_version &&
             s->st.version <= cfg->max_version && (s->st.version == LATCH_TLS12 || s->ticket_len > 0) &&
             (s->st.version != LATCH_TLS12 || s->st.ems); /* RFC 7627 §5.4: never without EMS */
    if (!usable || !lt_neg_config_suite(cfg, s->st.suite)) {
        lt_wipe(s, sizeof *s);
        lt_free(s);
        return;
    }
    conn->hs->offer = s;
}

int lt_client13_start(latch_conn *conn)
{
    lt_hs *hs = conn->hs;
    const latch_config *cfg = conn->config;
    if (!LT_HOOK(hs->client_random_set))
        LT_TRY(lt_random(hs->client_random, 32));
    memcpy(conn->client_random, hs->client_random, 32);
    lt_client13_pick_session(conn);
    /* a non-empty legacy_session_id puts us in middlebox compatibility mode (§D.4), and with a
     * TLS 1.2 ticket, a fresh random one is what the server echoes when it accepts the ticket
     * (RFC 5077 §3.4); otherwise a client of TLS 1.2 alone sends none (RFC 5246 §7.4.1.2: empty
     * when it has no session; one to resume by ID is set below) */
    int ticket12 = hs->offer != NULL && hs->offer->st.version == LATCH_TLS12 && hs->offer->ticket_len > 0;
    if (hs->session_id_len == 0 && (cfg->max_version >= LATCH_TLS13 || ticket12) && !LT_HOOK(hs->session_id_set)) {
        hs->session_id_len = 32;
        LT_TRY(lt_random(hs->session_id, 32));
    }
    /* a TLS 1.2 CertificateVerify signs the messages themselves: keep them while we may need to */
    if (cfg->n_identities > 0 && cfg->min_version <= LATCH_TLS12)
        lt_transcript_keep(&hs->transcript);
    /* a TLS 1.2 session resumed by ID offers that ID (with a ticket, a fresh random one: RFC
     * 5077 §3.4, the server echoes it when it accepts the ticket) */
    if (hs->offer != NULL && hs->offer->st.version == LATCH_TLS12 && hs->offer->ticket_len == 0 &&
        !LT_HOOK(hs->session_id_set)) {
        memcpy(hs->session_id, hs->offer->session_id, hs->offer->session_id_len);
        hs->session_id_len = hs->offer->session_id_len;
    }
    hs->kex_group = cfg->groups[0];
    /* beside a hybrid, a share for our first classical group too (as browsers do): one
     * ClientHello serves a server with ML-KEM and one without. When that group is the hybrid's
     * own curve (x25519 beside X25519MLKEM768) both shares carry the same curve key, so the
     * second costs no key generation; the hybrid borrows it, and the second share is kept to the
     * end of the handshake whichever the server takes. */
    if (cfg->max_version >= LATCH_TLS13 && lt_group_is_hybrid((lt_group)hs->kex_group)) {
        for (size_t i = 1; i < cfg->n_groups && hs->extra_group == 0; i++)
            if (!lt_group_is_hybrid((lt_group)cfg->groups[i]))
                hs->extra_group = cfg->groups[i];
        if (hs->extra_group != 0)
            LT_TRY(lt_kex_generate((lt_group)hs->extra_group, &hs->extra_kex));
        if (hs->kex == NULL && hs->extra_kex != NULL) {
            int rc = lt_kex_generate_sharing((lt_group)hs->kex_group, hs->extra_kex, &hs->kex);
            if (rc < 0 && rc != LT_ERR_INVALID_ARG)
                return rc; /* (LT_ERR_INVALID_ARG: another curve; the hybrid gets its own below) */
        }
    }
    if (hs->kex == NULL && cfg->max_version >= LATCH_TLS13)
        LT_TRY(lt_kex_generate((lt_group)hs->kex_group, &hs->kex));
    return lt_client13_send_hello(conn);
}

static int lt_client13_hello_retry(latch_conn *conn, const lt_ext_list *exts, const uint8_t *msg,
                                   size_t len)
{
    lt_hs *hs = conn->hs;
    const lt_ext *key_share = lt_ext_find(exts, LT_EXT_KEY_SHARE);
    const lt_ext *cookie = lt_ext_find(exts, LT_EXT_COOKIE);
    /* §5.1: a ServerHello must end its record, and a HelloRetryRequest is one: the server can
     * send nothing more before our second ClientHello (checked before we send it) */
    if (conn->hs_data_follows)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the server sent handshake data after its HelloRetryRequest, which must end its record");
    LT_TRY(lt_conn_check_exts(conn, exts, LT_EXT_IN_HRR, "the server's HelloRetryRequest"));
    if (key_share == NULL && cookie == NULL)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server's HelloRetryRequest would not change the ClientHello");
    if (key_share != NULL) {
        lt_reader r = lt_reader_from_span(key_share->data);
        uint16_t group = lt_reader_u16(&r);
        if (!lt_reader_done(&r))
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                                "malformed key_share in the HelloRetryRequest");
        /* §4.2.8: a group we support, and not one we already sent a share for */
        int sent = group == hs->kex_group || (hs->extra_kex != NULL && group == hs->extra_group);
        if (!lt_neg_config_group(conn->config, group) || sent)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server's HelloRetryRequest asks for group 0x%04x, which %s",
                                group, sent ? "we already sent" : "we did not offer");
        lt_kex_free(hs->kex); /* (before the second share, which it may borrow) */
        hs->kex = NULL;
        lt_kex_free(hs->extra_kex); /* the second ClientHello has the one share asked for */
        hs->extra_kex = NULL;
        hs->extra_group = 0;
        hs->kex_group = group;
#ifdef LT_TEST_HOOKS
        hs->kex = hs->next_kex; /* injected for a test replay */
        hs->next_kex = NULL;
#endif
        if (hs->kex == NULL)
            LT_TRY(lt_kex_generate((lt_group)group, &hs->kex));
    }
    if (cookie != NULL) {
        lt_reader r = lt_reader_from_span(cookie->data);
        lt_reader c = lt_reader_vec16(&r, 1, 0xffff);
        if (!lt_reader_done(&r))
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                                "malformed cookie in the HelloRetryRequest");
        hs->cookie = lt_malloc(c.len);
        if (hs->cookie == NULL)
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_NOMEM, "out of memory");
        memcpy(hs->cookie, c.p, c.len);
        hs->cookie_len = c.len;
    }
    conn->hello_retry = 1;
    LT_TRY(lt_transcript_set_hash(&hs->transcript, conn->suite->hash));
    LT_TRY(lt_transcript_restart_for_hrr(&hs->transcript));
    LT_TRY(lt_transcript_add(&hs->transcript, msg, len));
    /* §D.4: in compatibility mode the client sends its ChangeCipherSpec before the second
     * ClientHello */
    if (hs->session_id_len > 0) {
        LT_TRY(lt_conn_send_ccs(conn));
        hs->ccs_sent = 1;
    }
    LT_TRY(lt_client13_send_hello(conn));
    return lt_next_c13(LT_C13_WAIT_SH2);
}

/* The ServerHello (or HelloRetryRequest): the first settles the version, the second (after our
 * second ClientHello) must be TLS 1.3's and no retry. */
static int lt_client13_server_hello(latch_conn *conn, const lt_server_hello *sh, const uint8_t *msg, size_t len,
                                    int second)
{
    lt_hs *hs = conn->hs;
    const lt_ext_list *exts = &sh->exts;

    const lt_ext *versions = lt_ext_find(exts, LT_EXT_SUPPORTED_VERSIONS);
    uint16_t version = 0;
    if (versions != NULL) {
        lt_reader v = lt_reader_from_span(versions->data);
        version = lt_reader_u16(&v);
        if (!lt_reader_done(&v))
            return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                                "malformed supported_versions in the ServerHello");
    }
    const latch_config *cfg = conn->config;
    int downgrade = memcmp(sh->random.p + 24, LT_DOWNGRADE_TLS12, 8) == 0 ||
                    memcmp(sh->random.p + 24, LT_DOWNGRADE_TLS11, 8) == 0;
    if (version == 0 && sh->legacy_version == LATCH_TLS12 && cfg->min_version <= LATCH_TLS12 && !second) {
        /* §4.1.3: a TLS 1.3 client that sees the downgrade sentinel must abort */
        if (cfg->max_version >= LATCH_TLS13 && downgrade)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server signalled a downgrade from TLS 1.3 (possible attack)");
        return lt_client12_server_hello(conn, sh, msg, len);
    }
    if (version != LATCH_TLS13 || cfg->max_version < LATCH_TLS13) {
        if (downgrade && cfg->max_version >= LATCH_TLS13)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server signalled a downgrade from TLS 1.3 (possible attack)");
        /* §4.2.1: supported_versions naming a version we did not offer, or one before TLS 1.3,
         * MUST be answered with illegal_parameter */
        if (versions != NULL)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server's supported_versions selects %s, which we did not offer",
                                version == LATCH_TLS13 ? "TLS 1.3" : version == LATCH_TLS12 ? "TLS 1.2"
                                                                                           : "another version");
        return lt_conn_fail(conn, LT_ALERT_PROTOCOL_VERSION, LT_ERR_PROTOCOL,
                            "the server chose %s, which we did not offer",
                            version == LATCH_TLS13 ? "TLS 1.3" : version ? "an unknown version" :
                            sh->legacy_version == 0x0303 ? "TLS 1.2" : "a version older than TLS 1.2");
    }
    if (sh->legacy_version != 0x0303 || sh->compression != 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the ServerHello has a bad legacy_version or compression method");
    if (sh->session_id.len != hs->session_id_len || memcmp(sh->session_id.p, hs->session_id, sh->session_id.len) != 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server did not echo our legacy_session_id");
    const lt_suite *suite = lt_suite_find(sh->cipher_suite);
    if (suite == NULL || !lt_neg_config_suite(conn->config, sh->cipher_suite) || suite->version != LATCH_TLS13)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server chose cipher suite 0x%04x, which we did not offer for TLS 1.3",
                            sh->cipher_suite);
    if (second && conn->suite != suite)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server changed its cipher suite after HelloRetryRequest");
    conn->suite = suite;
    conn->version = LATCH_TLS13;

    if (sh->hello_retry) {
        if (second)
            return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                                "the server sent a second HelloRetryRequest");
        return lt_client13_hello_retry(conn, exts, msg, len);
    }

    memcpy(hs->server_random, sh->random.p, 32);
    LT_TRY(lt_conn_check_exts(conn, exts, LT_EXT_IN_SH, "the ServerHello"));
    const lt_ext *psk = lt_ext_find(exts, LT_EXT_PRE_SHARED_KEY);
    if (psk != NULL) {
        /* the server resumes: our one identity, under a suite with the ticket's hash */
        lt_reader p = lt_reader_from_span(psk->data);
        uint16_t selected = lt_reader_u16(&p);
        const lt_suite *ticket_suite = lt_suite_find(hs->offer->st.suite);
        if (!lt_reader_done(&p) || selected != 0 || ticket_suite == NULL || ticket_suite->hash != suite->hash)
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server selected a PSK we cannot use");
        memcpy(hs->psk, hs->offer->st.secret, hs->offer->st.secret_len);
        hs->psk_len = hs->offer->st.secret_len;
        hs->psk_accepted = 1;
        conn->resumed = 1;
        memcpy(conn->peer_subject, hs->offer->peer_subject, sizeof conn->peer_subject);
        memcpy(conn->peer_root, hs->offer->peer_root, sizeof conn->peer_root);
    }
    const lt_ext *key_share = lt_ext_find(exts, LT_EXT_KEY_SHARE);
    if (key_share == NULL)
        return lt_conn_fail(conn, LT_ALERT_MISSING_EXTENSION, LT_ERR_PROTOCOL,
                            "the ServerHello has no key_share");
    lt_reader ks = lt_reader_from_span(key_share->data);
    uint16_t group = lt_reader_u16(&ks);
    lt_reader share = lt_reader_vec16(&ks, 1, 0xffff);
    if (!lt_reader_done(&ks))
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE,
                            "malformed key_share in the ServerHello");
    if (group != hs->kex_group && (hs->extra_kex == NULL || group != hs->extra_group))
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server's key share is for group 0x%04x, not one we offered",
                            group);
    if (group == hs->extra_group && hs->extra_kex != NULL) {
        /* the server took our second share (it has no ML-KEM) */
        lt_kex_free(hs->kex);
        hs->kex = hs->extra_kex;
        hs->kex_group = group;
        hs->extra_kex = NULL;
    }
    /* else the second share stays to the end of the handshake: the hybrid may borrow its key */
    conn->group = group;

    uint8_t ecdhe[LT_KEX_MAX_SECRET];
    size_t ecdhe_len = 0;
    int rc = lt_kex_derive(hs->kex, share.p, share.len, ecdhe, sizeof ecdhe, &ecdhe_len);
    if (rc < 0) {
        lt_wipe(ecdhe, sizeof ecdhe);
        /* draft-ietf-tls-ecdhe-mlkem §4.2: a ciphertext of the wrong length or a bad curve share
         * is illegal_parameter; a decapsulation that fails otherwise, internal_error */
        if (rc != LT_ERR_DECODE && rc != LT_ERR_VERIFY && lt_group_is_hybrid((lt_group)group))
            return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO,
                                "could not decapsulate the server's %s key share", lt_group_name((lt_group)group));
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the server's %s key share is invalid", lt_group_name((lt_group)group));
    }
    rc = lt_transcript_set_hash(&hs->transcript, suite->hash);
    if (rc == 0)
        rc = lt_transcript_add(&hs->transcript, msg, len);
    if (rc == 0)
        rc = lt_conn13_handshake_secrets(conn, ecdhe, ecdhe_len);
    lt_wipe(ecdhe, sizeof ecdhe);
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 0, hs->server_hs_secret);
    /* our handshake keys now too: an alert we send from here on is protected, as the server
     * expects (it may not accept a plaintext one) */
    if (rc == 0 && !hs->ccs_sent && hs->session_id_len > 0) {
        /* §D.4: compatibility mode's ChangeCipherSpec goes before our first protected record */
        rc = lt_conn_send_ccs(conn);
        hs->ccs_sent = 1;
    }
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 1, hs->client_hs_secret);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO,
                            "could not derive the handshake keys");
    return lt_next_c13(LT_C13_WAIT_EE);
}

int lt_client_on_server_hello(latch_conn *conn, const lt_msg *m)
{
    return lt_client13_server_hello(conn, &m->parsed.server_hello, m->msg, m->len, 0);
}

int lt_client13_on_server_hello2(latch_conn *conn, const lt_msg *m)
{
    return lt_client13_server_hello(conn, &m->parsed.server_hello, m->msg, m->len, 1);
}

/* RFC 5246 §7.4.1.1: a HelloRequest during a TLS 1.2 handshake (or before the ServerHello, when
 * we offered TLS 1.2) is ignored; it is not part of the transcript. */
int lt_client_on_hello_request(latch_conn *conn, const lt_msg *m)
{
    (void)m; /* (empty: its codec checked) */
    if (conn->version != LATCH_TLS12 && conn->config->min_version > LATCH_TLS12)
        return lt_conn_fail(conn, LT_ALERT_UNEXPECTED_MESSAGE, LT_ERR_PROTOCOL,
                            "the server sent a HelloRequest, a TLS 1.2 message, to a TLS 1.3 client");
    LT_TRY(lt_conn_warning_in(conn, "HelloRequests"));
    return LT_STAY;
}

/* The server's ALPN answer (RFC 7301 §3.1): exactly one protocol, one we offered. */
int lt_client_alpn_check(latch_conn *conn, const lt_ext *alpn)
{
    if (alpn != NULL) {
        /* RFC 7301 §3.1: exactly one protocol, one we offered */
        lt_reader a = lt_reader_from_span(alpn->data);
        lt_reader names = lt_reader_vec16(&a, 2, 0xffff);
        lt_reader name = lt_reader_vec8(&names, 1, 255);
        if (!lt_reader_done(&names) || !lt_reader_done(&a) || !lt_neg_alpn_offered(conn->config, name.p, name.len))
            return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                                "the server selected an application protocol we did not offer");
        memcpy(conn->alpn, name.p, name.len);
        conn->alpn[name.len] = '\0';
    }
    return 0;
}

int lt_client13_on_encrypted_extensions(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    const lt_ext_list *exts = &m->parsed.encrypted_extensions.exts;
    /* (early_data among them: we never send any) */
    LT_TRY(lt_conn_check_exts(conn, exts, LT_EXT_IN_EE, "EncryptedExtensions"));
    LT_TRY(lt_client_alpn_check(conn, lt_ext_find(exts, LT_EXT_ALPN)));
    const lt_ext *record_limit = lt_ext_find(exts, LT_EXT_RECORD_SIZE_LIMIT);
    if (record_limit != NULL)
        LT_TRY(lt_conn_peer_record_limit(conn, record_limit));
    /* resumed: the PSK authenticates the server, Finished comes next */
    return hs->psk_accepted ? lt_next_c13(LT_C13_WAIT_FINISHED) : lt_next_c13(LT_C13_WAIT_CERT_CR);
}

int lt_client13_on_certificate_request(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    const lt_certificate_request13 *cr = &m->parsed.certificate_request13;
    /* §4.3.2: the context "SHALL be zero length unless used for the post-handshake
     * authentication exchanges"; this one is in the handshake */
    if (cr->context.len != 0)
        return lt_conn_fail(conn, LT_ALERT_ILLEGAL_PARAMETER, LT_ERR_PROTOCOL,
                            "the CertificateRequest in the handshake has a non-empty request context");
    LT_TRY(lt_conn_check_exts(conn, &cr->exts, LT_EXT_IN_CR, "the CertificateRequest"));
    const lt_ext *sigalgs = lt_ext_find(&cr->exts, LT_EXT_SIGNATURE_ALGORITHMS);
    if (sigalgs == NULL) /* §4.3.2: it MUST be there */
        return lt_conn_fail(conn, LT_ALERT_MISSING_EXTENSION, LT_ERR_PROTOCOL,
                            "the CertificateRequest has no signature_algorithms");
    /* the schemes the server takes from us, to pick our certificate by */
    lt_reader sa = lt_reader_from_span(sigalgs->data);
    lt_reader list = lt_reader_vec16(&sa, 2, 0xfffe);
    hs->n_peer_sigschemes = 0;
    while (lt_reader_ok(&list) && !lt_reader_empty(&list))
        lt_sigscheme_list_add(hs->peer_sigschemes, &hs->n_peer_sigschemes, 64, lt_reader_u16(&list));
    if (!lt_reader_done(&sa))
        return lt_conn_fail(conn, LT_ALERT_DECODE_ERROR, LT_ERR_DECODE, "malformed CertificateRequest");
    memcpy(hs->cert_request_context, cr->context.p, cr->context.len);
    hs->cert_request_context_len = cr->context.len;
    return lt_next_c13(LT_C13_WAIT_CERT);
}

int lt_client13_on_certificate(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_certmsg_read(conn, &m->parsed.certificate));
    return m->from == LT_C13_WAIT_CERT ? lt_next_c13(LT_C13_WAIT_CV_REQUESTED) : lt_next_c13(LT_C13_WAIT_CV);
}

int lt_client13_on_certificate_verify(latch_conn *conn, const lt_msg *m)
{
    LT_TRY(lt_certverify_read(conn, &m->parsed.certificate_verify, m->th));
    return m->from == LT_C13_WAIT_CV_REQUESTED ? lt_next_c13(LT_C13_WAIT_FINISHED_REQUESTED)
                                               : lt_next_c13(LT_C13_WAIT_FINISHED);
}

int lt_client13_on_finished(latch_conn *conn, const lt_msg *m)
{
    lt_hs *hs = conn->hs;
    uint8_t transcript_hash[LT_MAX_HASH], secret[LT_MAX_HASH];
    int rc = lt_conn13_finished_read(conn, hs->server_hs_secret, &m->parsed.finished, m->th);
    if (rc < 0)
        return rc;
    /* application secrets from the transcript through the server's Finished (§7.1) */
    if (lt_conn13_application_secrets(conn) < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO, "key derivation failed");

    /* our second flight: [Certificate] Finished, under the handshake keys (the
     * ChangeCipherSpec of compatibility mode is already queued before it) */
    rc = 0;
    if (m->from == LT_C13_WAIT_FINISHED_REQUESTED) {
        /* our certificate if one fits the server's schemes, else an empty Certificate */
        uint16_t scheme = 0;
        const lt_identity *id = lt_client_identity(conn, 0, NULL, 0, &scheme);
        rc = lt_certmsg_write(conn, id, hs->cert_request_context, hs->cert_request_context_len);
        if (rc == 0 && id != NULL)
            rc = lt_certverify_write(conn, id, scheme);
    }
    if (rc == 0)
        rc = lt_conn13_finished_write(conn, hs->client_hs_secret);
    if (rc == 0)
        rc = lt_conn_flush_flight(conn);
    if (rc == 0)
        rc = lt_transcript_current(&hs->transcript, transcript_hash);
    if (rc == 0)
        rc = lt_keysched13_derive(&hs->ks, "res master", transcript_hash, conn->resumption_master);
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 1, conn->write_secret);
    if (rc == 0)
        rc = lt_conn_set_keys(conn, 0, conn->read_secret);
    lt_wipe(secret, sizeof secret);
    if (rc < 0)
        return lt_conn_fail(conn, LT_ALERT_INTERNAL_ERROR, LT_ERR_CRYPTO,
                            "could not send our Finished");
    return lt_next_c13_post();
}
