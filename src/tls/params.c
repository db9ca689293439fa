/* Suite, group and signature scheme tables (see params.h). Code points: RFC 8446 §B.4 (suites),
 * §4.2.7 (groups), §4.2.3 (signature schemes). */
#include "tls/params.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"

#define LT_13 0x0304, LT_KX_ANY, LT_AUTH_ANY, LT_CBC_NONE, LT_HASH_NONE
#define LT_AEAD12 LT_CBC_NONE, LT_HASH_NONE
static const lt_suite lt_suites[] = {
    { LT_SUITE_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256", LT_AEAD_AES_128_GCM, LT_HASH_SHA256, LT_13 },
    { LT_SUITE_AES_256_GCM_SHA384, "TLS_AES_256_GCM_SHA384", LT_AEAD_AES_256_GCM, LT_HASH_SHA384, LT_13 },
    { LT_SUITE_CHACHA20_POLY1305_SHA256, "TLS_CHACHA20_POLY1305_SHA256", LT_AEAD_CHACHA20_POLY1305,
      LT_HASH_SHA256, LT_13 },
    { LT_SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      LT_AEAD_AES_128_GCM, LT_HASH_SHA256, 0x0303, LT_KX_ECDHE, LT_AUTH_ECDSA, LT_AEAD12 },
    { LT_SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      LT_AEAD_AES_256_GCM, LT_HASH_SHA384, 0x0303, LT_KX_ECDHE, LT_AUTH_ECDSA, LT_AEAD12 },
    { LT_SUITE_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      LT_AEAD_CHACHA20_POLY1305, LT_HASH_SHA256, 0x0303, LT_KX_ECDHE, LT_AUTH_ECDSA, LT_AEAD12 },
    { LT_SUITE_ECDHE_RSA_AES_128_GCM_SHA256, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      LT_AEAD_AES_128_GCM, LT_HASH_SHA256, 0x0303, LT_KX_ECDHE, LT_AUTH_RSA, LT_AEAD12 },
    { LT_SUITE_ECDHE_RSA_AES_256_GCM_SHA384, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      LT_AEAD_AES_256_GCM, LT_HASH_SHA384, 0x0303, LT_KX_ECDHE, LT_AUTH_RSA, LT_AEAD12 },
    { LT_SUITE_ECDHE_RSA_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      LT_AEAD_CHACHA20_POLY1305, LT_HASH_SHA256, 0x0303, LT_KX_ECDHE, LT_AUTH_RSA, LT_AEAD12 },
    { LT_SUITE_RSA_AES_128_GCM_SHA256, "TLS_RSA_WITH_AES_128_GCM_SHA256", LT_AEAD_AES_128_GCM,
      LT_HASH_SHA256, 0x0303, LT_KX_RSA, LT_AUTH_RSA, LT_AEAD12 },
    { LT_SUITE_RSA_AES_256_GCM_SHA384, "TLS_RSA_WITH_AES_256_GCM_SHA384", LT_AEAD_AES_256_GCM,
      LT_HASH_SHA384, 0x0303, LT_KX_RSA, LT_AUTH_RSA, LT_AEAD12 },
    /* CBC: the PRF is SHA-256 but for the SHA-384 suites (RFC 5246 §5, RFC 5289 §3.2), whatever
     * the MAC */
#define LT_CBC12(id, name, kx, auth, cbc, prf, mac) { id, name, LT_AEAD_NONE, prf, 0x0303, kx, auth, cbc, mac }
    LT_CBC12(LT_SUITE_ECDHE_ECDSA_AES_128_CBC_SHA, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", LT_KX_ECDHE,
             LT_AUTH_ECDSA, LT_CBC_AES_128, LT_HASH_SHA256, LT_HASH_SHA1),
    LT_CBC12(LT_SUITE_ECDHE_ECDSA_AES_256_CBC_SHA, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", LT_KX_ECDHE,
             LT_AUTH_ECDSA, LT_CBC_AES_256, LT_HASH_SHA256, LT_HASH_SHA1),
    LT_CBC12(LT_SUITE_ECDHE_RSA_AES_128_CBC_SHA, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", LT_KX_ECDHE,
             LT_AUTH_RSA, LT_CBC_AES_128, LT_HASH_SHA256, LT_HASH_SHA1),
    LT_CBC12(LT_SUITE_ECDHE_RSA_AES_256_CBC_SHA, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", LT_KX_ECDHE,
             LT_AUTH_RSA, LT_CBC_AES_256, LT_HASH_SHA256, LT_HASH_SHA1),
    LT_CBC12(LT_SUITE_ECDHE_ECDSA_AES_128_CBC_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", LT_KX_ECDHE,
             LT_AUTH_ECDSA, LT_CBC_AES_128, LT_HASH_SHA256, LT_HASH_SHA256),
    LT_CBC12(LT_SUITE_ECDHE_ECDSA_AES_256_CBC_SHA384, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", LT_KX_ECDHE,
             LT_AUTH_ECDSA, LT_CBC_AES_256, LT_HASH_SHA384, LT_HASH_SHA384),
    LT_CBC12(LT_SUITE_ECDHE_RSA_AES_128_CBC_SHA256, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", LT_KX_ECDHE,
             LT_AUTH_RSA, LT_CBC_AES_128, LT_HASH_SHA256, LT_HASH_SHA256),
    LT_CBC12(LT_SUITE_ECDHE_RSA_AES_256_CBC_SHA384, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", LT_KX_ECDHE,
             LT_AUTH_RSA, LT_CBC_AES_256, LT_HASH_SHA384, LT_HASH_SHA384),
    LT_CBC12(LT_SUITE_RSA_AES_128_CBC_SHA, "TLS_RSA_WITH_AES_128_CBC_SHA", LT_KX_RSA, LT_AUTH_RSA,
             LT_CBC_AES_128, LT_HASH_SHA256, LT_HASH_SHA1),
    LT_CBC12(LT_SUITE_RSA_AES_256_CBC_SHA, "TLS_RSA_WITH_AES_256_CBC_SHA", LT_KX_RSA, LT_AUTH_RSA,
             LT_CBC_AES_256, LT_HASH_SHA256, LT_HASH_SHA1),
    LT_CBC12(LT_SUITE_RSA_AES_128_CBC_SHA256, "TLS_RSA_WITH_AES_128_CBC_SHA256", LT_KX_RSA, LT_AUTH_RSA,
             LT_CBC_AES_128, LT_HASH_SHA256, LT_HASH_SHA256),
    LT_CBC12(LT_SUITE_RSA_AES_256_CBC_SHA256, "TLS_RSA_WITH_AES_256_CBC_SHA256", LT_KX_RSA, LT_AUTH_RSA,
             LT_CBC_AES_256, LT_HASH_SHA256, LT_HASH_SHA256),
#undef LT_CBC12
};

static const lt_sigscheme lt_sigschemes[] = {
    { 0x0403, "ecdsa_secp256r1_sha256", LT_SIG_ECDSA_SHA256, LT_KEY_EC_P256, 1 },
    { 0x0503, "ecdsa_secp384r1_sha384", LT_SIG_ECDSA_SHA384, LT_KEY_EC_P384, 1 },
    { 0x0807, "ed25519", LT_SIG_ED25519, LT_KEY_ED25519, 1 },
    { 0x0804, "rsa_pss_rsae_sha256", LT_SIG_RSA_PSS_SHA256, LT_KEY_RSA, 1 },
    { 0x0805, "rsa_pss_rsae_sha384", LT_SIG_RSA_PSS_SHA384, LT_KEY_RSA, 1 },
    { 0x0806, "rsa_pss_rsae_sha512", LT_SIG_RSA_PSS_SHA512, LT_KEY_RSA, 1 },
    { 0x0809, "rsa_pss_pss_sha256", LT_SIG_RSA_PSS_SHA256, LT_KEY_RSA_PSS, 1 },
    { 0x080a, "rsa_pss_pss_sha384", LT_SIG_RSA_PSS_SHA384, LT_KEY_RSA_PSS, 1 },
    { 0x080b, "rsa_pss_pss_sha512", LT_SIG_RSA_PSS_SHA512, LT_KEY_RSA_PSS, 1 },
    /* PKCS#1 v1.5 only in certificates under TLS 1.3 (§4.2.3) */
    { 0x0401, "rsa_pkcs1_sha256", LT_SIG_RSA_PKCS1_SHA256, LT_KEY_RSA, 0 },
    { 0x0501, "rsa_pkcs1_sha384", LT_SIG_RSA_PKCS1_SHA384, LT_KEY_RSA, 0 },
    { 0x0601, "rsa_pkcs1_sha512", LT_SIG_RSA_PKCS1_SHA512, LT_KEY_RSA, 0 },
    /* SHA-1: never offered nor accepted; only what an old-profile server signs for a TLS 1.2
     * client that sent no signature_algorithms (RFC 5246 §7.4.1.4.1) */
    { 0x0201, "rsa_pkcs1_sha1", LT_SIG_RSA_PKCS1_SHA1, LT_KEY_RSA, 0 },
    { 0x0203, "ecdsa_sha1", LT_SIG_ECDSA_SHA1, LT_KEY_EC_P256, 0 },
};

/* TLS 1.3 first (a server picks by its own order but only among suites of the version it
 * negotiated), then forward-secret TLS 1.2, ECDSA before RSA, AES-128 first for speed. */
const uint16_t lt_default_suites[] = {
    LT_SUITE_AES_128_GCM_SHA256, LT_SUITE_AES_256_GCM_SHA384, LT_SUITE_CHACHA20_POLY1305_SHA256,
    LT_SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256, LT_SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384,
    LT_SUITE_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256, LT_SUITE_ECDHE_RSA_AES_128_GCM_SHA256,
    LT_SUITE_ECDHE_RSA_AES_256_GCM_SHA384, LT_SUITE_ECDHE_RSA_CHACHA20_POLY1305_SHA256,
};
const uint16_t lt_modern_suites[] = {
    LT_SUITE_AES_128_GCM_SHA256, LT_SUITE_AES_256_GCM_SHA384, LT_SUITE_CHACHA20_POLY1305_SHA256,
};
const size_t lt_modern_suites_count = sizeof lt_modern_suites / sizeof lt_modern_suites[0];
/* Mozilla's old order for what latch has (no DHE, no 3DES), but every AEAD suite, the RSA key
 * exchange's included, before any CBC suite: a client meeting a server that takes the client's
 * order still gets an AEAD when both have one */
const uint16_t lt_old_suites[] = {
    LT_SUITE_AES_128_GCM_SHA256, LT_SUITE_AES_256_GCM_SHA384, LT_SUITE_CHACHA20_POLY1305_SHA256,
    LT_SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256, LT_SUITE_ECDHE_RSA_AES_128_GCM_SHA256,
    LT_SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384, LT_SUITE_ECDHE_RSA_AES_256_GCM_SHA384,
    LT_SUITE_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256, LT_SUITE_ECDHE_RSA_CHACHA20_POLY1305_SHA256,
    LT_SUITE_RSA_AES_128_GCM_SHA256, LT_SUITE_RSA_AES_256_GCM_SHA384,
    LT_SUITE_ECDHE_ECDSA_AES_128_CBC_SHA256, LT_SUITE_ECDHE_RSA_AES_128_CBC_SHA256,
    LT_SUITE_ECDHE_ECDSA_AES_128_CBC_SHA, LT_SUITE_ECDHE_RSA_AES_128_CBC_SHA,
    LT_SUITE_ECDHE_ECDSA_AES_256_CBC_SHA384, LT_SUITE_ECDHE_RSA_AES_256_CBC_SHA384,
    LT_SUITE_ECDHE_ECDSA_AES_256_CBC_SHA, LT_SUITE_ECDHE_RSA_AES_256_CBC_SHA,
    LT_SUITE_RSA_AES_128_CBC_SHA256, LT_SUITE_RSA_AES_256_CBC_SHA256,
    LT_SUITE_RSA_AES_128_CBC_SHA, LT_SUITE_RSA_AES_256_CBC_SHA,
};
const size_t lt_old_suites_count = sizeof lt_old_suites / sizeof lt_old_suites[0];
const uint16_t lt_rsa_kex_suites[] = { LT_SUITE_RSA_AES_128_GCM_SHA256, LT_SUITE_RSA_AES_256_GCM_SHA384 };
const size_t lt_rsa_kex_suites_count = sizeof lt_rsa_kex_suites / sizeof lt_rsa_kex_suites[0];
/* TLS 1.2: ECDSA first, then RSA-PSS, then PKCS#1 v1.5 (still what many 1.2 peers sign with) */
const uint16_t lt_sigschemes12[] = { 0x0403, 0x0503, 0x0807, 0x0804, 0x0805, 0x0806,
                                     0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601 };
const size_t lt_sigschemes12_count = sizeof lt_sigschemes12 / sizeof lt_sigschemes12[0];
const size_t lt_default_suites_count = sizeof lt_default_suites / sizeof lt_default_suites[0];
/* the post-quantum hybrid first, as browsers offer it (a client sends its share and x25519's) */
const uint16_t lt_default_groups[] = { LT_GROUP_X25519MLKEM768, LT_GROUP_X25519, LT_GROUP_SECP256R1,
                                       LT_GROUP_SECP384R1 };
const size_t lt_default_groups_count = sizeof lt_default_groups / sizeof lt_default_groups[0];

void lt_u16_list_add(uint16_t *list, size_t *n, size_t cap, uint16_t id)
{
    if (*n >= cap)
        return;
    for (size_t i = 0; i < *n; i++)
        if (list[i] == id)
            return;
    list[(*n)++] = id;
}

void lt_sigscheme_list_add(uint16_t *list, size_t *n, size_t cap, uint16_t id)
{
    if (lt_sigscheme_find(id) != NULL)
        lt_u16_list_add(list, n, cap, id);
}

int lt_group_known(uint16_t id)
{
    return lt_kex_public_len((lt_group)id) != 0;
}
const uint16_t lt_sigschemes13[] = { 0x0403, 0x0503, 0x0807, 0x0804, 0x0805, 0x0806,
                                     0x0809, 0x080a, 0x080b };
const size_t lt_sigschemes13_count = sizeof lt_sigschemes13 / sizeof lt_sigschemes13[0];
const uint16_t lt_sigschemes_cert[] = { 0x0403, 0x0503, 0x0807, 0x0804, 0x0805, 0x0806, 0x0809,
                                        0x080a, 0x080b, 0x0401, 0x0501, 0x0601 };
const size_t lt_sigschemes_cert_count = sizeof lt_sigschemes_cert / sizeof lt_sigschemes_cert[0];

const lt_suite *lt_suite_find(uint16_t id)
{
    for (size_t i = 0; i < sizeof lt_suites / sizeof lt_suites[0]; i++)
        if (lt_suites[i].id == id)
            return &lt_suites[i];
    return NULL;
}

const lt_sigscheme *lt_sigscheme_find(uint16_t id)
{
    for (size_t i = 0; i < sizeof lt_sigschemes / sizeof lt_sigschemes[0]; i++)
        if (lt_sigschemes[i].id == id)
            return &lt_sigschemes[i];
    return NULL;
}

static int lt_params_suite_id(const char *name, uint16_t *id)
{
    for (size_t i = 0; i < sizeof lt_suites / sizeof lt_suites[0]; i++)
        if (strcmp(lt_suites[i].name, name) == 0) {
            *id = lt_suites[i].id;
            return 0;
        }
    return LT_ERR_INVALID_ARG;
}

static int lt_params_group_id(const char *name, uint16_t *id)
{
    static const lt_group groups[] = { LT_GROUP_X25519, LT_GROUP_SECP256R1, LT_GROUP_SECP384R1,
                                       LT_GROUP_X25519MLKEM768, LT_GROUP_SECP256R1MLKEM768 };
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(lt_group_name(groups[i]), name) == 0 ||
            (lt_group_is_hybrid(groups[i]) && strcasecmp(lt_group_name(groups[i]), name) == 0)) {
            *id = (uint16_t)groups[i];
            return 0;
        }
    /* the names OpenSSL users type */
    if (strcmp(name, "X25519") == 0 || strcmp(name, "P-256") == 0 || strcmp(name, "prime256v1") == 0 ||
        strcmp(name, "P-384") == 0) {
        *id = name[0] == 'X' ? LT_GROUP_X25519 : strcmp(name, "P-384") == 0 ? LT_GROUP_SECP384R1
                                                                          : LT_GROUP_SECP256R1;
        return 0;
    }
    return LT_ERR_INVALID_ARG;
}

static int lt_params_parse(const char *list, int (*lookup)(const char *, uint16_t *), uint16_t *ids,
                           size_t cap, size_t *n, char *bad, size_t bad_cap)
{
    size_t count = 0;
    const char *p = list;
    while (*p) {
        char name[64];
        size_t len = strcspn(p, ":,");
        uint16_t id;
        if (len == 0 || len >= sizeof name) {
            snprintf(bad, bad_cap, "%.*s", (int)(len < 60 ? len : 60), p);
            return LT_ERR_INVALID_ARG;
        }
        memcpy(name, p, len);
        name[len] = '\0';
        if (lookup(name, &id) < 0 || count == cap) {
            snprintf(bad, bad_cap, "%s", name);
            return LT_ERR_INVALID_ARG;
        }
        int duplicate = 0;
        for (size_t i = 0; i < count; i++)
            duplicate |= ids[i] == id;
        if (!duplicate)
            ids[count++] = id;
        p += len;
        if (*p)
            p++;
    }
    if (count == 0) {
        snprintf(bad, bad_cap, "(empty list)");
        return LT_ERR_INVALID_ARG;
    }
    *n = count;
    return 0;
}

int lt_parse_suites(const char *list, uint16_t *ids, size_t cap, size_t *n, char *bad, size_t bad_cap)
{
    return lt_params_parse(list, lt_params_suite_id, ids, cap, n, bad, bad_cap);
}

int lt_parse_groups(const char *list, uint16_t *ids, size_t cap, size_t *n, char *bad, size_t bad_cap)
{
    return lt_params_parse(list, lt_params_group_id, ids, cap, n, bad, bad_cap);
}

/* RSASSA-PSS with a salt as long as the hash needs an encoded message of 2 * hash + 2 bytes
 * (RFC 8017 §9.1.1, RFC 8446 §4.2.3): a 1024-bit key cannot make SHA-512 PSS signatures. */
static int lt_sigscheme_fits_size(const lt_sigscheme *s, size_t sig_bytes)
{
    size_t hash = s->alg == LT_SIG_RSA_PSS_SHA256 ? 32 : s->alg == LT_SIG_RSA_PSS_SHA384 ? 48
                  : s->alg == LT_SIG_RSA_PSS_SHA512 ? 64 : 0;
    return hash == 0 || 2 * hash + 2 <= sig_bytes;
}

uint16_t lt_sigscheme_for_key(lt_key_type key, size_t sig_bytes, const uint16_t *peer, size_t n_peer)
{
    /* our preference: the order of lt_sigschemes13 */
    for (size_t i = 0; i < lt_sigschemes13_count; i++) {
        const lt_sigscheme *s = lt_sigscheme_find(lt_sigschemes13[i]);
        if (s == NULL || s->key != key || !lt_sigscheme_fits_size(s, sig_bytes))
            continue;
        for (size_t j = 0; j < n_peer; j++)
            if (peer[j] == s->id)
                return s->id;
    }
    return 0;
}

int lt_sigscheme12_fits_key(const lt_sigscheme *s, lt_key_type key)
{
    /* in TLS 1.2, ecdsa_secp256r1_sha256 means "ECDSA with SHA-256" on any curve */
    if (s->key == LT_KEY_EC_P256 || s->key == LT_KEY_EC_P384)
        return key == LT_KEY_EC_P256 || key == LT_KEY_EC_P384;
    return s->key == key;
}

uint16_t lt_sigscheme12_for_key(lt_key_type key, size_t sig_bytes, const uint16_t *peer, size_t n_peer)
{
    /* a curve's own hash first (P-384 signs with SHA-384 when the peer takes it) */
    uint16_t preferred = key == LT_KEY_EC_P384 ? 0x0503 : 0;
    for (size_t j = 0; preferred && j < n_peer; j++)
        if (peer[j] == preferred)
            return preferred;
    for (size_t i = 0; i < lt_sigschemes12_count; i++) {
        const lt_sigscheme *s = lt_sigscheme_find(lt_sigschemes12[i]);
        if (s == NULL || !lt_sigscheme12_fits_key(s, key) || !lt_sigscheme_fits_size(s, sig_bytes))
            continue;
        for (size_t j = 0; j < n_peer; j++)
            if (peer[j] == s->id)
                return s->id;
    }
    return 0;
}
