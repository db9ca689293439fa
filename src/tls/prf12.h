/* The TLS 1.2 PRF (RFC 5246 §5: P_hash with HMAC and the suite's hash) and what is derived with
 * it: the master secret, plain (§8.1) or extended (RFC 7627 §4), the key block (§6.3), Finished
 * verify_data (§7.4.9) and exporters (RFC 5705). */
#ifndef LT_TLS_PRF12_H
#define LT_TLS_PRF12_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define LT_MASTER_SECRET_LEN 48
#define LT_VERIFY_DATA_LEN_12 12

/* PRF(secret, label, seed)[0..out_len). The seed is seed1 || seed2 (either may be empty), which
 * saves callers from concatenating randoms. */
LT_MUST_USE int lt_prf12(lt_hash_id hash, const uint8_t *secret, size_t secret_len, const char *label,
             const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
             uint8_t *out, size_t out_len);

/* master_secret from the pre-master secret: with the session hash (EMS, RFC 7627) when
 * session_hash is not NULL, else from the two randoms. */
LT_MUST_USE int lt_prf12_master(lt_hash_id hash, const uint8_t *pms, size_t pms_len, const uint8_t *session_hash,
                    const uint8_t client_random[32], const uint8_t server_random[32],
                    uint8_t master[LT_MASTER_SECRET_LEN]);

/* key_block = PRF(master, "key expansion", server_random || client_random). */
LT_MUST_USE int lt_prf12_key_block(lt_hash_id hash, const uint8_t master[LT_MASTER_SECRET_LEN],
                       const uint8_t client_random[32], const uint8_t server_random[32],
                       uint8_t *out, size_t out_len);

/* verify_data of a Finished from the handshake hash: "client finished" or "server finished". */
LT_MUST_USE int lt_prf12_finished(lt_hash_id hash, const uint8_t master[LT_MASTER_SECRET_LEN], int from_client,
                      const uint8_t *handshake_hash, uint8_t verify_data[LT_VERIFY_DATA_LEN_12]);

#endif
