/* What a signature algorithm means and which keys may make it: the names of the algorithms and
 * key types, the mapping from a libcrypto key to a latch key type (RSA, RSA-PSS, ECDSA on P-256 or
 * P-384, Ed25519; RFC 8446 §4.2.3), and the common set-up of a sign or verify operation,
 * including RSASSA-PSS with MGF1 on the same hash and a salt exactly as long as the hash
 * (RFC 8017 §8.1, RFC 8446 §4.2.3). Shared by pubkey.c and privkey.c. */
#include "crypto/internal.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include "base/err.h"

lt_hash_id lt_sig_hash(lt_sig_alg alg)
{
    switch (alg) {
    case LT_SIG_RSA_PKCS1_SHA1:
    case LT_SIG_ECDSA_SHA1: return LT_HASH_SHA1;
    case LT_SIG_RSA_PKCS1_SHA256:
    case LT_SIG_RSA_PSS_SHA256:
    case LT_SIG_ECDSA_SHA256: return LT_HASH_SHA256;
    case LT_SIG_RSA_PKCS1_SHA384:
    case LT_SIG_RSA_PSS_SHA384:
    case LT_SIG_ECDSA_SHA384: return LT_HASH_SHA384;
    case LT_SIG_RSA_PKCS1_SHA512:
    case LT_SIG_RSA_PSS_SHA512:
    case LT_SIG_ECDSA_SHA512: return LT_HASH_SHA512;
    default: return LT_HASH_NONE;
    }
}

const char *lt_sig_name(lt_sig_alg alg)
{
    switch (alg) {
    case LT_SIG_RSA_PKCS1_SHA1: return "sha1WithRSAEncryption";
    case LT_SIG_RSA_PKCS1_SHA256: return "sha256WithRSAEncryption";
    case LT_SIG_RSA_PKCS1_SHA384: return "sha384WithRSAEncryption";
    case LT_SIG_RSA_PKCS1_SHA512: return "sha512WithRSAEncryption";
    case LT_SIG_RSA_PSS_SHA256: return "RSASSA-PSS-SHA256";
    case LT_SIG_RSA_PSS_SHA384: return "RSASSA-PSS-SHA384";
    case LT_SIG_RSA_PSS_SHA512: return "RSASSA-PSS-SHA512";
    case LT_SIG_ECDSA_SHA1: return "ecdsa-with-SHA1";
    case LT_SIG_ECDSA_SHA256: return "ecdsa-with-SHA256";
    case LT_SIG_ECDSA_SHA384: return "ecdsa-with-SHA384";
    case LT_SIG_ECDSA_SHA512: return "ecdsa-with-SHA512";
    case LT_SIG_ED25519: return "Ed25519";
    default: return "none";
    }
}

const char *lt_key_type_name(lt_key_type type)
{
    switch (type) {
    case LT_KEY_RSA: return "RSA";
    case LT_KEY_RSA_PSS: return "RSA-PSS";
    case LT_KEY_EC_P256: return "ECDSA P-256";
    case LT_KEY_EC_P384: return "ECDSA P-384";
    case LT_KEY_ED25519: return "Ed25519";
    default: return "none";
    }
}

static bool lt_sig_is_pkcs1(lt_sig_alg alg)
{
    return alg >= LT_SIG_RSA_PKCS1_SHA1 && alg <= LT_SIG_RSA_PKCS1_SHA512;
}

static bool lt_sig_is_pss(lt_sig_alg alg)
{
    return alg >= LT_SIG_RSA_PSS_SHA256 && alg <= LT_SIG_RSA_PSS_SHA512;
}

static bool lt_sig_is_ecdsa(lt_sig_alg alg)
{
    return alg >= LT_SIG_ECDSA_SHA1 && alg <= LT_SIG_ECDSA_SHA512;
}

/* The curve of an EC key, as a NID; libcrypto names P-256 "prime256v1" and P-384 "secp384r1".
 * A key with explicit curve parameters has no name and is refused. */
static int lt_ec_curve_nid(const EVP_PKEY *pkey)
{
    char group_name[64];
    size_t name_len = 0;
    if (!EVP_PKEY_get_group_name(pkey, group_name, sizeof group_name, &name_len))
        return NID_undef;
    int nid = OBJ_sn2nid(group_name);
    if (nid == NID_undef)
        nid = EC_curve_nist2nid(group_name);
    return nid;
}

int lt_pkey_classify(const EVP_PKEY *pkey, lt_key_type *type)
{
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
        *type = LT_KEY_RSA;
        return 0;
    case EVP_PKEY_RSA_PSS:
        *type = LT_KEY_RSA_PSS;
        return 0;
    case EVP_PKEY_ED25519:
        *type = LT_KEY_ED25519;
        return 0;
    case EVP_PKEY_EC:
        switch (lt_ec_curve_nid(pkey)) {
        case NID_X9_62_prime256v1:
            *type = LT_KEY_EC_P256;
            return 0;
        case NID_secp384r1:
            *type = LT_KEY_EC_P384;
            return 0;
        default:
            return LT_ERR_UNSUPPORTED;
        }
    default:
        return LT_ERR_UNSUPPORTED;
    }
}

unsigned lt_pkey_type_bits(const EVP_PKEY *pkey, lt_key_type type)
{
    switch (type) {
    case LT_KEY_RSA:
    case LT_KEY_RSA_PSS: {
        int bits = EVP_PKEY_get_bits(pkey);
        return bits > 0 ? (unsigned)bits : 0;
    }
    case LT_KEY_EC_P256: return 256;
    case LT_KEY_EC_P384: return 384;
    case LT_KEY_ED25519: return 256;
    default: return 0;
    }
}

/* An id-RSASSA-PSS key may carry RSASSA-PSS-params that bind it to one hash, one MGF1 hash and a
 * minimum salt length (RFC 4055 §3.1); a signature outside them is not one this key may make. */
static bool lt_pss_key_params_allow(const EVP_PKEY *pkey, lt_hash_id hash)
{
    char digest_name[64];
    size_t name_len = 0;
    int min_salt_len = 0;
    const EVP_MD *md = lt_crypto_md(hash);
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_RSA_DIGEST, digest_name,
                                       sizeof digest_name, &name_len)
        && !EVP_MD_is_a(md, digest_name))
        return false;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_RSA_MGF1_DIGEST, digest_name,
                                       sizeof digest_name, &name_len)
        && !EVP_MD_is_a(md, digest_name))
        return false;
    if (EVP_PKEY_get_int_param(pkey, OSSL_PKEY_PARAM_RSA_PSS_SALTLEN, &min_salt_len)
        && min_salt_len > 0 && (size_t)min_salt_len > lt_hash_len(hash))
        return false;
    return true;
}

bool lt_pkey_type_allows(const EVP_PKEY *pkey, lt_key_type type, lt_sig_alg alg)
{
    switch (type) {
    case LT_KEY_RSA:
        return lt_sig_is_pkcs1(alg) || lt_sig_is_pss(alg);
    case LT_KEY_RSA_PSS:
        return lt_sig_is_pss(alg) && lt_pss_key_params_allow(pkey, lt_sig_hash(alg));
    case LT_KEY_EC_P256:
    case LT_KEY_EC_P384:
        return lt_sig_is_ecdsa(alg);
    case LT_KEY_ED25519:
        return alg == LT_SIG_ED25519;
    default:
        return false;
    }
}

bool lt_pkey_signs_any(const EVP_PKEY *pkey, lt_key_type type)
{
    for (int alg = LT_SIG_NONE + 1; alg <= LT_SIG_ED25519; alg++)
        if (lt_pkey_type_allows(pkey, type, (lt_sig_alg)alg))
            return true;
    return false;
}

int lt_pkey_sig_params(EVP_PKEY_CTX *pkey_ctx, lt_sig_alg alg)
{
    const EVP_MD *md = lt_crypto_md(lt_sig_hash(alg));
    if (lt_sig_is_pss(alg)) {
        /* The salt is exactly HashLen (RFC 8446 §4.2.3), never "auto": a verifier that accepts
         * any salt length accepts signatures a conforming signer could not have made. */
        if (md == NULL || EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) <= 0
            || EVP_PKEY_CTX_set_rsa_mgf1_md(pkey_ctx, md) <= 0
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, EVP_MD_get_size(md)) <= 0)
            return LT_ERR_CRYPTO;
    } else if (lt_sig_is_pkcs1(alg)) {
        if (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PADDING) <= 0)
            return LT_ERR_CRYPTO;
    }
    return 0;
}

int lt_pkey_sig_init(EVP_MD_CTX *md_ctx, EVP_PKEY *pkey, lt_sig_alg alg, bool signing)
{
    EVP_PKEY_CTX *pkey_ctx = NULL;
    const char *md_name = NULL;
    int ok;
    if (alg != LT_SIG_ED25519) {
        const EVP_MD *md = lt_crypto_md(lt_sig_hash(alg));
        if (md == NULL)
            return LT_ERR_INVALID_ARG;
        md_name = EVP_MD_get0_name(md);
    }
    /* Ed25519 is PureEdDSA (RFC 8032 §5.1): no separate digest, hence a NULL name. */
    if (signing)
        ok = EVP_DigestSignInit_ex(md_ctx, &pkey_ctx, md_name, NULL, NULL, pkey, NULL);
    else
        ok = EVP_DigestVerifyInit_ex(md_ctx, &pkey_ctx, md_name, NULL, NULL, pkey, NULL);
    if (!ok)
        return LT_ERR_CRYPTO;
    return lt_pkey_sig_params(pkey_ctx, alg);
}
