/* Transcript hash (see transcript.h; RFC 8446 §4.4.1). */
#include "tls/transcript.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "tls/proto.h"

void lt_transcript_keep(lt_transcript *t)
{
    t->keep = 1;
}

void lt_transcript_messages(const lt_transcript *t, const uint8_t **msgs, size_t *len)
{
    *msgs = t->pending;
    *len = t->pending_len;
}

int lt_transcript_add(lt_transcript *t, const uint8_t *msg, size_t len)
{
    if (t->ctx != NULL) {
        LT_TRY(lt_hash_ctx_update(t->ctx, msg, len));
        if (!t->keep)
            return 0;
    }
    uint8_t *grown = lt_realloc(t->pending, t->pending_len + len);
    if (grown == NULL)
        return LT_ERR_NOMEM;
    memcpy(grown + t->pending_len, msg, len);
    t->pending = grown;
    t->pending_len += len;
    return 0;
}

int lt_transcript_set_hash(lt_transcript *t, lt_hash_id hash)
{
    if (t->ctx != NULL)
        return t->hash == hash ? 0 : LT_ERR_INTERNAL;
    LT_TRY(lt_hash_ctx_new(hash, &t->ctx));
    t->hash = hash;
    int rc = lt_hash_ctx_update(t->ctx, t->pending, t->pending_len);
    if (!t->keep) {
        lt_free(t->pending);
        t->pending = NULL;
        t->pending_len = 0;
    }
    return rc;
}

int lt_transcript_current(const lt_transcript *t, uint8_t *out)
{
    if (t->ctx == NULL)
        return LT_ERR_INTERNAL;
    return lt_hash_ctx_peek(t->ctx, out);
}

int lt_transcript_current_with(const lt_transcript *t, const uint8_t *partial, size_t len, uint8_t *out)
{
    if (t->ctx == NULL)
        return LT_ERR_INTERNAL;
    return lt_hash_ctx_peek_with(t->ctx, partial, len, out);
}

int lt_transcript_restart_for_hrr(lt_transcript *t)
{
    uint8_t synthetic[4 + LT_MAX_HASH];
    size_t hash_len = lt_hash_len(t->hash);
    LT_TRY(lt_transcript_current(t, synthetic + 4));
    synthetic[0] = LT_HS_MESSAGE_HASH;
    synthetic[1] = 0;
    synthetic[2] = 0;
    synthetic[3] = (uint8_t)hash_len;
    lt_hash_ctx_free(t->ctx);
    t->ctx = NULL;
    LT_TRY(lt_hash_ctx_new(t->hash, &t->ctx));
    return lt_hash_ctx_update(t->ctx, synthetic, 4 + hash_len);
}

void lt_transcript_clear(lt_transcript *t)
{
    lt_hash_ctx_free(t->ctx);
    lt_free(t->pending);
    memset(t, 0, sizeof *t);
}
