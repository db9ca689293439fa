/* OCSP stapling in the handshake (src/tls/staple.c, certmsg.c, client12.c, server12.c; RFC 6066
 * §8, RFC 8446 §4.4.2.1, RFC 7633), client and server in memory, TLS 1.3 and TLS 1.2: the
 * server staples what its file holds and reads it again when it changes; the client asks, fails
 * on revoked, ignores an unusable or missing response unless it requires one or the certificate
 * is must-staple, and with stapling off neither asks nor checks. Responses are made here with
 * devca/ocsp.c, signed by the test CA (tests/vectors/pki). */
#include "lt_pair.h"
#include "lt_test.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "crypto/pkey.h"
#include "devca/issue.h"
#include "devca/ocsp.h"
#include "devca/pem_write.h"
#include "api/conn.h"
#include "tls/conn.h"
#include "tls/proto.h"
#include "tls/staple.h"
#include "x509/certset.h"

static lt_certset pki;            /* [0] the CA, [1] the p256 leaf, [2] the must-staple leaf */
static lt_privkey *ca_key;
static char dir[] = "/tmp/latch-staple-XXXXXX";
static char good_path[64], revoked_path[64], other_path[64], must_pem[64], must_key[64];
static const char *leaf_names[] = { "p256" };

static int write_file(const char *path, const uint8_t *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t n = fwrite(bytes, 1, len, f);
    return fclose(f) == 0 && n == len ? 0 : -1;
}

/* A response about cert (serial: its own, or serial_override) saying status. */
static int write_response(const char *path, const lt_cert *cert, lt_ocsp_status status, int other_serial)
{
    static const uint8_t stranger[] = { 0x42 };
    const lt_cert *ca = &pki.items[0].cert;
    int64_t now = (int64_t)time(NULL);
    lt_ocsp_write_single single = { LT_HASH_SHA1, ca->subject, ca->public_key,
                                    other_serial ? lt_span_make(stranger, 1) : cert->serial, status,
                                    now - 86400, 1, now - 60, now + 86400 };
    lt_ocsp_write_params params = { ca_key, 0, ca->subject, ca->public_key, now - 60, &single, 1, NULL, 0, 0 };
    uint8_t *der = NULL;
    size_t len = 0;
    if (lt_ocsp_write(&params, &der, &len) < 0)
        return -1;
    int rc = write_file(path, der, len);
    free(der);
    return rc;
}

static latch_config *server_with(const char *cert, const char *ocsp_path)
{
    latch_config *cfg;
    if (cert == NULL) {
        cfg = lt_pair_server_config(leaf_names, 1);
    } else {
        cfg = latch_config_new(LATCH_ROLE_SERVER);
        if (latch_config_add_identity(cfg, cert, must_key) != LATCH_OK)
            fprintf(stderr, "  %s\n", latch_config_error(cfg));
    }
    if (ocsp_path != NULL && latch_config_set_ocsp_file(cfg, ocsp_path) != LATCH_OK)
        fprintf(stderr, "  %s\n", latch_config_error(cfg));
    return cfg;
}

static latch_config *client_with(latch_ocsp_mode mode, uint16_t version)
{
    latch_config *cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_ocsp_stapling(cfg, mode), LATCH_OK);
    LT_CHECK_INT(latch_config_set_versions(cfg, version, version), LATCH_OK);
    return cfg;
}

/* Runs one handshake; returns 1 when it completed, else 0 with the client's alert in *alert and
 * its sentence in why. */
static latch_ocsp_status last_status;

static int run(latch_config *server_cfg, latch_config *client_cfg, int *alert, char *why, size_t cap)
{
    lt_pair p = { 0 };
    int done = lt_pair_handshake(&p, client_cfg, server_cfg, "localhost");
    last_status = latch_conn_ocsp_status(p.client);
    *alert = latch_conn_alert_sent(p.client);
    snprintf(why, cap, "%s", latch_conn_error(p.client) ? latch_conn_error(p.client) : "");
    lt_pair_free(&p);
    return done;
}

/* One case in both versions: the handshake's outcome (alert -1: it completes, and the client
 * reports status_want). */
static void expect_status(const char *cert, const char *ocsp_path, latch_ocsp_mode mode, int alert_want,
                          const char *why_want, latch_ocsp_status status_want)
{
    static const uint16_t versions[] = { LATCH_TLS13, LATCH_TLS12 };
    for (size_t v = 0; v < 2; v++) {
        latch_config *server_cfg = server_with(cert, ocsp_path);
        latch_config *client_cfg = client_with(mode, versions[v]);
        int alert = 0;
        char why[512];
        int done = run(server_cfg, client_cfg, &alert, why, sizeof why);
        if (alert_want < 0) {
            if (!done)
                fprintf(stderr, "  TLS 1.%d: %s\n", versions[v] == LATCH_TLS13 ? 3 : 2, why);
            LT_CHECK(done);
            LT_CHECK_INT(last_status, status_want);
        } else {
            LT_CHECK(!done);
            LT_CHECK_INT(alert, alert_want);
            LT_CHECK_STR_CONTAINS(why, why_want);
        }
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

static void expect(const char *cert, const char *ocsp_path, latch_ocsp_mode mode, int alert_want, const char *why_want)
{
    expect_status(cert, ocsp_path, mode, alert_want, why_want, LATCH_OCSP_NONE);
}

static void test_good_staple_is_accepted(void)
{
    expect_status(NULL, good_path, LATCH_OCSP_ASK, -1, NULL, LATCH_OCSP_GOOD);
    expect_status(NULL, good_path, LATCH_OCSP_REQUIRE, -1, NULL, LATCH_OCSP_GOOD);
}

static void test_revoked_staple_fails_with_certificate_revoked(void)
{
    expect(NULL, revoked_path, LATCH_OCSP_ASK, LT_ALERT_CERTIFICATE_REVOKED, "[revoked]");
    expect(NULL, revoked_path, LATCH_OCSP_REQUIRE, LT_ALERT_CERTIFICATE_REVOKED, "keyCompromise");
}

static void test_missing_staple_is_fine_unless_required(void)
{
    expect(NULL, NULL, LATCH_OCSP_ASK, -1, NULL);
    expect(NULL, NULL, LATCH_OCSP_REQUIRE, LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE,
           "stapled no OCSP response for 'localhost', which the configuration requires [revocation-unknown]");
}

static void test_unusable_staple_is_ignored_unless_required(void)
{
    expect_status(NULL, other_path, LATCH_OCSP_ASK, -1, NULL, LATCH_OCSP_IGNORED);
    expect(NULL, other_path, LATCH_OCSP_REQUIRE, LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE,
           "not about 'localhost'");
}

/* The client's status_request with another status_type than ocsp (1): ocsp_multi (2, RFC
 * 6961), which latch does not answer. */
static uint8_t other_type_hello[2048];
static void ask_other_type(void *arg, const uint8_t **msg, size_t *len)
{
    static const uint8_t ext[] = { 0x00, 0x05, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 };
    (void)arg;
    if ((*msg)[0] != 1 || *len > sizeof other_type_hello)
        return;
    memcpy(other_type_hello, *msg, *len);
    for (size_t i = 0; i + sizeof ext <= *len; i++)
        if (memcmp(other_type_hello + i, ext, sizeof ext) == 0)
            other_type_hello[i + 4] = 2;
    *msg = other_type_hello;
}

/* The bytes a handshake moves, server to client included. */
static size_t handshake_bytes(latch_ocsp_mode mode, int other_type)
{
    latch_config *server_cfg = server_with(NULL, good_path);
    latch_config *client_cfg = client_with(mode, LATCH_TLS13);
    lt_pair p = { 0 };
    /* (the ClientHello is queued when the connection starts: the hook goes in before) */
    p.client = lt_conn_create(client_cfg, "localhost");
    p.server = latch_conn_new(server_cfg, NULL);
    if (other_type)
        p.client->hs->replay_substitute = ask_other_type;
    LT_CHECK_INT(lt_conn_start(p.client), 0);
    size_t n = lt_pair_pump(&p);
    LT_CHECK(latch_conn_handshake_done(p.client));
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    return n;
}

static void test_stapling_off_neither_asks_nor_checks(void)
{
    /* off, the client does not ask, and the server sends no response: the handshake is shorter
     * by about its size (signatures vary by a few bytes) */
    uint8_t *response = NULL;
    size_t response_len = 0;
    LT_CHECK_INT(lt_file_read(good_path, &response, &response_len), 0);
    free(response);
    size_t asked = handshake_bytes(LATCH_OCSP_ASK, 0), not_asked = handshake_bytes(LATCH_OCSP_OFF, 0);
    if (!(not_asked + response_len / 2 < asked))
        fprintf(stderr, "  asked %zu, not asked %zu, response %zu\n", asked, not_asked, response_len);
    LT_CHECK(not_asked + response_len / 2 < asked);
    /* nor to a status_request of another type */
    size_t other_type = handshake_bytes(LATCH_OCSP_ASK, 1);
    LT_CHECK(other_type + response_len / 2 < asked);
    /* the client does not ask, so the server staples nothing: revoked goes unnoticed */
    expect(NULL, revoked_path, LATCH_OCSP_OFF, -1, NULL);
    expect(must_pem, NULL, LATCH_OCSP_OFF, -1, NULL);
}

static void test_must_staple_needs_a_staple(void)
{
    expect(must_pem, NULL, LATCH_OCSP_ASK, LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE,
           "demands one (must-staple, RFC 7633) [revocation-unknown]");
    /* a response about the must-staple leaf will do */
    char path[80];
    snprintf(path, sizeof path, "%s/must-good.der", dir);
    LT_CHECK_INT(write_response(path, &pki.items[2].cert, LT_OCSP_GOOD, 0), 0);
    expect_status(must_pem, path, LATCH_OCSP_ASK, -1, NULL, LATCH_OCSP_GOOD);
    /* and one about another certificate will not */
    LT_CHECK_INT(write_response(path, &pki.items[1].cert, LT_OCSP_GOOD, 0), 0);
    expect(must_pem, path, LATCH_OCSP_ASK, LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "[revocation-unknown]");
}

/* A fresh client each time: a resumed session has no Certificate, so nothing stapled. */
static int run_fresh(latch_config *server_cfg, int *alert)
{
    char why[512];
    latch_config *client_cfg = client_with(LATCH_OCSP_ASK, LATCH_TLS13);
    int done = run(server_cfg, client_cfg, alert, why, sizeof why);
    latch_config_free(client_cfg);
    return done;
}

static void test_server_reads_the_file_again_when_it_changes(void)
{
    char path[80];
    int alert = 0;
    snprintf(path, sizeof path, "%s/reloaded.der", dir);
    LT_CHECK_INT(write_response(path, &pki.items[1].cert, LT_OCSP_GOOD, 0), 0);
    latch_config *server_cfg = server_with(NULL, path);
    LT_CHECK(run_fresh(server_cfg, &alert));
    /* garbage in its place is not taken (a half-written file): the good response stays */
    LT_CHECK_INT(write_file(path, (const uint8_t *)"garbage", 7), 0);
    usleep(1100000);
    LT_CHECK(run_fresh(server_cfg, &alert));
    /* a new response is: revoked now, once the second is over */
    LT_CHECK_INT(write_response(path, &pki.items[1].cert, LT_OCSP_REVOKED, 0), 0);
    usleep(1100000);
    LT_CHECK(!run_fresh(server_cfg, &alert));
    LT_CHECK_INT(alert, LT_ALERT_CERTIFICATE_REVOKED);
    latch_config_free(server_cfg);
}

static void test_ocsp_file_errors(void)
{
    char path[80];
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_set_ocsp_file(cfg, good_path), LATCH_ERR_INVALID_ARG); /* no identity yet */
    latch_config_free(cfg);
    cfg = server_with(NULL, NULL);
    snprintf(path, sizeof path, "%s/missing.der", dir);
    LT_CHECK_INT(latch_config_set_ocsp_file(cfg, path), LATCH_ERR_IO);
    /* the size limit: at it a file is read (and refused for what it holds), past it not read */
    uint8_t *zeros = calloc(1, LT_STAPLE_MAX + 1);
    snprintf(path, sizeof path, "%s/big.der", dir);
    LT_CHECK_INT(write_file(path, zeros, LT_STAPLE_MAX - 1), 0);
    LT_CHECK_INT(latch_config_set_ocsp_file(cfg, path), LATCH_ERR_DECODE);
    LT_CHECK_INT(write_file(path, zeros, LT_STAPLE_MAX), 0);
    LT_CHECK_INT(latch_config_set_ocsp_file(cfg, path), LATCH_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "not a usable OCSP response");
    LT_CHECK_INT(write_file(path, zeros, LT_STAPLE_MAX + 1), 0);
    LT_CHECK_INT(latch_config_set_ocsp_file(cfg, path), LATCH_ERR_LIMIT);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "larger than 16384 bytes");
    free(zeros);
    LT_CHECK_INT(latch_config_set_ocsp_stapling(cfg, (latch_ocsp_mode)7), LATCH_ERR_INVALID_ARG);
    latch_config_free(cfg);
}

static int setup(void)
{
    uint8_t *pem = NULL;
    size_t len = 0, added = 0, skipped = 0;
    char why[200];
    if (mkdtemp(dir) == NULL)
        return -1;
    /* the CA, its key and the leaf */
    if (lt_file_read(LT_PKI "ca.pem", &pem, &len) < 0 ||
        lt_certset_add_pem(&pki, (const char *)pem, len, 0, &added, &skipped, why, sizeof why) < 0)
        return -1;
    free(pem);
    if (lt_file_read(LT_PKI "p256.pem", &pem, &len) < 0 ||
        lt_certset_add_pem(&pki, (const char *)pem, len, 0, &added, &skipped, why, sizeof why) < 0)
        return -1;
    free(pem);
    if (lt_privkey_from_pem_file(LT_PKI "ca-key.pem", &ca_key) < 0)
        return -1;
    /* a must-staple leaf for localhost, from the same CA */
    lt_privkey *leaf_key = NULL;
    char *key_pem = NULL;
    size_t key_pem_len = 0;
    uint8_t *der = NULL;
    size_t der_len = 0;
    lt_issue_issuer by = { ca_key, pki.items[0].cert.subject, { 0 } };
    if (pki.items[0].cert.subject_key_id.len != sizeof by.key_id)
        return -1;
    memcpy(by.key_id, pki.items[0].cert.subject_key_id.p, sizeof by.key_id);
    lt_issue_san san = { .type = LT_ISSUE_SAN_DNS };
    uint8_t name[128];
    lt_writer w = lt_writer_init(name, sizeof name);
    lt_issue_write_name(&w, "latch tests", "staple", "localhost");
    snprintf(san.text, sizeof san.text, "localhost");
    int64_t now = (int64_t)time(NULL);
    lt_issue_params params = { 0 };
    params.must_staple = 1;
    params.path_len = -1;
    params.subject = lt_span_make(name, w.len);
    params.not_before = now - 3600;
    params.not_after = now + 86400;
    params.sans = &san;
    params.san_count = 1;
    if (lt_privkey_generate(LT_KEY_EC_P256, 0, &leaf_key) < 0 || lt_privkey_to_pem(leaf_key, &key_pem, &key_pem_len) < 0)
        return -1;
    params.subject_key = leaf_key;
    if (lt_issue_certificate(&by, &params, &der, &der_len) < 0 || lt_certset_add_der(&pki, der, der_len, NULL) < 0)
        return -1;
    snprintf(must_key, sizeof must_key, "%s/must-key.pem", dir);
    snprintf(must_pem, sizeof must_pem, "%s/must.pem", dir);
    size_t cert_pem_cap = lt_pem_write_size("CERTIFICATE", der_len), cert_pem_len = 0;
    char *cert_pem = malloc(cert_pem_cap);
    if (cert_pem == NULL || lt_pem_write("CERTIFICATE", der, der_len, cert_pem, cert_pem_cap, &cert_pem_len) < 0 ||
        write_file(must_pem, (const uint8_t *)cert_pem, cert_pem_len) < 0)
        return -1;
    free(cert_pem);
    if (write_file(must_key, (const uint8_t *)key_pem, key_pem_len) < 0)
        return -1;
    free(key_pem);
    free(der);
    lt_privkey_free(leaf_key);

    snprintf(good_path, sizeof good_path, "%s/good.der", dir);
    snprintf(revoked_path, sizeof revoked_path, "%s/revoked.der", dir);
    snprintf(other_path, sizeof other_path, "%s/other.der", dir);
    if (write_response(good_path, &pki.items[1].cert, LT_OCSP_GOOD, 0) < 0 ||
        write_response(revoked_path, &pki.items[1].cert, LT_OCSP_REVOKED, 0) < 0 ||
        write_response(other_path, &pki.items[1].cert, LT_OCSP_GOOD, 1) < 0)
        return -1;
    return 0;
}

int main(void)
{
    if (setup() < 0) {
        fprintf(stderr, "cannot set up the test PKI in %s\n", dir);
        return 1;
    }
    LT_RUN(test_good_staple_is_accepted);
    LT_RUN(test_revoked_staple_fails_with_certificate_revoked);
    LT_RUN(test_missing_staple_is_fine_unless_required);
    LT_RUN(test_unusable_staple_is_ignored_unless_required);
    LT_RUN(test_stapling_off_neither_asks_nor_checks);
    LT_RUN(test_must_staple_needs_a_staple);
    LT_RUN(test_server_reads_the_file_again_when_it_changes);
    LT_RUN(test_ocsp_file_errors);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    lt_certset_clear(&pki);
    lt_privkey_free(ca_key);
    return lt_test_summary();
}
