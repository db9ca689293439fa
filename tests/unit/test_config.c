/* Configs from memory: identities from PEM text, trust anchors from a shared roots object that
 * several configs hold (the application may free its own reference at once), client roots the
 * same way; and the sentences for what does not fit. */
#include <stdlib.h>
#include <string.h>

#include "lt_pair.h"
#include "lt_test.h"
#include "x509/pem.h"

/* A whole file as text (caller frees), or NULL. */
static char *lt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)size)) != NULL && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    *len = text != NULL ? (size_t)size : 0;
    fclose(f);
    return text;
}

/* A chain of n certificates (the leaf, then copies of the CA) is taken when a Certificate of that
 * many may be sent: 15 and 16, not 17 (what latch takes from a peer). */
static void test_chain_length_limit(void)
{
    size_t leaf_len, key_len, ca_len;
    char *leaf = lt_slurp(LT_PKI "p256.pem", &leaf_len);
    char *key = lt_slurp(LT_PKI "p256-key.pem", &key_len);
    char *ca = lt_slurp(LT_PKI "ca.pem", &ca_len);
    LT_CHECK(leaf != NULL && key != NULL && ca != NULL);
    char *chain = malloc(leaf_len + 16 * ca_len);
    LT_CHECK(chain != NULL);
    for (size_t n = 15; chain != NULL && leaf != NULL && ca != NULL && n <= 17; n++) {
        size_t len = leaf_len;
        memcpy(chain, leaf, leaf_len);
        for (size_t i = 1; i < n; i++, len += ca_len)
            memcpy(chain + len, ca, ca_len);
        latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
        latch_status st = latch_config_add_identity_pem(cfg, chain, len, key, key_len);
        LT_CHECK_INT(st, n <= 16 ? LATCH_OK : LATCH_ERR_LIMIT);
        if (n == 17)
            LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "holds 17 certificates");
        latch_config_free(cfg);
    }
    free(chain);
    free(leaf);
    free(key);
    free(ca);
}

/* A roots path or key file that cannot be read is said where it is named, with the system's
 * reason, not later at the first connection. */
static void test_unreadable_paths_say_why_at_once(void)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    LT_CHECK_INT(latch_config_set_roots_file(cfg, "vectors/pki/no-such-ca.pem"), LATCH_ERR_IO);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "no-such-ca.pem': No such file or directory");
    LT_CHECK_INT(latch_config_set_roots_file(cfg, LT_PKI "ca.pem"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_roots_file(cfg, "vectors/pki"), LATCH_OK); /* a directory */
    LT_CHECK_INT(latch_config_set_roots_file(cfg, "system"), LATCH_OK);
    latch_config_free(cfg);

    cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_set_client_auth(cfg, LATCH_CLIENT_AUTH_REQUIRE, "nowhere/ca.pem"), LATCH_ERR_IO);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "client roots 'nowhere/ca.pem': No such file or directory");
    LT_CHECK_INT(latch_config_add_identity(cfg, LT_PKI "p256.pem", LT_PKI "no-such-key.pem"), LATCH_ERR_IO);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "no-such-key.pem': No such file or directory");
    LT_CHECK_INT(latch_config_add_identity(cfg, "vectors/pki", LT_PKI "p256-key.pem"), LATCH_ERR_IO);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "Is a directory");
    latch_config_free(cfg);
}

/* latch_cert_describe takes DER; what does not parse is LATCH_ERR_DECODE, a NULL argument
 * LATCH_ERR_INVALID_ARG. (The tool's test compares a description with OpenSSL's.) */
static void test_cert_describe_refuses(void)
{
    latch_cert_info info;
    static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
    LT_CHECK_INT(latch_cert_describe(junk, sizeof junk, &info), LATCH_ERR_DECODE);
    LT_CHECK_INT(latch_cert_describe(NULL, 0, &info), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_cert_describe(junk, sizeof junk, NULL), LATCH_ERR_INVALID_ARG);
}

/* latch_cert_common_name gives the subject's commonName alone (the proxy's PROXY v2 header
 * carries it), "" for a subject without one, and refuses what does not parse. */
static void test_cert_common_name(void)
{
    size_t pem_len = 0, pos = 0, der_len = 0;
    char *pem = lt_slurp(LT_PKI "p256.pem", &pem_len);
    uint8_t *der = NULL;
    char cn[64];
    LT_CHECK(pem != NULL && lt_pem_next(pem, pem_len, &pos, "CERTIFICATE", &der, &der_len) == 1);
    LT_CHECK_INT(latch_cert_common_name(der, der_len, cn, sizeof cn), LATCH_OK);
    LT_CHECK(strcmp(cn, "localhost") == 0); /* subject O=latch tests, CN=localhost */
    LT_CHECK_INT(latch_cert_common_name(der, der_len, cn, 4), LATCH_OK);
    LT_CHECK(strcmp(cn, "loc") == 0); /* cut to fit, NUL-terminated */
    static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
    LT_CHECK_INT(latch_cert_common_name(junk, sizeof junk, cn, sizeof cn), LATCH_ERR_DECODE);
    LT_CHECK(cn[0] == '\0');
    LT_CHECK_INT(latch_cert_common_name(der, der_len, cn, 0), LATCH_ERR_INVALID_ARG);
    free(der);
    free(pem);
}

static void test_identities_and_roots_from_memory(void)
{
    size_t chain_len, key_len, ca_len;
    char *chain = lt_slurp(LT_PKI "p256.pem", &chain_len);
    char *key = lt_slurp(LT_PKI "p256-key.pem", &key_len);
    char *ca = lt_slurp(LT_PKI "ca.pem", &ca_len);
    LT_CHECK(chain != NULL && key != NULL && ca != NULL);
    latch_roots *roots = latch_roots_new();
    LT_CHECK_INT(latch_roots_add_pem(roots, ca, ca_len), LATCH_OK);

    latch_config *server_cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_add_identity_pem(server_cfg, chain, chain_len, key, key_len), LATCH_OK);
    LT_CHECK_INT(latch_config_set_client_roots(server_cfg, roots), LATCH_OK);
    LT_CHECK_INT(latch_config_set_client_auth(server_cfg, LATCH_CLIENT_AUTH_REQUIRE, NULL), LATCH_OK);
    latch_config *client_cfgs[2];
    for (int i = 0; i < 2; i++) {
        client_cfgs[i] = latch_config_new(LATCH_ROLE_CLIENT);
        LT_CHECK_INT(latch_config_set_roots(client_cfgs[i], roots), LATCH_OK);
        LT_CHECK_INT(latch_config_add_identity_pem(client_cfgs[i], chain, chain_len, key, key_len), LATCH_OK);
    }
    latch_roots_free(roots); /* the configs keep theirs */
    for (int i = 0; i < 2; i++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, client_cfgs[i], server_cfg, "localhost"));
        LT_CHECK_INT(latch_conn_peer_cert_count(p.server), 1);
        lt_pair_free(&p);
        latch_config_free(client_cfgs[i]);
    }
    latch_config_free(server_cfg);

    /* what does not fit, with a sentence */
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_add_identity_pem(cfg, "junk", 4, key, key_len), LATCH_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "certificates in the chain given");
    LT_CHECK_INT(latch_config_add_identity_pem(cfg, chain, chain_len, "junk", 4) < 0, 1);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "private key in the PEM given");
    size_t other_len;
    char *other_key = lt_slurp(LT_PKI "rsa2048-key.pem", &other_len);
    LT_CHECK_INT(latch_config_add_identity_pem(cfg, chain, chain_len, other_key, other_len), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "does not belong to the first certificate");
    latch_roots *empty = latch_roots_new();
    LT_CHECK_INT(latch_config_set_roots(cfg, empty), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "hold no certificate");
    latch_roots_free(empty);
    latch_config_free(cfg);
    free(other_key);
    free(chain);
    free(key);
    free(ca);
}

/* The config's clock decides certificate validity: the test leaf is refused at a time after it
 * expires and before it begins, and accepted now. */
static int64_t lt_fixed_clock(void *arg)
{
    return *(const int64_t *)arg;
}

static void test_clock_decides_validity(void)
{
    static const char *const cert = "p256";
    static const struct { int64_t t; int ok; } times[] = {
        { 0, 1 },               /* now (the clock left at time()) */
        { 946684800, 0 },       /* 2000-01-01: before the test PKI was made */
        { 32503680000LL, 0 },   /* 3000-01-01: after it expires */
    };
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        int64_t t = times[i].t;
        if (t != 0)
            LT_CHECK_INT(latch_config_set_clock(client_cfg, lt_fixed_clock, &t), LATCH_OK);
        lt_pair p = { 0 };
        LT_CHECK_INT(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"), times[i].ok);
        if (!times[i].ok)
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), t < 32503680000LL ? "not valid until" : "expired");
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* The application's check: a pin on the leaf's bytes. It sees the chain after latch verified
 * it (and the server name), may refuse with a sentence (bad_certificate), and runs for client
 * certificates too. With verification off, it is the only check (a pinned self-signed peer). */
typedef struct {
    const uint8_t *pin;
    size_t pin_len;
    int calls;
} lt_pin;

static int lt_pin_check(void *arg, const latch_conn *conn, char *why, size_t why_cap)
{
    lt_pin *pin = arg;
    size_t len = 0;
    const uint8_t *leaf = latch_conn_peer_cert(conn, 0, &len);
    pin->calls++;
    if (leaf != NULL && len == pin->pin_len && memcmp(leaf, pin->pin, len) == 0)
        return 0;
    snprintf(why, why_cap, "the leaf is not the pinned certificate (%zu bytes)", len);
    return 1;
}

/* The DER of the leaf in a PEM chain, as a client sees it in a handshake. */
static size_t lt_first_der(const char *path, uint8_t *out, size_t cap)
{
    latch_config *cfg = lt_pair_client_config();
    latch_config *server_cfg = latch_config_new(LATCH_ROLE_SERVER);
    size_t len = 0;
    if (latch_config_add_identity(server_cfg, path, LT_PKI "p256-key.pem") == LATCH_OK) {
        lt_pair p = { 0 };
        if (lt_pair_handshake(&p, cfg, server_cfg, "localhost")) {
            const uint8_t *der = latch_conn_peer_cert(p.client, 0, &len);
            if (der != NULL && len <= cap)
                memcpy(out, der, len);
        }
        lt_pair_free(&p);
    }
    latch_config_free(cfg);
    latch_config_free(server_cfg);
    return len;
}

static void test_verify_callback(void)
{
    static const char *const cert = "p256";
    uint8_t leaf[4096];
    size_t leaf_len = lt_first_der(LT_PKI "p256.pem", leaf, sizeof leaf);
    LT_CHECK(leaf_len > 0);
    for (int verify = 0; verify <= 1; verify++)
        for (int pinned = 0; pinned <= 1; pinned++) {
            uint8_t other[4096];
            memcpy(other, leaf, leaf_len);
            other[leaf_len - 1] ^= 1; /* a different pin */
            lt_pin pin = { pinned ? leaf : other, leaf_len, 0 };
            latch_config *server_cfg = lt_pair_server_config(&cert, 1);
            latch_config *client_cfg = lt_pair_client_config();
            LT_CHECK_INT(latch_config_set_verify(client_cfg, verify), LATCH_OK);
            LT_CHECK_INT(latch_config_set_verify_callback(client_cfg, lt_pin_check, &pin), LATCH_OK);
            lt_pair p = { 0 };
            LT_CHECK_INT(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"), pinned);
            LT_CHECK_INT(pin.calls, 1);
            if (!pinned) {
                /* not corrupt, just not wanted: certificate_unknown (RFC 8446 §6.2) */
                LT_CHECK_INT(latch_conn_alert_sent(p.client), 46);
                LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), "refused by the application: the leaf is not");
            }
            lt_pair_free(&p);
            latch_config_free(client_cfg);
            latch_config_free(server_cfg);
        }
    /* latch refuses first (wrong name): the callback is never asked to overrule it */
    lt_pin pin = { leaf, leaf_len, 0 };
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_verify_callback(client_cfg, lt_pin_check, &pin), LATCH_OK);
    lt_pair p = { 0 };
    LT_CHECK(!lt_pair_handshake(&p, client_cfg, server_cfg, "other.example"));
    LT_CHECK_INT(pin.calls, 0);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    /* a server's check of client certificates */
    lt_pin client_pin = { leaf, leaf_len, 0 };
    client_cfg = lt_pair_client_config();
    latch_config_add_identity(client_cfg, LT_PKI "p256.pem", LT_PKI "p256-key.pem");
    latch_config *mtls_cfg = lt_pair_server_config(&cert, 1);
    latch_config_set_client_auth(mtls_cfg, LATCH_CLIENT_AUTH_REQUIRE, LT_PKI "ca.pem");
    latch_config_set_verify_callback(mtls_cfg, lt_pin_check, &client_pin);
    LT_CHECK(lt_pair_handshake(&p, client_cfg, mtls_cfg, "localhost"));
    LT_CHECK_INT(client_pin.calls, 1);
    lt_pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(mtls_cfg);
    latch_config_free(server_cfg);
}

/* A server's certificate chosen by the application from the server name: -1 lets latch choose,
 * -2 refuses the client (unrecognized_name), an index picks that identity, in both versions. */
static int lt_choose_by_name(void *arg, const latch_conn *conn)
{
    int *calls = arg;
    const char *name = latch_conn_server_name(conn);
    (*calls)++;
    if (strcmp(name, "refused.example") == 0)
        return -2;
    if (strcmp(name, "rsa.example") == 0)
        return 1;
    return -1;
}

static void test_identity_callback(void)
{
    static const char *const certs[] = { "p256", "rsa2048" };
    for (int tls12 = 0; tls12 <= 1; tls12++) {
        int calls = 0;
        latch_config *server_cfg = lt_pair_server_config(certs, 2);
        LT_CHECK_INT(latch_config_set_identity_callback(server_cfg, lt_choose_by_name, &calls), LATCH_OK);
        latch_config *client_cfg = lt_pair_client_config();
        LT_CHECK_INT(latch_config_set_verify(client_cfg, 0), LATCH_OK); /* the names are not the certificates' */
        if (tls12)
            latch_config_set_versions(client_cfg, LATCH_TLS12, LATCH_TLS12);
        static const struct { const char *name; int ok; const char *scheme; } cases[] = {
            { "localhost", 1, "ecdsa" }, { "rsa.example", 1, "rsa" }, { "refused.example", 0, NULL },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            lt_pair p = { 0 };
            LT_CHECK_INT(lt_pair_handshake(&p, client_cfg, server_cfg, cases[i].name), cases[i].ok);
            if (cases[i].ok)
                LT_CHECK_STR_CONTAINS(latch_conn_signature_scheme(p.client), cases[i].scheme);
            else
                LT_CHECK_INT(latch_conn_alert_sent(p.server), 112); /* unrecognized_name */
            lt_pair_free(&p);
        }
        LT_CHECK_INT(calls, 3);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* ALPN chosen by the application: mode 0 takes the client's last name, 1 none, 2 no ALPN, 3 a
 * name that is not in the list (refused by latch). */
static int lt_alpn_mode;
static const uint8_t lt_alpn_stray[3] = { 'h', '2', 'x' };

static int lt_choose_alpn(void *arg, const latch_conn *conn, const uint8_t *list, size_t len, const uint8_t **chosen,
                          uint8_t *chosen_len)
{
    (void)arg;
    (void)conn;
    if (lt_alpn_mode == 1)
        return 1;
    if (lt_alpn_mode == 2)
        return -1;
    if (lt_alpn_mode == 3) {
        *chosen = lt_alpn_stray;
        *chosen_len = 2;
        return 0;
    }
    size_t pos = 0, last = 0;
    while (pos < len) {
        last = pos;
        pos += 1 + list[pos];
    }
    *chosen = list + last + 1;
    *chosen_len = list[last];
    return 0;
}

/* Whether the ClientHello a new connection of cfg sends offers TLS 1.3 (0x0304 in its
 * supported_versions extension). */
static int offers_tls13(latch_config *cfg)
{
    latch_conn *conn = latch_conn_new(cfg, "localhost");
    size_t len = 0;
    const uint8_t *out = conn != NULL ? latch_net_out_buf(conn, &len) : NULL;
    int offered = 0;
    for (size_t i = 0; out != NULL && i + 5 < len; i++) {
        if (out[i] != 0x00 || out[i + 1] != 0x2b || out[i + 2] != 0x00 || out[i + 3] != out[i + 4] + 1)
            continue;
        for (size_t j = i + 5; j + 1 < i + 5 + out[i + 4] && j + 1 < len; j += 2)
            offered |= out[j] == 0x03 && out[j + 1] == 0x04;
    }
    latch_conn_free(conn);
    return offered;
}

/* A client given only TLS 1.2 suites offers TLS 1.2 alone: it offered TLS 1.3 too before, and a
 * TLS 1.3 server that does not fall back (OpenSSL's) then refused it for want of a common
 * suite. Only TLS 1.3 suites: TLS 1.3. No suite of an allowed version: refused at freeze. */
static void test_versions_follow_the_suites(void)
{
    const char *p256[] = { "p256" };
    latch_config *server_cfg = lt_pair_server_config(p256, 1);
    lt_pair p = { 0 };
    latch_config *c12 = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_suites(c12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), LATCH_OK);
    LT_CHECK(!offers_tls13(c12));
    LT_CHECK(lt_pair_handshake(&p, c12, server_cfg, "localhost"));
    LT_CHECK_INT(latch_conn_version(p.client), LATCH_TLS12);
    lt_pair_free(&p);
    latch_config *c13 = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_suites(c13, "TLS_AES_256_GCM_SHA384"), LATCH_OK);
    LT_CHECK(offers_tls13(c13));
    LT_CHECK(lt_pair_handshake(&p, c13, server_cfg, "localhost"));
    LT_CHECK_INT(latch_conn_version(p.client), LATCH_TLS13);
    lt_pair_free(&p);
    latch_config *none = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_suites(none, "TLS_AES_256_GCM_SHA384"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_versions(none, LATCH_TLS12, LATCH_TLS12), LATCH_OK);
    LT_CHECK_INT(latch_config_freeze(none), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(none), "no cipher suite of the TLS versions allowed");
    latch_config_free(c12);
    latch_config_free(c13);
    latch_config_free(none);
    latch_config_free(server_cfg);
}

static void test_alpn_callback(void)
{
    static const char *const cert = "p256";
    static const struct { int ok; const char *alpn; int alert; } modes[] = {
        { 1, "spdy/3", -1 }, { 0, NULL, 120 }, { 1, "", -1 }, { 0, NULL, 80 },
    };
    for (int mode = 0; mode < 4; mode++) {
        lt_alpn_mode = mode;
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        LT_CHECK_INT(latch_config_set_alpn_callback(server_cfg, lt_choose_alpn, NULL), LATCH_OK);
        latch_config *client_cfg = lt_pair_client_config();
        LT_CHECK_INT(latch_config_set_alpn(client_cfg, "h2,http/1.1,spdy/3"), LATCH_OK);
        lt_pair p = { 0 };
        LT_CHECK_INT(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"), modes[mode].ok);
        if (modes[mode].ok) {
            LT_CHECK(strcmp(latch_conn_alpn(p.client), modes[mode].alpn) == 0);
            LT_CHECK(strcmp(latch_conn_alpn(p.server), modes[mode].alpn) == 0);
        } else {
            LT_CHECK_INT(latch_conn_alert_sent(p.server), modes[mode].alert);
        }
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

int main(void)
{
    LT_RUN(test_versions_follow_the_suites);
    LT_RUN(test_alpn_callback);
    LT_RUN(test_identity_callback);
    LT_RUN(test_verify_callback);
    LT_RUN(test_clock_decides_validity);
    LT_RUN(test_identities_and_roots_from_memory);
    LT_RUN(test_chain_length_limit);
    LT_RUN(test_cert_describe_refuses);
    LT_RUN(test_cert_common_name);
    LT_RUN(test_unreadable_paths_say_why_at_once);
    return lt_test_summary();
}
