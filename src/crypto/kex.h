/* Ephemeral key exchange for TLS: X25519 (RFC 7748) and the NIST curves P-256 and P-384
 * (RFC 8446 §4.2.8.2, uncompressed points only), and TLS 1.3's post-quantum hybrids
 * X25519MLKEM768 and SecP256r1MLKEM768 (draft-ietf-tls-ecdhe-mlkem: ML-KEM-768 beside the curve).
 * Group ids are the TLS NamedGroup code points. Peer shares are validated: exact length, the point
 * on the curve (libcrypto checks it), for X25519 a non-zero shared secret (RFC 7748 §6.1, RFC 8446
 * §7.4.2), and an ML-KEM encapsulation key's modulus check (FIPS 203 §7.2).
 *
 * A hybrid is a key encapsulation, not a Diffie-Hellman: the client's share is its encapsulation
 * key and curve share, the server's a ciphertext to that key and its own curve share. So the
 * initiator (client) calls lt_kex_generate, lt_kex_public, then lt_kex_derive with the response;
 * the responder (server) calls lt_kex_generate_responder, lt_kex_accept with the client's share,
 * then lt_kex_public for its response. For the plain curves both sides are the same. */
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
    LT_GROUP_SECP256R1MLKEM768 = 0x11eb,
    LT_GROUP_X25519MLKEM768 = 0x11ec,
} lt_group;

#define LT_KEX_MAX_PUBLIC 1249 /* SecP256r1MLKEM768's client share: a P-256 point, an ML-KEM key */
#define LT_KEX_MAX_SECRET 64   /* a hybrid's two 32-byte secrets */

/* Length of a client's key share (32, 65, 97, 1216 or 1249), 0 for an unsupported group. */
size_t lt_kex_public_len(lt_group group);
/* Length of a server's key share: the client's for the curves, 1120 and 1153 for the hybrids. */
size_t lt_kex_response_len(lt_group group);
/* 1 for the post-quantum hybrids (TLS 1.3 only). */
int lt_group_is_hybrid(lt_group group);
/* "x25519", "secp256r1", "secp384r1", "X25519MLKEM768", "SecP256r1MLKEM768", or NULL. */
const char *lt_group_name(lt_group group);
/* What a share of the group holds, for people: "ML-KEM-768 encapsulation key + x25519", or the
 * curve's name; and the same for the response ("ML-KEM-768 ciphertext + x25519"). */
const char *lt_group_share_parts(lt_group group, int response);

typedef struct lt_kex lt_kex;

/* A fresh ephemeral key pair, as the initiator (for a hybrid: an ML-KEM key pair too). */
LT_MUST_USE int lt_kex_generate(lt_group group, lt_kex **out);
/* A hybrid initiator whose curve half is curve, a key of that curve (x25519 for X25519MLKEM768)
 * already sent as a share of its own: one ephemeral key pair serves both shares of one
 * ClientHello (the server uses one of them, so nothing is exposed twice). curve is borrowed: it
 * must outlive the hybrid, which never frees it. */
LT_MUST_USE int lt_kex_generate_sharing(lt_group group, lt_kex *curve, lt_kex **out);
/* A fresh ephemeral key as the responder: for a hybrid, the curve key only (the ML-KEM half is
 * the client's key, encapsulated to by lt_kex_accept). */
LT_MUST_USE int lt_kex_generate_responder(lt_group group, lt_kex **out);
/* A key pair from given private key bytes (32 for X25519, the scalar for P-256/P-384): for
 * test vectors only (RFC 8448 replay). */
LT_MUST_USE int lt_kex_from_private(lt_group group, const uint8_t *priv, size_t len, lt_kex **out);
lt_group lt_kex_group(const lt_kex *kex);
/* The public share to send (out holds lt_kex_public_len bytes; for a hybrid responder,
 * lt_kex_response_len bytes, after lt_kex_accept). */
LT_MUST_USE int lt_kex_public(const lt_kex *kex, uint8_t *out, size_t cap, size_t *len);
/* The shared secret with the peer's share: 32 bytes for X25519 and P-256, 48 for P-384 (the
 * x-coordinate), 64 for a hybrid (for X25519MLKEM768 the ML-KEM secret then X25519's, for
 * SecP256r1MLKEM768 P-256's then ML-KEM's). A share of the wrong length or not on the curve is
 * LT_ERR_DECODE; an X25519 result of all zeros is LT_ERR_VERIFY. On a hybrid initiator the share
 * is the server's response (decapsulation); any other failure is LT_ERR_CRYPTO. */
LT_MUST_USE int lt_kex_derive(const lt_kex *kex, const uint8_t *peer, size_t peer_len, uint8_t *secret,
                  size_t cap, size_t *secret_len);
/* The responder's derive: for a hybrid, encapsulates to the client's key (an encapsulation key
 * failing the modulus check is LT_ERR_DECODE) and keeps the ciphertext for lt_kex_public; for the
 * curves, lt_kex_derive. */
LT_MUST_USE int lt_kex_accept(lt_kex *kex, const uint8_t *peer, size_t peer_len, uint8_t *secret, size_t cap,
                              size_t *secret_len);
/* Wipes and frees. */
void lt_kex_free(lt_kex *kex);

#endif
