/* Public keys and signature verification. A key comes from a DER SubjectPublicKeyInfo
 * (RFC 5280 §4.1.2.7): latch reads the algorithm OID itself, so an algorithm it does not support
 * is told apart from a malformed encoding, and lets libcrypto decode the key (d2i_PUBKEY), which
 * must consume every byte. Verification covers RSASSA-PKCS1-v1_5 (RFC 8017 §8.2), RSASSA-PSS with
 * salt = hash length (RFC 8017 §8.1, RFC 8446 §4.2.3), ECDSA with a strictly DER-checked
 * signature (RFC 3279 §2.2.3) and Ed25519 (RFC 8032 §5.1.7). */
#include "base/alloc.h"
#include "crypto/internal.h"

#include <limits.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "base/err.h"

struct lt_pubkey {
    EVP_PKEY *pkey;
    lt_key_type type;
};

/* DER contents of the algorithm OIDs latch accepts in a SubjectPublicKeyInfo. */
static const uint8_t lt_oid_rsa_encryption[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const uint8_t lt_oid_rsassa_pss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const uint8_t lt_oid_ec_public_key[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t lt_oid_ed25519[] = { 0x2b, 0x65, 0x70 };
/* namedCurve OIDs (RFC 5480 §2.1.1.1): secp256r1 and secp384r1. */
static const uint8_t lt_oid_p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t lt_oid_p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };

static bool lt_oid_is(lt_span oid, const uint8_t *want, size_t want_len)
{
    return lt_span_eq(oid, lt_span_make(want, want_len)) != 0;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }.
 * Returns 0 for an algorithm latch supports, LT_ERR_UNSUPPORTED for another, LT_ERR_DECODE when
 * the outer structure is malformed. */
static int lt_spki_algorithm_check(const uint8_t *der, size_t len)
{
    lt_reader input = lt_reader_init(der, len);
    lt_reader spki = lt_reader_from_span(lt_der_read_tlv(&input, 0x30));
    lt_reader algorithm = lt_reader_from_span(lt_der_read_tlv(&spki, 0x30));
    lt_der_read_tlv(&spki, 0x03);
    lt_span oid = lt_der_read_tlv(&algorithm, 0x06);
    if (!lt_reader_done(&input) || !lt_reader_done(&spki) || !lt_reader_ok(&algorithm))
        return LT_ERR_DECODE;
    if (lt_oid_is(oid, lt_oid_rsa_encryption, sizeof lt_oid_rsa_encryption)
        || lt_oid_is(oid, lt_oid_rsassa_pss, sizeof lt_oid_rsassa_pss)
        || lt_oid_is(oid, lt_oid_ed25519, sizeof lt_oid_ed25519))
        return 0;
    if (!lt_oid_is(oid, lt_oid_ec_public_key, sizeof lt_oid_ec_public_key))
        return LT_ERR_UNSUPPORTED;
    /* ECParameters: only a namedCurve naming P-256 or P-384; implicit or explicit curves
     * (RFC 5480 §2.1.1 forbids them in PKIX) are refused. */
    lt_reader peek = algorithm;
    if (lt_reader_u8(&peek) != 0x06 || !lt_reader_ok(&peek))
        return LT_ERR_UNSUPPORTED;
    lt_span curve = lt_der_read_tlv(&algorithm, 0x06);
    if (!lt_reader_done(&algorithm))
        return LT_ERR_DECODE;
    if (lt_oid_is(curve, lt_oid_p256, sizeof lt_oid_p256)
        || lt_oid_is(curve, lt_oid_p384, sizeof lt_oid_p384))
        return 0;
    return LT_ERR_UNSUPPORTED;
}

int lt_pubkey_from_spki(const uint8_t *der, size_t len, lt_pubkey **out)
{
    EVP_PKEY *pkey = NULL;
    lt_pubkey *key = NULL;
    lt_key_type type = LT_KEY_NONE;
    LT_TRY(lt_crypto_init());
    if (out == NULL || (der == NULL && len != 0))
        return LT_ERR_INVALID_ARG;
    if (len > LONG_MAX)
        return LT_ERR_DECODE;
    int rc = 0;
    pkey = lt_keycache_get(der, len, &type); /* the same bytes were checked and decoded before */
    if (pkey == NULL) {
        LT_TRY(lt_spki_algorithm_check(der, len));
        const unsigned char *at = der;
        pkey = d2i_PUBKEY(NULL, &at, (long)len);
        if (pkey == NULL)
            return LT_ERR_DECODE; /* the OID is one we know, so the key itself is malformed */
        rc = LT_ERR_DECODE;
        if (at != der + len)
            goto out;
        rc = lt_pkey_classify(pkey, &type);
        if (rc < 0)
            goto out;
        lt_keycache_put(der, len, pkey, type);
    }
    key = lt_malloc(sizeof *key);
    if (key == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    key->pkey = pkey;
    key->type = type;
    pkey = NULL;
    *out = key;
out:
    EVP_PKEY_free(pkey);
    return rc;
}

void lt_pubkey_free(lt_pubkey *key)
{
    if (key == NULL)
        return;
    EVP_PKEY_free(key->pkey);
    lt_free(key);
}

lt_key_type lt_pubkey_type(const lt_pubkey *key)
{
    return key == NULL ? LT_KEY_NONE : key->type;
}

unsigned lt_pubkey_bits(const lt_pubkey *key)
{
    return key == NULL ? 0 : lt_pkey_type_bits(key->pkey, key->type);
}

int lt_pubkey_allows(const lt_pubkey *key, lt_sig_alg alg)
{
    if (key == NULL || lt_crypto_init() < 0)
        return 0;
    return lt_pkey_type_allows(key->pkey, key->type, alg) ? 1 : 0;
}

int lt_pubkey_verify(const lt_pubkey *key, lt_sig_alg alg, const uint8_t *msg, size_t msg_len,
                     const uint8_t *sig, size_t sig_len)
{
    LT_TRY(lt_crypto_init());
    if (key == NULL || (msg == NULL && msg_len != 0) || (sig == NULL && sig_len != 0))
        return LT_ERR_INVALID_ARG;
    if (!lt_pkey_type_allows(key->pkey, key->type, alg))
        return LT_ERR_UNSUPPORTED;
    if (key->type == LT_KEY_EC_P256 || key->type == LT_KEY_EC_P384)
        LT_TRY(lt_ecdsa_der_check(sig, sig_len));
#ifdef LT_FUZZING
    /* every signature verifies (docs/fuzzing.md), so a fuzzer's mutations reach what follows */
    return 0;
#endif
    if (alg != LT_SIG_ED25519)
        return lt_pkey_verify_digest(key->pkey, alg, msg, msg_len, sig, sig_len);
    EVP_MD_CTX *md_ctx = EVP_MD_CTX_new();
    if (md_ctx == NULL)
        return LT_ERR_NOMEM;
    int rc = lt_pkey_sig_init(md_ctx, key->pkey, alg, false);
    if (rc < 0)
        goto out;
    /* 1 is valid; 0 is a bad signature, and a negative value a signature libcrypto could not
     * even process (wrong length, out of range): both are "does not verify". */
    if (EVP_DigestVerify(md_ctx, sig, sig_len, msg, msg_len) == 1) {
        rc = 0;
    } else {
        /* A bad signature is an outcome, not a libcrypto failure worth reporting. */
        rc = LT_ERR_VERIFY;
        ERR_clear_error();
    }
out:
    EVP_MD_CTX_free(md_ctx);
    return rc;
}

EVP_PKEY *lt_pubkey_evp(const lt_pubkey *key)
{
    return key->pkey;
}
