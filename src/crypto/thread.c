/* Per-thread libcrypto objects that would otherwise be made and freed for every operation of a
 * handshake: digest contexts for HMAC and hashing, an import context for X25519 keys, a key
 * object for the peer's X25519 key, and a pool of DRBG output for the small random values (a
 * RAND_bytes call costs as much for 32 bytes as for 512: its locking and reseed checks dominate). One pthread key frees them, wiped, when the thread
 * ends; a forked child drops the parent's pool, so the two never share random bytes. */
#include "crypto/thread.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/wipe.h"

#define LT_RAND_POOL 512 /* four of the largest requests */

typedef struct {
    EVP_MD_CTX *md_ctx[LT_THREAD_MD_SLOTS];
    EVP_PKEY_CTX *import_ctx;
    const EVP_PKEY *import_template;
    EVP_PKEY *x25519_peer;
    size_t pool_left; /* unused bytes at the end of pool */
    uint8_t pool[LT_RAND_POOL];
} lt_thread_objs;

static pthread_key_t lt_thread_key;
static pthread_once_t lt_thread_once = PTHREAD_ONCE_INIT;
static int lt_thread_status = LT_ERR_CRYPTO;

static void lt_thread_objs_free(void *p)
{
    lt_thread_objs *objs = p;
    if (objs == NULL)
        return;
    for (int i = 0; i < LT_THREAD_MD_SLOTS; i++)
        EVP_MD_CTX_free(objs->md_ctx[i]);
    EVP_PKEY_CTX_free(objs->import_ctx);
    EVP_PKEY_free(objs->x25519_peer);
    lt_wipe(objs, sizeof *objs);
    lt_free(objs);
}

/* fork: the child's copy of the calling thread's pool must not serve what the parent serves */
static void lt_thread_forked_child(void)
{
    lt_thread_objs *objs = pthread_getspecific(lt_thread_key);
    if (objs != NULL) {
        lt_wipe(objs->pool, sizeof objs->pool);
        objs->pool_left = 0;
    }
}

static void lt_thread_init(void)
{
    if (pthread_key_create(&lt_thread_key, lt_thread_objs_free) != 0)
        return;
    if (pthread_atfork(NULL, NULL, lt_thread_forked_child) != 0)
        return;
    lt_thread_status = 0;
}

static lt_thread_objs *lt_thread_objs_get(void)
{
    if (pthread_once(&lt_thread_once, lt_thread_init) != 0 || lt_thread_status < 0)
        return NULL;
    lt_thread_objs *objs = pthread_getspecific(lt_thread_key);
    if (objs == NULL) {
        objs = lt_calloc(1, sizeof *objs);
        if (objs == NULL)
            return NULL;
        if (pthread_setspecific(lt_thread_key, objs) != 0) {
            lt_free(objs);
            return NULL;
        }
    }
    return objs;
}

EVP_MD_CTX *lt_thread_md_ctx(lt_thread_md slot)
{
    lt_thread_objs *objs = lt_thread_objs_get();
    if (objs == NULL || slot < 0 || slot >= LT_THREAD_MD_SLOTS)
        return NULL;
    if (objs->md_ctx[slot] == NULL)
        objs->md_ctx[slot] = EVP_MD_CTX_new();
    return objs->md_ctx[slot];
}

EVP_PKEY_CTX *lt_thread_import_ctx(const EVP_PKEY *template_key)
{
    lt_thread_objs *objs = lt_thread_objs_get();
    if (objs == NULL)
        return NULL;
    if (objs->import_ctx != NULL && objs->import_template != template_key) {
        EVP_PKEY_CTX_free(objs->import_ctx);
        objs->import_ctx = NULL;
    }
    if (objs->import_ctx == NULL) {
        EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, (EVP_PKEY *)template_key, NULL);
        if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0) {
            EVP_PKEY_CTX_free(ctx);
            return NULL;
        }
        objs->import_ctx = ctx;
        objs->import_template = template_key;
    }
    return objs->import_ctx;
}

int lt_thread_x25519_peer(const EVP_PKEY *template_key, const uint8_t *public_key, size_t len, EVP_PKEY **out)
{
    lt_thread_objs *objs = lt_thread_objs_get();
    if (objs == NULL)
        return LT_ERR_NOMEM;
    if (objs->x25519_peer == NULL && (objs->x25519_peer = EVP_PKEY_dup((EVP_PKEY *)template_key)) == NULL)
        return LT_ERR_NOMEM;
    /* a derivation context that used it keeps a reference, but never derives again: only this
     * thread changes it, just before its own derivation */
    if (EVP_PKEY_set1_encoded_public_key(objs->x25519_peer, public_key, len) != 1)
        return LT_ERR_DECODE;
    if (!EVP_PKEY_up_ref(objs->x25519_peer))
        return LT_ERR_CRYPTO;
    *out = objs->x25519_peer;
    return 0;
}

int lt_thread_random(uint8_t *out, size_t len)
{
    if (len == 0)
        return 0;
    if (len > LT_THREAD_RANDOM_MAX)
        return LT_ERR_INVALID_ARG;
    lt_thread_objs *objs = lt_thread_objs_get();
    if (objs == NULL)
        return RAND_bytes(out, (int)len) == 1 ? 0 : LT_ERR_CRYPTO;
    if (objs->pool_left < len) {
        if (RAND_bytes(objs->pool, LT_RAND_POOL) != 1) {
            objs->pool_left = 0;
            return LT_ERR_CRYPTO;
        }
        objs->pool_left = LT_RAND_POOL;
    }
    /* served from the end, and wiped from the pool at once: no byte is handed out twice */
    uint8_t *from = objs->pool + objs->pool_left - len;
    memcpy(out, from, len);
    lt_wipe(from, len);
    objs->pool_left -= len;
    return 0;
}
