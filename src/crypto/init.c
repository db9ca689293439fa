/* The table of pre-fetched EVP objects. OpenSSL 3 takes a global lock on every fetch, so
 * lt_crypto_init() fetches each digest (SHA-1, SHA-256/384/512, FIPS 180-4; SHA3-256/512 and
 * SHAKE128/256, FIPS 202, for ML-KEM), the record AEADs
 * (AES-GCM, ChaCha20-Poly1305), TLS 1.2's CBC ciphers (AES-128/256-CBC) and HMAC exactly once per
 * process under pthread_once. Also turns
 * libcrypto's error queue into text for messages. */
#include "crypto/internal.h"

#include <pthread.h>

#include <openssl/err.h>

#include "base/err.h"

#define LT_HASH_SLOTS (LT_HASH_SHA512 + 1)
#define LT_AEAD_SLOTS (LT_AEAD_CHACHA20_POLY1305 + 1)
#define LT_CBC_SLOTS (LT_CBC_AES_256 + 1)

static struct {
    EVP_MD *md[LT_HASH_SLOTS];
    EVP_CIPHER *cipher[LT_AEAD_SLOTS];
    EVP_CIPHER *cbc[LT_CBC_SLOTS];
    EVP_MD *sha3[LT_SHA3_SLOTS];
    EVP_MAC *hmac;
    int status;
} lt_crypto_table;

static pthread_once_t lt_crypto_once = PTHREAD_ONCE_INIT;

static const char *const lt_crypto_md_fetch_names[LT_HASH_SLOTS] = {
    NULL, "SHA1", "SHA2-256", "SHA2-384", "SHA2-512",
};

/* SHA-3 and SHAKE, for ML-KEM (FIPS 203 §4.1) */
static const char *const lt_crypto_sha3_fetch_names[LT_SHA3_SLOTS] = {
    "SHA3-256", "SHA3-512", "SHAKE-128", "SHAKE-256",
};

static const char *const lt_crypto_cipher_fetch_names[LT_AEAD_SLOTS] = {
    NULL, "AES-128-GCM", "AES-256-GCM", "ChaCha20-Poly1305",
};

static const char *const lt_crypto_cbc_fetch_names[LT_CBC_SLOTS] = {
    NULL, "AES-128-CBC", "AES-256-CBC",
};

static void lt_crypto_fetch_all(void)
{
    lt_crypto_table.status = LT_ERR_CRYPTO;
    for (int id = LT_HASH_SHA1; id < LT_HASH_SLOTS; id++) {
        lt_crypto_table.md[id] = EVP_MD_fetch(NULL, lt_crypto_md_fetch_names[id], NULL);
        if (lt_crypto_table.md[id] == NULL)
            return;
    }
    for (int id = LT_SHA3_256; id < LT_SHA3_SLOTS; id++) {
        lt_crypto_table.sha3[id] = EVP_MD_fetch(NULL, lt_crypto_sha3_fetch_names[id], NULL);
        if (lt_crypto_table.sha3[id] == NULL)
            return;
    }
    for (int id = LT_AEAD_AES_128_GCM; id < LT_AEAD_SLOTS; id++) {
        lt_crypto_table.cipher[id] = EVP_CIPHER_fetch(NULL, lt_crypto_cipher_fetch_names[id], NULL);
        if (lt_crypto_table.cipher[id] == NULL)
            return;
    }
    for (int id = LT_CBC_AES_128; id < LT_CBC_SLOTS; id++) {
        lt_crypto_table.cbc[id] = EVP_CIPHER_fetch(NULL, lt_crypto_cbc_fetch_names[id], NULL);
        if (lt_crypto_table.cbc[id] == NULL)
            return;
    }
    lt_crypto_table.hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (lt_crypto_table.hmac == NULL)
        return;
    lt_crypto_table.status = 0;
}

int lt_crypto_init(void)
{
    if (pthread_once(&lt_crypto_once, lt_crypto_fetch_all) != 0)
        return LT_ERR_CRYPTO;
    return lt_crypto_table.status;
}

const EVP_MD *lt_crypto_md(lt_hash_id id)
{
    if (id <= LT_HASH_NONE || id > LT_HASH_SHA512)
        return NULL;
    return lt_crypto_table.md[id];
}

const EVP_MD *lt_crypto_sha3(lt_sha3_id id)
{
    if ((int)id < LT_SHA3_256 || id > LT_SHAKE256)
        return NULL;
    return lt_crypto_table.sha3[id];
}

const EVP_CIPHER *lt_crypto_cipher(lt_aead_id id)
{
    if (id <= LT_AEAD_NONE || id > LT_AEAD_CHACHA20_POLY1305)
        return NULL;
    return lt_crypto_table.cipher[id];
}

const EVP_CIPHER *lt_crypto_cbc_cipher(lt_cbc_id id)
{
    if (id <= LT_CBC_NONE || id > LT_CBC_AES_256)
        return NULL;
    return lt_crypto_table.cbc[id];
}

EVP_MAC *lt_crypto_hmac(void)
{
    return lt_crypto_table.hmac;
}

const char *lt_crypto_last_error(char *buf, size_t cap)
{
    unsigned long code = ERR_get_error();
    if (buf == NULL || cap == 0) {
        ERR_clear_error();
        return "";
    }
    buf[0] = '\0';
    if (code != 0)
        ERR_error_string_n(code, buf, cap);
    ERR_clear_error();
    return buf;
}
