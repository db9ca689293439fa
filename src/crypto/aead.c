/* AEAD contexts for the record layer (see aead.h). One EVP_CIPHER_CTX per direction keeps the
 * expanded key; each record only sets the nonce (a NULL key in EVP_CipherInit_ex2 skips the key
 * schedule), so protecting a record allocates nothing and fetches nothing. An idle connection's
 * contexts sleep (lt_aead_sleep): the EVP context, over 1 KiB with AES-GCM's tables, goes and
 * only the key stays, to build it again at the next record. */
#include "crypto/aead.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/wipe.h"
#include "crypto/internal.h"

#ifdef LT_FUZZING
/* transparent records (docs/fuzzing.md) unless a harness that needs the real ciphers (fuzz_record)
 * switches them off */
static int lt_aead_fuzz_transparent = 1;

void lt_aead_fuzz_set_transparent(int on)
{
    lt_aead_fuzz_transparent = on;
}
#endif

struct lt_aead {
    lt_aead_id id;
    EVP_CIPHER_CTX *ctx; /* NULL while asleep */
    int encrypting;      /* the direction the context was last set up for: -1 none */
    uint8_t key[LT_AEAD_MAX_KEY_LEN]; /* what a sleeping context is built again from */
};

size_t lt_aead_key_len(lt_aead_id id)
{
    switch (id) {
    case LT_AEAD_AES_128_GCM:
        return 16;
    case LT_AEAD_AES_256_GCM:
    case LT_AEAD_CHACHA20_POLY1305:
        return 32;
    default:
        return 0;
    }
}

int lt_aead_new(lt_aead_id id, const uint8_t *key, lt_aead **out)
{
    if (lt_crypto_init() < 0)
        return LT_ERR_CRYPTO;
    if (lt_aead_key_len(id) == 0 || key == NULL)
        return LT_ERR_INVALID_ARG;
    lt_aead *aead = lt_calloc(1, sizeof *aead);
    if (aead == NULL)
        return LT_ERR_NOMEM;
    aead->id = id;
    aead->encrypting = -1;
    int rc = lt_aead_rekey(aead, key);
    if (rc < 0) {
        lt_aead_free(aead);
        return rc;
    }
    *out = aead;
    return 0;
}

/* The EVP context keyed with aead->key (a sleeping one made again). */
static int lt_aead_wake(lt_aead *aead)
{
    if (aead->ctx == NULL) {
        aead->ctx = EVP_CIPHER_CTX_new();
        if (aead->ctx == NULL)
            return LT_ERR_NOMEM;
    }
    /* keyed for sealing; opening switches the direction once (lt_aead_start) */
    if (!EVP_CipherInit_ex2(aead->ctx, lt_crypto_cipher(aead->id), aead->key, NULL, 1, NULL)) {
        aead->encrypting = -1;
        return LT_ERR_CRYPTO;
    }
    aead->encrypting = 1;
    return 0;
}

int lt_aead_rekey(lt_aead *aead, const uint8_t *key)
{
    memcpy(aead->key, key, lt_aead_key_len(aead->id));
    return lt_aead_wake(aead);
}

void lt_aead_sleep(lt_aead *aead)
{
    if (aead == NULL || aead->ctx == NULL)
        return;
    EVP_CIPHER_CTX_free(aead->ctx); /* clears the key schedule */
    aead->ctx = NULL;
    aead->encrypting = -1;
}

/* Sets the nonce (and the direction, when it changes) without redoing the key schedule, which
 * a sleeping context gets first. */
static int lt_aead_start(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], int encrypting)
{
    if (aead->ctx == NULL)
        LT_TRY(lt_aead_wake(aead));
    if (!EVP_CipherInit_ex2(aead->ctx, NULL, NULL, nonce, encrypting, NULL))
        return LT_ERR_CRYPTO;
    aead->encrypting = encrypting;
    return 0;
}

int lt_aead_seal_begin(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                       size_t aad_len)
{
    int n = 0;
    if (aad_len > INT_MAX)
        return LT_ERR_INVALID_ARG;
    LT_TRY(lt_aead_start(aead, nonce, 1));
    if (aad_len > 0 && !EVP_CipherUpdate(aead->ctx, NULL, &n, aad, (int)aad_len))
        return LT_ERR_CRYPTO;
    return 0;
}

/* One part in either direction: the context knows which. */
static int lt_aead_part(lt_aead *aead, const uint8_t *in, uint8_t *out, size_t len)
{
    int n = 0;
    if (len > INT_MAX)
        return LT_ERR_INVALID_ARG;
#ifdef LT_FUZZING
    /* transparent records (docs/fuzzing.md): the bytes go through as they are */
    if (lt_aead_fuzz_transparent) {
        if (len > 0)
            memmove(out, in, len);
        return 0;
    }
#endif
    if (len > 0 && !EVP_CipherUpdate(aead->ctx, out, &n, in, (int)len))
        return LT_ERR_CRYPTO;
    return 0;
}

int lt_aead_seal_part(lt_aead *aead, const uint8_t *in, uint8_t *out, size_t len)
{
    return aead->encrypting == 1 ? lt_aead_part(aead, in, out, len) : LT_ERR_INVALID_ARG;
}

int lt_aead_seal_end(lt_aead *aead, uint8_t tag[LT_AEAD_TAG_LEN])
{
    uint8_t none[1];
    int n = 0;
#ifdef LT_FUZZING
    /* transparent records: an all-zero tag */
    if (lt_aead_fuzz_transparent) {
        if (aead->encrypting != 1)
            return LT_ERR_CRYPTO;
        memset(tag, 0, LT_AEAD_TAG_LEN);
        return 0;
    }
#endif
    /* an AEAD's final step outputs no bytes: none only stands for the output pointer */
    if (aead->encrypting != 1 || !EVP_CipherFinal_ex(aead->ctx, none, &n) ||
        !EVP_CIPHER_CTX_ctrl(aead->ctx, EVP_CTRL_AEAD_GET_TAG, LT_AEAD_TAG_LEN, tag))
        return LT_ERR_CRYPTO;
    return 0;
}

int lt_aead_open_begin(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                       size_t aad_len, const uint8_t tag[LT_AEAD_TAG_LEN])
{
    int n = 0;
    if (aad_len > INT_MAX)
        return LT_ERR_INVALID_ARG;
    LT_TRY(lt_aead_start(aead, nonce, 0));
    if (!EVP_CIPHER_CTX_ctrl(aead->ctx, EVP_CTRL_AEAD_SET_TAG, LT_AEAD_TAG_LEN, (void *)tag) ||
        (aad_len > 0 && !EVP_CipherUpdate(aead->ctx, NULL, &n, aad, (int)aad_len)))
        return LT_ERR_CRYPTO;
    return 0;
}

int lt_aead_open_part(lt_aead *aead, const uint8_t *in, uint8_t *out, size_t len)
{
    return aead->encrypting == 0 ? lt_aead_part(aead, in, out, len) : LT_ERR_INVALID_ARG;
}

int lt_aead_open_end(lt_aead *aead)
{
    uint8_t none[1];
    int n = 0;
    if (aead->encrypting != 0)
        return LT_ERR_INVALID_ARG;
#ifdef LT_FUZZING
    /* transparent records: any tag is accepted, so a fuzzer's records need none right */
    if (lt_aead_fuzz_transparent)
        return 0;
#endif
    return EVP_CipherFinal_ex(aead->ctx, none, &n) ? 0 : LT_ERR_VERIFY;
}

int lt_aead_seal(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                 size_t aad_len, uint8_t *data, size_t len, uint8_t tag[LT_AEAD_TAG_LEN])
{
    LT_TRY(lt_aead_seal_begin(aead, nonce, aad, aad_len));
    LT_TRY(lt_aead_seal_part(aead, data, data, len));
    return lt_aead_seal_end(aead, tag);
}

int lt_aead_open(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                 size_t aad_len, uint8_t *data, size_t len, const uint8_t tag[LT_AEAD_TAG_LEN])
{
    LT_TRY(lt_aead_open_begin(aead, nonce, aad, aad_len, tag));
    LT_TRY(lt_aead_open_part(aead, data, data, len));
    return lt_aead_open_end(aead);
}

void lt_aead_free(lt_aead *aead)
{
    if (aead == NULL)
        return;
    EVP_CIPHER_CTX_free(aead->ctx); /* clears the key schedule */
    lt_wipe(aead->key, sizeof aead->key);
    lt_free(aead);
}
