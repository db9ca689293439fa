/* RFC 8448 replayed: latch's client and server, each on its own, against the recorded bytes of
 * the simple 1-RTT handshake (§3) and the HelloRetryRequest handshake (§5).
 *
 * The RFC's randoms, ephemeral keys, empty legacy_session_id and HelloRetryRequest cookie are
 * injected through the handshake's test hooks. Three messages are swapped for the recorded ones
 * because they legitimately differ: our ClientHello (we offer other extensions), our
 * EncryptedExtensions (the recording advertises groups and a record_size_limit) and our
 * CertificateVerify (RSA-PSS signatures are randomized: the recorded one is verified by our
 * client, never regenerated). Everything else latch computes itself and the test checks it
 * byte for byte: ServerHello, HelloRetryRequest, Certificate and Finished messages, every
 * traffic secret (through the key log), the exporter and resumption master secrets, the traffic
 * keys and IVs, and every record on the wire, plaintext and protected.
 *
 * The recorded certificate is self-signed for "rsa" and expired in July 2026, so the client runs
 * with chain verification off; the CertificateVerify signature is still checked. Vectors come
 * from scripts/rfc8448_extract.py; files are relative to tests/. */
#include <stdlib.h>

#include "lt_test.h"

#include "api/conn.h"
#include "crypto/kex.h"
#include "tls/conn.h"
#include "tls/engine.h"
#include "tls/keysched13.h"
#include "tls/proto.h"

#define LT_RFC_DIR "vectors/rfc8448/"

/* ---- the recorded trace ---------------------------------------------------------------- */

typedef struct {
    char *step;
    char *label;
    uint8_t *data;
    size_t len;
} lt_rfc_item;

typedef struct {
    lt_rfc_item items[160];
    size_t n;
} lt_rfc_trace;

static int lt_rfc_load(lt_rfc_trace *t, const char *path)
{
    char line[8192];
    FILE *f = fopen(path, "r");
    memset(t, 0, sizeof *t);
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL && t->n < 160) {
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (line[0] == '#' || tab2 == NULL)
            continue;
        *tab1 = *tab2 = '\0';
        line[strcspn(line, "\n")] = '\0';
        tab2[1 + strcspn(tab2 + 1, "\n")] = '\0';
        lt_rfc_item *it = &t->items[t->n++];
        it->step = strdup(line);
        it->label = strdup(tab1 + 1);
        it->len = strlen(tab2 + 1) / 2;
        it->data = malloc(it->len + 1);
        if (lt_test_unhex(tab2 + 1, it->data, it->len + 1) != (int)it->len)
            it->len = 0;
    }
    fclose(f);
    return t->n > 0 ? 0 : -1;
}

static void lt_rfc_free(lt_rfc_trace *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].step);
        free(t->items[i].label);
        free(t->items[i].data);
    }
}

/* The nth (from 0) item whose step contains `step` and whose label is `label`. A missing item
 * fails the test and yields an empty one, so the checks that follow fail rather than crash. */
static const lt_rfc_item *lt_rfc_nth(const lt_rfc_trace *t, const char *step, const char *label, int nth)
{
    static const lt_rfc_item none = { (char *)"", (char *)"", (uint8_t *)"", 0 };
    for (size_t i = 0; i < t->n; i++)
        if (strstr(t->items[i].step, step) != NULL && strcmp(t->items[i].label, label) == 0 && nth-- == 0)
            return &t->items[i];
    fprintf(stderr, "  the trace has no '%s' / '%s'\n", step, label);
    lt_test_current_failed = 1;
    return &none;
}

static const lt_rfc_item *lt_rfc(const lt_rfc_trace *t, const char *step, const char *label)
{
    return lt_rfc_nth(t, step, label, 0);
}

/* Bytes equal to a recorded item, with the first difference shown when not. */
#define LT_CHECK_RFC(data, len, item) lt_check_rfc(__LINE__, #data, (data), (len), (item))
static void lt_check_rfc(int line, const char *what, const uint8_t *data, size_t len, const lt_rfc_item *item)
{
    size_t i = 0;
    while (i < len && i < item->len && data[i] == item->data[i])
        i++;
    if (len == item->len && i == len)
        return;
    fprintf(stderr, "  line %d: %s (%zu bytes) differs from the RFC's %s / %s (%zu bytes) at byte %zu\n",
            line, what, len, item->step, item->label, item->len, i);
    lt_test_current_failed = 1;
}

/* ---- hooks: recorded messages in place of ours, key log lines ---------------------------- */

typedef struct {
    const lt_rfc_item *subs[4]; /* handshake messages to send instead of ours, by type */
    size_t n_subs;
    int used[4];
    char keylog[8][200];
    size_t n_keylog;
} lt_replay;

static void lt_replay_substitute(void *arg, const uint8_t **msg, size_t *len)
{
    lt_replay *r = arg;
    for (size_t i = 0; i < r->n_subs; i++)
        if (!r->used[i] && r->subs[i]->len > 0 && r->subs[i]->data[0] == (*msg)[0]) {
            r->used[i] = 1;
            *msg = r->subs[i]->data;
            *len = r->subs[i]->len;
            return;
        }
}

static void lt_replay_keylog(void *arg, const char *line)
{
    lt_replay *r = arg;
    if (r->n_keylog < 8)
        snprintf(r->keylog[r->n_keylog++], sizeof r->keylog[0], "%s", line);
}

/* The secret of a key log line ("LABEL client_random secret"), as bytes. */
static size_t lt_replay_secret(const lt_replay *r, const char *label, uint8_t *out)
{
    size_t n = strlen(label);
    for (size_t i = 0; i < r->n_keylog; i++)
        if (strncmp(r->keylog[i], label, n) == 0 && r->keylog[i][n] == ' ') {
            const char *secret = strrchr(r->keylog[i], ' ') + 1;
            int len = lt_test_unhex(secret, out, LT_MAX_HASH);
            return len < 0 ? 0 : (size_t)len;
        }
    return 0;
}

static void lt_replay_add(lt_replay *r, const lt_rfc_item *item)
{
    r->subs[r->n_subs++] = item;
}

/* Every secret of the key log and the traffic keys they give, against the trace. */
static void lt_check_secrets(const lt_rfc_trace *t, const lt_replay *r)
{
    static const struct {
        const char *keylog, *step;
    } secrets[] = {
        { "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "{server}  derive secret \"tls13 c hs traffic\"" },
        { "SERVER_HANDSHAKE_TRAFFIC_SECRET", "{server}  derive secret \"tls13 s hs traffic\"" },
        { "CLIENT_TRAFFIC_SECRET_0", "{server}  derive secret \"tls13 c ap traffic\"" },
        { "SERVER_TRAFFIC_SECRET_0", "{server}  derive secret \"tls13 s ap traffic\"" },
        { "EXPORTER_SECRET", "{server}  derive secret \"tls13 exp master\"" },
    };
    uint8_t secret[LT_MAX_HASH];
    LT_CHECK_INT(r->n_keylog, 5);
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        size_t len = lt_replay_secret(r, secrets[i].keylog, secret);
        LT_CHECK_RFC(secret, len, lt_rfc(t, secrets[i].step, "expanded"));
    }
    /* [sender]_write_key / _iv (§7.3) of each traffic secret the trace expands */
    static const char *const key_steps[] = {
        "{server}  derive write traffic keys for handshake data",
        "{server}  derive write traffic keys for application data",
        "{server}  derive read traffic keys for handshake data",
        "{client}  derive write traffic keys for application data",
    };
    for (size_t i = 0; i < sizeof key_steps / sizeof key_steps[0]; i++) {
        uint8_t key[LT_AEAD_MAX_KEY_LEN], iv[LT_AEAD_NONCE_LEN];
        const lt_rfc_item *prk = lt_rfc(t, key_steps[i], "PRK");
        LT_CHECK(prk->len == 32);
        if (prk->len != 32)
            continue;
        LT_CHECK_INT(lt_keysched13_traffic_keys(LT_HASH_SHA256, LT_AEAD_AES_128_GCM, prk->data, key, iv), 0);
        LT_CHECK_RFC(key, 16, lt_rfc(t, key_steps[i], "key expanded"));
        LT_CHECK_RFC(iv, 12, lt_rfc(t, key_steps[i], "iv expanded"));
    }
}

/* ---- moving records ------------------------------------------------------------------- */

static latch_status lt_feed(latch_conn *conn, const lt_rfc_item *record)
{
    size_t room;
    uint8_t *in = latch_net_in_buf(conn, &room);
    if (in == NULL || room < record->len)
        return LATCH_ERR_BUFFER;
    memcpy(in, record->data, record->len);
    return latch_net_in_commit(conn, record->len);
}

/* Takes the next `expect->len` bytes of conn's output and checks them against a record. */
#define LT_CHECK_SENT(conn, expect) lt_check_sent(__LINE__, (conn), (expect))
static void lt_check_sent(int line, latch_conn *conn, const lt_rfc_item *expect)
{
    size_t len;
    const uint8_t *out = latch_net_out_buf(conn, &len);
    if (len > expect->len)
        len = expect->len;
    lt_check_rfc(line, "the record sent", out, len, expect);
    latch_net_out_consumed(conn, len);
}

static int lt_out_empty(latch_conn *conn)
{
    size_t len;
    latch_net_out_buf(conn, &len);
    return len == 0;
}

static lt_kex *lt_key(lt_group group, const lt_rfc_item *priv)
{
    lt_kex *kex = NULL;
    LT_CHECK_INT(lt_kex_from_private(group, priv->data, priv->len, &kex), 0);
    return kex;
}

/* The application data of §3: ours sent, theirs received. */
static void lt_check_application(const lt_rfc_trace *t, latch_conn *conn)
{
    int server = conn->role == LATCH_ROLE_SERVER;
    const char *ours = server ? "{server}  send application_data record" : "{client}  send application_data record";
    const char *theirs = server ? "{client}  send application_data record" : "{server}  send application_data record";
    uint8_t buf[256];
    size_t n = 0;
    const lt_rfc_item *payload = lt_rfc(t, ours, "payload");
    LT_CHECK_INT(latch_write(conn, payload->data, payload->len, &n), LATCH_OK);
    LT_CHECK_SENT(conn, lt_rfc(t, ours, "complete record"));
    LT_CHECK_INT(lt_feed(conn, lt_rfc(t, theirs, "complete record")), LATCH_OK);
    LT_CHECK_INT(latch_read(conn, buf, sizeof buf, &n), LATCH_OK);
    LT_CHECK_RFC(buf, n, lt_rfc(t, theirs, "payload"));
}

/* close_notify received, then ours sent. */
static void lt_check_close(const lt_rfc_trace *t, latch_conn *conn)
{
    int server = conn->role == LATCH_ROLE_SERVER;
    uint8_t buf[16];
    size_t n = 0;
    LT_CHECK_INT(lt_feed(conn, lt_rfc(t, server ? "{client}  send alert record" : "{server}  send alert record",
                                      "complete record")), LATCH_OK);
    LT_CHECK_INT(latch_read(conn, buf, sizeof buf, &n), LATCH_CLOSED);
    LT_CHECK_INT(latch_close_notify(conn), LATCH_OK);
    LT_CHECK_SENT(conn, lt_rfc(t, server ? "{server}  send alert record" : "{client}  send alert record",
                               "complete record"));
}

/* ---- configurations ------------------------------------------------------------------- */

static latch_config *lt_server_config(lt_replay *r, const char *groups)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_add_identity(cfg, LT_RFC_DIR "server-cert.pem", LT_RFC_DIR "server-key.pem"),
                 LATCH_OK);
    if (groups != NULL) {
        LT_CHECK_INT(latch_config_set_groups(cfg, groups), LATCH_OK);
        /* the recorded §5 server issues no ticket: neither does ours */
        LT_CHECK_INT(latch_config_set_ticket_lifetime(cfg, 0), LATCH_OK);
    }
    latch_config_set_keylog(cfg, lt_replay_keylog, r);
    LT_CHECK_INT(latch_config_freeze(cfg), LATCH_OK);
    return cfg;
}

static latch_config *lt_client_config(lt_replay *r)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    LT_CHECK_INT(latch_config_set_verify(cfg, 0), LATCH_OK); /* see the top of the file */
    /* the recording's client offers x25519 first (its share is the one injected), no hybrid */
    LT_CHECK_INT(latch_config_set_groups(cfg, "x25519,secp256r1,secp384r1"), LATCH_OK);
    latch_config_set_keylog(cfg, lt_replay_keylog, r);
    return cfg;
}

/* Injects the client's random (from the recorded ClientHello) and its first ephemeral key. */
static void lt_inject_client(latch_conn *conn, const lt_rfc_trace *t, lt_group group, lt_replay *r)
{
    const lt_rfc_item *hello = lt_rfc(t, "{client}  construct a ClientHello", "ClientHello");
    lt_hs *hs = conn->hs;
    if (hello->len >= 38)
        memcpy(hs->client_random, hello->data + 6, 32);
    hs->client_random_set = 1;
    hs->session_id_len = 0;
    hs->session_id_set = 1;
    hs->kex = lt_key(group, lt_rfc(t, "{client}  create an ephemeral", "private key"));
    hs->replay_substitute = lt_replay_substitute;
    hs->replay_arg = r;
}

/* Injects the server's random (from the recorded ServerHello, the last one: after a
 * HelloRetryRequest it is the second) and ephemeral key. */
static void lt_inject_server(latch_conn *conn, const lt_rfc_trace *t, lt_group group, int nth_hello,
                             lt_replay *r)
{
    const lt_rfc_item *hello = lt_rfc_nth(t, "{server}  construct a ServerHello", "ServerHello", nth_hello);
    lt_hs *hs = conn->hs;
    if (hello->len >= 38)
        memcpy(hs->server_random, hello->data + 6, 32);
    hs->server_random_set = 1;
    hs->kex = lt_key(group, lt_rfc(t, "{server}  create an ephemeral", "private key"));
    hs->replay_substitute = lt_replay_substitute;
    hs->replay_arg = r;
    lt_replay_add(r, lt_rfc(t, "{server}  construct an EncryptedExtensions", "EncryptedExtensions"));
    lt_replay_add(r, lt_rfc(t, "{server}  construct a CertificateVerify", "CertificateVerify"));
}

/* ---- §3 simple 1-RTT ---------------------------------------------------------------------- */

/* The schedule itself: early → handshake → master secret from the recorded ECDHE inputs. */
static void test_simple_key_schedule(void)
{
    lt_rfc_trace t;
    LT_CHECK_INT(lt_rfc_load(&t, LT_RFC_DIR "simple_1rtt.txt"), 0);
    lt_keysched13 ks;
    uint8_t shared[32];
    size_t shared_len = 0;
    lt_kex *server = lt_key(LT_GROUP_X25519, lt_rfc(&t, "{server}  create an ephemeral", "private key"));
    const lt_rfc_item *client_pub = lt_rfc(&t, "{client}  create an ephemeral", "public key");
    LT_CHECK_INT(lt_kex_derive(server, client_pub->data, client_pub->len, shared, sizeof shared, &shared_len), 0);
    LT_CHECK_RFC(shared, shared_len, lt_rfc(&t, "{server}  extract secret \"handshake\"", "IKM"));
    LT_CHECK_INT(lt_keysched13_init(&ks, LT_HASH_SHA256, NULL, 0), 0);
    LT_CHECK_RFC(ks.secret, ks.hash_len, lt_rfc(&t, "{server}  extract secret \"early\"", "secret"));
    LT_CHECK_INT(lt_keysched13_handshake(&ks, shared, shared_len), 0);
    LT_CHECK_RFC(ks.secret, ks.hash_len, lt_rfc(&t, "{server}  extract secret \"handshake\"", "secret"));
    LT_CHECK_INT(lt_keysched13_master(&ks), 0);
    LT_CHECK_RFC(ks.secret, ks.hash_len, lt_rfc(&t, "{server}  extract secret \"master\"", "secret"));
    /* the ticket's PSK from the resumption master secret and the ticket nonce (0x0000) */
    uint8_t psk[32];
    const lt_rfc_item *res = lt_rfc(&t, "{client}  derive secret \"tls13 res master\"", "expanded");
    LT_CHECK_INT(lt_keysched13_ticket_psk(LT_HASH_SHA256, res->data, (const uint8_t *)"\0\0", 2, psk), 0);
    LT_CHECK_RFC(psk, sizeof psk, lt_rfc(&t, "{server}  generate resumption secret", "expanded"));
    lt_keysched13_clear(&ks);
    lt_kex_free(server);
    lt_rfc_free(&t);
}

static void test_simple_server(void)
{
    lt_rfc_trace t;
    lt_replay r;
    memset(&r, 0, sizeof r);
    LT_CHECK_INT(lt_rfc_load(&t, LT_RFC_DIR "simple_1rtt.txt"), 0);
    latch_config *cfg = lt_server_config(&r, NULL);
    latch_conn *conn = lt_conn_create(cfg, NULL);
    LT_CHECK(conn != NULL);
    if (conn == NULL)
        goto out;
    lt_inject_server(conn, &t, LT_GROUP_X25519, 0, &r);
    const char *sh = "{server}  send handshake record";
    LT_CHECK_INT(lt_feed(conn, lt_rfc(&t, "{client}  send handshake record", "complete record")), LATCH_OK);
    /* ServerHello in clear, then EncryptedExtensions..Finished in one protected record */
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, sh, "complete record", 0));
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, sh, "complete record", 1));
    LT_CHECK(lt_out_empty(conn));
    LT_CHECK(r.used[0] && r.used[1]);

    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, "{client}  send handshake record", "complete record", 1)), LATCH_OK);
    LT_CHECK(latch_conn_handshake_done(conn));
    LT_CHECK_STR_CONTAINS(latch_conn_suite(conn), "TLS_AES_128_GCM_SHA256");
    LT_CHECK_STR_CONTAINS(latch_conn_signature_scheme(conn), "rsa_pss_rsae_sha256");
    lt_check_secrets(&t, &r);
    LT_CHECK_RFC(conn->resumption_master, 32, lt_rfc(&t, "{client}  derive secret \"tls13 res master\"", "expanded"));

    /* Like the recorded server, latch sends a NewSessionTicket first, under sequence number 0;
     * the ticket itself is latch's own (sealed with its own key), so that record is not
     * compared, only taken off the wire. The records after it must match again. */
    size_t out_len;
    const uint8_t *out = latch_net_out_buf(conn, &out_len);
    LT_CHECK(out_len > 5 && out[0] == LT_CT_APPLICATION_DATA);
    size_t nst_record = out_len > 5 ? 5 + ((size_t)out[3] << 8 | out[4]) : 0;
    LT_CHECK_INT(nst_record, out_len);
    latch_net_out_consumed(conn, nst_record);
    LT_CHECK_INT(conn->write_keys.seq, 1);
    lt_check_application(&t, conn);
    lt_check_close(&t, conn);
out:
    latch_conn_free(conn);
    latch_config_free(cfg);
    lt_rfc_free(&t);
}

static void test_simple_client(void)
{
    lt_rfc_trace t;
    lt_replay r;
    memset(&r, 0, sizeof r);
    LT_CHECK_INT(lt_rfc_load(&t, LT_RFC_DIR "simple_1rtt.txt"), 0);
    latch_config *cfg = lt_client_config(&r);
    latch_conn *conn = lt_conn_create(cfg, "server");
    LT_CHECK(conn != NULL);
    if (conn == NULL)
        goto out;
    lt_inject_client(conn, &t, LT_GROUP_X25519, &r);
    lt_replay_add(&r, lt_rfc(&t, "{client}  construct a ClientHello", "ClientHello"));
    LT_CHECK_INT(lt_conn_start(conn), 0);
    const char *ch = "{client}  send handshake record";
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, ch, "complete record", 0));

    const char *sh = "{server}  send handshake record";
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, sh, "complete record", 0)), LATCH_OK);
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, sh, "complete record", 1)), LATCH_OK);
    LT_CHECK(latch_conn_handshake_done(conn));
    if (!latch_conn_handshake_done(conn))
        fprintf(stderr, "  client: %s\n", latch_conn_error(conn));
    /* our Finished, protected under the client handshake keys */
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, ch, "complete record", 1));
    LT_CHECK(lt_out_empty(conn));
    LT_CHECK_STR_CONTAINS(latch_conn_signature_scheme(conn), "rsa_pss_rsae_sha256");
    lt_check_secrets(&t, &r);
    LT_CHECK_RFC(conn->resumption_master, 32, lt_rfc(&t, "{client}  derive secret \"tls13 res master\"", "expanded"));

    /* the recorded NewSessionTicket is decrypted and kept */
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, sh, "complete record", 2)), LATCH_OK);
    LT_CHECK_INT(conn->tickets_received, 1);
    const lt_rfc_item *nst = lt_rfc(&t, "{server}  construct a NewSessionTicket", "NewSessionTicket");
    static lt_client_session kept;
    LT_CHECK(conn->session != NULL && lt_client_session_read(conn->session, conn->session_len, &kept) == 0);
    if (conn->session != NULL) {
        LT_CHECK_INT(kept.st.lifetime, 30); /* 00 00 00 1e */
        /* type, length(3), lifetime(4), age_add(4), nonce<1>, ticket<2>, extensions<2> */
        size_t at = 13 + (nst->len > 12 ? nst->data[12] : 0) + 2;
        LT_CHECK(kept.ticket_len > 0 && at + kept.ticket_len <= nst->len &&
                 memcmp(nst->data + at, kept.ticket, kept.ticket_len) == 0);
        /* the ticket's PSK, as the RFC's server computed it */
        LT_CHECK_RFC(kept.st.secret, kept.st.secret_len,
                     lt_rfc(&t, "{server}  generate resumption secret", "expanded"));
    }
    lt_check_application(&t, conn);
    lt_check_close(&t, conn);
out:
    latch_conn_free(conn);
    latch_config_free(cfg);
    lt_rfc_free(&t);
}

/* ---- §5 HelloRetryRequest ------------------------------------------------------------------ */

/* The cookie of the recorded HelloRetryRequest (extension 0x002c). */
static size_t lt_hrr_cookie(const lt_rfc_trace *t, const uint8_t **cookie)
{
    const lt_rfc_item *hrr = lt_rfc_nth(t, "{server}  construct a ServerHello", "ServerHello", 0);
    for (size_t i = 40; i + 6 < hrr->len; i++)
        if (hrr->data[i] == 0x00 && hrr->data[i + 1] == 0x2c) {
            size_t len = (size_t)hrr->data[i + 4] << 8 | hrr->data[i + 5];
            *cookie = hrr->data + i + 6;
            return len;
        }
    return 0;
}

static void test_hrr_server(void)
{
    lt_rfc_trace t;
    lt_replay r;
    memset(&r, 0, sizeof r);
    LT_CHECK_INT(lt_rfc_load(&t, LT_RFC_DIR "hrr.txt"), 0);
    /* the recorded server prefers P-256: with only NIST groups it asks for a P-256 share */
    latch_config *cfg = lt_server_config(&r, "secp256r1,secp384r1");
    latch_conn *conn = lt_conn_create(cfg, NULL);
    LT_CHECK(conn != NULL);
    if (conn == NULL)
        goto out;
    lt_inject_server(conn, &t, LT_GROUP_SECP256R1, 1, &r);
    const uint8_t *cookie = NULL;
    size_t cookie_len = lt_hrr_cookie(&t, &cookie);
    LT_CHECK(cookie_len == 0x72);
    conn->hs->cookie = malloc(cookie_len);
    memcpy(conn->hs->cookie, cookie, cookie_len);
    conn->hs->cookie_len = cookie_len;

    const char *ch = "{client}  send handshake record", *sh = "{server}  send handshake record";
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, ch, "complete record", 0)), LATCH_OK);
    /* the HelloRetryRequest is ours, byte for byte */
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, sh, "complete record", 0));
    LT_CHECK(lt_out_empty(conn));
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, ch, "complete record", 1)), LATCH_OK);
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, sh, "complete record", 1));
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, sh, "complete record", 2));
    LT_CHECK(lt_out_empty(conn));
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, ch, "complete record", 2)), LATCH_OK);
    LT_CHECK(latch_conn_handshake_done(conn));
    LT_CHECK(latch_conn_hello_retry(conn));
    LT_CHECK_STR_CONTAINS(latch_conn_group(conn), "secp256r1");
    lt_check_secrets(&t, &r);
    LT_CHECK_RFC(conn->resumption_master, 32, lt_rfc(&t, "{client}  derive secret \"tls13 res master\"", "expanded"));
    lt_check_close(&t, conn);
out:
    latch_conn_free(conn);
    latch_config_free(cfg);
    lt_rfc_free(&t);
}

/* A second ClientHello must echo our cookie exactly. */
static void test_hrr_server_cookie_checked(void)
{
    lt_rfc_trace t;
    lt_replay r;
    memset(&r, 0, sizeof r);
    LT_CHECK_INT(lt_rfc_load(&t, LT_RFC_DIR "hrr.txt"), 0);
    latch_config *cfg = lt_server_config(&r, "secp256r1");
    latch_conn *conn = lt_conn_create(cfg, NULL);
    LT_CHECK(conn != NULL);
    if (conn == NULL)
        goto out;
    /* no cookie injected: the server makes up its own, which the recorded client cannot know */
    lt_inject_server(conn, &t, LT_GROUP_SECP256R1, 1, &r);
    const char *ch = "{client}  send handshake record";
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, ch, "complete record", 0)), LATCH_OK);
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, ch, "complete record", 1)), LATCH_ERR_PROTOCOL);
    LT_CHECK_INT(latch_conn_alert_sent(conn), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_STR_CONTAINS(latch_conn_error(conn), "cookie");
out:
    latch_conn_free(conn);
    latch_config_free(cfg);
    lt_rfc_free(&t);
}

static void test_hrr_client(void)
{
    lt_rfc_trace t;
    lt_replay r;
    memset(&r, 0, sizeof r);
    LT_CHECK_INT(lt_rfc_load(&t, LT_RFC_DIR "hrr.txt"), 0);
    latch_config *cfg = lt_client_config(&r);
    latch_conn *conn = lt_conn_create(cfg, "server");
    LT_CHECK(conn != NULL);
    if (conn == NULL)
        goto out;
    lt_inject_client(conn, &t, LT_GROUP_X25519, &r);
    conn->hs->next_kex = lt_key(LT_GROUP_SECP256R1, lt_rfc(&t, "{client}  create an ephemeral P-256", "private key"));
    lt_replay_add(&r, lt_rfc_nth(&t, "{client}  construct a ClientHello", "ClientHello", 0));
    lt_replay_add(&r, lt_rfc_nth(&t, "{client}  construct a ClientHello", "ClientHello", 1));
    LT_CHECK_INT(lt_conn_start(conn), 0);
    const char *ch = "{client}  send handshake record", *sh = "{server}  send handshake record";
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, ch, "complete record", 0));
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, sh, "complete record", 0)), LATCH_OK);
    LT_CHECK(r.used[1]);
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, ch, "complete record", 1));
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, sh, "complete record", 1)), LATCH_OK);
    LT_CHECK_INT(lt_feed(conn, lt_rfc_nth(&t, sh, "complete record", 2)), LATCH_OK);
    LT_CHECK(latch_conn_handshake_done(conn));
    LT_CHECK(latch_conn_hello_retry(conn));
    LT_CHECK_SENT(conn, lt_rfc_nth(&t, ch, "complete record", 2));
    LT_CHECK(lt_out_empty(conn));
    lt_check_secrets(&t, &r);
    LT_CHECK_RFC(conn->resumption_master, 32, lt_rfc(&t, "{client}  derive secret \"tls13 res master\"", "expanded"));
    lt_check_close(&t, conn);
out:
    latch_conn_free(conn);
    latch_config_free(cfg);
    lt_rfc_free(&t);
}

int main(void)
{
    LT_RUN(test_simple_key_schedule);
    LT_RUN(test_simple_server);
    LT_RUN(test_simple_client);
    LT_RUN(test_hrr_server);
    LT_RUN(test_hrr_server_cookie_checked);
    LT_RUN(test_hrr_client);
    return lt_test_summary();
}
