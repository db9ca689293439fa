/* Private keys: decoding PEM key files (PKCS#8 "PRIVATE KEY", RFC 5958 / RFC 7468 §10; SEC1
 * "EC PRIVATE KEY", RFC 5915; PKCS#1 "RSA PRIVATE KEY", RFC 8017 Appendix A.1.2) through
 * libcrypto, generating keys, exporting the public half as SubjectPublicKeyInfo (RFC 5280
 * §4.1.2.7) and the key as unencrypted PKCS#8 PEM or DER, and signing with the same algorithms that
 * pubkey.c verifies (RFC 8446 §4.2.3). Encrypted key files are refused rather than prompted for. */
#include "base/alloc.h"
#include "crypto/internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/buffer.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/err.h"
#include "base/file.h"
#include "base/text.h"
#include "base/wipe.h"

/* Key files larger than this are not key files. */

struct lt_privkey {
    EVP_PKEY *pkey;
    lt_key_type type;
    lt_sigctx_table *sign_contexts; /* prepared signing contexts (sigctx.c) */
};

/* Called by libcrypto when the PEM is encrypted: latch never asks for a passphrase, so the
 * decode fails instead of prompting on the terminal. */
static int lt_pem_refuse_passphrase(char *buf, int size, int rwflag, void *user)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)user;
    return -1;
}

/* Takes ownership of pkey: wraps it, or frees it when its type is not one latch uses. */
static int lt_privkey_wrap(EVP_PKEY *pkey, lt_privkey **out)
{
    lt_key_type type = LT_KEY_NONE;
    int rc = lt_pkey_classify(pkey, &type);
    /* a key that can sign nothing latch signs would fail every handshake it is offered to:
     * refused when it is read (fuzz_key found a PSS key asking for a 53-byte salt with SHA-384) */
    if (rc == 0 && !lt_pkey_signs_any(pkey, type))
        rc = LT_ERR_UNSUPPORTED;
    if (rc < 0) {
        EVP_PKEY_free(pkey);
        return rc;
    }
    lt_privkey *key = lt_malloc(sizeof *key);
    lt_sigctx_table *contexts = lt_sigctx_table_new();
    if (key == NULL || contexts == NULL) {
        lt_free(key);
        lt_sigctx_table_free(contexts);
        EVP_PKEY_free(pkey);
        return LT_ERR_NOMEM;
    }
    key->pkey = pkey;
    key->type = type;
    key->sign_contexts = contexts;
    *out = key;
    return 0;
}

/* An RSA key's halves agree when its CRT parts make signatures the public key verifies:
 * n = p*q, e*d = 1 modulo p-1 and q-1, dP = d mod (p-1), dQ = d mod (q-1), qInv*q = 1 mod p
 * (RFC 8017 §3.2). Plain arithmetic, where libcrypto's own pairwise check also tests p and q for
 * primality (about 35 ms of CPU for a 2048-bit key, paid on every key read). -1 when the key does
 * not hold exactly two primes and their exponents (it then takes libcrypto's check). */
static int lt_rsa_halves_match(const EVP_PKEY *pkey)
{
    static const char *const names[] = { OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E,
                                         OSSL_PKEY_PARAM_RSA_D, OSSL_PKEY_PARAM_RSA_FACTOR1,
                                         OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
                                         OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1 };
    enum { N, E, D, P, Q, DP, DQ, QINV, PARTS };
    BIGNUM *part[PARTS] = { NULL }, *third = NULL;
    BIGNUM *product = BN_new(), *p1 = BN_new(), *q1 = BN_new(), *rem = BN_new();
    BN_CTX *bn_ctx = BN_CTX_new();
    int result = -1;
    if (product == NULL || p1 == NULL || q1 == NULL || rem == NULL || bn_ctx == NULL)
        goto out;
    for (size_t i = 0; i < PARTS; i++)
        if (!EVP_PKEY_get_bn_param(pkey, names[i], &part[i]))
            goto out;
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_FACTOR3, &third))
        goto out; /* a multi-prime key */
    result = 0;
    if (BN_is_zero(part[P]) || BN_is_zero(part[Q]) || BN_is_one(part[P]) || BN_is_one(part[Q]))
        goto out;
    if (!BN_mul(product, part[P], part[Q], bn_ctx) || BN_cmp(product, part[N]) != 0)
        goto out;
    if (!BN_sub(p1, part[P], BN_value_one()) || !BN_sub(q1, part[Q], BN_value_one()) ||
        !BN_mod_mul(rem, part[E], part[D], p1, bn_ctx) || !BN_is_one(rem) ||
        !BN_mod_mul(rem, part[E], part[D], q1, bn_ctx) || !BN_is_one(rem))
        goto out;
    if (!BN_mod(rem, part[D], p1, bn_ctx) || BN_cmp(rem, part[DP]) != 0 ||
        !BN_mod(rem, part[D], q1, bn_ctx) || BN_cmp(rem, part[DQ]) != 0)
        goto out;
    if (!BN_mod_mul(rem, part[QINV], part[Q], part[P], bn_ctx) || !BN_is_one(rem))
        goto out;
    result = 1;
out:
    for (size_t i = 0; i < PARTS; i++)
        BN_clear_free(part[i]);
    BN_clear_free(third);
    BN_clear_free(p1);
    BN_clear_free(q1);
    BN_clear_free(rem);
    BN_free(product);
    BN_CTX_free(bn_ctx);
    return result;
}

/* A key file carries its public half beside the private one (SEC1's publicKey, an RSA key's
 * modulus beside its exponent and primes) and libcrypto takes both as written: a file whose
 * halves disagree (a damaged or hand-edited key) would match its certificate and then make only
 * signatures the peer refuses, so every handshake would fail far from the cause. */
static bool lt_privkey_halves_match(EVP_PKEY *pkey, lt_key_type type)
{
    if (type == LT_KEY_RSA || type == LT_KEY_RSA_PSS) {
        int match = lt_rsa_halves_match(pkey);
        ERR_clear_error();
        if (match >= 0)
            return match == 1;
    }
    /* libcrypto's pairwise check recomputes one half from the other (EC: d*G; Ed25519: the
     * public key from the seed) */
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    bool match = ctx != NULL && EVP_PKEY_pairwise_check(ctx) == 1;
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return match;
}

/* libcrypto's PEM reader, given an "ENCRYPTED PRIVATE KEY" block whose body is a plain
 * PrivateKeyInfo, returns that key (fuzz_key found it). The label says the key is encrypted, and
 * latch reads no encrypted key: a text holding such a block is refused whatever its body is. */
static bool lt_pem_has_encrypted_key(const char *pem, size_t len)
{
    size_t pos = 0;
    lt_span label;
    while (lt_pem_label_next(pem, len, &pos, &label))
        if (lt_text_is(label, "ENCRYPTED PRIVATE KEY"))
            return true;
    return false;
}

int lt_privkey_from_pem(const char *pem, size_t len, lt_privkey **out)
{
    LT_TRY(lt_crypto_init());
    if (pem == NULL || out == NULL)
        return LT_ERR_INVALID_ARG;
    if (len > INT_MAX)
        return LT_ERR_LIMIT;
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL)
        return LT_ERR_NOMEM;
    /* libcrypto 3.0's PEM reader looks at the error queue to choose its path: with errors an
     * earlier failure left queued, a key after a certificate comes back as a legacy key (no
     * provider) that its PKCS#8 encoder does not take. The queue is emptied first, so what
     * is left after a failure is this read's reason (lt_crypto_last_error). */
    ERR_clear_error();
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, lt_pem_refuse_passphrase, NULL);
    BIO_free(bio);
    if (pkey == NULL)
        return LT_ERR_DECODE; /* an encrypted key too: libcrypto's queue says why */
    if (lt_pem_has_encrypted_key(pem, len)) {
        EVP_PKEY_free(pkey);
        return LT_ERR_DECODE;
    }
    lt_key_type type = LT_KEY_NONE;
    if (lt_pkey_classify(pkey, &type) == 0 && !lt_privkey_halves_match(pkey, type)) {
        EVP_PKEY_free(pkey);
        return LT_ERR_DECODE;
    }
    return lt_privkey_wrap(pkey, out);
}

int lt_privkey_from_pem_file(const char *path, lt_privkey **out)
{
    uint8_t *text = NULL;
    size_t text_len = 0;
    if (path == NULL || out == NULL)
        return LT_ERR_INVALID_ARG;
    int rc = lt_file_read(path, &text, &text_len);
    if (rc < 0)
        return rc;
    rc = lt_privkey_from_pem((const char *)text, text_len, out);
    lt_wipe(text, text_len);
    lt_free(text);
    return rc;
}

int lt_privkey_generate(lt_key_type type, unsigned bits, lt_privkey **out)
{
    EVP_PKEY *pkey = NULL;
    LT_TRY(lt_crypto_init());
    if (out == NULL)
        return LT_ERR_INVALID_ARG;
    switch (type) {
    case LT_KEY_EC_P256:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        break;
    case LT_KEY_EC_P384:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
        break;
    case LT_KEY_ED25519:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        break;
    case LT_KEY_RSA:
        /* The public exponent is libcrypto's default, 65537. */
        if (bits < 2048 || bits > 8192)
            return LT_ERR_INVALID_ARG;
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
        break;
    default:
        return LT_ERR_UNSUPPORTED;
    }
    if (pkey == NULL)
        return LT_ERR_CRYPTO;
    return lt_privkey_wrap(pkey, out);
}

void lt_privkey_free(lt_privkey *key)
{
    if (key == NULL)
        return;
    /* EVP_PKEY_free clears the private key material before freeing it (the contexts hold
     * references to it, so they go first). */
    lt_sigctx_table_free(key->sign_contexts);
    EVP_PKEY_free(key->pkey);
    lt_wipe(key, sizeof *key);
    lt_free(key);
}

lt_key_type lt_privkey_type(const lt_privkey *key)
{
    return key == NULL ? LT_KEY_NONE : key->type;
}

unsigned lt_privkey_bits(const lt_privkey *key)
{
    return key == NULL ? 0 : lt_pkey_type_bits(key->pkey, key->type);
}

int lt_privkey_spki(const lt_privkey *key, uint8_t **out, size_t *out_len)
{
    if (key == NULL || out == NULL || out_len == NULL)
        return LT_ERR_INVALID_ARG;
    int der_len = i2d_PUBKEY(key->pkey, NULL);
    if (der_len <= 0)
        return LT_ERR_CRYPTO;
    uint8_t *der = lt_malloc((size_t)der_len);
    if (der == NULL)
        return LT_ERR_NOMEM;
    unsigned char *at = der;
    if (i2d_PUBKEY(key->pkey, &at) != der_len) {
        lt_free(der);
        return LT_ERR_CRYPTO;
    }
    *out = der;
    *out_len = (size_t)der_len;
    return 0;
}

int lt_privkey_to_pem(const lt_privkey *key, char **out, size_t *out_len)
{
    char *text = NULL;
    BUF_MEM *mem = NULL;
    int rc = LT_ERR_CRYPTO;
    if (key == NULL || out == NULL || out_len == NULL)
        return LT_ERR_INVALID_ARG;
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL)
        return LT_ERR_NOMEM;
    /* With no cipher, PEM_write_bio_PrivateKey writes unencrypted PKCS#8 ("PRIVATE KEY"). */
    if (!PEM_write_bio_PrivateKey(bio, key->pkey, NULL, NULL, 0, NULL, NULL))
        goto out;
    BIO_get_mem_ptr(bio, &mem);
    if (mem == NULL || mem->length == 0)
        goto out;
    text = lt_malloc(mem->length + 1);
    if (text == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    memcpy(text, mem->data, mem->length);
    text[mem->length] = '\0';
    *out = text;
    *out_len = mem->length;
    rc = 0;
out:
    /* The BIO holds the private key in PEM: clear it before it goes back to the allocator. */
    if (mem != NULL)
        lt_wipe(mem->data, mem->max);
    BIO_set_close(bio, BIO_CLOSE);
    BIO_free(bio);
    return rc;
}

int lt_privkey_to_der(const lt_privkey *key, uint8_t **out, size_t *out_len)
{
    unsigned char *encoded = NULL;
    size_t encoded_len = 0;
    uint8_t *der = NULL;
    int rc = LT_ERR_CRYPTO;
    if (key == NULL || out == NULL || out_len == NULL)
        return LT_ERR_INVALID_ARG;
    /* "PrivateKeyInfo" asks the encoder for PKCS#8 whatever the key type: i2d_PrivateKey would
     * give an EC key as SEC1 ECPrivateKey, which a PKCS#12 key bag cannot carry */
    OSSL_ENCODER_CTX *ctx = OSSL_ENCODER_CTX_new_for_pkey(key->pkey, EVP_PKEY_KEYPAIR, "DER",
                                                          "PrivateKeyInfo", NULL);
    if (ctx == NULL || OSSL_ENCODER_CTX_get_num_encoders(ctx) == 0 ||
        !OSSL_ENCODER_to_data(ctx, &encoded, &encoded_len) || encoded_len == 0)
        goto out;
    der = lt_malloc(encoded_len);
    if (der == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    memcpy(der, encoded, encoded_len);
    *out = der;
    *out_len = encoded_len;
    rc = 0;
out:
    /* libcrypto's copy holds the private key: cleared before it goes back to its allocator */
    OPENSSL_clear_free(encoded, encoded_len);
    OSSL_ENCODER_CTX_free(ctx);
    return rc;
}

size_t lt_privkey_sig_max(const lt_privkey *key)
{
    if (key == NULL)
        return 0;
    int size = EVP_PKEY_get_size(key->pkey);
    return size > 0 ? (size_t)size : 0;
}

int lt_privkey_sign(const lt_privkey *key, lt_sig_alg alg, const uint8_t *msg, size_t msg_len,
                    uint8_t *sig, size_t *sig_len)
{
    LT_TRY(lt_crypto_init());
    if (key == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len != 0))
        return LT_ERR_INVALID_ARG;
    if (!lt_pkey_type_allows(key->pkey, key->type, alg))
        return LT_ERR_UNSUPPORTED;
    size_t sig_max = lt_privkey_sig_max(key);
    if (sig_max == 0)
        return LT_ERR_CRYPTO;
    if (*sig_len < sig_max)
        return LT_ERR_BUFFER;
    if (alg != LT_SIG_ED25519)
        return lt_pkey_sign_digest(key->sign_contexts, key->pkey, alg, msg, msg_len, sig, sig_len);
    EVP_MD_CTX *md_ctx = EVP_MD_CTX_new();
    if (md_ctx == NULL)
        return LT_ERR_NOMEM;
    size_t written = *sig_len;
    int rc = lt_pkey_sig_init(md_ctx, key->pkey, alg, true);
    if (rc < 0)
        goto out;
    if (EVP_DigestSign(md_ctx, sig, &written, msg, msg_len) != 1) {
        rc = LT_ERR_CRYPTO;
        goto out;
    }
    *sig_len = written;
out:
    EVP_MD_CTX_free(md_ctx);
    return rc;
}

EVP_PKEY *lt_privkey_evp(const lt_privkey *key)
{
    return key->pkey;
}
