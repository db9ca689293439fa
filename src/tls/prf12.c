/* The TLS 1.2 PRF (see prf12.h). */
#include "tls/prf12.h"

#include <string.h>

#include "base/err.h"
#include "base/wipe.h"

/* Labels and seeds in TLS 1.2 are short: the longest is a label of about 30 bytes and seeds of
 * two randoms or one hash. */
#define LT_PRF_MAX_INPUT (LT_MAX_HASH + 64 + 2 * LT_MAX_HASH)

int lt_prf12(lt_hash_id hash, const uint8_t *secret, size_t secret_len, const char *label,
             const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
             uint8_t *out, size_t out_len)
{
    /* P_hash(secret, seed) = HMAC(secret, A(1) || seed) || HMAC(secret, A(2) || seed) || ...
     * with A(0) = seed, A(i) = HMAC(secret, A(i-1)), and seed = label || seed1 || seed2; every
     * HMAC uses the one secret, so its pads are hashed once */
    uint8_t seed[LT_PRF_MAX_INPUT], a[LT_MAX_HASH], block[LT_MAX_HASH];
    size_t hash_len = lt_hash_len(hash), label_len = strlen(label);
    size_t seed_len = label_len + seed1_len + seed2_len, done = 0;
    lt_hmac_key *key = NULL;
    if (hash_len == 0 || seed_len > sizeof seed)
        return LT_ERR_INVALID_ARG;
    memcpy(seed, label, label_len);
    if (seed1_len)
        memcpy(seed + label_len, seed1, seed1_len);
    if (seed2_len)
        memcpy(seed + label_len + seed1_len, seed2, seed2_len);
    int rc = lt_hmac_key_new(hash, secret, secret_len, &key);
    if (rc == 0)
        rc = lt_hmac_key_mac(key, seed, seed_len, NULL, 0, a); /* A(1) */
    while (rc == 0 && done < out_len) {
        rc = lt_hmac_key_mac(key, a, hash_len, seed, seed_len, block);
        if (rc < 0)
            break;
        size_t n = out_len - done < hash_len ? out_len - done : hash_len;
        memcpy(out + done, block, n);
        done += n;
        if (done < out_len)
            rc = lt_hmac_key_mac(key, a, hash_len, NULL, 0, a); /* A(i+1) */
    }
    lt_hmac_key_free(key);
    lt_wipe(seed, sizeof seed);
    lt_wipe(a, sizeof a);
    lt_wipe(block, sizeof block);
    return rc;
}

int lt_prf12_master(lt_hash_id hash, const uint8_t *pms, size_t pms_len, const uint8_t *session_hash,
                    const uint8_t client_random[32], const uint8_t server_random[32],
                    uint8_t master[LT_MASTER_SECRET_LEN])
{
    if (session_hash != NULL)
        return lt_prf12(hash, pms, pms_len, "extended master secret", session_hash,
                        lt_hash_len(hash), NULL, 0, master, LT_MASTER_SECRET_LEN);
    return lt_prf12(hash, pms, pms_len, "master secret", client_random, 32, server_random, 32,
                    master, LT_MASTER_SECRET_LEN);
}

int lt_prf12_key_block(lt_hash_id hash, const uint8_t master[LT_MASTER_SECRET_LEN],
                       const uint8_t client_random[32], const uint8_t server_random[32],
                       uint8_t *out, size_t out_len)
{
    return lt_prf12(hash, master, LT_MASTER_SECRET_LEN, "key expansion", server_random, 32,
                    client_random, 32, out, out_len);
}

int lt_prf12_finished(lt_hash_id hash, const uint8_t master[LT_MASTER_SECRET_LEN], int from_client,
                      const uint8_t *handshake_hash, uint8_t verify_data[LT_VERIFY_DATA_LEN_12])
{
    return lt_prf12(hash, master, LT_MASTER_SECRET_LEN, from_client ? "client finished" : "server finished",
                    handshake_hash, lt_hash_len(hash), NULL, 0, verify_data, LT_VERIFY_DATA_LEN_12);
}
