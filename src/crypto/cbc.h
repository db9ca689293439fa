/* TLS 1.2 CBC record protection (RFC 5246 §6.2.3.2): AES-128/256-CBC with HMAC-SHA1/256/384,
 * an explicit per-record IV from the random source, MAC-then-encrypt, or encrypt-then-MAC when
 * RFC 7366 was negotiated. One context per direction, keyed once: sealing and opening a record
 * allocate and fetch nothing.
 *
 * Opening a MAC-then-encrypt record leaks nothing of its plaintext or padding (Lucky Thirteen,
 * AlFardan and Paterson 2013): libcrypto's provider removes the IV, checks the padding and
 * splits off the MAC in constant time (the "tls-version" and "tls-mac-size" cipher parameters:
 * a random MAC when the padding is bad), and HMAC's "tls-data-size" parameter hashes a secret
 * length in a constant number of compression rounds; every failure is one LT_ERR_VERIFY from
 * one place, after the same work. */
#ifndef LT_CRYPTO_CBC_H
#define LT_CRYPTO_CBC_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

typedef enum {
    LT_CBC_NONE = 0,
    LT_CBC_AES_128,
    LT_CBC_AES_256,
} lt_cbc_id;

#define LT_CBC_BLOCK_LEN 16   /* the AES block, and the explicit IV */
#define LT_CBC_MAX_MAC_LEN 48 /* HMAC-SHA384 */
#define LT_CBC_AD_LEN 13      /* seq_num || type || version || length (§6.2.3.1) */

/* Key length (16 or 32), 0 for an unknown id. */
size_t lt_cbc_key_len(lt_cbc_id id);

typedef struct lt_cbc lt_cbc;

/* A context for one direction: key (lt_cbc_key_len bytes) and mac_key (lt_hash_len(mac) bytes)
 * are copied into libcrypto's contexts, so the caller may wipe them right after. */
LT_MUST_USE int lt_cbc_new(lt_cbc_id id, lt_hash_id mac, const uint8_t *key, const uint8_t *mac_key,
                           int encrypt_then_mac, int encrypting, lt_cbc **out);
/* The MAC's length (20, 32 or 48). */
size_t lt_cbc_mac_len(const lt_cbc *c);
/* Whether records are encrypt-then-MAC (RFC 7366). */
int lt_cbc_etm(const lt_cbc *c);
/* The most a record adds after its IV: the MAC and at most a block of padding. */
size_t lt_cbc_max_expansion(const lt_cbc *c);

/* Seals the len plaintext bytes at fragment + LT_CBC_BLOCK_LEN in place: fragment becomes
 * IV || ciphertext (|| MAC with encrypt-then-MAC); cap is the room from fragment. ad holds the
 * sequence number, type and version; its length bytes are written here. */
LT_MUST_USE int lt_cbc_seal(lt_cbc *c, uint8_t ad[LT_CBC_AD_LEN], uint8_t *fragment, size_t len, size_t cap,
                            size_t *fragment_len);
/* Opens fragment[0 .. len) in place: on success the plaintext is fragment[LT_CBC_BLOCK_LEN ..
 * LT_CBC_BLOCK_LEN + *plain_len). Every failure (a length no record can have, bad padding, a bad
 * MAC) is LT_ERR_VERIFY, and for a length a record can have it comes after the same work
 * whatever the padding and the MAC were. */
LT_MUST_USE int lt_cbc_open(lt_cbc *c, uint8_t ad[LT_CBC_AD_LEN], uint8_t *fragment, size_t len,
                            size_t *plain_len);
/* Wipes and frees. */
void lt_cbc_free(lt_cbc *c);

#endif
