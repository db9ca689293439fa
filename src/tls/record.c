/* TLS 1.3 record protection (see record.h; RFC 8446 §5.2 AEAD, §5.3 per-record nonce, §5.4
 * padding, §5.5 limits). */
#include "tls/record.h"

#include <string.h>

#include "base/err.h"
#include "base/wipe.h"
#include "tls/proto.h"

int lt_record_keys_set(lt_record_keys *keys, lt_aead_id aead, const uint8_t *key,
                       const uint8_t iv[LT_AEAD_NONCE_LEN])
{
    lt_cbc_free(keys->cbc);
    keys->cbc = NULL;
    if (keys->aead != NULL && keys->aead_id == aead) {
        LT_TRY(lt_aead_rekey(keys->aead, key));
    } else {
        lt_aead *fresh = NULL;
        LT_TRY(lt_aead_new(aead, key, &fresh));
        lt_aead_free(keys->aead);
        keys->aead = fresh;
        keys->aead_id = aead;
    }
    memcpy(keys->iv, iv, LT_AEAD_NONCE_LEN);
    keys->seq = 0;
    keys->tls12 = 0;
    keys->explicit_len = 0;
    return 0;
}

size_t lt_record_prefix(const lt_record_keys *keys)
{
    return LT_RECORD_HEADER_LEN + (lt_record_keys_on(keys) ? keys->explicit_len : 0);
}

size_t lt_record_overhead(const lt_record_keys *keys)
{
    /* TLS 1.3 adds the inner content type; TLS 1.2 GCM its explicit nonce; CBC its IV, MAC and
     * padding */
    if (keys->cbc != NULL)
        return lt_record_prefix(keys) + lt_cbc_max_expansion(keys->cbc);
    return lt_record_prefix(keys) + (keys->aead != NULL ? LT_AEAD_TAG_LEN + (keys->tls12 ? 0u : 1u) : 0u);
}

void lt_record_keys_clear(lt_record_keys *keys)
{
    lt_aead_free(keys->aead);
    lt_cbc_free(keys->cbc);
    lt_wipe(keys, sizeof *keys);
}

void lt_record_keys_sleep(lt_record_keys *keys)
{
    lt_aead_sleep(keys->aead);
}

void lt_record_header(uint8_t *buf, uint8_t type, size_t fragment_len)
{
    buf[0] = type;
    buf[1] = 0x03;
    buf[2] = 0x03; /* legacy_record_version 0x0303 (§5.1) */
    buf[3] = (uint8_t)(fragment_len >> 8);
    buf[4] = (uint8_t)fragment_len;
}

void lt_record_nonce(const lt_record_keys *keys, uint8_t nonce[LT_AEAD_NONCE_LEN])
{
    memcpy(nonce, keys->iv, LT_AEAD_NONCE_LEN);
    for (size_t i = 0; i < 8; i++)
        nonce[LT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(keys->seq >> (8 * i));
}

int lt_record_seal(lt_record_keys *keys, uint8_t type, const uint8_t *data, size_t len, uint8_t *buf,
                   size_t cap, size_t *record_len)
{
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    if (len > LT_MAX_PLAINTEXT || (data == NULL && len > 0))
        return LT_ERR_INVALID_ARG;
    if (lt_record_keys_on(keys) && keys->tls12)
        return lt_record12_seal(keys, type, data, len, buf, cap, record_len);
    uint8_t *body = buf + LT_RECORD_HEADER_LEN;
    if (keys->aead == NULL) {
        if (LT_RECORD_HEADER_LEN + len > cap)
            return LT_ERR_BUFFER;
        lt_record_header(buf, type, len);
        if (len > 0 && data != body)
            memmove(body, data, len);
        *record_len = LT_RECORD_HEADER_LEN + len;
        return 0;
    }
    size_t fragment = len + 1 + LT_AEAD_TAG_LEN;
    if (LT_RECORD_HEADER_LEN + fragment > cap)
        return LT_ERR_BUFFER;
    /* The sequence number must never wrap (§5.3); latch updates keys long before. */
    if (keys->seq == UINT64_MAX)
        return LT_ERR_LIMIT;
    lt_record_header(buf, LT_CT_APPLICATION_DATA, fragment);
    lt_record_nonce(keys, nonce);
    /* TLSInnerPlaintext: the content, then its type (§5.2), sealed as one AEAD message */
    body[len] = type;
    LT_TRY(lt_aead_seal_begin(keys->aead, nonce, buf, LT_RECORD_HEADER_LEN));
    LT_TRY(lt_aead_seal_part(keys->aead, data, body, len));
    LT_TRY(lt_aead_seal_part(keys->aead, body + len, body + len, 1));
    LT_TRY(lt_aead_seal_end(keys->aead, body + len + 1));
    keys->seq++;
    *record_len = LT_RECORD_HEADER_LEN + fragment;
    return 0;
}

/* In place, the whole 64-byte blocks go first and then the tail (the type byte of a full TLS 1.3
 * record): libcrypto's ChaCha20 is slower on one update of an odd length. */
int lt_record_decrypt(lt_aead *aead, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                             size_t aad_len, uint8_t *body, size_t sealed, uint8_t *dst, size_t direct)
{
    size_t first = dst != NULL ? direct : sealed & ~(size_t)63;
    uint8_t *first_out = dst != NULL ? dst : body;
    int rc = lt_aead_open_begin(aead, nonce, aad, aad_len, body + sealed);
    if (rc == 0)
        rc = lt_aead_open_part(aead, body, first_out, first);
    if (rc == 0)
        rc = lt_aead_open_part(aead, body + first, body + first, sealed - first);
    if (rc == 0)
        rc = lt_aead_open_end(aead);
    if (rc < 0 && dst != NULL)
        lt_wipe(dst, direct); /* unauthenticated plaintext never reaches the caller */
    return rc;
}

int lt_record_open_into(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *dst, size_t dst_cap,
                        uint8_t *type, size_t *plain_len, size_t *direct)
{
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    if (len < LT_RECORD_HEADER_LEN + 1 + LT_AEAD_TAG_LEN)
        return LT_ERR_VERIFY; /* too short to hold a tag: cannot authenticate */
    if (keys->seq == UINT64_MAX)
        return LT_ERR_LIMIT;
    uint8_t *body = record + LT_RECORD_HEADER_LEN;
    size_t sealed = len - LT_RECORD_HEADER_LEN - LT_AEAD_TAG_LEN;
    size_t in_dst = dst == NULL ? 0 : dst_cap < sealed ? dst_cap : sealed;
    lt_record_nonce(keys, nonce);
    LT_TRY(lt_record_decrypt(keys->aead, nonce, record, LT_RECORD_HEADER_LEN, body, sealed, dst, in_dst));
    keys->seq++;
    /* TLSInnerPlaintext: strip the zero padding, the last non-zero byte is the type (§5.4); the
     * plaintext is dst[0 .. in_dst) then body[in_dst .. sealed). The scan is over public lengths
     * only once authentication succeeded. */
    size_t end = sealed;
    while (end > 0 && (end > in_dst ? body[end - 1] : dst[end - 1]) == 0)
        end--;
    if (end == 0 || end - 1 > LT_MAX_PLAINTEXT) {
        if (in_dst > 0)
            lt_wipe(dst, in_dst);
        return end == 0 ? LT_ERR_DECODE : LT_ERR_LIMIT;
    }
    end--;
    *type = end >= in_dst ? body[end] : dst[end];
    *plain_len = end;
    *direct = in_dst;
    return 0;
}

int lt_record_open(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *type, size_t *plain_len)
{
    size_t direct;
    return lt_record_open_into(keys, record, len, NULL, 0, type, plain_len, &direct);
}
