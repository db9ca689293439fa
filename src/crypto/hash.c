/* Message digests (SHA-1 and SHA-2, FIPS 180-4) over the pre-fetched EVP_MD table: one-shot
 * digests and the incremental context that TLS transcripts use (RFC 8446 §4.4.1), whose running
 * value can be read without ending it. */
#include "base/alloc.h"
#include "crypto/internal.h"
#include "crypto/thread.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

struct lt_hash_ctx {
    EVP_MD_CTX *md_ctx;
    lt_hash_id id;
};

size_t lt_hash_len(lt_hash_id id)
{
    switch (id) {
    case LT_HASH_SHA1: return 20;
    case LT_HASH_SHA256: return 32;
    case LT_HASH_SHA384: return 48;
    case LT_HASH_SHA512: return 64;
    default: return 0;
    }
}

const char *lt_hash_name(lt_hash_id id)
{
    switch (id) {
    case LT_HASH_SHA1: return "SHA-1";
    case LT_HASH_SHA256: return "SHA-256";
    case LT_HASH_SHA384: return "SHA-384";
    case LT_HASH_SHA512: return "SHA-512";
    default: return "none";
    }
}

int lt_hash(lt_hash_id id, const void *data, size_t len, uint8_t *out)
{
    uint8_t digest[LT_MAX_HASH];
    unsigned digest_len = 0;
    LT_TRY(lt_crypto_init());
    const EVP_MD *md = lt_crypto_md(id);
    if (md == NULL || out == NULL || (data == NULL && len != 0))
        return LT_ERR_INVALID_ARG;
    /* on the thread's context: EVP_Digest makes and frees one per call */
    EVP_MD_CTX *ctx = lt_thread_md_ctx(LT_THREAD_MD_HASH);
    int ok = ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL) && (len == 0 || EVP_DigestUpdate(ctx, data, len)) &&
             EVP_DigestFinal_ex(ctx, digest, &digest_len) && digest_len == lt_hash_len(id);
    if (ctx != NULL)
        EVP_MD_CTX_reset(ctx); /* what was hashed may be secret */
    if (!ok)
        return LT_ERR_CRYPTO;
    memcpy(out, digest, digest_len);
    return 0;
}

/* The hash of the empty string, which TLS 1.3's key schedule asks for twice per handshake
 * (Derive-Secret(., "derived", "")): computed once per process. */
static struct {
    uint8_t digest[LT_HASH_SHA512 + 1][LT_MAX_HASH];
    int status;
} lt_hash_empty_table;
static pthread_once_t lt_hash_empty_once = PTHREAD_ONCE_INIT;

static void lt_hash_empty_init(void)
{
    lt_hash_empty_table.status = 0;
    for (int id = LT_HASH_SHA1; id <= LT_HASH_SHA512; id++)
        if (lt_hash((lt_hash_id)id, "", 0, lt_hash_empty_table.digest[id]) < 0)
            lt_hash_empty_table.status = LT_ERR_CRYPTO;
}

int lt_hash_empty(lt_hash_id id, uint8_t *out)
{
    if (lt_hash_len(id) == 0 || out == NULL)
        return LT_ERR_INVALID_ARG;
    if (pthread_once(&lt_hash_empty_once, lt_hash_empty_init) != 0 || lt_hash_empty_table.status < 0)
        return LT_ERR_CRYPTO;
    memcpy(out, lt_hash_empty_table.digest[id], lt_hash_len(id));
    return 0;
}

int lt_hash_ctx_new(lt_hash_id id, lt_hash_ctx **out)
{
    LT_TRY(lt_crypto_init());
    const EVP_MD *md = lt_crypto_md(id);
    if (md == NULL || out == NULL)
        return LT_ERR_INVALID_ARG;
    lt_hash_ctx *ctx = lt_calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return LT_ERR_NOMEM;
    ctx->id = id;
    ctx->md_ctx = EVP_MD_CTX_new();
    if (ctx->md_ctx == NULL || !EVP_DigestInit_ex(ctx->md_ctx, md, NULL)) {
        lt_hash_ctx_free(ctx);
        return LT_ERR_CRYPTO;
    }
    *out = ctx;
    return 0;
}

int lt_hash_ctx_update(lt_hash_ctx *ctx, const void *data, size_t len)
{
    if (ctx == NULL || (data == NULL && len != 0))
        return LT_ERR_INVALID_ARG;
    if (len != 0 && !EVP_DigestUpdate(ctx->md_ctx, data, len))
        return LT_ERR_CRYPTO;
    return 0;
}

int lt_hash_ctx_peek(const lt_hash_ctx *ctx, uint8_t *out)
{
    return lt_hash_ctx_peek_with(ctx, NULL, 0, out);
}

int lt_hash_ctx_peek_with(const lt_hash_ctx *ctx, const void *extra, size_t extra_len, uint8_t *out)
{
    uint8_t digest[LT_MAX_HASH];
    unsigned digest_len = 0;
    int rc = LT_ERR_CRYPTO;
    if (ctx == NULL || out == NULL)
        return LT_ERR_INVALID_ARG;
    /* Finalize a copy so the transcript keeps running (RFC 8446 §4.4.1 hashes prefixes); the
     * copy goes to the thread's context rather than a fresh one per snapshot. */
    EVP_MD_CTX *copy = lt_thread_md_ctx(LT_THREAD_MD_HASH);
    if (copy == NULL)
        return LT_ERR_NOMEM;
    if (!EVP_MD_CTX_copy_ex(copy, ctx->md_ctx) ||
        (extra_len != 0 && !EVP_DigestUpdate(copy, extra, extra_len)) ||
        !EVP_DigestFinal_ex(copy, digest, &digest_len) || digest_len != lt_hash_len(ctx->id))
        goto out;
    memcpy(out, digest, digest_len);
    rc = 0;
out:
    EVP_MD_CTX_reset(copy);
    return rc;
}

void lt_hash_ctx_free(lt_hash_ctx *ctx)
{
    if (ctx == NULL)
        return;
    EVP_MD_CTX_free(ctx->md_ctx);
    lt_free(ctx);
}
