/* Password-based cryptography (see pbe.h): PBKDF2 (RFC 8018 §5.2) and the PKCS#12 KDF
 * (RFC 7292 Appendix B.2) through libcrypto's EVP_KDF "PBKDF2" and "PKCS12KDF", AES-256-CBC
 * with PKCS#7 padding through EVP_CIPHER. The three are fetched once per process, on first use
 * rather than in lt_crypto_init(): a TLS connection never needs them, and a libcrypto without
 * one of them must not keep TLS from starting. */
#include "crypto/pbe.h"

#include <limits.h>
#include <pthread.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include "base/err.h"
#include "crypto/internal.h"

static struct {
    EVP_KDF *pbkdf2;
    EVP_KDF *pkcs12_kdf;
    EVP_CIPHER *aes256_cbc;
    int init_status;
} lt_pbe_table;

static pthread_once_t lt_pbe_once = PTHREAD_ONCE_INIT;

static void lt_pbe_fetch_all(void)
{
    lt_pbe_table.init_status = lt_crypto_init();
    /* each may be missing alone: the functions that need it say LT_ERR_UNSUPPORTED */
    lt_pbe_table.pbkdf2 = EVP_KDF_fetch(NULL, "PBKDF2", NULL);
    lt_pbe_table.pkcs12_kdf = EVP_KDF_fetch(NULL, "PKCS12KDF", NULL);
    lt_pbe_table.aes256_cbc = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
}

static int lt_pbe_init(void)
{
    if (pthread_once(&lt_pbe_once, lt_pbe_fetch_all) != 0)
        return LT_ERR_CRYPTO;
    return lt_pbe_table.init_status;
}

/* Derives out_len bytes with kdf and params (ending with OSSL_PARAM_END). */
static int lt_pbe_derive(EVP_KDF *kdf, const OSSL_PARAM *params, uint8_t *out, size_t out_len)
{
    if (kdf == NULL)
        return LT_ERR_UNSUPPORTED;
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    if (ctx == NULL)
        return LT_ERR_NOMEM;
    int rc = EVP_KDF_derive(ctx, out, out_len, params) == 1 ? 0 : LT_ERR_CRYPTO;
    EVP_KDF_CTX_free(ctx); /* libcrypto cleanses the password and state it copied */
    return rc;
}

/* The checks both KDFs share; the digest's name for libcrypto in *md_name. */
static int lt_pbe_check(lt_hash_id hash, const void *password, size_t password_len,
                        const uint8_t *salt, size_t salt_len, uint32_t iterations,
                        const uint8_t *out, size_t out_len, const char **md_name)
{
    LT_TRY(lt_pbe_init());
    const EVP_MD *md = lt_crypto_md(hash);
    if (md == NULL || (password == NULL && password_len != 0) || (salt == NULL && salt_len != 0) ||
        iterations == 0 || out == NULL || out_len == 0)
        return LT_ERR_INVALID_ARG;
    *md_name = EVP_MD_get0_name(md);
    return *md_name != NULL ? 0 : LT_ERR_CRYPTO;
}

int lt_pbkdf2(lt_hash_id prf, const void *password, size_t password_len, const uint8_t *salt,
              size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
    const char *md_name = NULL;
    LT_TRY(lt_pbe_check(prf, password, password_len, salt, salt_len, iterations, out, out_len,
                        &md_name));
    /* pkcs5 = 1: RFC 8018 as written; SP 800-132's lower bounds on salt and output length are
     * the caller's choice to meet (a PFX does), not a refusal of valid test vectors */
    int pkcs5 = 1;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)password, password_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_ITER, &iterations),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)md_name, 0),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
        OSSL_PARAM_construct_end(),
    };
    return lt_pbe_derive(lt_pbe_table.pbkdf2, params, out, out_len);
}

int lt_pkcs12_kdf(lt_hash_id hash, lt_pkcs12_kdf_purpose purpose, const uint8_t *password,
                  size_t password_len, const uint8_t *salt, size_t salt_len, uint32_t iterations,
                  uint8_t *out, size_t out_len)
{
    const char *md_name = NULL;
    LT_TRY(lt_pbe_check(hash, password, password_len, salt, salt_len, iterations, out, out_len,
                        &md_name));
    if (purpose != LT_PKCS12_KDF_KEY && purpose != LT_PKCS12_KDF_IV &&
        purpose != LT_PKCS12_KDF_MAC)
        return LT_ERR_INVALID_ARG;
    int id = (int)purpose;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)password, password_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_ITER, &iterations),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)md_name, 0),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS12_ID, &id),
        OSSL_PARAM_construct_end(),
    };
    return lt_pbe_derive(lt_pbe_table.pkcs12_kdf, params, out, out_len);
}

int lt_aes256_cbc_encrypt(const uint8_t key[LT_AES256_KEY_LEN], const uint8_t iv[LT_AES_BLOCK_LEN],
                          const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
    LT_TRY(lt_pbe_init());
    if (key == NULL || iv == NULL || (in == NULL && len != 0) || out == NULL || out_len == NULL ||
        len > (size_t)INT_MAX - LT_AES_BLOCK_LEN)
        return LT_ERR_INVALID_ARG;
    if (lt_pbe_table.aes256_cbc == NULL)
        return LT_ERR_UNSUPPORTED;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL)
        return LT_ERR_NOMEM;
    int body = 0, tail = 0, rc = LT_ERR_CRYPTO;
    /* EVP's block ciphers pad with PKCS#7 unless told not to: the padding RFC 8018 §B.2.5 asks */
    if (EVP_EncryptInit_ex2(ctx, lt_pbe_table.aes256_cbc, key, iv, NULL) == 1 &&
        (len == 0 || EVP_EncryptUpdate(ctx, out, &body, in, (int)len) == 1) &&
        EVP_EncryptFinal_ex(ctx, out + body, &tail) == 1 &&
        (size_t)body + (size_t)tail == lt_aes_cbc_padded_len(len)) {
        *out_len = (size_t)body + (size_t)tail;
        rc = 0;
    }
    EVP_CIPHER_CTX_free(ctx); /* clears the key schedule */
    return rc;
}
