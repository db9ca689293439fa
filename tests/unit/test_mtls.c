/* Mutual TLS in both versions: required, requested and absent client authentication, with and
 * without a client certificate, each key type, an untrusted client certificate, and what the
 * server learns about the client. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "api/certlist.h"
#include "api/conn.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "devca/pem_write.h"
#include "tls/conn.h"
#include "tls/engine.h"
#include "tls/proto.h"

static latch_config *lt_server(latch_client_auth mode, uint16_t version)
{
    static const char *const cert = "p256";
    latch_config *cfg = lt_pair_server_config(&cert, 1);
    latch_config_set_versions(cfg, version, version);
    if (mode != LATCH_CLIENT_AUTH_NONE)
        LT_CHECK_INT(latch_config_set_client_auth(cfg, mode, LT_PKI "ca.pem"), LATCH_OK);
    return cfg;
}

static latch_config *lt_client(const char *identity)
{
    latch_config *cfg = lt_pair_client_config();
    char chain[128], key[128];
    if (identity != NULL) {
        snprintf(chain, sizeof chain, LT_PKI "%s.pem", identity);
        snprintf(key, sizeof key, LT_PKI "%s-key.pem", identity);
        LT_CHECK_INT(latch_config_add_identity(cfg, chain, key), LATCH_OK);
    }
    return cfg;
}

/* One handshake; returns 1 when it completed. */
static int lt_run(latch_client_auth mode, uint16_t version, const char *identity, lt_pair *p,
                  latch_config **ccfg, latch_config **scfg)
{
    *scfg = lt_server(mode, version);
    *ccfg = lt_client(identity);
    memset(p, 0, sizeof *p);
    return lt_pair_handshake(p, *ccfg, *scfg, "localhost");
}

static void lt_done(lt_pair *p, latch_config *ccfg, latch_config *scfg)
{
    lt_pair_free(p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

static void test_required(void)
{
    static const char *const ids[] = { "p256", "p384", "rsa2048", "ed25519" };
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS13 : LATCH_TLS12;
        for (size_t i = 0; i < 4; i++) {
            lt_pair p;
            latch_config *ccfg, *scfg;
            int ok = lt_run(LATCH_CLIENT_AUTH_REQUIRE, version, ids[i], &p, &ccfg, &scfg);
            if (!ok)
                fprintf(stderr, "  %04x %s: client '%s' server '%s'\n", version, ids[i],
                        latch_conn_error(p.client), latch_conn_error(p.server));
            LT_CHECK(ok);
            LT_CHECK_INT(latch_conn_version(p.server), version);
            LT_CHECK(latch_conn_peer_cert_count(p.server) >= 1);
            LT_CHECK_STR_CONTAINS(latch_conn_peer_subject(p.server), "localhost");
            LT_CHECK_STR_CONTAINS(latch_conn_peer_root(p.server), "ca");
            lt_done(&p, ccfg, scfg);
        }
        /* no certificate: refused, with the alert of the version */
        lt_pair p;
        latch_config *ccfg, *scfg;
        LT_CHECK(!lt_run(LATCH_CLIENT_AUTH_REQUIRE, version, NULL, &p, &ccfg, &scfg));
        LT_CHECK_INT(latch_conn_alert_sent(p.server),
                     version == LATCH_TLS13 ? LT_ALERT_CERTIFICATE_REQUIRED : LT_ALERT_HANDSHAKE_FAILURE);
        LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "no certificate");
        lt_done(&p, ccfg, scfg);
        /* a certificate from a CA the server does not trust */
        LT_CHECK(!lt_run(LATCH_CLIENT_AUTH_REQUIRE, version, "untrusted", &p, &ccfg, &scfg));
        LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_UNKNOWN_CA);
        LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "client certificate rejected");
        lt_done(&p, ccfg, scfg);
    }
}

static void test_requested_and_absent(void)
{
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS13 : LATCH_TLS12;
        lt_pair p;
        latch_config *ccfg, *scfg;
        /* requested, none: fine, and the server knows it has no client identity */
        LT_CHECK(lt_run(LATCH_CLIENT_AUTH_REQUEST, version, NULL, &p, &ccfg, &scfg));
        LT_CHECK_INT(latch_conn_peer_cert_count(p.server), 0);
        lt_done(&p, ccfg, scfg);
        /* requested, given */
        LT_CHECK(lt_run(LATCH_CLIENT_AUTH_REQUEST, version, "rsa2048", &p, &ccfg, &scfg));
        LT_CHECK(latch_conn_peer_cert_count(p.server) >= 1);
        lt_done(&p, ccfg, scfg);
        /* not asked: the client keeps its certificate to itself */
        LT_CHECK(lt_run(LATCH_CLIENT_AUTH_NONE, version, "p256", &p, &ccfg, &scfg));
        LT_CHECK_INT(latch_conn_peer_cert_count(p.server), 0);
        lt_done(&p, ccfg, scfg);
    }
}

/* The client's CertificateVerify with its signature bent: the server must notice. */
static uint8_t lt_bent[4096];
static void lt_bend_cv(void *arg, const uint8_t **msg, size_t *len)
{
    (void)arg;
    if ((*msg)[0] != LT_HS_CERTIFICATE_VERIFY || *len > sizeof lt_bent)
        return;
    memcpy(lt_bent, *msg, *len);
    lt_bent[*len - 3] ^= 0x10;
    *msg = lt_bent;
}

static void test_forged_client_signature(void)
{
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS13 : LATCH_TLS12;
        lt_pair p = { 0 };
        latch_config *scfg = lt_server(LATCH_CLIENT_AUTH_REQUIRE, version), *ccfg = lt_client("rsa2048");
        p.client = lt_conn_create(ccfg, "localhost");
        p.server = latch_conn_new(scfg, NULL);
        p.client->hs->replay_substitute = lt_bend_cv;
        LT_CHECK_INT(lt_conn_start(p.client), 0);
        lt_pair_pump(&p);
        LT_CHECK(!latch_conn_handshake_done(p.server));
        LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_DECRYPT_ERROR);
        LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "CertificateVerify signature");
        lt_done(&p, ccfg, scfg);
    }
}

static int lt_write_pem(const char *path, const char *label, const uint8_t *der, size_t len)
{
    size_t cap = lt_pem_write_size(label, len), n = 0;
    char *text = malloc(cap);
    FILE *f = fopen(path, "w");
    int rc = text && f && lt_pem_write(label, der, len, text, cap, &n) == 0 &&
                     fwrite(text, 1, n, f) == n ? 0 : -1;
    if (f)
        fclose(f);
    free(text);
    return rc;
}

/* A client CA and a client certificate made here: CN "Alice Example" (no copy of its SAN) and
 * SAN DNS:alice.client.test, a name no server would ask for. The server verifies it for client
 * authentication without a name (certmsg.c): with a name, or as a server certificate (whose CN
 * must copy a SAN), it would be refused. */
static void test_client_certificate_needs_no_name(void)
{
    char dir[] = "/tmp/latch-mtls-XXXXXX", ca_path[64], cert_path[64], key_path[64];
    lt_privkey *ca_key = NULL, *key = NULL;
    uint8_t *spki = NULL, *ca_der = NULL, *der = NULL, ca_name[128], name[128];
    size_t spki_len, ca_der_len, der_len;
    char *key_pem = NULL;
    size_t key_pem_len;
    LT_CHECK(mkdtemp(dir) != NULL);
    snprintf(ca_path, sizeof ca_path, "%s/ca.pem", dir);
    snprintf(cert_path, sizeof cert_path, "%s/alice.pem", dir);
    snprintf(key_path, sizeof key_path, "%s/alice-key.pem", dir);

    lt_writer w = lt_writer_init(ca_name, sizeof ca_name);
    lt_issue_write_name(&w, "latch tests", "mtls", "Client CA");
    size_t ca_name_len = w.len;
    w = lt_writer_init(name, sizeof name);
    lt_issue_write_name(&w, "latch tests", "mtls", "Alice Example");
    size_t name_len = w.len;
    int64_t now = (int64_t)time(NULL);
    lt_issue_san san = { .type = LT_ISSUE_SAN_DNS };
    snprintf(san.text, sizeof san.text, "alice.client.test");
    LT_CHECK_INT(lt_privkey_generate(LT_KEY_EC_P256, 0, &ca_key), 0);
    LT_CHECK_INT(lt_privkey_generate(LT_KEY_EC_P256, 0, &key), 0);
    lt_issue_issuer ca = { ca_key, lt_span_make(ca_name, ca_name_len), { 0 } };
    LT_CHECK_INT(lt_privkey_spki(ca_key, &spki, &spki_len), 0);
    LT_CHECK_INT(lt_issue_key_id(spki, spki_len, ca.key_id), 0);
    lt_issue_params ca_params = { .is_ca = 1, .path_len = -1, .subject_key = ca_key,
                                  .subject = ca.subject, .not_before = now - 86400,
                                  .not_after = now + 86400 };
    lt_issue_params params = { .client = 1, .subject_key = key, .subject = lt_span_make(name, name_len),
                               .not_before = now - 86400, .not_after = now + 86400, .sans = &san,
                               .san_count = 1 };
    LT_CHECK_INT(lt_issue_certificate(&ca, &ca_params, &ca_der, &ca_der_len), 0);
    LT_CHECK_INT(lt_issue_certificate(&ca, &params, &der, &der_len), 0);
    LT_CHECK_INT(lt_privkey_to_pem(key, &key_pem, &key_pem_len), 0);
    LT_CHECK_INT(lt_write_pem(ca_path, "CERTIFICATE", ca_der, ca_der_len), 0);
    LT_CHECK_INT(lt_write_pem(cert_path, "CERTIFICATE", der, der_len), 0);
    FILE *f = fopen(key_path, "w");
    LT_CHECK(f != NULL && fwrite(key_pem, 1, key_pem_len, f) == key_pem_len);
    if (f)
        fclose(f);

    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS13 : LATCH_TLS12;
        static const char *const server_cert = "p256";
        latch_config *scfg = lt_pair_server_config(&server_cert, 1), *ccfg = lt_pair_client_config();
        lt_pair p = { 0 };
        latch_config_set_versions(scfg, version, version);
        LT_CHECK_INT(latch_config_set_client_auth(scfg, LATCH_CLIENT_AUTH_REQUIRE, ca_path), LATCH_OK);
        LT_CHECK_INT(latch_config_add_identity(ccfg, cert_path, key_path), LATCH_OK);
        int ok = lt_pair_handshake(&p, ccfg, scfg, "localhost");
        if (!ok)
            fprintf(stderr, "  %04x: server '%s'\n", version, latch_conn_error(p.server));
        LT_CHECK(ok);
        LT_CHECK_STR_CONTAINS(latch_conn_peer_subject(p.server), "Alice Example");
        lt_done(&p, ccfg, scfg);
    }
    unlink(ca_path);
    unlink(cert_path);
    unlink(key_path);
    rmdir(dir);
    free(spki);
    free(ca_der);
    free(der);
    free(key_pem);
    lt_privkey_free(ca_key);
    lt_privkey_free(key);
}

/* The application pins a client certificate the server has no roots for: its callback alone
 * decides, as a client's does with verification off. */
static int lt_pinned(void *arg, const latch_conn *conn, char *why, size_t why_cap)
{
    const lt_span *pin = &lt_certlist_set(arg)->items[0].cert.der;
    size_t len = 0;
    const uint8_t *der = latch_conn_peer_cert(conn, 0, &len);
    if (der != NULL && len == pin->len && memcmp(der, pin->p, len) == 0)
        return 0;
    snprintf(why, why_cap, "not the pinned certificate");
    return 1;
}

static void test_client_certificate_pinned_by_callback(void)
{
    latch_certlist *pin = latch_certlist_new();
    LT_CHECK_INT(latch_certlist_add_file(pin, LT_PKI "untrusted.pem"), LATCH_OK);
    for (int v = 0; v < 2; v++) {
        uint16_t version = v ? LATCH_TLS13 : LATCH_TLS12;
        static const char *const server_cert = "p256";
        /* no roots and no callback: nobody would check the certificate, so the config is refused */
        latch_config *scfg = lt_pair_server_config(&server_cert, 1);
        LT_CHECK_INT(latch_config_set_client_auth(scfg, LATCH_CLIENT_AUTH_REQUIRE, NULL), LATCH_OK);
        LT_CHECK_INT(latch_config_freeze(scfg), LATCH_ERR_INVALID_ARG);
        LT_CHECK_STR_CONTAINS(latch_config_error(scfg), "verify callback");
        latch_config_free(scfg);
        /* the pinned certificate (issued by a CA the server does not know) is taken */
        const char *const ids[] = { "untrusted", "p256" };
        for (int i = 0; i < 2; i++) {
            lt_pair p = { 0 };
            scfg = lt_pair_server_config(&server_cert, 1);
            latch_config_set_versions(scfg, version, version);
            LT_CHECK_INT(latch_config_set_client_auth(scfg, LATCH_CLIENT_AUTH_REQUIRE, NULL), LATCH_OK);
            LT_CHECK_INT(latch_config_set_verify_callback(scfg, lt_pinned, pin), LATCH_OK);
            latch_config *ccfg = lt_client(ids[i]);
            int ok = lt_pair_handshake(&p, ccfg, scfg, "localhost");
            if (i == 0) {
                if (!ok)
                    fprintf(stderr, "  %04x: server '%s'\n", version, latch_conn_error(p.server));
                LT_CHECK(ok);
                LT_CHECK_INT(latch_conn_peer_cert_count(p.server), 1);
            } else { /* another one, trusted by ca.pem or not, is refused by the callback */
                LT_CHECK(!ok);
                LT_CHECK_INT(latch_conn_alert_sent(p.server), LT_ALERT_CERTIFICATE_UNKNOWN);
                LT_CHECK_STR_CONTAINS(latch_conn_error(p.server), "not the pinned certificate");
            }
            lt_done(&p, ccfg, scfg);
        }
    }
    latch_certlist_free(pin);
}

int main(void)
{
    LT_RUN(test_forged_client_signature);
    LT_RUN(test_required);
    LT_RUN(test_requested_and_absent);
    LT_RUN(test_client_certificate_needs_no_name);
    LT_RUN(test_client_certificate_pinned_by_callback);
    return lt_test_summary();
}
