/* The TLS 1.3 key schedule (RFC 8446 §7.1). See keysched13.h. */
#include "tls/keysched13.h"

#include <pthread.h>
#include <string.h>

#include "base/err.h"
#include "base/wipe.h"

#define LT_LABEL_PREFIX "tls13 "
#define LT_MAX_LABEL 255

#define LT_MAX_LABELS 4
#define LT_MAX_INFO (2 + 1 + LT_MAX_LABEL + 1 + 255)

/* struct { uint16 length; opaque label<7..255>; opaque context<0..255>; } HkdfLabel (§7.1) */
static int lt_hkdf_label_info(const char *label, const uint8_t *context, size_t context_len, size_t out_len,
                              uint8_t info[LT_MAX_INFO], size_t *info_len)
{
    size_t prefix_len = sizeof LT_LABEL_PREFIX - 1;
    size_t label_len = strlen(label);
    if (out_len > 0xffff || prefix_len + label_len > LT_MAX_LABEL || context_len > 255 ||
        (context_len > 0 && context == NULL))
        return LT_ERR_INVALID_ARG;
    size_t n = 0;
    info[n++] = (uint8_t)(out_len >> 8);
    info[n++] = (uint8_t)out_len;
    info[n++] = (uint8_t)(prefix_len + label_len);
    memcpy(info + n, LT_LABEL_PREFIX, prefix_len);
    n += prefix_len;
    memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = (uint8_t)context_len;
    if (context_len > 0)
        memcpy(info + n, context, context_len);
    *info_len = n + context_len;
    return 0;
}

int lt_hkdf_expand_labels(lt_hash_id hash, const uint8_t *secret, const char *const *labels,
                          const uint8_t *context, size_t context_len, uint8_t *const *outs,
                          const size_t *out_lens, size_t count)
{
    uint8_t info[LT_MAX_LABELS][LT_MAX_INFO];
    lt_hkdf_output outputs[LT_MAX_LABELS];
    if (count > LT_MAX_LABELS)
        return LT_ERR_INVALID_ARG;
    for (size_t i = 0; i < count; i++) {
        size_t info_len = 0;
        LT_TRY(lt_hkdf_label_info(labels[i], context, context_len, out_lens[i], info[i], &info_len));
        outputs[i] = (lt_hkdf_output){ info[i], info_len, outs[i], out_lens[i] };
    }
    return lt_hkdf_expand_many(hash, secret, lt_hash_len(hash), outputs, count);
}

int lt_hkdf_expand_label(lt_hash_id hash, const uint8_t *secret, const char *label,
                         const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len)
{
    return lt_hkdf_expand_labels(hash, secret, &label, context, context_len, &out, &out_len, 1);
}

/* Without a PSK the Early Secret is HKDF-Extract(0, 0) and the salt of the Handshake Secret is
 * Derive-Secret(Early Secret, "derived", ""): constants of the hash (RFC 8448 §3 shows them), two
 * HMACs a handshake would otherwise redo. Computed once per process. */
static struct {
    uint8_t early[LT_HASH_SHA512 + 1][LT_MAX_HASH];
    uint8_t derived[LT_HASH_SHA512 + 1][LT_MAX_HASH];
    int status;
} lt_no_psk;
static pthread_once_t lt_no_psk_once = PTHREAD_ONCE_INIT;

static void lt_no_psk_init(void)
{
    static const lt_hash_id hashes[] = { LT_HASH_SHA256, LT_HASH_SHA384 };
    uint8_t zeros[LT_MAX_HASH] = { 0 }, empty_hash[LT_MAX_HASH];
    lt_no_psk.status = 0;
    for (size_t i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
        lt_hash_id id = hashes[i];
        size_t len = lt_hash_len(id);
        if (lt_hkdf_extract(id, NULL, 0, zeros, len, lt_no_psk.early[id]) < 0 || lt_hash_empty(id, empty_hash) < 0 ||
            lt_hkdf_expand_label(id, lt_no_psk.early[id], "derived", empty_hash, len, lt_no_psk.derived[id], len) < 0)
            lt_no_psk.status = LT_ERR_CRYPTO;
    }
}

int lt_keysched13_init(lt_keysched13 *ks, lt_hash_id hash, const uint8_t *psk, size_t psk_len)
{
    ks->hash = hash;
    ks->hash_len = lt_hash_len(hash);
    ks->early_without_psk = 0;
    if (ks->hash_len == 0)
        return LT_ERR_INVALID_ARG;
    if (psk == NULL && (hash == LT_HASH_SHA256 || hash == LT_HASH_SHA384)) {
        if (pthread_once(&lt_no_psk_once, lt_no_psk_init) != 0 || lt_no_psk.status < 0)
            return LT_ERR_CRYPTO;
        memcpy(ks->secret, lt_no_psk.early[hash], ks->hash_len);
        ks->early_without_psk = 1;
        return 0;
    }
    uint8_t zeros[LT_MAX_HASH] = { 0 };
    if (psk == NULL) {
        psk = zeros;
        psk_len = ks->hash_len;
    }
    return lt_hkdf_extract(hash, NULL, 0, psk, psk_len, ks->secret);
}

int lt_keysched13_derive(const lt_keysched13 *ks, const char *label, const uint8_t *transcript_hash,
                         uint8_t *out)
{
    return lt_keysched13_derive_many(ks, &label, transcript_hash, &out, 1);
}

int lt_keysched13_derive_many(const lt_keysched13 *ks, const char *const *labels, const uint8_t *transcript_hash,
                              uint8_t *const *outs, size_t count)
{
    size_t out_lens[LT_MAX_LABELS];
    if (count > LT_MAX_LABELS)
        return LT_ERR_INVALID_ARG;
    for (size_t i = 0; i < count; i++)
        out_lens[i] = ks->hash_len;
    return lt_hkdf_expand_labels(ks->hash, ks->secret, labels, transcript_hash, ks->hash_len, outs, out_lens,
                                 count);
}

/* secret = HKDF-Extract(Derive-Secret(secret, "derived", ""), ikm) */
static int lt_keysched13_advance(lt_keysched13 *ks, const uint8_t *ikm, size_t ikm_len)
{
    uint8_t empty_hash[LT_MAX_HASH], salt[LT_MAX_HASH];
    int rc = 0;
    if (ks->early_without_psk) {
        memcpy(salt, lt_no_psk.derived[ks->hash], ks->hash_len);
    } else {
        rc = lt_hash_empty(ks->hash, empty_hash);
        if (rc == 0)
            rc = lt_keysched13_derive(ks, "derived", empty_hash, salt);
    }
    if (rc == 0)
        rc = lt_hkdf_extract(ks->hash, salt, ks->hash_len, ikm, ikm_len, ks->secret);
    ks->early_without_psk = 0;
    lt_wipe(salt, sizeof salt);
    return rc;
}

int lt_keysched13_handshake(lt_keysched13 *ks, const uint8_t *ecdhe, size_t ecdhe_len)
{
    return lt_keysched13_advance(ks, ecdhe, ecdhe_len);
}

int lt_keysched13_master(lt_keysched13 *ks)
{
    uint8_t zeros[LT_MAX_HASH] = { 0 };
    return lt_keysched13_advance(ks, zeros, ks->hash_len);
}

int lt_keysched13_traffic_keys(lt_hash_id hash, lt_aead_id aead, const uint8_t *traffic_secret,
                               uint8_t key[LT_AEAD_MAX_KEY_LEN], uint8_t iv[LT_AEAD_NONCE_LEN])
{
    size_t key_len = lt_aead_key_len(aead);
    if (key_len == 0)
        return LT_ERR_INVALID_ARG;
    static const char *const labels[2] = { "key", "iv" };
    uint8_t *const outs[2] = { key, iv };
    const size_t out_lens[2] = { key_len, LT_AEAD_NONCE_LEN };
    return lt_hkdf_expand_labels(hash, traffic_secret, labels, NULL, 0, outs, out_lens, 2);
}

int lt_keysched13_finished(lt_hash_id hash, const uint8_t *base_secret,
                           const uint8_t *transcript_hash, uint8_t *verify_data)
{
    uint8_t finished_key[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(hash);
    int rc = lt_hkdf_expand_label(hash, base_secret, "finished", NULL, 0, finished_key, hash_len);
    if (rc == 0)
        rc = lt_hmac(hash, finished_key, hash_len, transcript_hash, hash_len, verify_data);
    lt_wipe(finished_key, sizeof finished_key);
    return rc;
}

int lt_keysched13_update(lt_hash_id hash, uint8_t *traffic_secret)
{
    uint8_t next[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(hash);
    int rc = lt_hkdf_expand_label(hash, traffic_secret, "traffic upd", NULL, 0, next, hash_len);
    if (rc == 0)
        memcpy(traffic_secret, next, hash_len);
    lt_wipe(next, sizeof next);
    return rc;
}

int lt_keysched13_export(lt_hash_id hash, const uint8_t *exporter_master, const char *label,
                         const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len)
{
    /* HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context), length) */
    uint8_t empty_hash[LT_MAX_HASH], context_hash[LT_MAX_HASH], secret[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(hash);
    int rc = lt_hash_empty(hash, empty_hash);
    if (rc == 0)
        rc = lt_hkdf_expand_label(hash, exporter_master, label, empty_hash, hash_len, secret, hash_len);
    if (rc == 0)
        rc = lt_hash(hash, context == NULL ? (const void *)"" : context, context_len, context_hash);
    if (rc == 0)
        rc = lt_hkdf_expand_label(hash, secret, "exporter", context_hash, hash_len, out, out_len);
    lt_wipe(secret, sizeof secret);
    return rc;
}

int lt_keysched13_ticket_psk(lt_hash_id hash, const uint8_t *resumption_master,
                             const uint8_t *nonce, size_t nonce_len, uint8_t *psk)
{
    return lt_hkdf_expand_label(hash, resumption_master, "resumption", nonce, nonce_len, psk,
                                lt_hash_len(hash));
}

void lt_keysched13_clear(lt_keysched13 *ks)
{
    lt_wipe(ks, sizeof *ks);
}

int lt_keysched13_binder(lt_hash_id hash, const uint8_t *psk, size_t psk_len,
                         const uint8_t *transcript_hash, uint8_t *binder)
{
    lt_keysched13 ks;
    uint8_t empty_hash[LT_MAX_HASH], binder_key[LT_MAX_HASH];
    int rc = lt_keysched13_init(&ks, hash, psk, psk_len);
    if (rc == 0)
        rc = lt_hash_empty(hash, empty_hash);
    if (rc == 0)
        rc = lt_keysched13_derive(&ks, "res binder", empty_hash, binder_key);
    if (rc == 0)
        rc = lt_keysched13_finished(hash, binder_key, transcript_hash, binder);
    lt_keysched13_clear(&ks);
    lt_wipe(binder_key, sizeof binder_key);
    return rc;
}
