/* The handshake transcript hash (RFC 8446 §4.4.1). A client learns the hash only from the
 * ServerHello, so messages before that are kept and hashed once the suite is known. After a
 * HelloRetryRequest the first ClientHello is replaced by a synthetic message_hash message. */
#ifndef LT_TLS_TRANSCRIPT_H
#define LT_TLS_TRANSCRIPT_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

typedef struct {
    lt_hash_id hash;      /* LT_HASH_NONE until chosen */
    lt_hash_ctx *ctx;
    uint8_t *pending;     /* messages seen before the hash was chosen (all of them if keep) */
    size_t pending_len;
    int keep;             /* keep every message: TLS 1.2 CertificateVerify signs them, not a hash */
} lt_transcript;

/* Adds a whole handshake message (header included). */
LT_MUST_USE int lt_transcript_add(lt_transcript *t, const uint8_t *msg, size_t len);
/* From now on the messages themselves are kept too (lt_transcript_messages). */
void lt_transcript_keep(lt_transcript *t);
/* Every message so far, when kept since the first one. */
void lt_transcript_messages(const lt_transcript *t, const uint8_t **msgs, size_t *len);
/* Chooses the hash and hashes what was pending. */
LT_MUST_USE int lt_transcript_set_hash(lt_transcript *t, lt_hash_id hash);
/* The hash of everything so far (lt_hash_len(t->hash) bytes). */
LT_MUST_USE int lt_transcript_current(const lt_transcript *t, uint8_t *out);
/* The hash of everything so far followed by a partial message (a ClientHello up to its PSK
 * binders, §4.2.11.2); the hash must be chosen. */
LT_MUST_USE int lt_transcript_current_with(const lt_transcript *t, const uint8_t *partial, size_t len, uint8_t *out);
/* After ClientHello1 (the only message so far): replaces it with
 * message_hash(254) || 00 00 Hash.length || Hash(ClientHello1) (§4.4.1). */
LT_MUST_USE int lt_transcript_restart_for_hrr(lt_transcript *t);
void lt_transcript_clear(lt_transcript *t);

#endif
