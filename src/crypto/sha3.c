/* SHA-3 and SHAKE (FIPS 202) through libcrypto's pre-fetched digests, on the thread's one-shot
 * hash context (see sha3.h). The context is reset after each use: what ML-KEM hashes is secret
 * (seeds, messages, the implicit-rejection key). */
#include "crypto/sha3.h"

#include "crypto/internal.h"
#include "crypto/thread.h"

int lt_sha3(lt_sha3_id id, const void *a, size_t a_len, const void *b, size_t b_len, uint8_t *out,
            size_t out_len)
{
    LT_TRY(lt_crypto_init());
    const EVP_MD *md = lt_crypto_sha3(id);
    if (md == NULL || out == NULL || out_len == 0 || (a == NULL && a_len != 0) || (b == NULL && b_len != 0))
        return LT_ERR_INVALID_ARG;
    int xof = id == LT_SHAKE128 || id == LT_SHAKE256;
    if (!xof && out_len != (size_t)EVP_MD_get_size(md))
        return LT_ERR_INVALID_ARG;
    EVP_MD_CTX *ctx = lt_thread_md_ctx(LT_THREAD_MD_HASH);
    if (ctx == NULL)
        return LT_ERR_NOMEM;
    unsigned digest_len = 0;
    int ok = EVP_DigestInit_ex(ctx, md, NULL) && (a_len == 0 || EVP_DigestUpdate(ctx, a, a_len)) &&
             (b_len == 0 || EVP_DigestUpdate(ctx, b, b_len)) &&
             (xof ? EVP_DigestFinalXOF(ctx, out, out_len) : EVP_DigestFinal_ex(ctx, out, &digest_len));
    EVP_MD_CTX_reset(ctx);
    return ok ? 0 : LT_ERR_CRYPTO;
}
