/* libFuzzer harness: private-key loading, every way latch reads a key (src/crypto/privkey.c,
 * src/api/config.c): lt_privkey_from_pem and latch_config_add_identity_pem. The first byte
 * picks the form; the rest is either PEM text as a file holds it, or the DER of one encoding
 * that the harness wraps in its armor (so that mutations reach the DER, not the base64):
 * PKCS#8 "PRIVATE KEY" (RFC 5958), SEC1 "EC PRIVATE KEY" (RFC 5915), PKCS#1 "RSA PRIVATE KEY"
 * (RFC 8017 A.1.2), PKCS#8 "ENCRYPTED PRIVATE KEY" and a traditional encrypted PEM (both must be
 * refused: latch never asks for a passphrase).
 *
 * A key taken must be whole: its public half parses as the SubjectPublicKeyInfo latch exports,
 * with the same type and size; it writes back to PKCS#8 PEM and DER that read back to the same
 * public key; and a signature it makes verifies under its public half (checked with libcrypto
 * directly, since the fuzzing build's own verifier lets every signature through).
 *
 * Differential: an unencrypted DER also goes to libcrypto's decoder of that one encoding
 * (d2i_PKCS8_PRIV_KEY_INFO, or OSSL_DECODER asked for the EC or RSA "type-specific" structure);
 * a key latch takes, libcrypto
 * must read with the same public key, and what libcrypto reads latch must take unless the
 * difference is on the list in deliberate() (docs/fuzzing.md). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_dispatch.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "base/err.h"
#include "crypto/internal.h"
#include "crypto/pkey.h"
#include "latch.h"

#ifndef LT_FUZZ_PKI
#define LT_FUZZ_PKI "tests/vectors/pki/"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How the input's bytes reach latch (the first byte, low three bits). */
enum key_form {
    FORM_PEM_TEXT = 0,      /* the bytes are the file */
    FORM_PKCS8 = 1,         /* DER PrivateKeyInfo / OneAsymmetricKey */
    FORM_SEC1 = 2,          /* DER ECPrivateKey */
    FORM_PKCS1 = 3,         /* DER RSAPrivateKey */
    FORM_PKCS8_ENCRYPTED = 4, /* DER EncryptedPrivateKeyInfo: must be refused */
    FORM_PEM_ENCRYPTED = 5, /* traditional PEM with Proc-Type 4,ENCRYPTED: must be refused */
    FORM_COUNT = 6,
};

static const char *const form_label[FORM_COUNT] = {
    NULL, "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY",
};

/* The chain latch_config_add_identity_pem gets with the key (0x08 of the first byte). */
static char *identity_chain;
static size_t identity_chain_len;

static void fail(const char *why)
{
    fprintf(stderr, "fuzz_key: %s\n", why);
    abort();
}

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *text = malloc(1 << 16);
    size_t n = text != NULL ? fread(text, 1, 1 << 16, f) : 0;
    fclose(f);
    *len = n;
    return text;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    identity_chain = read_whole(LT_FUZZ_PKI "p256.pem", &identity_chain_len);
    if (identity_chain == NULL || identity_chain_len == 0)
        fail("cannot read the identity chain (LT_FUZZ_PKI)");
    return 0;
}

/* PEM armor around der, base64 in 64-column lines (RFC 7468 §2); NUL-terminated, malloc'd. */
static char *armor(const char *label, const char *headers, const uint8_t *der, size_t len, size_t *out_len)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t cap = 2 * strlen(label) + strlen(headers) + 64 + (len + 2) / 3 * 4 + len / 48 + 2;
    char *text = malloc(cap);
    if (text == NULL)
        return NULL;
    size_t at = (size_t)snprintf(text, cap, "-----BEGIN %s-----\n%s", label, headers);
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)der[i] << 16 | (i + 1 < len ? (uint32_t)der[i + 1] << 8 : 0) |
                     (i + 2 < len ? der[i + 2] : 0);
        text[at++] = b64[v >> 18 & 63];
        text[at++] = b64[v >> 12 & 63];
        text[at++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
        text[at++] = i + 2 < len ? b64[v & 63] : '=';
        if ((i / 3 + 1) % 16 == 0 || i + 3 >= len)
            text[at++] = '\n';
    }
    at += (size_t)snprintf(text + at, cap - at, "-----END %s-----\n", label);
    *out_len = at;
    return text;
}

/* The DER SubjectPublicKeyInfo of a libcrypto key; malloc'd. */
static uint8_t *evp_spki(EVP_PKEY *pkey, size_t *len)
{
    int n = i2d_PUBKEY(pkey, NULL);
    if (n <= 0)
        return NULL;
    uint8_t *der = malloc((size_t)n), *at = der;
    if (der == NULL || i2d_PUBKEY(pkey, &at) != n) {
        free(der);
        return NULL;
    }
    *len = (size_t)n;
    return der;
}

/* libcrypto's reading of the one encoding the form names; NULL when it refuses. */
static EVP_PKEY *libcrypto_read(enum key_form form, const uint8_t *der, size_t len)
{
    const unsigned char *at = der;
    EVP_PKEY *pkey = NULL;
    switch (form) {
    case FORM_PKCS8: {
        PKCS8_PRIV_KEY_INFO *info = d2i_PKCS8_PRIV_KEY_INFO(NULL, &at, (long)len);
        if (info != NULL)
            pkey = EVP_PKCS82PKEY(info);
        PKCS8_PRIV_KEY_INFO_free(info);
        break;
    }
    case FORM_SEC1:
    case FORM_PKCS1: {
        /* "type-specific" is the key type's own structure: ECPrivateKey (SEC1), RSAPrivateKey */
        OSSL_DECODER_CTX *ctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "DER", "type-specific",
                                                              form == FORM_SEC1 ? "EC" : "RSA",
                                                              OSSL_KEYMGMT_SELECT_KEYPAIR, NULL, NULL);
        if (ctx != NULL && !OSSL_DECODER_from_data(ctx, &at, &len)) {
            EVP_PKEY_free(pkey);
            pkey = NULL;
        }
        OSSL_DECODER_CTX_free(ctx);
        break;
    }
    default:
        break;
    }
    return pkey;
}

/* The differences latch keeps on purpose (docs/fuzzing.md, fuzz_key's strictness list): latch
 * refused with rc what libcrypto read as pkey. */
static int deliberate(int rc, EVP_PKEY *pkey)
{
    /* a key type or curve latch signs with in no TLS version: DSA, X25519, X448, Ed448, DH,
     * curves other than P-256 and P-384 (RFC 8446 §4.2.3's schemes, RFC 5246's ECDSA on them),
     * and an RSA-PSS key whose parameters allow no rsa_pss_pss_* scheme (salt = hash length,
     * MGF1 on the same hash) */
    if (rc == LT_ERR_UNSUPPORTED) {
        lt_key_type type;
        return lt_pkey_classify(pkey, &type) < 0 || !lt_pkey_signs_any(pkey, type);
    }
    /* a key whose public half is not its private half's: libcrypto's decoder takes it as
     * written, latch runs libcrypto's pairwise check on what it reads (src/crypto/privkey.c) */
    if (rc == LT_ERR_DECODE) {
        EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        int halves_match = ctx != NULL && EVP_PKEY_pairwise_check(ctx) == 1;
        EVP_PKEY_CTX_free(ctx);
        ERR_clear_error();
        return !halves_match;
    }
    return 0;
}

/* Signs with latch and verifies with libcrypto under the exported public half. */
static void check_signs(const lt_privkey *key, const uint8_t *spki, size_t spki_len)
{
    static const uint8_t message[] = "latch fuzz_key: a key must verify its own signatures";
    static const lt_sig_alg tried[] = { LT_SIG_ECDSA_SHA256, LT_SIG_ED25519, LT_SIG_RSA_PKCS1_SHA256,
                                        LT_SIG_RSA_PSS_SHA256, LT_SIG_RSA_PSS_SHA384, LT_SIG_RSA_PSS_SHA512 };
    /* an RSA key's signature costs its size cubed: past 4096 bits one input is a timeout */
    if (lt_privkey_bits(key) > 4096)
        return;
    lt_sig_alg alg = LT_SIG_NONE;
    uint8_t sig[1024];
    size_t sig_len = sizeof sig;
    int rc = LT_ERR_UNSUPPORTED;
    for (size_t i = 0; i < sizeof tried / sizeof tried[0] && rc == LT_ERR_UNSUPPORTED; i++) {
        alg = tried[i];
        sig_len = sizeof sig;
        rc = lt_privkey_sign(key, alg, message, sizeof message, sig, &sig_len);
    }
    if (rc == LT_ERR_UNSUPPORTED)
        fail("a key taken can make none of the signatures its type allows");
    if (rc < 0)
        return; /* libcrypto could not sign with it: the handshake fails with a reason, no harm */
    const unsigned char *at = spki;
    EVP_PKEY *pub = d2i_PUBKEY(NULL, &at, (long)spki_len);
    EVP_MD_CTX *md_ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pkey_ctx = NULL;
    const char *md = alg == LT_SIG_ED25519 ? NULL : alg == LT_SIG_RSA_PSS_SHA384 ? "SHA384"
                   : alg == LT_SIG_RSA_PSS_SHA512 ? "SHA512" : "SHA256";
    if (pub == NULL || md_ctx == NULL || EVP_DigestVerifyInit_ex(md_ctx, &pkey_ctx, md, NULL, NULL, pub, NULL) != 1)
        fail("libcrypto cannot verify with the public half latch exported");
    if (alg >= LT_SIG_RSA_PSS_SHA256 && alg <= LT_SIG_RSA_PSS_SHA512 &&
        (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, RSA_PSS_SALTLEN_DIGEST) <= 0))
        fail("libcrypto refuses the PSS parameters");
    if (EVP_DigestVerify(md_ctx, sig, sig_len, message, sizeof message) != 1)
        fail("latch took a private key whose signatures its own public half does not verify");
    EVP_MD_CTX_free(md_ctx);
    EVP_PKEY_free(pub);
}

/* What every key latch takes must hold. */
static void check_key(const lt_privkey *key)
{
    uint8_t *spki = NULL, *der = NULL, *spki_again = NULL;
    char *pem = NULL, *rearmored = NULL;
    size_t spki_len = 0, der_len = 0, pem_len = 0, rearmored_len = 0, spki_again_len = 0;
    lt_pubkey *pub = NULL;
    lt_privkey *again = NULL, *from_der = NULL;
    lt_key_type type = lt_privkey_type(key);
    if (type == LT_KEY_NONE || lt_privkey_bits(key) == 0)
        fail("a key taken has no type or size");
    if (lt_privkey_spki(key, &spki, &spki_len) < 0)
        fail("a key taken has no public half");
    if (lt_pubkey_from_spki(spki, spki_len, &pub) < 0 || lt_pubkey_type(pub) != type ||
        lt_pubkey_bits(pub) != lt_privkey_bits(key))
        fail("the public half of a key taken does not read back as the same kind of key");
    if (lt_privkey_to_pem(key, &pem, &pem_len) < 0 || lt_privkey_from_pem(pem, pem_len, &again) < 0 ||
        lt_privkey_type(again) != type || lt_privkey_spki(again, &spki_again, &spki_again_len) < 0 ||
        spki_again_len != spki_len || memcmp(spki_again, spki, spki_len) != 0)
        fail("a key taken does not write back to a PKCS#8 PEM of the same key");
    free(spki_again);
    spki_again = NULL;
    if (lt_privkey_to_der(key, &der, &der_len) < 0 ||
        (rearmored = armor("PRIVATE KEY", "", der, der_len, &rearmored_len)) == NULL ||
        lt_privkey_from_pem(rearmored, rearmored_len, &from_der) < 0 ||
        lt_privkey_spki(from_der, &spki_again, &spki_again_len) < 0 || spki_again_len != spki_len ||
        memcmp(spki_again, spki, spki_len) != 0)
        fail("a key taken does not write back to a PKCS#8 DER of the same key");
    check_signs(key, spki, spki_len);
    lt_privkey_free(from_der);
    lt_privkey_free(again);
    lt_pubkey_free(pub);
    free(spki_again);
    free(rearmored);
    free(der);
    free(pem);
    free(spki);
}

static void differential(enum key_form form, const uint8_t *der, size_t len, int rc, const lt_privkey *key)
{
    EVP_PKEY *theirs = libcrypto_read(form, der, len);
    if (rc == 0) {
        uint8_t *ours_spki = NULL, *their_spki = NULL;
        size_t ours_len = 0, their_len = 0;
        if (theirs == NULL)
            fail("latch took a key that libcrypto's decoder of its encoding refuses");
        if (lt_privkey_spki(key, &ours_spki, &ours_len) < 0 || (their_spki = evp_spki(theirs, &their_len)) == NULL ||
            ours_len != their_len || memcmp(ours_spki, their_spki, ours_len) != 0)
            fail("latch and libcrypto read a different public key from the same DER");
        free(ours_spki);
        free(their_spki);
    } else if (theirs != NULL && !deliberate(rc, theirs)) {
        fprintf(stderr, "fuzz_key: latch refused (%s) a key libcrypto reads\n", lt_err_str(rc));
        abort();
    }
    EVP_PKEY_free(theirs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 16384)
        return 0;
    enum key_form form = (enum key_form)((data[0] & 7) % FORM_COUNT);
    int through_config = (data[0] & 8) != 0;
    const uint8_t *body = data + 1;
    size_t body_len = size - 1, text_len = 0;
    char *text = NULL;
    lt_privkey *key = NULL;
    if (form == FORM_PEM_TEXT) {
        text = malloc(body_len + 1);
        if (text == NULL)
            return 0;
        memcpy(text, body, body_len);
        text_len = body_len;
    } else {
        const char *headers = form == FORM_PEM_ENCRYPTED
                                  ? "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                                  : "";
        text = armor(form_label[form], headers, body, body_len, &text_len);
        if (text == NULL)
            return 0;
    }
    if (through_config) {
        /* the application's entry point: the key's error must name what is wrong, and a key
         * that does not belong to the certificate must be refused */
        latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
        if (cfg != NULL) {
            latch_status st = latch_config_add_identity_pem(cfg, identity_chain, identity_chain_len, text, text_len);
            if (st != LATCH_OK && latch_config_error(cfg)[0] == '\0')
                fail("a refused identity has no reason");
            if (st == LATCH_OK && (form == FORM_PKCS8_ENCRYPTED || form == FORM_PEM_ENCRYPTED))
                fail("latch took an encrypted key without a passphrase");
            latch_config_free(cfg);
        }
        free(text);
        return 0;
    }
    int rc = lt_privkey_from_pem(text, text_len, &key);
    if (rc == 0 && (form == FORM_PKCS8_ENCRYPTED || form == FORM_PEM_ENCRYPTED))
        fail("latch took an encrypted key without a passphrase");
    if (rc == 0)
        check_key(key);
    else if (rc != LT_ERR_DECODE && rc != LT_ERR_UNSUPPORTED && rc != LT_ERR_NOMEM)
        fail("a refused key gets a status other than decode error or unsupported");
    if (form >= FORM_PKCS8 && form <= FORM_PKCS1)
        differential(form, body, body_len, rc, key);
    lt_privkey_free(key);
    free(text);
    return 0;
}
