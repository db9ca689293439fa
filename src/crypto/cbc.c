/* TLS 1.2 CBC records (see cbc.h): RFC 5246 §6.2.3.2 (MAC-then-encrypt, explicit IV),
 * RFC 7366 §3 (encrypt-then-MAC). The opening of a MAC-then-encrypt record is libcrypto's
 * constant-time TLS record code, reached through EVP parameters (EVP_CIPHER-AES(7): "tls-version",
 * "tls-mac-size", "tls-mac"; EVP_MAC-HMAC(7): "tls-data-size"); what latch does around it reads
 * the secret plaintext length only as data, never as a branch or an index, until the record is
 * authenticated (tests/ct/test_valgrind_ct.sh checks that). */
#include "crypto/cbc.h"

#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/params.h>

#include "base/alloc.h"
#include "base/ct.h"
#include "base/err.h"
#include "base/wipe.h"
#include "crypto/internal.h"
#include "crypto/rand.h"

struct lt_cbc {
    EVP_CIPHER_CTX *cipher;
    EVP_MAC_CTX *mac;
    size_t mac_len;
    int etm;
    int encrypting;
};

size_t lt_cbc_key_len(lt_cbc_id id)
{
    return id == LT_CBC_AES_128 ? 16 : id == LT_CBC_AES_256 ? 32 : 0;
}

size_t lt_cbc_mac_len(const lt_cbc *c)
{
    return c->mac_len;
}

int lt_cbc_etm(const lt_cbc *c)
{
    return c->etm;
}

size_t lt_cbc_max_expansion(const lt_cbc *c)
{
    return c->mac_len + LT_CBC_BLOCK_LEN;
}

void lt_cbc_free(lt_cbc *c)
{
    if (c == NULL)
        return;
    EVP_CIPHER_CTX_free(c->cipher); /* wipes the key schedule */
    EVP_MAC_CTX_free(c->mac);
    lt_free(c);
}

int lt_cbc_new(lt_cbc_id id, lt_hash_id mac, const uint8_t *key, const uint8_t *mac_key, int encrypt_then_mac,
               int encrypting, lt_cbc **out)
{
    static const uint8_t zero_iv[LT_CBC_BLOCK_LEN];
    unsigned int tls_version = 0x0303;
    size_t mac_len = lt_hash_len(mac);
    int rc = LT_ERR_CRYPTO;
    if (lt_crypto_init() < 0)
        return LT_ERR_CRYPTO;
    if (lt_cbc_key_len(id) == 0 || (mac != LT_HASH_SHA1 && mac != LT_HASH_SHA256 && mac != LT_HASH_SHA384) ||
        key == NULL || mac_key == NULL)
        return LT_ERR_INVALID_ARG;
    lt_cbc *c = lt_calloc(1, sizeof *c);
    if (c == NULL)
        return LT_ERR_NOMEM;
    c->mac_len = mac_len;
    c->etm = encrypt_then_mac != 0;
    c->encrypting = encrypting != 0;
    c->cipher = EVP_CIPHER_CTX_new();
    c->mac = EVP_MAC_CTX_new(lt_crypto_hmac());
    if (c->cipher == NULL || c->mac == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    /* opening MAC-then-encrypt: libcrypto's TLS record mode (the padding and the MAC found in
     * constant time); everything else: plain CBC, the padding ours */
    OSSL_PARAM tls[3] = { OSSL_PARAM_construct_uint(OSSL_CIPHER_PARAM_TLS_VERSION, &tls_version),
                          OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_TLS_MAC_SIZE, &mac_len),
                          OSSL_PARAM_construct_end() };
    int tls_mode = !c->encrypting && !c->etm;
    if (!EVP_CipherInit_ex2(c->cipher, lt_crypto_cbc_cipher(id), key, zero_iv, c->encrypting,
                            tls_mode ? tls : NULL))
        goto out;
    if (!tls_mode && !EVP_CIPHER_CTX_set_padding(c->cipher, 0))
        goto out;
    OSSL_PARAM digest[2] = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                                 (char *)EVP_MD_get0_name(lt_crypto_md(mac)), 0),
                             OSSL_PARAM_construct_end() };
    if (!EVP_MAC_init(c->mac, mac_key, mac_len, digest))
        goto out;
    *out = c;
    c = NULL;
    rc = 0;
out:
    lt_cbc_free(c);
    return rc;
}

static void lt_cbc_ad_length(uint8_t ad[LT_CBC_AD_LEN], size_t len)
{
    ad[11] = (uint8_t)(len >> 8);
    ad[12] = (uint8_t)len;
}

/* HMAC(ad || a || b) into out (mac_len bytes), on public lengths. */
static int lt_cbc_mac(lt_cbc *c, const uint8_t ad[LT_CBC_AD_LEN], const uint8_t *a, size_t a_len, uint8_t *out)
{
    size_t out_len = 0;
    if (!EVP_MAC_init(c->mac, NULL, 0, NULL) || !EVP_MAC_update(c->mac, ad, LT_CBC_AD_LEN) ||
        !EVP_MAC_update(c->mac, a, a_len) || !EVP_MAC_final(c->mac, out, &out_len, c->mac_len) ||
        out_len != c->mac_len)
        return LT_ERR_CRYPTO;
    return 0;
}

/* CBC over fragment[LT_CBC_BLOCK_LEN .. + len) in place, under the IV at fragment. */
static int lt_cbc_crypt(lt_cbc *c, uint8_t *fragment, size_t len)
{
    int n = 0;
    if (len > INT_MAX || !EVP_CipherInit_ex2(c->cipher, NULL, NULL, fragment, c->encrypting, NULL) ||
        !EVP_CipherUpdate(c->cipher, fragment + LT_CBC_BLOCK_LEN, &n, fragment + LT_CBC_BLOCK_LEN, (int)len) ||
        (size_t)n != len)
        return LT_ERR_CRYPTO;
    return 0;
}

int lt_cbc_seal(lt_cbc *c, uint8_t ad[LT_CBC_AD_LEN], uint8_t *fragment, size_t len, size_t cap,
                size_t *fragment_len)
{
    uint8_t *plain = fragment + LT_CBC_BLOCK_LEN;
    size_t mac_inside = c->etm ? 0 : c->mac_len;
    /* padding_length + 1 bytes of padding_length (§6.2.3.2): the fewest that fill the block */
    size_t padded = (len + mac_inside + 1 + LT_CBC_BLOCK_LEN - 1) & ~(size_t)(LT_CBC_BLOCK_LEN - 1);
    size_t pad = padded - len - mac_inside - 1;
    size_t total = LT_CBC_BLOCK_LEN + padded + (c->etm ? c->mac_len : 0);
    if (!c->encrypting)
        return LT_ERR_INVALID_ARG;
    if (total > cap)
        return LT_ERR_BUFFER;
    if (!c->etm) {
        lt_cbc_ad_length(ad, len);
        LT_TRY(lt_cbc_mac(c, ad, plain, len, plain + len));
    }
    memset(plain + len + mac_inside, (int)pad, pad + 1);
    /* a fresh unpredictable IV per record (§6.2.3.2): the chaining of TLS 1.0 was BEAST */
    LT_TRY(lt_random(fragment, LT_CBC_BLOCK_LEN));
    LT_TRY(lt_cbc_crypt(c, fragment, padded));
    if (c->etm) { /* RFC 7366 §3: the MAC covers the IV and the ciphertext */
        lt_cbc_ad_length(ad, LT_CBC_BLOCK_LEN + padded);
        LT_TRY(lt_cbc_mac(c, ad, fragment, LT_CBC_BLOCK_LEN + padded, fragment + LT_CBC_BLOCK_LEN + padded));
    }
    *fragment_len = total;
    return 0;
}

/* RFC 7366: the MAC first, over public bytes; only an authentic record is decrypted, so its
 * padding is no oracle and may be checked plainly. */
static int lt_cbc_open_etm(lt_cbc *c, uint8_t ad[LT_CBC_AD_LEN], uint8_t *fragment, size_t len, size_t *plain_len)
{
    uint8_t computed[LT_CBC_MAX_MAC_LEN];
    if (len < 2 * LT_CBC_BLOCK_LEN + c->mac_len || (len - c->mac_len) % LT_CBC_BLOCK_LEN != 0)
        return LT_ERR_VERIFY;
    size_t sealed = len - c->mac_len; /* IV || ciphertext */
    lt_cbc_ad_length(ad, sealed);
    LT_TRY(lt_cbc_mac(c, ad, fragment, sealed, computed));
    if (!lt_ct_eq(computed, fragment + sealed, c->mac_len))
        return LT_ERR_VERIFY;
    LT_TRY(lt_cbc_crypt(c, fragment, sealed - LT_CBC_BLOCK_LEN));
    size_t pad = fragment[sealed - 1];
    if (pad + 1 > sealed - LT_CBC_BLOCK_LEN)
        return LT_ERR_VERIFY;
    uint8_t bad = 0;
    for (size_t i = 0; i <= pad; i++)
        bad |= (uint8_t)(fragment[sealed - 1 - i] ^ pad);
    if (bad != 0)
        return LT_ERR_VERIFY;
    *plain_len = sealed - LT_CBC_BLOCK_LEN - pad - 1;
    return 0;
}

int lt_cbc_open(lt_cbc *c, uint8_t ad[LT_CBC_AD_LEN], uint8_t *fragment, size_t len, size_t *plain_len)
{
    uint8_t computed[LT_CBC_MAX_MAC_LEN];
    uint8_t *record_mac = NULL;
    size_t computed_len = 0;
    int outl = 0;
    if (c->encrypting)
        return LT_ERR_INVALID_ARG;
    if (c->etm)
        return lt_cbc_open_etm(c, ad, fragment, len, plain_len);
    /* lengths no record can have are refused on the public length alone */
    size_t shortest = LT_CBC_BLOCK_LEN + ((c->mac_len + 1 + LT_CBC_BLOCK_LEN - 1) & ~(size_t)(LT_CBC_BLOCK_LEN - 1));
    if (len < shortest || len % LT_CBC_BLOCK_LEN != 0 || len > INT_MAX)
        return LT_ERR_VERIFY;
    /* libcrypto decrypts, drops the IV, checks the padding and copies the MAC out in constant
     * time; outl, the plaintext length, is secret until the MAC matches (a bad padding gives a
     * length and a random MAC that cannot match) */
    size_t data_bound = len - LT_CBC_BLOCK_LEN; /* public: plaintext, MAC and padding */
    OSSL_PARAM get[2] = { OSSL_PARAM_construct_octet_ptr(OSSL_CIPHER_PARAM_TLS_MAC, (void **)&record_mac, c->mac_len),
                          OSSL_PARAM_construct_end() };
    OSSL_PARAM bound[2] = { OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_TLS_DATA_SIZE, &data_bound),
                            OSSL_PARAM_construct_end() };
    static const uint8_t zero_iv[LT_CBC_BLOCK_LEN]; /* (the first block, the record's IV, is dropped) */
    int ok = EVP_CipherInit_ex2(c->cipher, NULL, NULL, zero_iv, 0, NULL) &&
             EVP_CipherUpdate(c->cipher, fragment, &outl, fragment, (int)len) &&
             EVP_CIPHER_CTX_get_params(c->cipher, get) && record_mac != NULL;
    size_t secret_len = (size_t)outl;
    lt_cbc_ad_length(ad, secret_len);
    /* the MAC over a secret length in a constant number of compression rounds: libcrypto's
     * ssl3_cbc_digest_record behind "tls-data-size" (the header first, then the data). Its
     * context takes the header once in its life, so each record needs a fresh copy of the
     * keyed one (as libssl does it): the one allocation per record of this path */
    EVP_MAC_CTX *mac = ok ? EVP_MAC_CTX_dup(c->mac) : NULL;
    ok = mac != NULL && EVP_MAC_init(mac, NULL, 0, bound) && EVP_MAC_update(mac, ad, LT_CBC_AD_LEN) &&
         EVP_MAC_update(mac, fragment + LT_CBC_BLOCK_LEN, secret_len) &&
         EVP_MAC_final(mac, computed, &computed_len, sizeof computed) && computed_len == c->mac_len;
    EVP_MAC_CTX_free(mac);
    int good = ok && lt_ct_eq(computed, record_mac, c->mac_len);
    /* the verdict is what the peer learns anyway, and an authentic record's length is public */
    LT_CT_PUBLIC(&good, sizeof good);
    lt_wipe(computed, sizeof computed);
    if (!good) {
        lt_wipe(fragment, len); /* no unauthenticated plaintext stays behind */
        return LT_ERR_VERIFY;
    }
    LT_CT_PUBLIC(&secret_len, sizeof secret_len);
    *plain_len = secret_len;
    return 0;
}
