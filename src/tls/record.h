/* TLS 1.3 record protection (RFC 8446 §5.2-§5.5): the per-record nonce (§5.3: the write IV
 * XORed with the 64-bit sequence number), TLSInnerPlaintext (content, type, zero padding), and
 * the additional data (the record header). Records are sealed and opened in place in the
 * connection's buffers: nothing here allocates per record. */
#ifndef LT_TLS_RECORD_H
#define LT_TLS_RECORD_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/aead.h"
#include "crypto/cbc.h"

typedef struct {
    lt_aead *aead;      /* NULL while records are plaintext (or CBC) */
    lt_cbc *cbc;        /* TLS 1.2 CBC suites (record12.c) instead of an AEAD */
    lt_aead_id aead_id;
    uint8_t iv[LT_AEAD_NONCE_LEN]; /* TLS 1.2 AES-GCM: the 4-byte salt, then zeros */
    uint64_t seq;
    uint8_t tls12;        /* TLS 1.2 framing (record12.c) */
    uint8_t explicit_len; /* TLS 1.2 AES-GCM: the 8-byte explicit nonce before the ciphertext;
                           * CBC: the 16-byte IV */
} lt_record_keys;

/* Whether records are protected (by an AEAD or, in TLS 1.2, CBC and HMAC). */
static inline int lt_record_keys_on(const lt_record_keys *keys)
{
    return keys->aead != NULL || keys->cbc != NULL;
}

/* Records one key may protect before latch updates it: §5.5 gives 2^24.5 full records for
 * AES-GCM; ChaCha20-Poly1305 has no practical limit, latch uses the same number anyway. */
#define LT_RECORD_KEY_LIMIT (1ull << 24)

/* Installs new traffic keys (keying or re-keying the AEAD) and resets the sequence number. */
LT_MUST_USE int lt_record_keys_set(lt_record_keys *keys, lt_aead_id aead, const uint8_t *key,
                       const uint8_t iv[LT_AEAD_NONCE_LEN]);
/* Wipes and frees. */
void lt_record_keys_clear(lt_record_keys *keys);
/* An idle connection's keys give back the AEAD's expanded key until the next record
 * (lt_aead_sleep); CBC keys stay as they are. */
void lt_record_keys_sleep(lt_record_keys *keys);

/* TLS 1.2 keys (RFC 5246 §6.3): the IV from the key block is the 4-byte GCM salt (RFC 5288 §3)
 * or the 12-byte ChaCha20-Poly1305 IV (RFC 7905 §2). Resets the sequence number. */
LT_MUST_USE int lt_record_keys_set12(lt_record_keys *keys, lt_aead_id aead, const uint8_t *key, const uint8_t *iv);
/* TLS 1.2 CBC keys (RFC 5246 §6.3: MAC key, then encryption key; the key block's IVs are not
 * used, each record carries its own): for the direction that seals (encrypting) or opens, with
 * encrypt-then-MAC when RFC 7366 was negotiated. Resets the sequence number. */
LT_MUST_USE int lt_record_keys_set12_cbc(lt_record_keys *keys, lt_cbc_id cbc, lt_hash_id mac, const uint8_t *key,
                                         const uint8_t *mac_key, int encrypt_then_mac, int encrypting);
/* The most a TLS 1.2 record from the peer may add to its plaintext (explicit nonce and tag, or
 * IV, MAC and up to 256 bytes of padding, §6.2.3.2). */
size_t lt_record12_max_expansion_in(const lt_record_keys *keys);
/* Bytes before the plaintext in a sealed record (header and any explicit nonce), and the most
 * a record adds in all. */
size_t lt_record_prefix(const lt_record_keys *keys);
size_t lt_record_overhead(const lt_record_keys *keys);
/* The per-record nonce: the IV XORed with the sequence number (TLS 1.3 §5.3; TLS 1.2
 * ChaCha20-Poly1305; TLS 1.2 AES-GCM, where it is salt || sequence number). */
void lt_record_nonce(const lt_record_keys *keys, uint8_t nonce[LT_AEAD_NONCE_LEN]);

/* TLS 1.2 (record12.c). Seal: as lt_record_seal; the record keeps its real content type. Open:
 * on success the plaintext is record[*plain_off .. *plain_off + *plain_len) and the type is the
 * record's; LT_ERR_VERIFY when it does not authenticate, LT_ERR_LIMIT past 2^14 bytes. */
LT_MUST_USE int lt_record12_seal(lt_record_keys *keys, uint8_t type, const uint8_t *data, size_t len, uint8_t *buf,
                     size_t cap, size_t *record_len);
LT_MUST_USE int lt_record12_open(lt_record_keys *keys, uint8_t *record, size_t len, size_t *plain_off,
                     size_t *plain_len);
/* The same, the first *direct = min(dst_cap, plaintext length) bytes of the plaintext decrypted
 * into dst instead (the application's buffer), the rest in place from *plain_off + *direct. */
LT_MUST_USE int lt_record12_open_into(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *dst, size_t dst_cap,
                          size_t *plain_off, size_t *plain_len, size_t *direct);

/* Decrypts the sealed bytes body[0 .. sealed), tag at body + sealed, as one AEAD message: the
 * first `direct` bytes into dst (the application's buffer), the rest in place; dst NULL: all in
 * place. LT_ERR_VERIFY when it does not authenticate, and then nothing decrypted is left in dst.
 * Shared by both versions' open. */
LT_MUST_USE int lt_record_decrypt(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad, size_t aad_len,
                      uint8_t *body, size_t sealed, uint8_t *dst, size_t direct);

/* Writes the 5-byte header at buf. */
void lt_record_header(uint8_t *buf, uint8_t type, size_t fragment_len);

/* Seals data[0..len) of content type as one record at buf (TLS 1.2 keys go to lt_record12_seal):
 * header, ciphertext, inner type and tag. data is either buf + lt_record_prefix(keys) (sealed in
 * place) or outside the record (sealed straight from there: the application's buffer is never
 * copied first). cap is the room from buf. *record_len gets the whole record's length. Without
 * keys, writes a plaintext record. */
LT_MUST_USE int lt_record_seal(lt_record_keys *keys, uint8_t type, const uint8_t *data, size_t len, uint8_t *buf,
                   size_t cap, size_t *record_len);

/* Opens one protected record in place (record points at its header; len is the whole record).
 * On success *type is the inner content type and the plaintext is record[5 .. 5+*plain_len).
 * LT_ERR_VERIFY: it does not authenticate (bad_record_mac). LT_ERR_LIMIT: the plaintext is
 * longer than 2^14 (record_overflow). LT_ERR_DECODE: no non-zero content type (unexpected
 * message). */
LT_MUST_USE int lt_record_open(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *type,
                   size_t *plain_len);
/* The same with the first *direct bytes of the TLSInnerPlaintext (content, type, padding; at most
 * dst_cap) decrypted into dst, the application's buffer, and the rest in place from
 * record[5 + *direct]: the content is dst[0 .. min(*direct, *plain_len)) followed by
 * record[5 + *direct .. 5 + *plain_len). dst NULL: all in place. On failure nothing decrypted
 * is left in dst. */
LT_MUST_USE int lt_record_open_into(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *dst, size_t dst_cap,
                        uint8_t *type, size_t *plain_len, size_t *direct);

#endif
