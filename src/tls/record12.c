/* TLS 1.2 records (see record.h). AEAD: RFC 5246 §6.2.3.3 with the nonces of RFC 5288 §3
 * (AES-GCM: 4-byte salt from the key block || 8-byte explicit nonce sent with each record; latch
 * sends its sequence number there) and RFC 7905 §2 (ChaCha20-Poly1305: IV XOR sequence number,
 * nothing explicit). The additional data is seq_num || type || version || plaintext length.
 * CBC: §6.2.3.2 and RFC 7366, in crypto/cbc.c, with the same 13 bytes as the MAC's header. */
#include "tls/record.h"

#include <string.h>

#include "base/err.h"
#include "base/wipe.h"
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

int lt_record_keys_set12_cbc(lt_record_keys *keys, lt_cbc_id cbc, lt_hash_id mac, const uint8_t *key,
                             const uint8_t *mac_key, int encrypt_then_mac, int encrypting)
{
    lt_cbc *fresh = NULL;
    LT_TRY(lt_cbc_new(cbc, mac, key, mac_key, encrypt_then_mac, encrypting, &fresh));
    lt_record_keys_clear(keys);
    keys->cbc = fresh;
    keys->tls12 = 1;
    keys->explicit_len = LT_CBC_BLOCK_LEN;
    return 0;
}

size_t lt_record12_max_expansion_in(const lt_record_keys *keys)
{
    if (keys->cbc != NULL) /* the IV, the MAC and up to 256 bytes of padding (§6.2.3.2) */
        return LT_CBC_BLOCK_LEN + lt_cbc_mac_len(keys->cbc) + 256;
    return keys->explicit_len + LT_AEAD_TAG_LEN;
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

/* The plaintext goes in place after the IV (copied there first when it is elsewhere: CBC chains
 * through the whole record, so it cannot be encrypted straight from the caller's buffer). */
static int lt_record12_seal_cbc(lt_record_keys *keys, uint8_t type, const uint8_t *data, size_t len, uint8_t *buf,
                                size_t cap, size_t *record_len)
{
    uint8_t ad[LT_AAD12_LEN];
    size_t fragment = 0;
    uint8_t *plain = buf + LT_RECORD_HEADER_LEN + LT_CBC_BLOCK_LEN;
    if (LT_RECORD_HEADER_LEN + LT_CBC_BLOCK_LEN + len + lt_cbc_max_expansion(keys->cbc) > cap)
        return LT_ERR_BUFFER;
    if (keys->seq == UINT64_MAX) /* never wraps (§6.1) */
        return LT_ERR_LIMIT;
    if (len > 0 && data != plain)
        memmove(plain, data, len);
    lt_record12_aad(keys->seq, type, len, ad);
    LT_TRY(lt_cbc_seal(keys->cbc, ad, buf + LT_RECORD_HEADER_LEN, len, cap - LT_RECORD_HEADER_LEN, &fragment));
    lt_record_header(buf, type, fragment);
    keys->seq++;
    *record_len = LT_RECORD_HEADER_LEN + fragment;
    return 0;
}

/* Every failure is bad_record_mac (LT_ERR_VERIFY) from lt_cbc_open, after the same work; the
 * plaintext's length is looked at only once the record is authentic. */
static int lt_record12_open_cbc(lt_record_keys *keys, uint8_t *record, size_t len, uint8_t *dst, size_t dst_cap,
                                size_t *plain_off, size_t *plain_len, size_t *direct)
{
    uint8_t ad[LT_AAD12_LEN];
    size_t n = 0, off = LT_RECORD_HEADER_LEN + LT_CBC_BLOCK_LEN;
    if (len < LT_RECORD_HEADER_LEN)
        return LT_ERR_VERIFY;
    if (keys->seq == UINT64_MAX)
        return LT_ERR_LIMIT;
    lt_record12_aad(keys->seq, record[0], 0, ad);
    LT_TRY(lt_cbc_open(keys->cbc, ad, record + LT_RECORD_HEADER_LEN, len - LT_RECORD_HEADER_LEN, &n));
    if (n > LT_MAX_PLAINTEXT) {
        lt_wipe(record + off, n);
        return LT_ERR_LIMIT;
    }
    keys->seq++;
    size_t in_dst = dst == NULL ? 0 : dst_cap < n ? dst_cap : n;
    if (in_dst > 0)
        memcpy(dst, record + off, in_dst);
    *plain_off = off;
    *plain_len = n;
    *direct = in_dst;
    return 0;
}

int lt_record12_seal(lt_record_keys *keys, uint8_t type, const uint8_t *data, size_t len, uint8_t *buf,
                     size_t cap, size_t *record_len)
{
    uint8_t nonce[LT_AEAD_NONCE_LEN], aad[LT_AAD12_LEN];
    size_t fragment = keys->explicit_len + len + LT_AEAD_TAG_LEN;
    if (len > LT_MAX_PLAINTEXT || (data == NULL && len > 0))
        return LT_ERR_INVALID_ARG;
    if (keys->cbc != NULL)
        return lt_record12_seal_cbc(keys, type, data, len, buf, cap, record_len);
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
    if (keys->cbc != NULL)
        return lt_record12_open_cbc(keys, record, len, dst, dst_cap, plain_off, plain_len, direct);
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
