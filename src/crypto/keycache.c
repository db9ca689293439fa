/* Decoded public keys by their SubjectPublicKeyInfo bytes. libcrypto's key decoders (the
 * OSSL_DECODER machinery behind d2i_PUBKEY) cost more than an ECDSA verification, and a client
 * meets the same server and CA keys at every handshake: a small cache of decoded EVP_PKEYs
 * (immutable, reference-counted, safe to share between threads) removes that cost. The key is
 * the exact DER, compared in full, so a hit is the same key latch already checked. */
#include "base/alloc.h"
#include "crypto/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define LT_KEYCACHE_SLOTS 64
#define LT_KEYCACHE_MAX_DER 2048

typedef struct {
    uint8_t *der;
    size_t len;
    EVP_PKEY *pkey;
    lt_key_type type;
} lt_keycache_slot;

static lt_keycache_slot lt_keycache[LT_KEYCACHE_SLOTS];
static pthread_mutex_t lt_keycache_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t lt_keycache_index(const uint8_t *der, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a: public bytes, only to spread the slots */
    for (size_t i = 0; i < len; i++)
        h = (h ^ der[i]) * 16777619u;
    return h % LT_KEYCACHE_SLOTS;
}

EVP_PKEY *lt_keycache_get(const uint8_t *der, size_t len, lt_key_type *type)
{
    EVP_PKEY *pkey = NULL;
    lt_keycache_slot *slot = &lt_keycache[lt_keycache_index(der, len)];
    pthread_mutex_lock(&lt_keycache_lock);
    if (slot->pkey != NULL && slot->len == len && memcmp(slot->der, der, len) == 0 &&
        EVP_PKEY_up_ref(slot->pkey) == 1) {
        pkey = slot->pkey;
        *type = slot->type;
    }
    pthread_mutex_unlock(&lt_keycache_lock);
    return pkey;
}

void lt_keycache_put(const uint8_t *der, size_t len, EVP_PKEY *pkey, lt_key_type type)
{
    if (len > LT_KEYCACHE_MAX_DER)
        return;
    uint8_t *copy = lt_malloc(len);
    if (copy == NULL || EVP_PKEY_up_ref(pkey) != 1) {
        lt_free(copy);
        return;
    }
    memcpy(copy, der, len);
    lt_keycache_slot *slot = &lt_keycache[lt_keycache_index(der, len)];
    pthread_mutex_lock(&lt_keycache_lock);
    uint8_t *old_der = slot->der;
    EVP_PKEY *old = slot->pkey;
    slot->der = copy;
    slot->len = len;
    slot->pkey = pkey;
    slot->type = type;
    pthread_mutex_unlock(&lt_keycache_lock);
    lt_free(old_der);
    EVP_PKEY_free(old);
}
