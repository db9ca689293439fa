/* latch_config: what connections share. Built with the setters, then frozen (validated, roots
 * and keys loaded, EVP objects fetched) and shared read-only by any number of connections; a
 * reference count keeps it alive while connections use it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "latch.h"

#include "api/status.h"

#include "base/err.h"
#include "base/file.h"
#include "base/text.h"
#include "crypto/crypto.h"
#include "api/certlist.h"
#include "tls/codec.h"
#include "tls/conn.h"
#include "tls/proto.h"
#include "base/wipe.h"
#include "x509/roots.h"

static latch_status lt_config_fail(latch_config *cfg, latch_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static latch_status lt_config_fail(latch_config *cfg, latch_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cfg->error, sizeof cfg->error, fmt, ap);
    va_end(ap);
    return status;
}

LATCH_API latch_config *latch_config_new(latch_role role)
{
    latch_config *cfg = lt_calloc(1, sizeof *cfg);
    if (cfg == NULL)
        return NULL;
    cfg->refs = 1;
    pthread_mutex_init(&cfg->freeze_lock, NULL);
    cfg->role = role;
    cfg->verify = 1;
    cfg->min_version = LATCH_TLS12;
    cfg->max_version = LATCH_TLS13;
    cfg->require_ems = 0; /* without it: full handshakes only, never resumed (RFC 7627 §5.4) */
    cfg->max_handshake_message = LT_MAX_HANDSHAKE_MESSAGE;
    cfg->record_limit = LT_MAX_PLAINTEXT;
    memcpy(cfg->suites, lt_default_suites, lt_default_suites_count * sizeof cfg->suites[0]);
    cfg->n_suites = lt_default_suites_count;
    memcpy(cfg->groups, lt_default_groups, lt_default_groups_count * sizeof cfg->groups[0]);
    cfg->n_groups = lt_default_groups_count;
    cfg->ticket_lifetime = LT_DEFAULT_TICKET_LIFETIME;
    if (lt_session_cache_init(&cfg->sessions) < 0 || lt_id_cache_init(&cfg->session_ids) < 0) {
        lt_free(cfg);
        return NULL;
    }
    return cfg;
}

int64_t lt_config_now(const latch_config *cfg)
{
    int64_t now = cfg->clock != NULL ? cfg->clock(cfg->clock_arg) : (int64_t)time(NULL);
    return now + LT_HOOK(cfg->time_offset);
}


void lt_config_ref(latch_config *cfg)
{
    __atomic_add_fetch(&cfg->refs, 1, __ATOMIC_RELAXED);
}

LATCH_API void latch_config_free(latch_config *cfg)
{
    if (cfg == NULL || __atomic_sub_fetch(&cfg->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    for (size_t i = 0; i < cfg->n_identities; i++) {
        lt_certset_clear(&cfg->identities[i].chain);
        lt_privkey_free(cfg->identities[i].key);
        lt_staple_free(cfg->identities[i].staple);
    }
    pthread_mutex_destroy(&cfg->freeze_lock);
    latch_roots_free(cfg->roots);
    lt_free(cfg->roots_path);
    latch_roots_free(cfg->client_roots);
    lt_free(cfg->client_roots_path);
    lt_crlset_clear(&cfg->crls);
    lt_session_cache_clear(&cfg->sessions);
    lt_id_cache_clear(&cfg->session_ids);
    if (cfg->frozen && cfg->role == LATCH_ROLE_SERVER)
        lt_ticket_keys_clear(&cfg->ticket_keys);
    lt_wipe(cfg->ticket_key, sizeof cfg->ticket_key);
    lt_free(cfg);
}

#define LT_CONFIG_MUTABLE(cfg)                                                                 \
    do {                                                                                       \
        if ((cfg) == NULL)                                                                     \
            return LATCH_ERR_INVALID_ARG;                                                      \
        if ((cfg)->frozen)                                                                     \
            return lt_config_fail((cfg), LATCH_ERR_INVALID_ARG, "the configuration is frozen"); \
    } while (0)

LATCH_API latch_status latch_config_set_clock(latch_config *cfg, int64_t (*now)(void *arg), void *arg)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->clock = now;
    cfg->clock_arg = arg;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_verify_callback(latch_config *cfg,
                                                       int (*check)(void *arg, const latch_conn *conn, char *why,
                                                                    size_t why_cap),
                                                       void *arg)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->verify_cb = check;
    cfg->verify_cb_arg = arg;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_identity_callback(latch_config *cfg,
                                                         int (*choose)(void *arg, const latch_conn *conn), void *arg)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->identity_cb = choose;
    cfg->identity_cb_arg = arg;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_alpn_callback(latch_config *cfg,
                                                     int (*choose)(void *arg, const latch_conn *conn, const uint8_t *list,
                                                                   size_t len, const uint8_t **chosen,
                                                                   uint8_t *chosen_len),
                                                     void *arg)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->alpn_cb = choose;
    cfg->alpn_cb_arg = arg;
    return LATCH_OK;
}

/* A roots path is read when the config freezes; whether it can be is said now, where the caller
 * named it ("system": the system store). */
static latch_status lt_config_check_roots(latch_config *cfg, const char *path, const char *what)
{
    char why[128];
    if (strcmp(path, "system") == 0)
        return LATCH_OK;
    int rc = lt_file_check(path, 1);
    if (rc < 0)
        return lt_config_fail(cfg, LATCH_ERR_IO, "cannot read %s '%s': %s", what, path,
                              lt_file_why(rc, why, sizeof why));
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_roots_file(latch_config *cfg, const char *path)
{
    LT_CONFIG_MUTABLE(cfg);
    if (path == NULL)
        return LATCH_ERR_INVALID_ARG;
    latch_status st = lt_config_check_roots(cfg, path, "trusted roots");
    if (st != LATCH_OK)
        return st;
    char *copy = lt_strdup(path);
    if (copy == NULL)
        return LATCH_ERR_NOMEM;
    lt_free(cfg->roots_path);
    cfg->roots_path = copy;
    return LATCH_OK;
}

/* Takes a parsed chain (leaf first) and its private key into the config as an identity; the
 * names say where they came from, for the sentences. The key is the config's on success, freed
 * otherwise. */
static latch_status lt_config_take_identity(latch_config *cfg, latch_certlist *list, lt_privkey *key,
                                            const char *chain_name, const char *key_name)
{
    lt_identity *id = &cfg->identities[cfg->n_identities];
    const lt_certset *set = lt_certlist_set(list);
    uint8_t *spki = NULL;
    size_t spki_len = 0;
    /* the key must be the leaf's */
    int rc = lt_privkey_spki(key, &spki, &spki_len);
    int fits = rc == 0 && spki_len == set->items[0].cert.spki.len &&
               memcmp(spki, set->items[0].cert.spki.p, spki_len) == 0;
    lt_free(spki);
    if (!fits) {
        lt_privkey_free(key);
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG,
                              "the private key in %s does not belong to the first certificate in %s", key_name,
                              chain_name);
    }
    /* what we send is what we would take: a Certificate of at most LT_CERTIFICATE_MAX_ENTRIES */
    if (set->count > LT_CERTIFICATE_MAX_ENTRIES) {
        lt_privkey_free(key);
        return lt_config_fail(cfg, LATCH_ERR_LIMIT,
                              "%s holds %zu certificates; a chain of at most %d is sent (and taken from a peer)",
                              chain_name, set->count, LT_CERTIFICATE_MAX_ENTRIES);
    }
    id->key = key;
    id->key_type = lt_privkey_type(key);
    /* move the parsed chain into the identity */
    id->chain = *set;
    memset((lt_certset *)set, 0, sizeof(lt_certset));
    cfg->n_identities++;
    return LATCH_OK;
}

/* What a PEM text that is not a private key holds ("CERTIFICATE", ...), for the sentence, or
 * NULL (no PEM block, or a key of a kind latch cannot read). */
static const char *lt_config_pem_kind(const char *pem, size_t len)
{
    static const char *const kinds[] = { "CERTIFICATE REQUEST", "CERTIFICATE", "PUBLIC KEY", "X509 CRL" };
    size_t pos = 0;
    lt_span label;
    if (!lt_pem_label_next(pem, len, &pos, &label))
        return NULL;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) /* (the first block decides) */
        if (lt_text_is(label, kinds[k]))
            return kinds[k];
    return NULL;
}

/* A chain and key from PEM text, with the names to give them in sentences. */
static latch_status lt_config_add_identity_from(latch_config *cfg, const char *chain_pem, size_t chain_len,
                                                const char *key_pem, size_t key_len, const char *chain_name,
                                                const char *key_name)
{
    lt_privkey *key = NULL;
    LT_CONFIG_MUTABLE(cfg);
    if (chain_pem == NULL || key_pem == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (cfg->n_identities == LT_MAX_IDENTITIES)
        return lt_config_fail(cfg, LATCH_ERR_LIMIT, "at most %d certificates", LT_MAX_IDENTITIES);
    latch_certlist *list = latch_certlist_new();
    latch_status st;
    if (list == NULL)
        return LATCH_ERR_NOMEM;
    st = latch_certlist_add_pem(list, chain_pem, chain_len);
    if (st != LATCH_OK) {
        st = lt_config_fail(cfg, st, "cannot read the certificates in %s: %s", chain_name, latch_certlist_error(list));
        goto out;
    }
    int rc = lt_privkey_from_pem(key_pem, key_len, &key);
    if (rc < 0) {
        /* the usual mistake: the certificate given where the key goes */
        const char *what = lt_config_pem_kind(key_pem, key_len);
        if (what != NULL)
            st = lt_config_fail(cfg, lt_status_public(rc), "%s holds a %s, not a private key", key_name, what);
        else
            st = lt_config_fail(cfg, lt_status_public(rc), "cannot read the private key in %s: %s", key_name,
                                lt_err_str(rc));
        goto out;
    }
    st = lt_config_take_identity(cfg, list, key, chain_name, key_name);
out:
    latch_certlist_free(list);
    return st;
}

LATCH_API latch_status latch_config_add_identity(latch_config *cfg, const char *chain_path,
                                                 const char *key_path)
{
    char chain_name[300], key_name[300];
    uint8_t *chain = NULL, *key = NULL;
    size_t chain_len = 0, key_len = 0;
    latch_status st;
    if (cfg == NULL || chain_path == NULL || key_path == NULL)
        return LATCH_ERR_INVALID_ARG;
    snprintf(chain_name, sizeof chain_name, "'%s'", chain_path);
    snprintf(key_name, sizeof key_name, "'%s'", key_path);
    char why[128];
    int rc = lt_file_read(chain_path, &chain, &chain_len);
    if (rc < 0) {
        st = lt_config_fail(cfg, lt_status_public(rc), "cannot read %s: %s", chain_name,
                            lt_file_why(rc, why, sizeof why));
        goto out;
    }
    rc = lt_file_read(key_path, &key, &key_len);
    if (rc < 0) {
        st = lt_config_fail(cfg, lt_status_public(rc), "cannot read %s: %s", key_name,
                            lt_file_why(rc, why, sizeof why));
        goto out;
    }
    st = lt_config_add_identity_from(cfg, (const char *)chain, chain_len, (const char *)key, key_len, chain_name,
                                     key_name);
out:
    lt_free(chain);
    if (key != NULL)
        lt_wipe(key, key_len); /* a private key */
    lt_free(key);
    return st;
}

LATCH_API latch_status latch_config_add_identity_pem(latch_config *cfg, const char *chain_pem, size_t chain_len,
                                                     const char *key_pem, size_t key_len)
{
    return lt_config_add_identity_from(cfg, chain_pem, chain_len, key_pem, key_len, "the chain given",
                                       "the PEM given");
}

LATCH_API latch_status latch_config_set_suites(latch_config *cfg, const char *list)
{
    char bad[64];
    LT_CONFIG_MUTABLE(cfg);
    if (list == NULL || lt_parse_suites(list, cfg->suites, LT_MAX_LIST, &cfg->n_suites, bad, sizeof bad) < 0)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "unknown cipher suite '%s' (latch has "
                              "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, "
                              "TLS_ECDHE_{ECDSA,RSA}_WITH_{AES_128_GCM_SHA256,AES_256_GCM_SHA384,"
                              "CHACHA20_POLY1305_SHA256,AES_128_CBC_SHA,AES_256_CBC_SHA,AES_128_CBC_SHA256,"
                              "AES_256_CBC_SHA384}, TLS_RSA_WITH_AES_{128_GCM_SHA256,256_GCM_SHA384,"
                              "128_CBC_SHA,256_CBC_SHA,128_CBC_SHA256,256_CBC_SHA256})",
                              list ? bad : "");
    cfg->suites_set = 1;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_groups(latch_config *cfg, const char *list)
{
    char bad[64];
    LT_CONFIG_MUTABLE(cfg);
    if (list == NULL || lt_parse_groups(list, cfg->groups, LT_MAX_LIST, &cfg->n_groups, bad, sizeof bad) < 0)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG,
                              "unknown group '%s' (latch has X25519MLKEM768, SecP256r1MLKEM768, x25519, secp256r1, secp384r1)", list ? bad : "");
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_alpn(latch_config *cfg, const char *list)
{
    size_t n = 0;
    LT_CONFIG_MUTABLE(cfg);
    if (list == NULL)
        return LATCH_ERR_INVALID_ARG;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == 0 || len > 255 || n + 1 + len > sizeof cfg->alpn_wire)
            return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "bad ALPN list '%s'", list);
        cfg->alpn_wire[n++] = (uint8_t)len;
        memcpy(cfg->alpn_wire + n, p, len);
        n += len;
        p += len;
        if (*p)
            p++;
    }
    cfg->alpn_wire_len = n;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_ocsp_stapling(latch_config *cfg, latch_ocsp_mode mode)
{
    LT_CONFIG_MUTABLE(cfg);
    if (mode != LATCH_OCSP_ASK && mode != LATCH_OCSP_OFF && mode != LATCH_OCSP_REQUIRE)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "unknown OCSP stapling mode %d", (int)mode);
    cfg->ocsp_mode = mode;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_ocsp_file(latch_config *cfg, const char *path)
{
    char why[300];
    lt_staple *staple = NULL;
    LT_CONFIG_MUTABLE(cfg);
    if (path == NULL || cfg->n_identities == 0)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG,
                              "an OCSP response is stapled for a certificate: add the identity first");
    int rc = lt_staple_open(path, &staple, why, sizeof why);
    if (rc < 0)
        return lt_config_fail(cfg, lt_status_public(rc), "%s", why);
    lt_identity *id = &cfg->identities[cfg->n_identities - 1];
    lt_staple_free(id->staple);
    id->staple = staple;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_verify(latch_config *cfg, int verify)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->verify = verify != 0;
    return LATCH_OK;
}

/* A shared roots object in place of a file: the config keeps a reference. */
static latch_status lt_config_use_roots(latch_config *cfg, latch_roots **slot, latch_roots *roots, const char *what)
{
    if (roots == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (latch_roots_count(roots) == 0)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "the %s given hold no certificate", what);
    lt_roots_ref(roots);
    latch_roots_free(*slot);
    *slot = roots;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_roots(latch_config *cfg, latch_roots *roots)
{
    LT_CONFIG_MUTABLE(cfg);
    return lt_config_use_roots(cfg, &cfg->roots, roots, "roots");
}

LATCH_API latch_status latch_config_set_client_roots(latch_config *cfg, latch_roots *roots)
{
    LT_CONFIG_MUTABLE(cfg);
    return lt_config_use_roots(cfg, &cfg->client_roots, roots, "client roots");
}

LATCH_API latch_status latch_config_set_client_auth(latch_config *cfg, latch_client_auth mode,
                                                    const char *roots_path)
{
    LT_CONFIG_MUTABLE(cfg);
    if (mode != LATCH_CLIENT_AUTH_NONE && mode != LATCH_CLIENT_AUTH_REQUEST && mode != LATCH_CLIENT_AUTH_REQUIRE)
        return LATCH_ERR_INVALID_ARG;
    /* without roots, the verify callback must be there by freeze: it is then the only check */
    if (roots_path != NULL) {
        latch_status st = lt_config_check_roots(cfg, roots_path, "client roots");
        if (st != LATCH_OK)
            return st;
    }
    char *copy = roots_path ? lt_strdup(roots_path) : NULL;
    if (roots_path != NULL && copy == NULL)
        return LATCH_ERR_NOMEM;
    lt_free(cfg->client_roots_path);
    cfg->client_roots_path = copy;
    cfg->client_auth = mode;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_ticket_lifetime(latch_config *cfg, uint32_t seconds)
{
    LT_CONFIG_MUTABLE(cfg);
    if (seconds > 604800)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "a ticket lifetime is at most 7 days (RFC 8446 §4.6.1)");
    cfg->ticket_lifetime = seconds;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_session_tickets(latch_config *cfg, int enable)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->no_tickets = !enable;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_ticket_key(latch_config *cfg, const uint8_t *key, size_t len)
{
    LT_CONFIG_MUTABLE(cfg);
    if (key == NULL || len != LT_TICKET_KEY_LEN)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "a ticket key is 48 bytes (16 name, 32 key)");
    memcpy(cfg->ticket_key, key, len);
    cfg->ticket_key_count = 1;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_ticket_keys(latch_config *cfg, const uint8_t *keys, size_t len)
{
    if (cfg == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (cfg->role != LATCH_ROLE_SERVER)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "ticket keys are a server's");
    if (keys == NULL || len == 0 || len % LT_TICKET_KEY_LEN != 0 || len / LT_TICKET_KEY_LEN > LT_TICKET_MAX_KEYS)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "ticket keys are 1 to %d keys of 48 bytes each "
                              "(16 name, 32 key), not %zu bytes", LT_TICKET_MAX_KEYS, len);
    /* before the freeze they wait in the config; after it they replace the live ones, which
     * connections on other threads use meanwhile (under the keys' own lock) */
    latch_status st = LATCH_OK;
    pthread_mutex_lock(&cfg->freeze_lock);
    if (cfg->frozen) {
        if (lt_ticket_keys_set(&cfg->ticket_keys, keys, len / LT_TICKET_KEY_LEN, lt_config_now(cfg)) < 0)
            st = LATCH_ERR_INTERNAL;
    } else {
        lt_wipe(cfg->ticket_key, sizeof cfg->ticket_key);
        memcpy(cfg->ticket_key, keys, len);
        cfg->ticket_key_count = len / LT_TICKET_KEY_LEN;
    }
    pthread_mutex_unlock(&cfg->freeze_lock);
    return st;
}

LATCH_API latch_status latch_config_session_import(latch_config *cfg, const uint8_t *data, size_t len)
{
    lt_client_session *s;
    if (cfg == NULL || data == NULL || cfg->role != LATCH_ROLE_CLIENT)
        return LATCH_ERR_INVALID_ARG;
    s = lt_malloc(sizeof *s);
    if (s == NULL)
        return LATCH_ERR_NOMEM;
    latch_status st = lt_client_session_read(data, len, s) < 0 ? LATCH_ERR_DECODE
                      : lt_status_public(lt_session_cache_put(&cfg->sessions, s));
    lt_wipe(s, sizeof *s);
    lt_free(s);
    return st;
}

LATCH_API latch_status latch_config_set_profile(latch_config *cfg, latch_profile profile)
{
    LT_CONFIG_MUTABLE(cfg);
    const uint16_t *suites = lt_default_suites;
    size_t n_suites = lt_default_suites_count;
    switch (profile) {
    case LATCH_PROFILE_INTERMEDIATE: /* what latch_config_new gives: the defaults */
        cfg->min_version = LATCH_TLS12;
        cfg->rsa_kex = 0;
        break;
    case LATCH_PROFILE_MODERN:
        cfg->min_version = LATCH_TLS13;
        cfg->rsa_kex = 0;
        suites = lt_modern_suites;
        n_suites = lt_modern_suites_count;
        break;
    case LATCH_PROFILE_OLD:
        cfg->min_version = LATCH_TLS12;
        cfg->rsa_kex = 1;
        suites = lt_old_suites;
        n_suites = lt_old_suites_count;
        break;
    default:
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "unknown profile %d (latch has "
                              "LATCH_PROFILE_MODERN, LATCH_PROFILE_INTERMEDIATE and LATCH_PROFILE_OLD)",
                              (int)profile);
    }
    cfg->max_version = LATCH_TLS13;
    cfg->sha1_default = profile == LATCH_PROFILE_OLD;
    cfg->no_etm = 0;
    /* old clients rarely speak RFC 7627: without it, full handshakes that are never resumed */
    cfg->require_ems = 0;
    memcpy(cfg->suites, suites, n_suites * sizeof cfg->suites[0]);
    cfg->n_suites = n_suites;
    cfg->suites_set = 0;
    memcpy(cfg->groups, lt_default_groups, lt_default_groups_count * sizeof cfg->groups[0]);
    cfg->n_groups = lt_default_groups_count;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_encrypt_then_mac(latch_config *cfg, int enable)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->no_etm = !enable;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_versions(latch_config *cfg, uint16_t min, uint16_t max)
{
    LT_CONFIG_MUTABLE(cfg);
    if ((min != LATCH_TLS12 && min != LATCH_TLS13) || (max != LATCH_TLS12 && max != LATCH_TLS13) ||
        min > max)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG,
                              "versions must be TLS 1.2 or TLS 1.3, the lowest first "
                              "(SSL 3.0, TLS 1.0 and TLS 1.1 are not supported)");
    cfg->min_version = min;
    cfg->max_version = max;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_rsa_key_exchange(latch_config *cfg, int enable)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->rsa_kex = enable != 0;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_require_ems(latch_config *cfg, int require)
{
    LT_CONFIG_MUTABLE(cfg);
    cfg->require_ems = require != 0;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_max_handshake_size(latch_config *cfg, size_t bytes)
{
    LT_CONFIG_MUTABLE(cfg);
    if (bytes < 1024 || bytes > LT_MAX_HANDSHAKE_MESSAGE_LIMIT)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG,
                              "the handshake message limit must be 1024 to 16777215 bytes");
    cfg->max_handshake_message = bytes;
    return LATCH_OK;
}

LATCH_API latch_status latch_config_set_record_size_limit(latch_config *cfg, size_t bytes)
{
    LT_CONFIG_MUTABLE(cfg);
    if (bytes < 64 || bytes > LT_MAX_PLAINTEXT)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG,
                              "the record size limit must be 64 to 16384 bytes");
    cfg->record_limit = bytes;
    return LATCH_OK;
}

LATCH_API void latch_config_set_keylog(latch_config *cfg, void (*cb)(void *arg, const char *line),
                                       void *arg)
{
    if (cfg == NULL || cfg->frozen)
        return;
    cfg->keylog = cb;
    cfg->keylog_arg = arg;
}

static latch_status lt_config_freeze_locked(latch_config *cfg);

LATCH_API latch_status latch_config_freeze(latch_config *cfg)
{
    if (cfg == NULL)
        return LATCH_ERR_INVALID_ARG;
    /* connections from many threads may freeze the same config at once (latch_conn_new does it
     * itself): one of them does the work, the others wait for it */
    if (__atomic_load_n(&cfg->frozen, __ATOMIC_ACQUIRE))
        return LATCH_OK;
    pthread_mutex_lock(&cfg->freeze_lock);
    latch_status st = cfg->frozen ? LATCH_OK : lt_config_freeze_locked(cfg);
    pthread_mutex_unlock(&cfg->freeze_lock);
    return st;
}

/* Whether the suite list has a suite of that version. */
static int lt_config_has_suite_of(const latch_config *cfg, uint16_t version)
{
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const lt_suite *s = lt_suite_find(cfg->suites[i]);
        if (s != NULL && s->version == version)
            return 1;
    }
    return 0;
}

static latch_status lt_config_freeze_locked(latch_config *cfg)
{
    if (lt_crypto_init() < 0)
        return lt_config_fail(cfg, LATCH_ERR_CRYPTO, "libcrypto could not be initialised");
    if (cfg->role == LATCH_ROLE_SERVER && cfg->n_identities == 0)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "a server needs a certificate and key");
    if (cfg->role == LATCH_ROLE_CLIENT && cfg->verify && cfg->roots == NULL) {
        const char *path = cfg->roots_path ? cfg->roots_path : "system";
        cfg->roots = latch_roots_new();
        if (cfg->roots == NULL)
            return LATCH_ERR_NOMEM;
        latch_status st = strcmp(path, "system") == 0 ? latch_roots_add_system(cfg->roots)
                                                      : latch_roots_add_file(cfg->roots, path);
        if (st != LATCH_OK || latch_roots_count(cfg->roots) == 0) {
            latch_roots_free(cfg->roots);
            cfg->roots = NULL;
            return lt_config_fail(cfg, st != LATCH_OK ? st : LATCH_ERR_DECODE,
                                  "cannot load trusted roots from '%s'", path);
        }
    }
    if (cfg->role == LATCH_ROLE_SERVER && cfg->client_auth != LATCH_CLIENT_AUTH_NONE && cfg->client_roots == NULL &&
        cfg->client_roots_path == NULL && cfg->verify_cb == NULL)
        /* a client certificate nobody checks would authenticate nothing */
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "client authentication needs roots to verify client "
                              "certificates with (a file, or latch_config_set_client_roots), or the "
                              "application's verify callback to check them itself");
    if (cfg->role == LATCH_ROLE_SERVER && cfg->client_auth != LATCH_CLIENT_AUTH_NONE && cfg->client_roots == NULL &&
        cfg->client_roots_path != NULL) {
        cfg->client_roots = latch_roots_new();
        if (cfg->client_roots == NULL)
            return LATCH_ERR_NOMEM;
        latch_status st = strcmp(cfg->client_roots_path, "system") == 0
                              ? latch_roots_add_system(cfg->client_roots)
                              : latch_roots_add_file(cfg->client_roots, cfg->client_roots_path);
        if (st != LATCH_OK || latch_roots_count(cfg->client_roots) == 0) {
            latch_roots_free(cfg->client_roots);
            cfg->client_roots = NULL;
            return lt_config_fail(cfg, st != LATCH_OK ? st : LATCH_ERR_DECODE,
                                  "cannot load client roots from '%s'", cfg->client_roots_path);
        }
    }
    /* the static RSA key exchange only when switched on: in a profile's list (the default one
     * included) its suites stay, or join the end, while it is on and go when it is off; in an
     * explicit list they are refused while it is off */
    if (!cfg->suites_set) {
        size_t kept = 0;
        for (size_t i = 0; i < cfg->n_suites; i++) {
            const lt_suite *s = lt_suite_find(cfg->suites[i]);
            if (s == NULL || s->kx != LT_KX_RSA || cfg->rsa_kex)
                cfg->suites[kept++] = cfg->suites[i];
        }
        cfg->n_suites = kept;
        for (size_t i = 0; cfg->rsa_kex && i < lt_rsa_kex_suites_count; i++)
            lt_u16_list_add(cfg->suites, &cfg->n_suites, LT_MAX_LIST, lt_rsa_kex_suites[i]);
        /* a version allowed after a profile that had no suite of it (TLS 1.2 after modern)
         * brings the default suites of that version */
        for (uint16_t v = LATCH_TLS12; v <= LATCH_TLS13; v++) {
            int have = lt_config_has_suite_of(cfg, v);
            for (size_t i = 0; !have && v >= cfg->min_version && v <= cfg->max_version && i < lt_default_suites_count; i++) {
                const lt_suite *s = lt_suite_find(lt_default_suites[i]);
                if (s != NULL && s->version == v)
                    lt_u16_list_add(cfg->suites, &cfg->n_suites, LT_MAX_LIST, lt_default_suites[i]);
            }
        }
    }
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const lt_suite *s = lt_suite_find(cfg->suites[i]);
        if (s != NULL && s->kx == LT_KX_RSA && !cfg->rsa_kex)
            return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "%s needs the RSA key exchange "
                                  "switched on (latch_config_set_rsa_key_exchange, --rsa-kex)", s->name);
    }
    /* versions follow the suites: a list without a TLS 1.3 suite must not offer TLS 1.3 (a
     * TLS 1.3 server would answer with one of its suites, and the handshake would fail), nor one
     * without a TLS 1.2 suite TLS 1.2 */
    int has13 = lt_config_has_suite_of(cfg, LATCH_TLS13), has12 = lt_config_has_suite_of(cfg, LATCH_TLS12);
    if (cfg->max_version >= LATCH_TLS13 && !has13 && cfg->min_version <= LATCH_TLS12 && has12)
        cfg->max_version = LATCH_TLS12;
    if (cfg->min_version <= LATCH_TLS12 && !has12 && cfg->max_version >= LATCH_TLS13 && has13)
        cfg->min_version = LATCH_TLS13;
    if ((cfg->max_version >= LATCH_TLS13 ? has13 : 0) + (cfg->min_version <= LATCH_TLS12 ? has12 : 0) == 0)
        return lt_config_fail(cfg, LATCH_ERR_INVALID_ARG, "no cipher suite of the TLS versions allowed");
    if (cfg->role == LATCH_ROLE_SERVER) {
        /* ticket keys rotate every lifetime (tickets outlive their key by at most that) */
        int64_t now = lt_config_now(cfg);
        if (lt_ticket_keys_init(&cfg->ticket_keys, cfg->ticket_lifetime ? cfg->ticket_lifetime : 3600, now) < 0)
            return lt_config_fail(cfg, LATCH_ERR_CRYPTO, "cannot make a ticket key");
        if (cfg->ticket_key_count > 0 &&
            lt_ticket_keys_set(&cfg->ticket_keys, cfg->ticket_key, cfg->ticket_key_count, now) < 0)
            return lt_config_fail(cfg, LATCH_ERR_INTERNAL, "cannot set the ticket keys");
    }
    __atomic_store_n(&cfg->frozen, 1, __ATOMIC_RELEASE); /* after everything it publishes */
    return LATCH_OK;
}

LATCH_API const char *latch_config_error(const latch_config *cfg)
{
    return cfg ? cfg->error : "";
}
