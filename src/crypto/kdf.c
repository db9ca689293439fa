/* HMAC (RFC 2104) on the pre-fetched digests, and HKDF (RFC 5869) built on it:
 * HKDF-Extract (§2.2, an absent salt is HashLen zero bytes) and HKDF-Expand (§2.3, at most
 * 255 * HashLen bytes). TLS 1.3's key schedule (RFC 8446 §7.1) is made of these two calls. */
#include "base/alloc.h"
#include "crypto/internal.h"

#include <string.h>

#include "base/err.h"
#include "base/wipe.h"
#include "crypto/thread.h"

/* RFC 2104: the key (hashed first when longer than the block, §2) XORed into a block of 0x36,
 * then of 0x5c; §4: the hash states after those pads may be computed once and copied for every
 * message under the same key. */
static int lt_hmac_pads(lt_hash_id id, const void *key, size_t key_len, EVP_MD_CTX *inner, EVP_MD_CTX *outer)
{
    uint8_t pad[128], hashed[LT_MAX_HASH];
    LT_TRY(lt_crypto_init());
    const EVP_MD *md = lt_crypto_md(id);
    if (md == NULL || (key == NULL && key_len != 0))
        return LT_ERR_INVALID_ARG;
    size_t block = (size_t)EVP_MD_get_block_size(md);
    if (block > sizeof pad)
        return LT_ERR_CRYPTO;
    int rc = LT_ERR_CRYPTO;
    if (key_len > block) {
        if (lt_hash(id, key, key_len, hashed) < 0)
            goto out;
        key = hashed;
        key_len = lt_hash_len(id);
    }
    memset(pad, 0x36, block);
    for (size_t i = 0; i < key_len; i++)
        pad[i] ^= ((const uint8_t *)key)[i];
    if (!EVP_DigestInit_ex(inner, md, NULL) || !EVP_DigestUpdate(inner, pad, block))
        goto out;
    for (size_t i = 0; i < block; i++)
        pad[i] ^= 0x36 ^ 0x5c;
    if (!EVP_DigestInit_ex(outer, md, NULL) || !EVP_DigestUpdate(outer, pad, block))
        goto out;
    rc = 0;
out:
    lt_wipe(pad, sizeof pad);
    lt_wipe(hashed, sizeof hashed);
    return rc;
}

/* HMAC(parts) from the pads' states, through work. */
static int lt_hmac_from_pads(EVP_MD_CTX *work, EVP_MD_CTX *inner, EVP_MD_CTX *outer, const lt_span *parts,
                             size_t part_count, uint8_t *out)
{
    uint8_t digest[LT_MAX_HASH];
    unsigned inner_len = 0, out_len = 0;
    int ok = EVP_MD_CTX_copy_ex(work, inner);
    for (size_t i = 0; ok && i < part_count; i++)
        ok = parts[i].len == 0 || EVP_DigestUpdate(work, parts[i].p, parts[i].len);
    ok = ok && EVP_DigestFinal_ex(work, digest, &inner_len) && EVP_MD_CTX_copy_ex(work, outer) &&
         EVP_DigestUpdate(work, digest, inner_len) && EVP_DigestFinal_ex(work, out, &out_len);
    lt_wipe(digest, sizeof digest);
    return ok ? 0 : LT_ERR_CRYPTO;
}

/* The thread's three digest contexts keyed with key's pads (EVP_MAC, or a fresh context per
 * HMAC, costs more to set up than the hashing of a TLS key derivation); lt_hmac_thread_done
 * clears them, as their states derive from the key. */
typedef struct {
    EVP_MD_CTX *work, *inner, *outer;
} lt_hmac_thread;

static int lt_hmac_thread_key(lt_hmac_thread *h, lt_hash_id id, const void *key, size_t key_len)
{
    h->work = lt_thread_md_ctx(LT_THREAD_MD_WORK);
    h->inner = lt_thread_md_ctx(LT_THREAD_MD_INNER);
    h->outer = lt_thread_md_ctx(LT_THREAD_MD_OUTER);
    if (h->work == NULL || h->inner == NULL || h->outer == NULL)
        return LT_ERR_NOMEM;
    return lt_hmac_pads(id, key, key_len, h->inner, h->outer);
}

static void lt_hmac_thread_done(lt_hmac_thread *h)
{
    EVP_MD_CTX *ctxs[3] = { h->work, h->inner, h->outer };
    for (int i = 0; i < 3; i++)
        if (ctxs[i] != NULL)
            EVP_MD_CTX_reset(ctxs[i]);
}

/* HMAC(key, part[0] | part[1] | ...) without concatenating the parts (RFC 2104). */
static int lt_hmac_parts(lt_hash_id id, const void *key, size_t key_len, const lt_span *parts,
                         size_t part_count, uint8_t *out)
{
    lt_hmac_thread h = { NULL, NULL, NULL };
    if (out == NULL)
        return LT_ERR_INVALID_ARG;
    for (size_t i = 0; i < part_count; i++)
        if (parts[i].p == NULL && parts[i].len != 0)
            return LT_ERR_INVALID_ARG;
    int rc = lt_hmac_thread_key(&h, id, key, key_len);
    if (rc == 0)
        rc = lt_hmac_from_pads(h.work, h.inner, h.outer, parts, part_count, out);
    lt_hmac_thread_done(&h);
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
    lt_free(k);
}

int lt_hmac_key_new(lt_hash_id id, const void *key, size_t key_len, lt_hmac_key **out)
{
    lt_hmac_key *k = lt_calloc(1, sizeof *k);
    int rc = LT_ERR_NOMEM;
    if (k == NULL)
        goto out;
    k->id = id;
    k->inner = EVP_MD_CTX_new();
    k->outer = EVP_MD_CTX_new();
    k->work = EVP_MD_CTX_new();
    if (k->inner == NULL || k->outer == NULL || k->work == NULL)
        goto out;
    rc = lt_hmac_pads(id, key, key_len, k->inner, k->outer);
    if (rc < 0)
        goto out;
    *out = k;
    k = NULL;
out:
    lt_hmac_key_free(k);
    return rc;
}

int lt_hmac_key_mac(lt_hmac_key *k, const void *a, size_t a_len, const void *b, size_t b_len, uint8_t *out)
{
    lt_span parts[2] = { lt_span_make(a, a_len), lt_span_make(b, b_len) };
    return lt_hmac_from_pads(k->work, k->inner, k->outer, parts, 2, out);
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

int lt_hkdf_expand_many(lt_hash_id id, const void *prk, size_t prk_len, const lt_hkdf_output *outputs,
                        size_t count)
{
    uint8_t t[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(id);
    if (hash_len == 0 || (prk == NULL && prk_len != 0) || (outputs == NULL && count != 0))
        return LT_ERR_INVALID_ARG;
    for (size_t k = 0; k < count; k++) {
        const lt_hkdf_output *o = &outputs[k];
        /* RFC 5869 §2.3: L <= 255*HashLen, since the block counter is one octet. */
        if ((o->info == NULL && o->info_len != 0) || (o->out == NULL && o->out_len != 0) ||
            o->out_len > 255 * hash_len)
            return LT_ERR_INVALID_ARG;
    }
    lt_hmac_thread h = { NULL, NULL, NULL };
    /* every output is keyed by the same PRK: its pads are hashed once */
    int rc = lt_hmac_thread_key(&h, id, prk, prk_len);
    for (size_t k = 0; rc == 0 && k < count; k++) {
        const lt_hkdf_output *o = &outputs[k];
        size_t done = 0;
        for (uint8_t counter = 1; rc == 0 && done < o->out_len; counter++) {
            /* T(i) = HMAC-Hash(PRK, T(i-1) | info | i), with T(0) empty. */
            lt_span parts[3] = {
                lt_span_make(t, counter == 1 ? 0 : hash_len),
                lt_span_make(o->info, o->info_len),
                lt_span_make(&counter, 1),
            };
            rc = lt_hmac_from_pads(h.work, h.inner, h.outer, parts, 3, t);
            size_t take = o->out_len - done < hash_len ? o->out_len - done : hash_len;
            if (rc == 0)
                memcpy(o->out + done, t, take);
            done += take;
        }
    }
    if (rc < 0)
        for (size_t i = 0; i < count; i++)
            lt_wipe(outputs[i].out, outputs[i].out_len);
    lt_hmac_thread_done(&h);
    lt_wipe(t, sizeof t);
    return rc;
}

int lt_hkdf_expand(lt_hash_id id, const void *prk, size_t prk_len, const void *info,
                   size_t info_len, uint8_t *okm, size_t okm_len)
{
    lt_hkdf_output output = { info, info_len, okm, okm_len };
    return lt_hkdf_expand_many(id, prk, prk_len, &output, 1);
}
