/* Ephemeral key exchange (see kex.h): X25519 through raw keys (RFC 7748), P-256 and P-384
 * through encoded uncompressed points (SEC 1 §2.3.3). Key generation starts from templates made
 * once (the X25519 base point, a parameter set per NIST curve), so no per-handshake name lookup
 * happens. The hybrids (draft-ietf-tls-ecdhe-mlkem §4) pair a curve key of this file with
 * ML-KEM-768 (crypto/mlkem.h): shares and secrets are the two halves concatenated, in the order
 * each group fixes. */
#include "crypto/kex.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "base/alloc.h"
#include "base/ct.h"
#include "base/err.h"
#include "base/wipe.h"
#include "crypto/crypto.h"
#include "crypto/mlkem.h"
#include "crypto/rand.h"
#include "crypto/thread.h"

struct lt_kex {
    lt_group group;
    EVP_PKEY *pkey;
    EVP_PKEY_CTX *derive_ctx; /* X25519: initialised for derivation once, used twice */
    uint8_t x25519_public[32]; /* X25519: the public key (see lt_kex_x25519_from_private) */
    /* a hybrid: its curve key, and the ML-KEM half: the initiator's decapsulation key (the
     * encapsulation key inside it, the matrix kept for decapsulation) or the responder's
     * ciphertext once it accepted */
    lt_kex *ecdh;
    int ecdh_borrowed; /* another share's key: not ours to free */
    lt_mlkem768_key *mlkem_key;
    uint8_t *mlkem_ct;
    int responder;
};

/* u = 9, the X25519 base point (RFC 7748 §4.1), little-endian */
static const uint8_t lt_x25519_base_point[32] = { 9 };

size_t lt_kex_public_len(lt_group group)
{
    switch (group) {
    case LT_GROUP_X25519:
        return 32;
    case LT_GROUP_SECP256R1:
        return 65;
    case LT_GROUP_SECP384R1:
        return 97;
    case LT_GROUP_X25519MLKEM768:
        return LT_MLKEM768_EK_LEN + 32;
    case LT_GROUP_SECP256R1MLKEM768:
        return 65 + LT_MLKEM768_EK_LEN;
    default:
        return 0;
    }
}

size_t lt_kex_response_len(lt_group group)
{
    switch (group) {
    case LT_GROUP_X25519MLKEM768:
        return LT_MLKEM768_CT_LEN + 32;
    case LT_GROUP_SECP256R1MLKEM768:
        return 65 + LT_MLKEM768_CT_LEN;
    default:
        return lt_kex_public_len(group);
    }
}

int lt_group_is_hybrid(lt_group group)
{
    return group == LT_GROUP_X25519MLKEM768 || group == LT_GROUP_SECP256R1MLKEM768;
}

/* The curve half of a hybrid (the group itself for a curve) */
static lt_group lt_kex_curve_half(lt_group group)
{
    return group == LT_GROUP_X25519MLKEM768      ? LT_GROUP_X25519
           : group == LT_GROUP_SECP256R1MLKEM768 ? LT_GROUP_SECP256R1
                                                 : group;
}

/* §4.1: X25519MLKEM768 puts ML-KEM first (for historical reasons), SecP256r1MLKEM768 the curve */
static int lt_kex_mlkem_first(lt_group group)
{
    return group == LT_GROUP_X25519MLKEM768;
}

const char *lt_group_name(lt_group group)
{
    switch (group) {
    case LT_GROUP_X25519:
        return "x25519";
    case LT_GROUP_SECP256R1:
        return "secp256r1";
    case LT_GROUP_SECP384R1:
        return "secp384r1";
    case LT_GROUP_X25519MLKEM768:
        return "X25519MLKEM768";
    case LT_GROUP_SECP256R1MLKEM768:
        return "SecP256r1MLKEM768";
    default:
        return NULL;
    }
}

const char *lt_group_share_parts(lt_group group, int response)
{
    switch (group) {
    case LT_GROUP_X25519MLKEM768:
        return response ? "ML-KEM-768 ciphertext + x25519" : "ML-KEM-768 encapsulation key + x25519";
    case LT_GROUP_SECP256R1MLKEM768:
        return response ? "secp256r1 + ML-KEM-768 ciphertext" : "secp256r1 + ML-KEM-768 encapsulation key";
    default:
        return lt_group_name(group);
    }
}

static const char *lt_kex_curve(lt_group group)
{
    return group == LT_GROUP_SECP256R1 ? "P-256" : group == LT_GROUP_SECP384R1 ? "P-384" : NULL;
}

static size_t lt_kex_secret_len(lt_group group)
{
    return lt_group_is_hybrid(group) ? 64 : group == LT_GROUP_SECP384R1 ? 48 : 32;
}

/* Templates made once: the X25519 base point as a public key, NIST curve parameters. */
static struct {
    EVP_PKEY *x25519_base;
    EVP_PKEY *params[2]; /* P-256, P-384 */
    int status;
} lt_kex_table;
static pthread_once_t lt_kex_once = PTHREAD_ONCE_INIT;

static void lt_kex_init_table(void)
{
    lt_kex_table.status = LT_ERR_CRYPTO;
    lt_kex_table.x25519_base = EVP_PKEY_new_raw_public_key_ex(NULL, "X25519", NULL, lt_x25519_base_point,
                                                               sizeof lt_x25519_base_point);
    if (lt_kex_table.x25519_base == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
        if (pctx == NULL || EVP_PKEY_paramgen_init(pctx) <= 0 ||
            EVP_PKEY_CTX_set_group_name(pctx, i == 0 ? "P-256" : "P-384") <= 0 ||
            EVP_PKEY_paramgen(pctx, &lt_kex_table.params[i]) <= 0) {
            EVP_PKEY_CTX_free(pctx);
            return;
        }
        EVP_PKEY_CTX_free(pctx);
    }
    lt_kex_table.status = 0;
}

static int lt_kex_ready(void)
{
    if (lt_crypto_init() < 0 || pthread_once(&lt_kex_once, lt_kex_init_table) != 0)
        return LT_ERR_CRYPTO;
    return lt_kex_table.status;
}

static int lt_kex_wrap(lt_group group, EVP_PKEY *pkey, EVP_PKEY_CTX *derive_ctx, const uint8_t *x25519_public,
                       lt_kex **out)
{
    lt_kex *kex = lt_calloc(1, sizeof *kex);
    if (kex == NULL) {
        EVP_PKEY_CTX_free(derive_ctx);
        EVP_PKEY_free(pkey);
        return LT_ERR_NOMEM;
    }
    kex->group = group;
    kex->pkey = pkey;
    kex->derive_ctx = derive_ctx;
    if (x25519_public != NULL)
        memcpy(kex->x25519_public, x25519_public, sizeof kex->x25519_public);
    *out = kex;
    return 0;
}

/* An X25519 key from its private scalar, and its public key X25519(a, 9) (RFC 7748 §6.1).
 * libcrypto computes a public key from a private one with generic field code that costs a third
 * more than its X25519 ladder, so the key is made with both halves given (the base point stands
 * in for the public half, which derivation never reads; it never leaves this file) and the
 * public key comes from one derivation against the base point. The derivation context is kept
 * for the shared secret. The key is imported through the thread's import context: making one
 * per key costs as much as the import. */
static int lt_kex_x25519_from_private(const uint8_t priv[32], EVP_PKEY **out, EVP_PKEY_CTX **derive_ctx,
                                      uint8_t pub[32])
{
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    OSSL_PARAM params[3];
    size_t n = 32;
    int rc = LT_ERR_CRYPTO;
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, (void *)priv, 32);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)lt_x25519_base_point,
                                                  sizeof lt_x25519_base_point);
    params[2] = OSSL_PARAM_construct_end();
    EVP_PKEY_CTX *import = lt_thread_import_ctx(lt_kex_table.x25519_base);
    if (import == NULL || EVP_PKEY_fromdata(import, &pkey, EVP_PKEY_KEYPAIR, params) <= 0)
        goto out;
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (ctx == NULL || EVP_PKEY_derive_init(ctx) <= 0 ||
        EVP_PKEY_derive_set_peer_ex(ctx, lt_kex_table.x25519_base, 0) <= 0 ||
        EVP_PKEY_derive(ctx, pub, &n) <= 0 || n != 32)
        goto out;
    *out = pkey;
    *derive_ctx = ctx;
    pkey = NULL;
    ctx = NULL;
    rc = 0;
out:
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return rc;
}

/* A hybrid: the curve key (curve's when given, borrowed), and for the initiator an ML-KEM key pair
 * (FIPS 203 Algorithm 19) */
static int lt_kex_hybrid_new(lt_group group, int responder, lt_kex *curve, lt_kex **out)
{
    lt_kex *kex = lt_calloc(1, sizeof *kex);
    if (kex == NULL)
        return LT_ERR_NOMEM;
    kex->group = group;
    kex->responder = responder;
    int rc = 0;
    if (curve != NULL) {
        kex->ecdh = curve;
        kex->ecdh_borrowed = 1;
    } else {
        rc = lt_kex_generate(lt_kex_curve_half(group), &kex->ecdh);
    }
    if (rc == 0 && !responder) {
        kex->mlkem_key = lt_malloc(sizeof *kex->mlkem_key);
        rc = kex->mlkem_key == NULL ? LT_ERR_NOMEM : lt_mlkem768_keygen_key(kex->mlkem_key);
    }
    if (rc < 0) {
        lt_kex_free(kex);
        return rc;
    }
    *out = kex;
    return 0;
}

int lt_kex_generate_responder(lt_group group, lt_kex **out)
{
    if (lt_group_is_hybrid(group))
        return lt_kex_hybrid_new(group, 1, NULL, out);
    return lt_kex_generate(group, out);
}

int lt_kex_generate_sharing(lt_group group, lt_kex *curve, lt_kex **out)
{
    if (!lt_group_is_hybrid(group) || curve == NULL || curve->group != lt_kex_curve_half(group))
        return LT_ERR_INVALID_ARG;
    return lt_kex_hybrid_new(group, 0, curve, out);
}

int lt_kex_generate(lt_group group, lt_kex **out)
{
    EVP_PKEY_CTX *pctx = NULL;
    EVP_PKEY *pkey = NULL;
    if (lt_kex_public_len(group) == 0)
        return LT_ERR_UNSUPPORTED;
    if (lt_group_is_hybrid(group))
        return lt_kex_hybrid_new(group, 0, NULL, out);
    LT_TRY(lt_kex_ready());
    if (group == LT_GROUP_X25519) {
        uint8_t priv[32], pub[32];
        EVP_PKEY_CTX *derive_ctx = NULL;
        int rc = lt_random(priv, sizeof priv);
        if (rc == 0)
            rc = lt_kex_x25519_from_private(priv, &pkey, &derive_ctx, pub);
        lt_wipe(priv, sizeof priv);
        return rc < 0 ? rc : lt_kex_wrap(group, pkey, derive_ctx, pub, out);
    }
    pctx = EVP_PKEY_CTX_new_from_pkey(NULL, lt_kex_table.params[group == LT_GROUP_SECP384R1], NULL);
    int ok = pctx != NULL && EVP_PKEY_keygen_init(pctx) > 0 && EVP_PKEY_keygen(pctx, &pkey) > 0;
    EVP_PKEY_CTX_free(pctx);
    if (!ok)
        return LT_ERR_CRYPTO;
    return lt_kex_wrap(group, pkey, NULL, NULL, out);
}

/* The public point of a NIST-curve private scalar (test replays only). */
static int lt_kex_nist_from_private(lt_group group, const uint8_t *priv, size_t len, EVP_PKEY **out)
{
    const char *curve = lt_kex_curve(group);
    int nid = group == LT_GROUP_SECP256R1 ? NID_X9_62_prime256v1 : NID_secp384r1;
    uint8_t pub[LT_KEX_MAX_PUBLIC], native[LT_KEX_MAX_SECRET];
    size_t pub_len = lt_kex_public_len(group);
    EC_GROUP *ec_group = EC_GROUP_new_by_curve_name(nid);
    EC_POINT *point = ec_group ? EC_POINT_new(ec_group) : NULL;
    BIGNUM *scalar = BN_bin2bn(priv, (int)len, NULL);
    EVP_PKEY_CTX *pctx = NULL;
    OSSL_PARAM params[4];
    int rc = LT_ERR_CRYPTO;
    if (point == NULL || scalar == NULL ||
        !EC_POINT_mul(ec_group, point, scalar, NULL, NULL, NULL) ||
        EC_POINT_point2oct(ec_group, point, POINT_CONVERSION_UNCOMPRESSED, pub, pub_len, NULL) != pub_len)
        goto out;
    /* OSSL_PARAM_construct_BN wants the integer in native byte order */
    if (len > sizeof native || BN_bn2nativepad(scalar, native, (int)len) < 0)
        goto out;
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)curve, 0);
    params[1] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, native, len);
    params[2] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pub, pub_len);
    params[3] = OSSL_PARAM_construct_end();
    pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (pctx != NULL && EVP_PKEY_fromdata_init(pctx) > 0 &&
        EVP_PKEY_fromdata(pctx, out, EVP_PKEY_KEYPAIR, params) > 0)
        rc = 0;
out:
    lt_wipe(native, sizeof native);
    EVP_PKEY_CTX_free(pctx);
    BN_clear_free(scalar);
    EC_POINT_free(point);
    EC_GROUP_free(ec_group);
    return rc;
}

int lt_kex_from_private(lt_group group, const uint8_t *priv, size_t len, lt_kex **out)
{
    EVP_PKEY *pkey = NULL;
    if (lt_kex_public_len(group) == 0 || lt_group_is_hybrid(group))
        return LT_ERR_UNSUPPORTED;
    LT_TRY(lt_kex_ready());
    if (group == LT_GROUP_X25519) {
        uint8_t pub[32];
        EVP_PKEY_CTX *derive_ctx = NULL;
        if (len != 32)
            return LT_ERR_INVALID_ARG;
        LT_TRY(lt_kex_x25519_from_private(priv, &pkey, &derive_ctx, pub));
        return lt_kex_wrap(group, pkey, derive_ctx, pub, out);
    }
    if (len != lt_kex_secret_len(group))
        return LT_ERR_INVALID_ARG;
    LT_TRY(lt_kex_nist_from_private(group, priv, len, &pkey));
    return lt_kex_wrap(group, pkey, NULL, NULL, out);
}

lt_group lt_kex_group(const lt_kex *kex)
{
    return kex->group;
}

/* A hybrid's share: the ML-KEM part (encapsulation key, or ciphertext for the responder) and the
 * curve share, in the group's order */
static int lt_kex_hybrid_public(const lt_kex *kex, uint8_t *out, size_t cap, size_t *len)
{
    const uint8_t *mlkem = kex->responder ? kex->mlkem_ct
                           : kex->mlkem_key != NULL ? kex->mlkem_key->dk + LT_MLKEM768_EK_AT : NULL;
    size_t mlkem_len = kex->responder ? LT_MLKEM768_CT_LEN : LT_MLKEM768_EK_LEN;
    size_t want = kex->responder ? lt_kex_response_len(kex->group) : lt_kex_public_len(kex->group);
    size_t ecdh_len = want - mlkem_len, n = 0;
    if (mlkem == NULL)
        return LT_ERR_INVALID_ARG; /* a responder that has not accepted a share yet */
    if (cap < want)
        return LT_ERR_BUFFER;
    int first = lt_kex_mlkem_first(kex->group);
    LT_TRY(lt_kex_public(kex->ecdh, out + (first ? mlkem_len : 0), ecdh_len, &n));
    memcpy(out + (first ? 0 : ecdh_len), mlkem, mlkem_len);
    *len = want;
    return 0;
}

int lt_kex_public(const lt_kex *kex, uint8_t *out, size_t cap, size_t *len)
{
    if (lt_group_is_hybrid(kex->group))
        return lt_kex_hybrid_public(kex, out, cap, len);
    size_t want = lt_kex_public_len(kex->group);
    if (cap < want)
        return LT_ERR_BUFFER;
    if (kex->group == LT_GROUP_X25519) {
        memcpy(out, kex->x25519_public, want);
    } else {
        if (EVP_PKEY_get_octet_string_param(kex->pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out, cap,
                                            len) != 1 || *len != want)
            return LT_ERR_CRYPTO;
    }
    *len = want;
    return 0;
}

/* The peer's share as a key of our key's type; LT_ERR_DECODE when it is not a valid point. */
static int lt_kex_peer_key(const lt_kex *kex, const uint8_t *peer, size_t peer_len, EVP_PKEY **out)
{
    if (peer_len != lt_kex_public_len(kex->group))
        return LT_ERR_DECODE;
    if (kex->group == LT_GROUP_X25519) {
        /* the thread's peer key (a copy of the base-point template made once) with the peer's u:
         * no algorithm lookup, no copy per handshake */
        return lt_thread_x25519_peer(lt_kex_table.x25519_base, peer, peer_len, out);
    }
    /* uncompressed points only (RFC 8446 §4.2.8.2) */
    if (peer[0] != 0x04)
        return LT_ERR_DECODE;
    EVP_PKEY *pkey = EVP_PKEY_new();
    if (pkey == NULL)
        return LT_ERR_NOMEM;
    /* copying the parameters from our key, then setting the point, checks it is on the curve */
    if (!EVP_PKEY_copy_parameters(pkey, kex->pkey) ||
        EVP_PKEY_set1_encoded_public_key(pkey, peer, peer_len) != 1) {
        EVP_PKEY_free(pkey);
        return LT_ERR_DECODE;
    }
    *out = pkey;
    return 0;
}

/* Splits a hybrid share into its ML-KEM part and its curve part (§4.1, §4.2) */
static void lt_kex_hybrid_split(lt_group group, const uint8_t *share, size_t mlkem_len, size_t ecdh_len,
                                const uint8_t **mlkem, const uint8_t **ecdh)
{
    int first = lt_kex_mlkem_first(group);
    *mlkem = share + (first ? 0 : ecdh_len);
    *ecdh = share + (first ? mlkem_len : 0);
}

/* secret = the two halves in the group's order (§4.3) */
static void lt_kex_hybrid_join(lt_group group, const uint8_t mlkem[32], const uint8_t ecdh[32], uint8_t *secret)
{
    int first = lt_kex_mlkem_first(group);
    memcpy(secret + (first ? 0 : 32), mlkem, 32);
    memcpy(secret + (first ? 32 : 0), ecdh, 32);
}

/* The initiator's side: the server's ciphertext decapsulated, the curve secret derived */
static int lt_kex_hybrid_derive(const lt_kex *kex, const uint8_t *peer, size_t peer_len, uint8_t *secret,
                                size_t *secret_len)
{
    uint8_t ecdh_secret[32], mlkem_secret[32];
    const uint8_t *ct, *ecdh;
    size_t ecdh_len = lt_kex_public_len(lt_kex_curve_half(kex->group)), n = 0;
    if (kex->responder)
        return LT_ERR_INVALID_ARG;
    if (peer_len != lt_kex_response_len(kex->group))
        return LT_ERR_DECODE;
    lt_kex_hybrid_split(kex->group, peer, LT_MLKEM768_CT_LEN, ecdh_len, &ct, &ecdh);
    int rc = lt_kex_derive(kex->ecdh, ecdh, ecdh_len, ecdh_secret, sizeof ecdh_secret, &n);
    if (rc == 0 && lt_mlkem768_decaps_key(kex->mlkem_key, ct, LT_MLKEM768_CT_LEN, mlkem_secret) < 0)
        rc = LT_ERR_CRYPTO; /* the length was checked: anything else is ours (§4.2: internal_error) */
    if (rc == 0) {
        lt_kex_hybrid_join(kex->group, mlkem_secret, ecdh_secret, secret);
        *secret_len = 64;
    }
    lt_wipe(ecdh_secret, sizeof ecdh_secret);
    lt_wipe(mlkem_secret, sizeof mlkem_secret);
    return rc;
}

/* The responder's side: encapsulation to the client's key (after its modulus check), the curve
 * secret derived, the ciphertext kept for the response */
static int lt_kex_hybrid_accept(lt_kex *kex, const uint8_t *peer, size_t peer_len, uint8_t *secret,
                                size_t *secret_len)
{
    uint8_t ecdh_secret[32], mlkem_secret[32];
    const uint8_t *ek, *ecdh;
    size_t ecdh_len = lt_kex_public_len(lt_kex_curve_half(kex->group)), n = 0;
    if (!kex->responder || kex->mlkem_ct != NULL)
        return LT_ERR_INVALID_ARG;
    if (peer_len != lt_kex_public_len(kex->group))
        return LT_ERR_DECODE;
    lt_kex_hybrid_split(kex->group, peer, LT_MLKEM768_EK_LEN, ecdh_len, &ek, &ecdh);
    int rc = lt_kex_derive(kex->ecdh, ecdh, ecdh_len, ecdh_secret, sizeof ecdh_secret, &n);
    uint8_t *ct = rc == 0 ? lt_malloc(LT_MLKEM768_CT_LEN) : NULL;
    if (rc == 0 && ct == NULL)
        rc = LT_ERR_NOMEM;
    if (rc == 0)
        rc = lt_mlkem768_encaps(ek, LT_MLKEM768_EK_LEN, ct, mlkem_secret);
    if (rc == 0) {
        kex->mlkem_ct = ct;
        lt_kex_hybrid_join(kex->group, mlkem_secret, ecdh_secret, secret);
        *secret_len = 64;
    } else {
        lt_free(ct);
    }
    lt_wipe(ecdh_secret, sizeof ecdh_secret);
    lt_wipe(mlkem_secret, sizeof mlkem_secret);
    return rc;
}

int lt_kex_derive(const lt_kex *kex, const uint8_t *peer, size_t peer_len, uint8_t *secret,
                  size_t cap, size_t *secret_len)
{
    static const uint8_t zeros[32] = { 0 };
    EVP_PKEY *peer_key = NULL;
    EVP_PKEY_CTX *dctx = NULL, *ctx = NULL; /* dctx: made here, freed here */
    size_t want = lt_kex_secret_len(kex->group), n = cap;
    if (cap < want)
        return LT_ERR_BUFFER;
    if (lt_group_is_hybrid(kex->group))
        return lt_kex_hybrid_derive(kex, peer, peer_len, secret, secret_len);
    int rc = lt_kex_peer_key(kex, peer, peer_len, &peer_key);
    if (rc < 0)
        goto out;
    rc = LT_ERR_CRYPTO;
    if (kex->derive_ctx != NULL) {
        ctx = kex->derive_ctx;
    } else {
        dctx = EVP_PKEY_CTX_new_from_pkey(NULL, kex->pkey, NULL);
        if (dctx == NULL || EVP_PKEY_derive_init(dctx) <= 0)
            goto out;
        ctx = dctx;
    }
    if (EVP_PKEY_derive_set_peer_ex(ctx, peer_key, 0) <= 0) {
        rc = LT_ERR_DECODE;
        goto out;
    }
    if (EVP_PKEY_derive(ctx, secret, &n) <= 0 || n != want) {
        /* X25519 with a small-order point gives all zeros, which libcrypto refuses */
        rc = kex->group == LT_GROUP_X25519 ? LT_ERR_VERIFY : LT_ERR_CRYPTO;
        goto out;
    }
    /* RFC 8446 §7.4.2 / RFC 7748 §6.1: an all-zero X25519 result means a small-order point */
    if (kex->group == LT_GROUP_X25519 && lt_ct_eq(secret, zeros, 32)) {
        rc = LT_ERR_VERIFY;
        goto out;
    }
    *secret_len = n;
    rc = 0;
out:
    if (rc < 0)
        lt_wipe(secret, cap < want ? cap : want);
    EVP_PKEY_CTX_free(dctx);
    EVP_PKEY_free(peer_key);
    return rc;
}

int lt_kex_accept(lt_kex *kex, const uint8_t *peer, size_t peer_len, uint8_t *secret, size_t cap, size_t *secret_len)
{
    if (!lt_group_is_hybrid(kex->group))
        return lt_kex_derive(kex, peer, peer_len, secret, cap, secret_len);
    if (cap < 64)
        return LT_ERR_BUFFER;
    return lt_kex_hybrid_accept(kex, peer, peer_len, secret, secret_len);
}

void lt_kex_free(lt_kex *kex)
{
    if (kex == NULL)
        return;
    if (!kex->ecdh_borrowed)
        lt_kex_free(kex->ecdh);
    if (kex->mlkem_key != NULL) {
        lt_mlkem768_key_clear(kex->mlkem_key);
        lt_free(kex->mlkem_key);
    }
    lt_free(kex->mlkem_ct); /* a ciphertext sent in the clear */
    EVP_PKEY_CTX_free(kex->derive_ctx);
    EVP_PKEY_free(kex->pkey); /* clears the private key */
    lt_free(kex);
}
