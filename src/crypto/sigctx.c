/* Signatures on a digest through prepared contexts. EVP_DigestSignInit/VerifyInit look up the
 * digest and the signature algorithm by name and build a context at every call, which costs a
 * fifth of an ECDSA P-256 signature; a server signs with the same key at every handshake and a
 * client verifies the same CA key. So a small table keeps one context per (key, algorithm,
 * direction), initialised once with its padding (sig.c), and each operation hashes the message
 * with the pre-fetched digest and works on a duplicate of it. A template holds a reference to its
 * key, so a key's address cannot be reused by another key while its template is in a table.
 * Signing templates live in a table owned by their private key (freed, and the key with them,
 * when the key is); verification uses one process-wide table of public keys. Ed25519 signs the
 * message itself (RFC 8032 §5.1) and does not come here. */
#include "base/alloc.h"
#include "crypto/internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/err.h>

#include "base/err.h"
#include "base/wipe.h"

#define LT_SIGCTX_VERIFY_SLOTS 32
#define LT_SIGCTX_SIGN_SLOTS 4

typedef struct {
    const EVP_PKEY *pkey;
    lt_sig_alg alg;
    bool signing;
    EVP_PKEY_CTX *template;
} lt_sigctx_slot;

/* The slots follow the table in the same allocation for a signing key; the verification table's
 * are a static array (a struct with a flexible array member cannot be a member of another). */
struct lt_sigctx_table {
    pthread_mutex_t lock;
    size_t slot_count;
    lt_sigctx_slot *slot;
};

static lt_sigctx_slot lt_sigctx_verify_slots[LT_SIGCTX_VERIFY_SLOTS];
static struct lt_sigctx_table lt_sigctx_verify = { PTHREAD_MUTEX_INITIALIZER, LT_SIGCTX_VERIFY_SLOTS,
                                                   lt_sigctx_verify_slots };

lt_sigctx_table *lt_sigctx_table_new(void)
{
    lt_sigctx_table *table = lt_calloc(1, sizeof *table + LT_SIGCTX_SIGN_SLOTS * sizeof table->slot[0]);
    if (table == NULL)
        return NULL;
    if (pthread_mutex_init(&table->lock, NULL) != 0) {
        lt_free(table);
        return NULL;
    }
    table->slot_count = LT_SIGCTX_SIGN_SLOTS;
    table->slot = (lt_sigctx_slot *)(table + 1);
    return table;
}

void lt_sigctx_table_free(lt_sigctx_table *table)
{
    if (table == NULL)
        return;
    for (size_t i = 0; i < table->slot_count; i++)
        EVP_PKEY_CTX_free(table->slot[i].template);
    pthread_mutex_destroy(&table->lock);
    lt_free(table);
}

static lt_sigctx_slot *lt_sigctx_slot_for(lt_sigctx_table *table, const EVP_PKEY *pkey, lt_sig_alg alg,
                                          bool signing)
{
    uintptr_t h = (uintptr_t)pkey >> 4;
    h = h * 31 + (uintptr_t)alg * 2 + (signing ? 1 : 0);
    return &table->slot[h % table->slot_count];
}

static EVP_PKEY_CTX *lt_sigctx_new_template(EVP_PKEY *pkey, lt_sig_alg alg, bool signing)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    const EVP_MD *md = lt_crypto_md(lt_sig_hash(alg));
    if (ctx == NULL || md == NULL || (signing ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx)) <= 0 ||
        EVP_PKEY_CTX_set_signature_md(ctx, md) <= 0 || lt_pkey_sig_params(ctx, alg) < 0) {
        EVP_PKEY_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* A context ready for one operation: a duplicate of the key's template, made on first use. */
static EVP_PKEY_CTX *lt_sigctx_get(lt_sigctx_table *table, EVP_PKEY *pkey, lt_sig_alg alg, bool signing)
{
    EVP_PKEY_CTX *ctx = NULL, *fresh = NULL, *old = NULL;
    lt_sigctx_slot *slot = lt_sigctx_slot_for(table, pkey, alg, signing);
    pthread_mutex_lock(&table->lock);
    if (slot->template != NULL && slot->pkey == pkey && slot->alg == alg && slot->signing == signing)
        ctx = EVP_PKEY_CTX_dup(slot->template);
    pthread_mutex_unlock(&table->lock);
    if (ctx != NULL)
        return ctx;
    fresh = lt_sigctx_new_template(pkey, alg, signing);
    if (fresh == NULL)
        return NULL;
    ctx = EVP_PKEY_CTX_dup(fresh);
    pthread_mutex_lock(&table->lock);
    old = slot->template;
    slot->pkey = pkey;
    slot->alg = alg;
    slot->signing = signing;
    slot->template = fresh;
    pthread_mutex_unlock(&table->lock);
    EVP_PKEY_CTX_free(old);
    return ctx;
}

/* The hash of msg under alg, and a context for one operation on it. */
static int lt_sigctx_start(lt_sigctx_table *table, EVP_PKEY *pkey, lt_sig_alg alg, bool signing,
                           const uint8_t *msg, size_t msg_len, uint8_t digest[LT_MAX_HASH], EVP_PKEY_CTX **ctx)
{
    lt_hash_id hash = lt_sig_hash(alg);
    if (hash == LT_HASH_NONE)
        return LT_ERR_INVALID_ARG;
    LT_TRY(lt_hash(hash, msg, msg_len, digest));
    *ctx = lt_sigctx_get(table, pkey, alg, signing);
    return *ctx != NULL ? 0 : LT_ERR_CRYPTO;
}

int lt_pkey_sign_digest(lt_sigctx_table *table, EVP_PKEY *pkey, lt_sig_alg alg, const uint8_t *msg,
                        size_t msg_len, uint8_t *sig, size_t *sig_len)
{
    uint8_t digest[LT_MAX_HASH];
    EVP_PKEY_CTX *ctx = NULL;
    int rc = lt_sigctx_start(table, pkey, alg, true, msg, msg_len, digest, &ctx);
    if (rc == 0 && EVP_PKEY_sign(ctx, sig, sig_len, digest, lt_hash_len(lt_sig_hash(alg))) != 1)
        rc = LT_ERR_CRYPTO;
    EVP_PKEY_CTX_free(ctx);
    lt_wipe(digest, sizeof digest);
    return rc;
}

int lt_pkey_verify_digest(EVP_PKEY *pkey, lt_sig_alg alg, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len)
{
    uint8_t digest[LT_MAX_HASH];
    EVP_PKEY_CTX *ctx = NULL;
    int rc = lt_sigctx_start(&lt_sigctx_verify, pkey, alg, false, msg, msg_len, digest, &ctx);
    /* 0 is a bad signature and a negative value one libcrypto could not even process (wrong
     * length, out of range): both are "does not verify", an outcome, not a failure */
    if (rc == 0 && EVP_PKEY_verify(ctx, sig, sig_len, digest, lt_hash_len(lt_sig_hash(alg))) != 1) {
        rc = LT_ERR_VERIFY;
        ERR_clear_error();
    }
    EVP_PKEY_CTX_free(ctx);
    return rc;
}
