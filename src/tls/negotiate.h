/* Negotiation as pure functions: what a config enables against what the peer offered, with no
 * connection and no side effect, so each choice can be tested alone. Server preference
 * throughout (our order decides), as RFC 8446 §4.1.1 and RFC 7301 §3.2 allow. */
#ifndef LT_TLS_NEGOTIATE_H
#define LT_TLS_NEGOTIATE_H

#include <stddef.h>
#include <stdint.h>

#include "base/reader.h"
#include "tls/clienthello.h"
#include "tls/conn.h"

/* Whether v is in list[0..n). */
int lt_neg_has(const uint16_t *list, size_t n, uint16_t v);
/* Whether v is in a peer's wire list of 16-bit values (its cipher suites). */
int lt_neg_wire_has(lt_reader list, uint16_t v);
/* Whether the config enables that suite / group. */
int lt_neg_config_suite(const latch_config *cfg, uint16_t suite);
int lt_neg_config_group(const latch_config *cfg, uint16_t group);
/* Whether the config enables a TLS 1.2 CBC suite (and TLS 1.2). */
int lt_neg_config_cbc(const latch_config *cfg);
/* Whether we advertise that signature scheme (signature_algorithms) for that version. */
int lt_neg_our_sigscheme(uint16_t version, uint16_t scheme);

/* Our first TLS 1.3 suite the client offers, or 0. */
uint16_t lt_neg_suite13(const latch_config *cfg, lt_reader client_suites);
/* TLS 1.3: our first group the client sent a share for (no round trip), else our first group it
 * supports (a HelloRetryRequest asks for it), else 0. */
uint16_t lt_neg_group13(const latch_config *cfg, const lt_client_hello *ch);
/* TLS 1.2: our first group among the client's (none listed means any, RFC 8422 §5.1.1), or 0. */
uint16_t lt_neg_group12(const latch_config *cfg, const lt_client_hello *ch);

/* ALPN at the server: our first protocol the client offers (its ProtocolNameList contents).
 * Returns 1 with *chosen / *chosen_len set, 0 when none is common, LT_ERR_DECODE for a malformed
 * list. */
int lt_neg_alpn(const latch_config *cfg, lt_reader offered, const uint8_t **chosen, size_t *chosen_len);
/* ALPN at the client: whether the server's choice is one we offered. */
int lt_neg_alpn_offered(const latch_config *cfg, const uint8_t *name, size_t len);

/* Whether an identity serves, and with which signature scheme (0: it signs nothing here). */
typedef int lt_neg_fit(const lt_identity *id, const void *ctx, uint16_t *scheme);
/* The identity to present: the first (config order) that fits, preferring one whose certificate
 * is valid for name (NULL or "": no preference); only index `only` when it is >= 0 (the
 * application's choice). NULL when none fits. */
const lt_identity *lt_neg_identity(const latch_config *cfg, const char *name, int only, lt_neg_fit *fit,
                                   const void *ctx, uint16_t *scheme);

#endif
