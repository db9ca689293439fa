/* What latch can negotiate, as tables: TLS 1.3 cipher suites (RFC 8446 §B.4), key exchange
 * groups (§4.2.7) and signature schemes (§4.2.3), with their IANA names, and parsing of the
 * name lists users configure ("TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"). */
#ifndef LT_TLS_PARAMS_H
#define LT_TLS_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aead.h"
#include "crypto/cbc.h"
#include "crypto/hash.h"
#include "crypto/kex.h"
#include "crypto/pkey.h"

/* TLS 1.2 suites name their key exchange and the server key type; TLS 1.3 suites neither. */
typedef enum { LT_KX_ANY = 0, LT_KX_ECDHE, LT_KX_RSA } lt_kx;
typedef enum { LT_AUTH_ANY = 0, LT_AUTH_ECDSA, LT_AUTH_RSA } lt_auth;

typedef struct {
    uint16_t id;
    const char *name;
    lt_aead_id aead;
    lt_hash_id hash;      /* the transcript hash (1.3), the PRF hash (1.2) */
    uint16_t version;     /* 0x0304 or 0x0303 */
    lt_kx kx;
    lt_auth auth;
    lt_cbc_id cbc;        /* TLS 1.2 CBC suites (aead LT_AEAD_NONE): the cipher ... */
    lt_hash_id mac;       /* ... and the record MAC's hash (RFC 5246 §6.2.3.2) */
} lt_suite;

/* Whether a suite protects records with CBC and HMAC (only in the old profile, or when named). */
static inline int lt_suite_is_cbc(const lt_suite *s)
{
    return s->cbc != LT_CBC_NONE;
}

enum {
    LT_SUITE_AES_128_GCM_SHA256 = 0x1301,
    LT_SUITE_AES_256_GCM_SHA384 = 0x1302,
    LT_SUITE_CHACHA20_POLY1305_SHA256 = 0x1303,
    /* TLS 1.2: RFC 5289, RFC 7905, RFC 5288 */
    LT_SUITE_ECDHE_ECDSA_AES_128_GCM_SHA256 = 0xc02b,
    LT_SUITE_ECDHE_ECDSA_AES_256_GCM_SHA384 = 0xc02c,
    LT_SUITE_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256 = 0xcca9,
    LT_SUITE_ECDHE_RSA_AES_128_GCM_SHA256 = 0xc02f,
    LT_SUITE_ECDHE_RSA_AES_256_GCM_SHA384 = 0xc030,
    LT_SUITE_ECDHE_RSA_CHACHA20_POLY1305_SHA256 = 0xcca8,
    LT_SUITE_RSA_AES_128_GCM_SHA256 = 0x009c,
    LT_SUITE_RSA_AES_256_GCM_SHA384 = 0x009d,
    /* TLS 1.2 CBC: RFC 5246 (RSA), RFC 8422 (ECDHE with SHA-1 MACs), RFC 5289 (SHA-256/384) */
    LT_SUITE_ECDHE_ECDSA_AES_128_CBC_SHA = 0xc009,
    LT_SUITE_ECDHE_ECDSA_AES_256_CBC_SHA = 0xc00a,
    LT_SUITE_ECDHE_RSA_AES_128_CBC_SHA = 0xc013,
    LT_SUITE_ECDHE_RSA_AES_256_CBC_SHA = 0xc014,
    LT_SUITE_ECDHE_ECDSA_AES_128_CBC_SHA256 = 0xc023,
    LT_SUITE_ECDHE_ECDSA_AES_256_CBC_SHA384 = 0xc024,
    LT_SUITE_ECDHE_RSA_AES_128_CBC_SHA256 = 0xc027,
    LT_SUITE_ECDHE_RSA_AES_256_CBC_SHA384 = 0xc028,
    LT_SUITE_RSA_AES_128_CBC_SHA = 0x002f,
    LT_SUITE_RSA_AES_256_CBC_SHA = 0x0035,
    LT_SUITE_RSA_AES_128_CBC_SHA256 = 0x003c,
    LT_SUITE_RSA_AES_256_CBC_SHA256 = 0x003d,
    /* RFC 5746 §3.3: "no renegotiation, but I speak RFC 5746" in a cipher suite list */
    LT_SUITE_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff,
};

typedef struct {
    uint16_t id;
    const char *name;
    lt_sig_alg alg;
    lt_key_type key;   /* the key type this scheme signs with (TLS 1.3 binds ECDSA curves) */
    int tls13;         /* usable in TLS 1.3 CertificateVerify */
} lt_sigscheme;

#define LT_MAX_LIST 32

/* Lookups; NULL when unknown. */
const lt_suite *lt_suite_find(uint16_t id);
const lt_sigscheme *lt_sigscheme_find(uint16_t id);
/* Adds a peer's scheme to list (n of cap) when latch knows it and it is not there yet: a peer's
 * long list is read whole and cannot push a usable scheme out. */
void lt_sigscheme_list_add(uint16_t *list, size_t *n, size_t cap, uint16_t id);
/* Adds id to list (n of cap) unless it is there already or the list is full. */
void lt_u16_list_add(uint16_t *list, size_t *n, size_t cap, uint16_t id);
/* 1 for a key exchange group latch implements. */
int lt_group_known(uint16_t id);

/* The static RSA key exchange suites, in preference order, for configs that enable them. */
extern const uint16_t lt_rsa_kex_suites[];
extern const size_t lt_rsa_kex_suites_count;
/* Schemes latch accepts and signs with in TLS 1.2 ServerKeyExchange / CertificateVerify. */
extern const uint16_t lt_sigschemes12[];
extern const size_t lt_sigschemes12_count;
/* The scheme a key signs with in TLS 1.2 (ECDSA not bound to a curve, PKCS#1 allowed), from
 * the peer's list; 0 if none fits (sig_bytes as for lt_sigscheme_for_key). */
uint16_t lt_sigscheme12_for_key(lt_key_type key, size_t sig_bytes, const uint16_t *peer, size_t n_peer);
/* Whether a TLS 1.2 scheme can be made by a key of that type. */
int lt_sigscheme12_fits_key(const lt_sigscheme *s, lt_key_type key);

/* The defaults, in preference order. */
extern const uint16_t lt_default_suites[];
extern const size_t lt_default_suites_count;
extern const uint16_t lt_default_groups[];
extern const size_t lt_default_groups_count;
/* The suites of the modern profile (TLS 1.3 only) and of the old one (the defaults, the RSA key
 * exchange's and, after every AEAD suite, the CBC ones), in preference order. The intermediate
 * profile is lt_default_suites. docs/profiles.md compares them with Mozilla's. */
extern const uint16_t lt_modern_suites[];
extern const size_t lt_modern_suites_count;
extern const uint16_t lt_old_suites[];
extern const size_t lt_old_suites_count;
/* Schemes a TLS 1.3 peer may use in CertificateVerify, and those accepted in certificates. */
extern const uint16_t lt_sigschemes13[];
extern const size_t lt_sigschemes13_count;
extern const uint16_t lt_sigschemes_cert[];
extern const size_t lt_sigschemes_cert_count;

/* Parses a ':' or ',' separated list of suite or group names into ids. Unknown names or more
 * than cap entries: LT_ERR_INVALID_ARG, with the offending name copied into bad. */
int lt_parse_suites(const char *list, uint16_t *ids, size_t cap, size_t *n, char *bad, size_t bad_cap);
int lt_parse_groups(const char *list, uint16_t *ids, size_t cap, size_t *n, char *bad, size_t bad_cap);

/* The scheme a key signs with in TLS 1.3, picked from the peer's list; 0 if none fits.
 * sig_bytes is the key's signature size (lt_privkey_sig_max): an RSA key too small for a PSS
 * scheme's hash does not fit it. */
uint16_t lt_sigscheme_for_key(lt_key_type key, size_t sig_bytes, const uint16_t *peer, size_t n_peer);

#endif
