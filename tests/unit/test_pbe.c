/* Unit tests for src/crypto/pbe.c: PBKDF2-HMAC-SHA256 against RFC 7914 §11's vectors, the PKCS#12
 * KDF (RFC 7292 Appendix B.2) against values from an independent implementation of B.2 (a short
 * Python script written from the RFC's steps, not libcrypto), and AES-256-CBC against
 * NIST SP 800-38A F.2.5 plus the PKCS#7 padding block, decrypted back with libcrypto. */
#include "lt_test.h"

#include <stdint.h>

#include <openssl/evp.h>

#include "base/err.h"
#include "crypto/pbe.h"

/* "changeit" as RFC 7292 B.1 formats it: UCS-2 big-endian, then two zero bytes. */
static const uint8_t changeit_bmp[] = { 0, 'c', 0, 'h', 0, 'a', 0, 'n', 0, 'g', 0, 'e',
                                        0, 'i', 0, 't', 0, 0 };
static const uint8_t salt_0_to_15[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static void test_pbkdf2_sha256_matches_rfc7914_vectors(void)
{
    uint8_t want[64], got[64];
    lt_test_unhex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                  "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783", want, 64);
    LT_CHECK_INT(lt_pbkdf2(LT_HASH_SHA256, "passwd", 6, (const uint8_t *)"salt", 4, 1, got, 64), 0);
    LT_CHECK_MEM(got, want, 64);
    lt_test_unhex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                  "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d", want, 64);
    LT_CHECK_INT(lt_pbkdf2(LT_HASH_SHA256, "Password", 8, (const uint8_t *)"NaCl", 4, 80000, got, 64), 0);
    LT_CHECK_MEM(got, want, 64);
}

static void test_pkcs12_kdf_mac_and_key_purposes(void)
{
    uint8_t want[40], got[40];
    lt_test_unhex("28bc2bdc8fed903ab2805785ab9c166a41ed0222c6ad38b25876476bd45af4e7", want, 32);
    LT_CHECK_INT(lt_pkcs12_kdf(LT_HASH_SHA256, LT_PKCS12_KDF_MAC, changeit_bmp, sizeof changeit_bmp,
                               salt_0_to_15, 16, 2048, got, 32), 0);
    LT_CHECK_MEM(got, want, 32);
    /* 40 bytes is more than one SHA-256 output: B.2 steps 6B-6C feed the second block */
    lt_test_unhex("0c077afe6eb93bc854aa148f829461784bb9339abfddf33617bbcac3fee6e955"
                  "ca764c4453fa2814", want, 40);
    LT_CHECK_INT(lt_pkcs12_kdf(LT_HASH_SHA256, LT_PKCS12_KDF_KEY, changeit_bmp, sizeof changeit_bmp,
                               salt_0_to_15, 16, 1, got, 40), 0);
    LT_CHECK_MEM(got, want, 40);
}

static void test_kdfs_refuse_bad_arguments(void)
{
    uint8_t out[32];
    LT_CHECK_INT(lt_pbkdf2(LT_HASH_SHA256, "p", 1, salt_0_to_15, 16, 0, out, 32), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_pbkdf2(LT_HASH_NONE, "p", 1, salt_0_to_15, 16, 1, out, 32), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_pkcs12_kdf(LT_HASH_SHA256, (lt_pkcs12_kdf_purpose)4, changeit_bmp,
                               sizeof changeit_bmp, salt_0_to_15, 16, 1, out, 32), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_pkcs12_kdf(LT_HASH_SHA256, LT_PKCS12_KDF_MAC, changeit_bmp, sizeof changeit_bmp,
                               salt_0_to_15, 16, 1, NULL, 32), LT_ERR_INVALID_ARG);
}

static void test_aes256_cbc_matches_sp800_38a_and_pads(void)
{
    uint8_t key[32], iv[16], plain[32], want[32], out[48], back[48];
    size_t out_len = 0;
    lt_test_unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", key, 32);
    lt_test_unhex("000102030405060708090a0b0c0d0e0f", iv, 16);
    lt_test_unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51", plain, 32);
    lt_test_unhex("f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d", want, 32);
    LT_CHECK_INT(lt_aes256_cbc_encrypt(key, iv, plain, 32, out, &out_len), 0);
    /* whole blocks still get a block of padding (sixteen 0x10 bytes) */
    LT_CHECK_INT(out_len, 48);
    LT_CHECK_MEM(out, want, 32);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0, tail = 0;
    LT_CHECK(EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv) == 1);
    LT_CHECK(EVP_CIPHER_CTX_set_padding(ctx, 0) == 1);
    LT_CHECK(EVP_DecryptUpdate(ctx, back, &n, out, 48) == 1 && EVP_DecryptFinal_ex(ctx, back + n, &tail) == 1);
    LT_CHECK_INT(n + tail, 48);
    LT_CHECK_MEM(back, plain, 32);
    LT_CHECK_MEM(back + 32, "\x10\x10\x10\x10\x10\x10\x10\x10\x10\x10\x10\x10\x10\x10\x10\x10", 16);
    EVP_CIPHER_CTX_free(ctx);
    LT_CHECK_INT(lt_aes256_cbc_encrypt(key, iv, plain, 5, out, &out_len), 0);
    LT_CHECK_INT(out_len, 16);
    LT_CHECK_INT(lt_aes_cbc_padded_len(0), 16);
    LT_CHECK_INT(lt_aes_cbc_padded_len(17), 32);
}

int main(void)
{
    LT_RUN(test_pbkdf2_sha256_matches_rfc7914_vectors);
    LT_RUN(test_pkcs12_kdf_mac_and_key_purposes);
    LT_RUN(test_kdfs_refuse_bad_arguments);
    LT_RUN(test_aes256_cbc_matches_sp800_38a_and_pads);
    return lt_test_summary();
}
