/* Ephemeral (EC)DH key exchange for TLS: X25519 (RFC 7748) and the NIST curves P-256 and P-384
 * (RFC 8446 §4.2.8.2, uncompressed points only). Group ids are the TLS NamedGroup code points.
 * Peer shares are validated: exact length, the point on the curve (libcrypto checks it) and,
 * for X25519, a non-zero shared secret (RFC 7748 §6.1, RFC 8446 §7.4.2). */
#ifndef LT_CRYPTO_KEX_H
#define LT_CRYPTO_KEX_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    LT_GROUP_NONE = 0,
    LT_GROUP_SECP256R1 = 0x0017,
    LT_GROUP_SECP384R1 = 0x0018,
    LT_GROUP_X25519 = 0x001d,
} lt_group;

#define LT_KEX_MAX_PUBLIC 97   /* P-384 uncompressed point */
#define LT_KEX_MAX_SECRET 48

/* Length of a key share (32, 65 or 97), 0 for an unsupported group. */
size_t lt_kex_public_len(lt_group group);
/* "x25519", "secp256r1", "secp384r1", or NULL. */
const char *lt_group_name(lt_group group);

typedef struct lt_kex lt_kex;

/* A fresh ephemeral key pair. */
LT_MUST_USE int lt_kex_generate(lt_group group, lt_kex **out);
/* A key pair from given private key bytes (32 for X25519, the scalar for P-256/P-384): for
 * test vectors only (RFC 8448 replay). */
LT_MUST_USE int lt_kex_from_private(lt_group group, const uint8_t *priv, size_t len, lt_kex **out);
lt_group lt_kex_group(const lt_kex *kex);
/* The public share to send (out holds lt_kex_public_len bytes). */
LT_MUST_USE int lt_kex_public(const lt_kex *kex, uint8_t *out, size_t cap, size_t *len);
/* The shared secret with the peer's share: 32 bytes for X25519 and P-256, 48 for P-384 (the
 * x-coordinate). A share of the wrong length or not on the curve is LT_ERR_DECODE; an X25519
 * result of all zeros is LT_ERR_VERIFY. */
LT_MUST_USE int lt_kex_derive(const lt_kex *kex, const uint8_t *peer, size_t peer_len, uint8_t *secret,
                  size_t cap, size_t *secret_len);
/* Wipes and frees. */
void lt_kex_free(lt_kex *kex);

#endif
