/* Turns the runner's flags into latch settings. BoringSSL's shim starts from BoringSSL's defaults,
 * which include the CBC suites and the static RSA key exchange: the OLD profile is latch's
 * nearest. What latch cannot be told to do (TLS below 1.2, a group it lacks, a client certificate
 * requested but taken without verification) exits 89 rather than running a different test. */
#include "shim_config.h"
#include "shim_ocsp.h"

#include <stdio.h>
#include <string.h>

static const struct {
    int id;
    const char *name;
} suites[] = {
    { 0x1301, "TLS_AES_128_GCM_SHA256" },
    { 0x1302, "TLS_AES_256_GCM_SHA384" },
    { 0x1303, "TLS_CHACHA20_POLY1305_SHA256" },
    { 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
    { 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
    { 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
    { 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
    { 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
    { 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
    { 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" },
    { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
    { 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA" },
    { 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA" },
    { 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" },
    { 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA" },
    { 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256" },
    { 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384" },
    { 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256" },
    { 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" },
    { 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" },
    { 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" },
    { 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256" },
    { 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256" },
};

static const struct {
    int id;
    const char *name;
} sigschemes[] = {
    { 0x0403, "ecdsa_secp256r1_sha256" }, { 0x0503, "ecdsa_secp384r1_sha384" },
    { 0x0807, "ed25519" },                { 0x0804, "rsa_pss_rsae_sha256" },
    { 0x0805, "rsa_pss_rsae_sha384" },    { 0x0806, "rsa_pss_rsae_sha512" },
    { 0x0809, "rsa_pss_pss_sha256" },     { 0x080a, "rsa_pss_pss_sha384" },
    { 0x080b, "rsa_pss_pss_sha512" },     { 0x0401, "rsa_pkcs1_sha256" },
    { 0x0501, "rsa_pkcs1_sha384" },       { 0x0601, "rsa_pkcs1_sha512" },
    { 0x0201, "rsa_pkcs1_sha1" },         { 0x0203, "ecdsa_sha1" },
};

static const struct {
    int id;
    const char *name;
} groups[] = {
    { 29, "x25519" },
    { 23, "secp256r1" },
    { 24, "secp384r1" },
    { 4588, "X25519MLKEM768" },
    { 4587, "SecP256r1MLKEM768" },
};

const char *shim_suite_name(int id)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].id == id)
            return suites[i].name;
    return NULL;
}

const char *shim_sigscheme_name(int id)
{
    for (size_t i = 0; i < sizeof sigschemes / sizeof sigschemes[0]; i++)
        if (sigschemes[i].id == id)
            return sigschemes[i].name;
    return NULL;
}

int shim_group_id(const char *name)
{
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(groups[i].name, name) == 0)
            return groups[i].id;
    return -1;
}

static const char *group_name(int id)
{
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (groups[i].id == id)
            return groups[i].name;
    return NULL;
}

/* One connection runs at a time, so one record of each is enough. */
static int verify_verdict = -1;
static char alpn_offered[65536]; /* the ALPN extension's list is at most 2^16 - 1 bytes */
static size_t alpn_offered_len;
static int alpn_offered_seen;

void shim_callbacks_reset(void)
{
    verify_verdict = -1;
    alpn_offered_seen = 0;
    alpn_offered_len = 0;
}

int shim_alpn_offered(const char **list, size_t *len)
{
    *list = alpn_offered;
    *len = alpn_offered_len;
    return alpn_offered_seen;
}

static int is_suite_name(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (strlen(suites[i].name) == len && memcmp(suites[i].name, name, len) == 0)
            return 1;
    return 0;
}

/* -cipher takes BoringSSL's cipher string. latch takes a plain list of suite names, so only a
 * ':'-separated list of IANA names latch has is translated; selectors (AES128, DEFAULT, 3DES),
 * exclusions and equal-preference groups ([a|b]) are not. As in BoringSSL, the string governs
 * TLS 1.2 only: latch's TLS 1.3 suites follow unless the list names some. */
static int cipher_list(const char *cipher, char *out, size_t cap)
{
    size_t o = 0;
    int has13 = 0;
    for (const char *p = cipher;;) {
        size_t n = strcspn(p, ":");
        if (n == 0 || !is_suite_name(p, n) || o + n + 2 > cap)
            return -1;
        if (strncmp(p, "TLS_AES_", 8) == 0 || strncmp(p, "TLS_CHACHA20_", 13) == 0)
            has13 = 1;
        if (o > 0)
            out[o++] = ',';
        memcpy(out + o, p, n);
        o += n;
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    out[o] = '\0';
    const char *tls13 = ",TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256";
    if (!has13) {
        if (o + strlen(tls13) + 1 > cap)
            return -1;
        strcat(out, tls13);
    }
    return 0;
}

/* -advertise-alpn is in wire format (a length byte before each name); latch takes "a,b". */
static int alpn_list(const char *wire, char *out, size_t cap)
{
    size_t len = strlen(wire), i = 0, o = 0;
    while (i < len) {
        size_t n = (unsigned char)wire[i++];
        if (n == 0 || n > len - i || o + n + 2 > cap)
            return -1;
        for (size_t k = 0; k < n; k++)
            if (wire[i + k] == ',' || wire[i + k] == ':')
                return -1; /* latch's list syntax cannot carry these */
        if (o > 0)
            out[o++] = ',';
        memcpy(out + o, wire + i, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
    return o > 0 ? 0 : -1;
}

static int choose_alpn(void *arg, const latch_conn *conn, const uint8_t *list, size_t len,
                       const uint8_t **chosen, uint8_t *chosen_len)
{
    const shim_flags *f = arg;
    (void)conn;
    if (len <= sizeof alpn_offered) {
        memcpy(alpn_offered, list, len);
        alpn_offered_len = len;
        alpn_offered_seen = 1;
    }
    if (f->decline_alpn)
        return -1;
    if (f->reject_alpn || f->select_alpn == NULL)
        return 1;
    size_t want = strlen(f->select_alpn);
    for (size_t i = 0; i < len;) {
        size_t n = list[i++];
        if (n == want && memcmp(list + i, f->select_alpn, n) == 0) {
            *chosen = list + i;
            *chosen_len = (uint8_t)n;
            return 0;
        }
        i += n;
    }
    /* BoringSSL's shim may select a name the client did not offer; latch only picks from the list */
    return 1;
}

int shim_verify_verdict(void)
{
    return verify_verdict;
}

/* Verification in the application's hands, as BoringSSL's shim has it (its callback replaces
 * chain verification on both sides): it accepts the peer's certificate, or refuses it with
 * -verify-fail. */
static int app_verify(void *arg, const latch_conn *conn, char *why, size_t why_cap)
{
    const shim_flags *f = arg;
    (void)conn;
    verify_verdict = f->verify_fail ? 1 : 0;
    if (!f->verify_fail)
        return 0;
    snprintf(why, why_cap, "-verify-fail: the shim refuses the certificate");
    return 1;
}

static int unimplemented(const char *why)
{
    fprintf(stderr, "unimplemented: %s\n", why);
    return SHIM_EXIT_UNIMPLEMENTED;
}

static int refused(latch_config *cfg, const char *what, latch_status st)
{
    fprintf(stderr, "latch refused %s: %s: %s\n", what, latch_status_str(st), latch_config_error(cfg));
    return 1;
}

/* The version range: BoringSSL takes wire versions; latch has only TLS 1.2 and 1.3. */
static int versions(const shim_flags *f, uint16_t *min, uint16_t *max)
{
    int lo = f->min_version ? f->min_version : LATCH_TLS12;
    int hi = f->max_version ? f->max_version : LATCH_TLS13;
    if (hi < LATCH_TLS12)
        return unimplemented("latch has no protocol version below TLS 1.2");
    if (lo > LATCH_TLS13)
        return unimplemented("latch has no protocol version above TLS 1.3");
    if (lo < LATCH_TLS12)
        lo = LATCH_TLS12;
    if (hi > LATCH_TLS13)
        hi = LATCH_TLS13;
    if (f->no_tls13 && hi > LATCH_TLS12)
        hi = LATCH_TLS12;
    if (f->no_tls12 && lo < LATCH_TLS13)
        lo = LATCH_TLS13;
    *min = (uint16_t)lo;
    *max = (uint16_t)hi;
    return 0;
}

static int build(const shim_flags *f, const shim_state *state, latch_config *cfg)
{
    latch_status st;
    uint16_t min, max;
    int rc = versions(f, &min, &max);
    if (rc != 0)
        return rc;
    if ((st = latch_config_set_profile(cfg, LATCH_PROFILE_OLD)) != LATCH_OK)
        return refused(cfg, "the OLD profile", st);
    if ((st = latch_config_set_versions(cfg, min, max)) != LATCH_OK)
        return refused(cfg, "the versions", st);
    if (f->cipher != NULL) {
        char list[1024];
        if (cipher_list(f->cipher, list, sizeof list) < 0)
            return unimplemented("-cipher: BoringSSL cipher-string syntax beyond a list of suites latch has");
        if ((st = latch_config_set_suites(cfg, list)) != LATCH_OK)
            return refused(cfg, "the cipher suites", st);
    }
    if (f->cert_file != NULL && f->key_file != NULL &&
        (st = latch_config_add_identity(cfg, f->cert_file, f->key_file)) != LATCH_OK)
        return refused(cfg, "the certificate and key", st);
    if (f->n_curves > 0) {
        char list[256] = "";
        for (size_t i = 0; i < f->n_curves; i++) {
            const char *name = group_name(f->curves[i]);
            if (name == NULL)
                return unimplemented("-curves names a group latch does not have");
            if (i > 0)
                strcat(list, ",");
            strcat(list, name);
        }
        if ((st = latch_config_set_groups(cfg, list)) != LATCH_OK)
            return refused(cfg, "the groups", st);
    }
    if (f->server) {
        if (f->ocsp_response != NULL) {
            if (f->cert_file == NULL || f->key_file == NULL)
                return unimplemented("-ocsp-response without a certificate and key");
            if ((rc = shim_ocsp_staple(cfg, f->ocsp_response)) != 0)
                return rc;
        }
        if ((st = latch_config_set_ticket_key(cfg, state->ticket_key, sizeof state->ticket_key)) != LATCH_OK)
            return refused(cfg, "the ticket key", st);
        if (f->no_ticket && (st = latch_config_set_session_tickets(cfg, 0)) != LATCH_OK)
            return refused(cfg, "no tickets", st);
        if (f->select_alpn != NULL || f->decline_alpn || f->reject_alpn || f->expect_advertised_alpn != NULL) {
            if ((st = latch_config_set_alpn_callback(cfg, choose_alpn, (void *)f)) != LATCH_OK)
                return refused(cfg, "the ALPN callback", st);
        }
        if (f->advertise_alpn != NULL)
            return unimplemented("-advertise-alpn on a server");
        if (f->expect_peer_signature_algorithm)
            return unimplemented("latch does not say which scheme a client's CertificateVerify used");
        if (f->verify_peer || f->require_any_client_certificate) {
            /* BoringSSL's shim builds no chain: its callback alone decides, with or without
             * -use-custom-verify-callback (-trust-cert is not used for it); latch's server does
             * the same with no client roots and the application's callback */
            latch_client_auth mode = f->require_any_client_certificate ? LATCH_CLIENT_AUTH_REQUIRE
                                                                         : LATCH_CLIENT_AUTH_REQUEST;
            if ((st = latch_config_set_client_auth(cfg, mode, NULL)) != LATCH_OK)
                return refused(cfg, "client authentication", st);
            if ((st = latch_config_set_verify_callback(cfg, app_verify, (void *)f)) != LATCH_OK)
                return refused(cfg, "the verify callback", st);
        } else if (f->verify_fail || f->use_custom_verify_callback) {
            return unimplemented("a server's verify callback without a client certificate requested");
        }
        return 0;
    }
    if (f->ocsp_response != NULL)
        return unimplemented("-ocsp-response on a client");
    if (f->no_ticket)
        return unimplemented("a latch client cannot be told not to offer session tickets");
    if (f->select_alpn != NULL || f->decline_alpn || f->reject_alpn || f->expect_advertised_alpn != NULL)
        return unimplemented("ALPN selection flags on a client");
    if (f->require_any_client_certificate)
        return unimplemented("-require-any-client-certificate on a client");
    if (f->advertise_alpn != NULL) {
        char list[1024];
        if (alpn_list(f->advertise_alpn, list, sizeof list) < 0)
            return unimplemented("an ALPN list latch's comma-separated syntax cannot carry");
        if ((st = latch_config_set_alpn(cfg, list)) != LATCH_OK)
            return refused(cfg, "the ALPN list", st);
    }
    /* BoringSSL's shim verifies no chain itself (-trust-cert is not used for it): its callback
     * decides (-verify-fail), with or without -use-custom-verify-callback */
    if ((st = latch_config_set_verify(cfg, 0)) != LATCH_OK)
        return refused(cfg, "verify off", st);
    if (f->verify_peer && (st = latch_config_set_verify_callback(cfg, app_verify, (void *)f)) != LATCH_OK)
        return refused(cfg, "the verify callback", st);
    if (f->verify_fail && !f->verify_peer)
        return unimplemented("-verify-fail without -verify-peer");
    if (state->session_len > 0 &&
        (st = latch_config_session_import(cfg, state->session, state->session_len)) != LATCH_OK)
        return refused(cfg, "the session to resume", st);
    return 0;
}

int shim_config_build(const shim_flags *flags, const shim_state *state, latch_config **out)
{
    latch_config *cfg = latch_config_new(flags->server ? LATCH_ROLE_SERVER : LATCH_ROLE_CLIENT);
    if (cfg == NULL) {
        fprintf(stderr, "latch_config_new failed\n");
        return 1;
    }
    int rc = build(flags, state, cfg);
    if (rc != 0) {
        latch_config_free(cfg);
        return rc;
    }
    *out = cfg;
    return 0;
}
