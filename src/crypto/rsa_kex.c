/* The RSA key exchange's pre-master secret (see rsa_kex.h). */
#include "crypto/rsa_kex.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rsa.h>

#include "base/alloc.h"
#include "base/ct.h"
#include "base/err.h"
#include "base/wipe.h"
#include "crypto/internal.h"
#include "crypto/rand.h"

#define LT_RSA_MAX_BYTES 1024 /* 8192-bit keys */

static int lt_rsa_public_op(const lt_pubkey *key, int padding, const uint8_t *in, size_t len,
                            uint8_t *out, size_t cap, size_t *out_len)
{
    EVP_PKEY_CTX *ctx = NULL;
    int rc = LT_ERR_CRYPTO;
    if (key == NULL || in == NULL || out == NULL || out_len == NULL)
        return LT_ERR_INVALID_ARG;
    if (lt_pubkey_type(key) != LT_KEY_RSA)
        return LT_ERR_UNSUPPORTED;
    if (cap < (size_t)EVP_PKEY_get_size(lt_pubkey_evp(key)))
        return LT_ERR_BUFFER;
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, lt_pubkey_evp(key), NULL);
    size_t n = cap;
    if (ctx != NULL && EVP_PKEY_encrypt_init(ctx) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(ctx, padding) == 1 &&
        EVP_PKEY_encrypt(ctx, out, &n, in, len) == 1) {
        *out_len = n;
        rc = 0;
    }
    EVP_PKEY_CTX_free(ctx);
    return rc;
}

int lt_rsa_kex_encrypt(const lt_pubkey *key, const uint8_t pms[LT_PMS_LEN], uint8_t *out, size_t cap,
                       size_t *out_len)
{
    return lt_rsa_public_op(key, RSA_PKCS1_PADDING, pms, LT_PMS_LEN, out, cap, out_len);
}

int lt_rsa_raw_public(const lt_pubkey *key, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                      size_t *out_len)
{
    return lt_rsa_public_op(key, RSA_NO_PADDING, in, len, out, cap, out_len);
}

void lt_rsa_pms_select(const uint8_t *em, size_t k, uint16_t client_version,
                       const uint8_t fallback[LT_PMS_LEN], uint8_t pms[LT_PMS_LEN])
{
    /* a block too short for 8 padding bytes can never be good (k is public: a plain branch) */
    if (k < LT_PMS_LEN + 11) {
        memcpy(pms, fallback, LT_PMS_LEN);
        return;
    }
    /* good stays all ones while every check passes; each check folds in with AND, over every
     * byte, whatever the earlier results */
    uint32_t good = lt_ct_eq_mask(em[0], 0x00) & lt_ct_eq_mask(em[1], 0x02);
    size_t sep = k - LT_PMS_LEN - 1; /* where the zero separator must be */
    for (size_t i = 2; i < sep; i++)
        good &= ~lt_ct_is_zero_mask(em[i]); /* the padding string has no zero byte */
    good &= lt_ct_eq_mask(em[sep], 0x00);
    good &= lt_ct_eq_mask(em[sep + 1], (uint32_t)(client_version >> 8));
    good &= lt_ct_eq_mask(em[sep + 2], (uint32_t)(client_version & 0xff));
    lt_ct_select((uint8_t)good, em + sep + 1, fallback, pms, LT_PMS_LEN);
}

int lt_rsa_kex_decrypt(const lt_privkey *key, const uint8_t *ct, size_t ct_len, uint16_t client_version,
                       uint8_t pms[LT_PMS_LEN])
{
    uint8_t fallback[LT_PMS_LEN];
    uint8_t *em = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    size_t k = 0;
    int rc;
    if (key == NULL || (ct == NULL && ct_len > 0) || pms == NULL)
        return LT_ERR_INVALID_ARG;
    if (lt_privkey_type(key) != LT_KEY_RSA)
        return LT_ERR_UNSUPPORTED;
    /* the fallback exists before anything about the ciphertext is known (§7.4.7.1) */
    rc = lt_random(fallback, sizeof fallback);
    if (rc < 0)
        goto out;
    memcpy(pms, fallback, LT_PMS_LEN);
    k = (size_t)EVP_PKEY_get_size(lt_privkey_evp(key));
    /* a ciphertext of the wrong length (public) cannot be right: the fallback it is */
    if (ct_len != k || k < LT_PMS_LEN + 11 || k > LT_RSA_MAX_BYTES)
        goto out;
    em = lt_malloc(k);
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, lt_privkey_evp(key), NULL);
    if (em == NULL || ctx == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    size_t em_len = k;
    /* raw RSA: no padding check inside libcrypto that could fail early; a ciphertext >= n is
     * refused by libcrypto, a fact about the public value only */
    if (EVP_PKEY_decrypt_init(ctx) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) != 1 ||
        EVP_PKEY_decrypt(ctx, em, &em_len, ct, ct_len) != 1 || em_len != k)
        goto out;
    lt_rsa_pms_select(em, k, client_version, fallback, pms);
out:
    if (em != NULL) {
        lt_wipe(em, k);
        lt_free(em);
    }
    lt_wipe(fallback, sizeof fallback);
    EVP_PKEY_CTX_free(ctx);
    return rc;
}
