/* TLS 1.2 AEAD records (see record.h): RFC 5246 §6.2.3.3 with the nonces of RFC 5288 §3
 * (AES-GCM: 4-byte salt from the key block || 8-byte explicit nonce sent with each record; latch
 * sends its sequence number there) and RFC 7905 §2 (ChaCha20-Poly1305: IV XOR sequence number,
 * nothing explicit). The additional data is seq_num || type || version || plaintext length. */
#include "tls/record.h"

#include <string.h>

#include "base/err.h"
#include "tls/proto.h"

#define LT_GCM_SALT_LEN 4
#define LT_EXPLICIT_NONCE_LEN 8
#define LT_AAD12_LEN 13

int lt_record_keys_set12(lt_record_keys *keys, lt_aead_id aead, const uint8_t *key, const uint8_t *iv)
{
    uint8_t full_iv[LT_AEAD_NONCE_LEN] = { 0 };
    int gcm = aead != LT_AEAD_CHACHA20_POLY1305;
    memcpy(full_iv, iv, gcm ? LT_GCM_SALT_LEN : LT_AEAD_NONCE_LEN);
    LT_TRY(lt_record_keys_set(keys, aead, key, full_iv));
    keys->tls12 = 1;
    keys->explicit_len = gcm ? LT_EXPLICIT_NONCE_LEN : 0;
    return 0;
}

static void lt_record12_aad(uint64_t seq, uint8_t type, size_t len, uint8_t aad[LT_AAD12_LEN])
{
    for (size_t i = 0; i < 8; i++)
        aad[i] = (uint8_t)(seq >> (56 - 8 * i));
    aad[8] = type;
    aad[9] = 0x03;
    aad[10] = 0x03;
    aad[11] = (uint8_t)(len >> 8);
    aad[12] = (uint8_t)len;
}

int lt_record12_seal(lt_record_keys *keys, uint8_t type, const uint8_t *data, size_t len, uint8_t *buf,
                     size_t cap, size_t *record_len)
{
    uint8_t nonce[LT_AEAD_NONCE_LEN], aad[LT_AAD12_LEN];
    size_t fragment = keys->explicit_len + len + LT_AEAD_TAG_LEN;
    if (len > LT_MAX_PLAINTEXT || (data == NULL && len > 0))
        return LT_ERR_INVALID_ARG;
    if (LT_RECORD_HEADER_LEN + fragment > cap)
        return LT_ERR_BUFFER;
    if (keys->seq == UINT64_MAX) /* never wraps (§6.1) */
        return LT_ERR_LIMIT;
    lt_record_header(buf, type, fragment);
    lt_record_nonce(keys, nonce);
    /* for GCM the nonce's last 8 bytes are the explicit part, sent in clear */
    memcpy(buf + LT_RECORD_HEADER_LEN, nonce + LT_GCM_SALT_LEN, keys->explicit_len);
    lt_record12_aad(keys->seq, type, len, aad);
    uint8_t *plain = buf + LT_RECORD_HEADER_LEN + keys->explicit_len;
    LT_TRY(lt_aead_seal_begin(keys->aead, nonce, aad, sizeof aad));
    LT_TRY(lt_aead_seal_part(keys->aead, data, plain, len));
    LT_TRY(lt_aead_seal_end(keys->aead, plain + len));
    keys->seq++;
    *record_len = LT_RECORD_HEADER_LEN + fragment;
    return 0;
}

int lt_record12_open_into(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *dst, size_t dst_cap,
                          size_t *plain_off, size_t *plain_len, size_t *direct)
{
    uint8_t nonce[LT_AEAD_NONCE_LEN], aad[LT_AAD12_LEN];
    size_t off = LT_RECORD_HEADER_LEN + keys->explicit_len;
    if (len < off + LT_AEAD_TAG_LEN)
        return LT_ERR_VERIFY; /* too short to hold a tag */
    if (keys->seq == UINT64_MAX)
        return LT_ERR_LIMIT;
    size_t sealed = len - off - LT_AEAD_TAG_LEN;
    if (sealed > LT_MAX_PLAINTEXT)
        return LT_ERR_LIMIT;
    size_t in_dst = dst == NULL ? 0 : dst_cap < sealed ? dst_cap : sealed;
    lt_record_nonce(keys, nonce);
    if (keys->explicit_len) /* GCM: salt || the explicit nonce the peer chose */
        memcpy(nonce + LT_GCM_SALT_LEN, record + LT_RECORD_HEADER_LEN, LT_EXPLICIT_NONCE_LEN);
    lt_record12_aad(keys->seq, record[0], sealed, aad);
    LT_TRY(lt_record_decrypt(keys->aead, nonce, aad, sizeof aad, record + off, sealed, dst, in_dst));
    keys->seq++;
    *plain_off = off;
    *plain_len = sealed;
    *direct = in_dst;
    return 0;
}

int lt_record12_open(lt_record_keys *keys, uint8_t *record, size_t len, size_t *plain_off, size_t *plain_len)
{
    size_t direct;
    return lt_record12_open_into(keys, record, len, NULL, 0, plain_off, plain_len, &direct);
}
