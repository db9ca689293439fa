/* The TLS 1.3 key schedule (RFC 8446 §7.1): HKDF-Expand-Label, Derive-Secret, the chain
 * early secret → handshake secret → master secret, traffic keys and IVs (§7.3), Finished keys
 * (§4.4.4), the next application traffic secret (§7.2), exporters (§7.5) and the resumption
 * PSK of a ticket (§4.6.1). Secrets are hash-length byte strings; the suite's hash decides. */
#ifndef LT_TLS_KEYSCHED13_H
#define LT_TLS_KEYSCHED13_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/aead.h"
#include "crypto/hash.h"

/* The running secret of the schedule: early, then handshake, then master. */
typedef struct {
    lt_hash_id hash;
    size_t hash_len;
    uint8_t secret[LT_MAX_HASH];
    int early_without_psk; /* secret is the Early Secret of no PSK: a constant (see keysched13.c) */
} lt_keysched13;

/* HKDF-Expand-Label(secret, "tls13 " + label, context, out_len) (§7.1). */
LT_MUST_USE int lt_hkdf_expand_label(lt_hash_id hash, const uint8_t *secret, const char *label,
                         const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len);
/* Several HKDF-Expand-Labels from one secret, its HMAC pads hashed once: labels[i] with the
 * same context into outs[i] (out_len bytes each). */
LT_MUST_USE int lt_hkdf_expand_labels(lt_hash_id hash, const uint8_t *secret, const char *const *labels,
                          const uint8_t *context, size_t context_len, uint8_t *const *outs,
                          const size_t *out_lens, size_t count);
/* Early Secret = HKDF-Extract(0, PSK); psk NULL means hash-length zeros (no PSK). */
LT_MUST_USE int lt_keysched13_init(lt_keysched13 *ks, lt_hash_id hash, const uint8_t *psk, size_t psk_len);
/* Derive-Secret(current secret, label, transcript_hash) into out (hash_len bytes). The
 * transcript hash is given already computed so that the transcript is hashed once. */
LT_MUST_USE int lt_keysched13_derive(const lt_keysched13 *ks, const char *label, const uint8_t *transcript_hash,
                         uint8_t *out);
/* Derive-Secret for several labels over the same transcript hash (the client and server traffic
 * secrets, the exporter secret), at most four. */
LT_MUST_USE int lt_keysched13_derive_many(const lt_keysched13 *ks, const char *const *labels, const uint8_t *transcript_hash,
                              uint8_t *const *outs, size_t count);
/* Early → Handshake Secret with the (EC)DHE shared secret. */
LT_MUST_USE int lt_keysched13_handshake(lt_keysched13 *ks, const uint8_t *ecdhe, size_t ecdhe_len);
/* Handshake → Master Secret. */
LT_MUST_USE int lt_keysched13_master(lt_keysched13 *ks);
/* [sender]_write_key and [sender]_write_iv of a traffic secret (§7.3). */
LT_MUST_USE int lt_keysched13_traffic_keys(lt_hash_id hash, lt_aead_id aead, const uint8_t *traffic_secret,
                               uint8_t key[LT_AEAD_MAX_KEY_LEN], uint8_t iv[LT_AEAD_NONCE_LEN]);
/* verify_data = HMAC(finished_key, transcript_hash) with finished_key from base_secret. */
LT_MUST_USE int lt_keysched13_finished(lt_hash_id hash, const uint8_t *base_secret,
                           const uint8_t *transcript_hash, uint8_t *verify_data);
/* application_traffic_secret_N+1, in place (§7.2). */
LT_MUST_USE int lt_keysched13_update(lt_hash_id hash, uint8_t *traffic_secret);
/* TLS-Exporter(label, context, length) from the exporter master secret (§7.5). */
LT_MUST_USE int lt_keysched13_export(lt_hash_id hash, const uint8_t *exporter_master, const char *label,
                         const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len);
/* The PSK of a ticket: HKDF-Expand-Label(resumption_master, "resumption", nonce, hash_len). */
LT_MUST_USE int lt_keysched13_ticket_psk(lt_hash_id hash, const uint8_t *resumption_master,
                             const uint8_t *nonce, size_t nonce_len, uint8_t *psk);
/* The PSK binder (§4.2.11.2) for a resumption PSK over a transcript hash (of the ClientHello up
 * to its binders, after whatever came before): HMAC with the finished key of
 * Derive-Secret(Early Secret(psk), "res binder", ""). */
LT_MUST_USE int lt_keysched13_binder(lt_hash_id hash, const uint8_t *psk, size_t psk_len,
                         const uint8_t *transcript_hash, uint8_t *binder);
void lt_keysched13_clear(lt_keysched13 *ks);

#endif
