/* What latch can negotiate, as tables: TLS 1.3 cipher suites (RFC 8446 §B.4), key exchange
 * groups (§4.2.7) and signature schemes (§4.2.3), with their IANA names, and parsing of the
 * name lists users configure ("TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"). */
#ifndef LT_TLS_PARAMS_H
#define LT_TLS_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/kex.h"
#include "crypto/pkey.h"

typedef struct {
    uint16_t id;
    const char *name;
    lt_aead_id aead;
    lt_hash_id hash;
} lt_suite;

enum {
    LT_SUITE_AES_128_GCM_SHA256 = 0x1301,
    LT_SUITE_AES_256_GCM_SHA384 = 0x1302,
    LT_SUITE_CHACHA20_POLY1305_SHA256 = 0x1303,
};

typedef struct {
    uint16_t id;
    const char *name;
    lt_sig_alg alg;
    lt_key_type key;   /* the key type this scheme signs with (TLS 1.3 binds ECDSA curves) */
    int tls13;         /* usable in TLS 1.3 CertificateVerify */
} lt_sigscheme;

#define LT_MAX_LIST 16

/* Lookups; NULL when unknown. */
const lt_suite *lt_suite_find(uint16_t id);
const lt_sigscheme *lt_sigscheme_find(uint16_t id);

/* The defaults, in preference order. */
extern const uint16_t lt_default_suites[];
extern const size_t lt_default_suites_count;
extern const uint16_t lt_default_groups[];
extern const size_t lt_default_groups_count;
/* Schemes a TLS 1.3 peer may use in CertificateVerify, and those accepted in certificates. */
extern const uint16_t lt_sigschemes13[];
extern const size_t lt_sigschemes13_count;
extern const uint16_t lt_sigschemes_cert[];
extern const size_t lt_sigschemes_cert_count;

/* Parses a ':' or ',' separated list of suite or group names into ids. Unknown names or more
 * than cap entries: LT_ERR_INVALID_ARG, with the offending name copied into bad. */
int lt_parse_suites(const char *list, uint16_t *ids, size_t cap, size_t *n, char *bad, size_t bad_cap);
int lt_parse_groups(const char *list, uint16_t *ids, size_t cap, size_t *n, char *bad, size_t bad_cap);

/* The scheme a key signs with in TLS 1.3, picked from the peer's list; 0 if none fits. */
uint16_t lt_sigscheme_for_key(lt_key_type key, const uint16_t *peer, size_t n_peer);

#endif
