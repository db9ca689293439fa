/* HMAC (RFC 2104) over the pre-fetched HMAC contexts, and HKDF (RFC 5869) built on it:
 * HKDF-Extract (§2.2, an absent salt is HashLen zero bytes) and HKDF-Expand (§2.3, at most
 * 255 * HashLen bytes). TLS 1.3's key schedule (RFC 8446 §7.1) is made of these two calls. */
#include "crypto/internal.h"

#include <string.h>

#include "base/err.h"
#include "base/wipe.h"
#include "crypto/thread.h"

/* HMAC(key, part[0] | part[1] | ...) without concatenating the parts (RFC 2104), straight on the
 * pre-fetched digest: one context, the key's pads, the parts.
 * libcrypto's EVP_MAC object costs more to set up than the hashing of a TLS key derivation, and
 * so does a fresh digest context: the thread's own is reused. */
static int lt_hmac_parts(lt_hash_id id, const void *key, size_t key_len, const lt_span *parts,
                         size_t part_count, uint8_t *out)
{
    uint8_t pad[128], hashed[LT_MAX_HASH], inner[LT_MAX_HASH];
    unsigned inner_len = 0, out_len = 0;
    int rc = LT_ERR_CRYPTO;
    LT_TRY(lt_crypto_init());
    const EVP_MD *md = lt_crypto_md(id);
    if (md == NULL || out == NULL || (key == NULL && key_len != 0))
        return LT_ERR_INVALID_ARG;
    for (size_t i = 0; i < part_count; i++)
        if (parts[i].p == NULL && parts[i].len != 0)
            return LT_ERR_INVALID_ARG;
    size_t block = (size_t)EVP_MD_get_block_size(md);
    EVP_MD_CTX *ctx = lt_thread_md_ctx();
    if (ctx == NULL || block > sizeof pad)
        goto out;
    if (key_len > block) { /* RFC 2104 §2: a long key is hashed first */
        if (lt_hash(id, key, key_len, hashed) < 0)
            goto out;
        key = hashed;
        key_len = lt_hash_len(id);
    }
    memset(pad, 0x36, block);
    for (size_t i = 0; i < key_len; i++)
        pad[i] ^= ((const uint8_t *)key)[i];
    if (!EVP_DigestInit_ex(ctx, md, NULL) || !EVP_DigestUpdate(ctx, pad, block))
        goto out;
    for (size_t i = 0; i < part_count; i++)
        if (parts[i].len != 0 && !EVP_DigestUpdate(ctx, parts[i].p, parts[i].len))
            goto out;
    if (!EVP_DigestFinal_ex(ctx, inner, &inner_len))
        goto out;
    for (size_t i = 0; i < block; i++)
        pad[i] ^= 0x36 ^ 0x5c;
    if (!EVP_DigestInit_ex(ctx, md, NULL) || !EVP_DigestUpdate(ctx, pad, block) ||
        !EVP_DigestUpdate(ctx, inner, inner_len) || !EVP_DigestFinal_ex(ctx, out, &out_len) ||
        out_len != lt_hash_len(id))
        goto out;
    rc = 0;
out:
    /* the context's state is derived from the key: cleared, and kept for the next call */
    if (ctx != NULL)
        EVP_MD_CTX_reset(ctx);
    lt_wipe(pad, sizeof pad);
    lt_wipe(hashed, sizeof hashed);
    lt_wipe(inner, sizeof inner);
    return rc;
}

struct lt_hmac_key {
    lt_hash_id id;
    EVP_MD_CTX *inner, *outer, *work;
};

void lt_hmac_key_free(lt_hmac_key *k)
{
    if (k == NULL)
        return;
    /* the contexts hold key-derived state: freed by libcrypto, which cleanses them */
    EVP_MD_CTX_free(k->inner);
    EVP_MD_CTX_free(k->outer);
    EVP_MD_CTX_free(k->work);
    free(k);
}

int lt_hmac_key_new(lt_hash_id id, const void *key, size_t key_len, lt_hmac_key **out)
{
    uint8_t pad[128], hashed[LT_MAX_HASH];
    LT_TRY(lt_crypto_init());
    const EVP_MD *md = lt_crypto_md(id);
    if (md == NULL || (key == NULL && key_len != 0))
        return LT_ERR_INVALID_ARG;
    size_t block = (size_t)EVP_MD_get_block_size(md);
    lt_hmac_key *k = calloc(1, sizeof *k);
    int rc = LT_ERR_CRYPTO;
    if (k == NULL || block > sizeof pad)
        goto out;
    k->id = id;
    k->inner = EVP_MD_CTX_new();
    k->outer = EVP_MD_CTX_new();
    k->work = EVP_MD_CTX_new();
    if (k->inner == NULL || k->outer == NULL || k->work == NULL)
        goto out;
    /* RFC 2104 §2: a key longer than the block is hashed first */
    if (key_len > block) {
        if (lt_hash(id, key, key_len, hashed) < 0)
            goto out;
        key = hashed;
        key_len = lt_hash_len(id);
    }
    memset(pad, 0x36, block);
    for (size_t i = 0; i < key_len; i++)
        pad[i] ^= ((const uint8_t *)key)[i];
    if (!EVP_DigestInit_ex(k->inner, md, NULL) || !EVP_DigestUpdate(k->inner, pad, block))
        goto out;
    for (size_t i = 0; i < block; i++)
        pad[i] ^= 0x36 ^ 0x5c;
    if (!EVP_DigestInit_ex(k->outer, md, NULL) || !EVP_DigestUpdate(k->outer, pad, block))
        goto out;
    *out = k;
    k = NULL;
    rc = 0;
out:
    lt_wipe(pad, sizeof pad);
    lt_wipe(hashed, sizeof hashed);
    lt_hmac_key_free(k);
    return rc;
}

int lt_hmac_key_mac(lt_hmac_key *k, const void *a, size_t a_len, const void *b, size_t b_len, uint8_t *out)
{
    uint8_t inner[LT_MAX_HASH];
    unsigned inner_len = 0, out_len = 0;
    int ok = EVP_MD_CTX_copy_ex(k->work, k->inner) && (a_len == 0 || EVP_DigestUpdate(k->work, a, a_len)) &&
             (b_len == 0 || EVP_DigestUpdate(k->work, b, b_len)) && EVP_DigestFinal_ex(k->work, inner, &inner_len) &&
             EVP_MD_CTX_copy_ex(k->work, k->outer) && EVP_DigestUpdate(k->work, inner, inner_len) &&
             EVP_DigestFinal_ex(k->work, out, &out_len);
    lt_wipe(inner, sizeof inner);
    return ok ? 0 : LT_ERR_CRYPTO;
}

int lt_hmac(lt_hash_id id, const void *key, size_t key_len, const void *data, size_t len,
            uint8_t *out)
{
    lt_span part = lt_span_make(data, len);
    return lt_hmac_parts(id, key, key_len, &part, 1, out);
}

int lt_hkdf_extract(lt_hash_id id, const void *salt, size_t salt_len, const void *ikm,
                    size_t ikm_len, uint8_t *prk)
{
    static const uint8_t zero_salt[LT_MAX_HASH] = { 0 };
    size_t hash_len = lt_hash_len(id);
    if (hash_len == 0)
        return LT_ERR_INVALID_ARG;
    /* RFC 5869 §2.2: "if not provided, [salt] is set to a string of HashLen zeros". */
    if (salt_len == 0) {
        salt = zero_salt;
        salt_len = hash_len;
    }
    return lt_hmac(id, salt, salt_len, ikm, ikm_len, prk);
}

int lt_hkdf_expand(lt_hash_id id, const void *prk, size_t prk_len, const void *info,
                   size_t info_len, uint8_t *okm, size_t okm_len)
{
    uint8_t t[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(id);
    size_t done = 0;
    int rc = 0;
    if (hash_len == 0 || (prk == NULL && prk_len != 0) || (info == NULL && info_len != 0)
        || (okm == NULL && okm_len != 0))
        return LT_ERR_INVALID_ARG;
    /* RFC 5869 §2.3: L <= 255*HashLen, since the block counter is one octet. */
    if (okm_len > 255 * hash_len)
        return LT_ERR_INVALID_ARG;
    for (uint8_t counter = 1; done < okm_len; counter++) {
        /* T(i) = HMAC-Hash(PRK, T(i-1) | info | i), with T(0) empty. */
        lt_span parts[3] = {
            lt_span_make(t, counter == 1 ? 0 : hash_len),
            lt_span_make(info, info_len),
            lt_span_make(&counter, 1),
        };
        rc = lt_hmac_parts(id, prk, prk_len, parts, 3, t);
        if (rc < 0)
            goto out;
        size_t take = okm_len - done < hash_len ? okm_len - done : hash_len;
        memcpy(okm + done, t, take);
        done += take;
    }
out:
    if (rc < 0)
        lt_wipe(okm, done);
    lt_wipe(t, sizeof t);
    return rc;
}
