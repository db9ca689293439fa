/* AEAD ciphers for the record layer (RFC 5116 interface): AES-128-GCM, AES-256-GCM (RFC 5288,
 * RFC 8446 §5.2) and ChaCha20-Poly1305 (RFC 8439). A context is keyed once per direction and
 * reused for every record; sealing and opening work in place or from one buffer to another, so
 * the record layer never allocates or copies per record. Nonces are always 12 bytes and tags 16
 * bytes. */
#ifndef LT_CRYPTO_AEAD_H
#define LT_CRYPTO_AEAD_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    LT_AEAD_NONE = 0,
    LT_AEAD_AES_128_GCM,
    LT_AEAD_AES_256_GCM,
    LT_AEAD_CHACHA20_POLY1305,
} lt_aead_id;

#define LT_AEAD_NONCE_LEN 12
#define LT_AEAD_TAG_LEN 16
#define LT_AEAD_MAX_KEY_LEN 32

/* Key length of an AEAD (16 or 32), 0 for an unknown id. */
size_t lt_aead_key_len(lt_aead_id id);

typedef struct lt_aead lt_aead;

/* A context keyed with key (lt_aead_key_len(id) bytes). The key is not kept by the caller's
 * buffer: the caller may wipe it right after. */
LT_MUST_USE int lt_aead_new(lt_aead_id id, const uint8_t *key, lt_aead **out);
/* Replaces the key of an existing context (KeyUpdate) without reallocating. */
LT_MUST_USE int lt_aead_rekey(lt_aead *aead, const uint8_t *key);
/* Encrypts data[0..len) in place and writes the tag. */
LT_MUST_USE int lt_aead_seal(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                 size_t aad_len, uint8_t *data, size_t len, uint8_t tag[LT_AEAD_TAG_LEN]);
/* Decrypts data[0..len) in place if tag authenticates it; LT_ERR_VERIFY otherwise (and data is
 * then garbage the caller must not use). */
LT_MUST_USE int lt_aead_open(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                 size_t aad_len, uint8_t *data, size_t len, const uint8_t tag[LT_AEAD_TAG_LEN]);

/* The same in pieces, for a plaintext that is not contiguous: a TLS 1.3 record is sealed
 * straight from the application's buffer, then its content type byte, so the data is never
 * copied into the record buffer first. begin takes the nonce and additional data; each part
 * goes from in to out (in == out, or not overlapping); end writes the tag (seal) or checks it
 * (open: LT_ERR_VERIFY, and every part's output is then garbage the caller must wipe). */
LT_MUST_USE int lt_aead_seal_begin(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                       size_t aad_len);
LT_MUST_USE int lt_aead_seal_part(lt_aead *aead, const uint8_t *in, uint8_t *out, size_t len);
LT_MUST_USE int lt_aead_seal_end(lt_aead *aead, uint8_t tag[LT_AEAD_TAG_LEN]);
LT_MUST_USE int lt_aead_open_begin(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                       size_t aad_len, const uint8_t tag[LT_AEAD_TAG_LEN]);
LT_MUST_USE int lt_aead_open_part(lt_aead *aead, const uint8_t *in, uint8_t *out, size_t len);
LT_MUST_USE int lt_aead_open_end(lt_aead *aead);
/* Frees the context's expanded key (an idle connection's: over 1 KiB with AES-GCM) and keeps
 * only the key; the next seal or open builds it again. */
void lt_aead_sleep(lt_aead *aead);
/* Wipes and frees. */
void lt_aead_free(lt_aead *aead);

#ifdef LT_FUZZING
/* The fuzzing build only (docs/fuzzing.md): every AEAD is transparent (on, the default) or the
 * real cipher (off), for a harness that opens records under real keys. */
void lt_aead_fuzz_set_transparent(int on);
#endif

#endif
