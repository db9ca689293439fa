/* TLS 1.3 record protection (RFC 8446 §5.2-§5.5): the per-record nonce (§5.3: the write IV
 * XORed with the 64-bit sequence number), TLSInnerPlaintext (content, type, zero padding), and
 * the additional data (the record header). Records are sealed and opened in place in the
 * connection's buffers: nothing here allocates per record. */
#ifndef LT_TLS_RECORD_H
#define LT_TLS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aead.h"

typedef struct {
    lt_aead *aead;      /* NULL while records are plaintext */
    lt_aead_id aead_id;
    uint8_t iv[LT_AEAD_NONCE_LEN];
    uint64_t seq;
} lt_record_keys;

/* Records one key may protect before latch updates it: §5.5 gives 2^24.5 full records for
 * AES-GCM; ChaCha20-Poly1305 has no practical limit, latch uses the same number anyway. */
#define LT_RECORD_KEY_LIMIT (1ull << 24)

/* Installs new traffic keys (keying or re-keying the AEAD) and resets the sequence number. */
int lt_record_keys_set(lt_record_keys *keys, lt_aead_id aead, const uint8_t *key,
                       const uint8_t iv[LT_AEAD_NONCE_LEN]);
/* Wipes and frees. */
void lt_record_keys_clear(lt_record_keys *keys);

/* Writes the 5-byte header at buf. */
void lt_record_header(uint8_t *buf, uint8_t type, size_t fragment_len);

/* Seals one record in place. buf[5 .. 5+len) holds the plaintext of content type; the header,
 * inner type and tag are added around it. cap is the room from buf. *record_len gets the
 * whole record's length. Without keys, writes a plaintext record. */
int lt_record_seal(lt_record_keys *keys, uint8_t type, uint8_t *buf, size_t len, size_t cap,
                   size_t *record_len);

/* Opens one protected record in place (record points at its header; len is the whole record).
 * On success *type is the inner content type and the plaintext is record[5 .. 5+*plain_len).
 * LT_ERR_VERIFY: it does not authenticate (bad_record_mac). LT_ERR_LIMIT: the plaintext is
 * longer than 2^14 (record_overflow). LT_ERR_DECODE: no non-zero content type (unexpected
 * message). */
int lt_record_open(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *type,
                   size_t *plain_len);

#endif
