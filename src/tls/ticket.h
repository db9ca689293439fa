/* Server session state sealed into tickets (RFC 8446 §4.6.1, RFC 5077 §4): what a server needs
 * to resume a session, encrypted and authenticated with AES-256-GCM under a ticket key the
 * server alone holds. Keys rotate: a new one every rotation period, the previous one still
 * opens tickets for one more period, so no ticket outlives two periods. Or the application
 * sets the keys (a fleet of servers sharing them): the first seals, every one opens, and it
 * rotates them itself by setting them again, at any time. Ticket layout:
 * key name (16) || nonce (12) || sealed state || tag (16), the key name also authenticated. */
#ifndef LT_TLS_TICKET_H
#define LT_TLS_TICKET_H

#include "base/err.h"
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define LT_TICKET_KEY_NAME_LEN 16
/* The longest state as bytes (lt_session_state_write): format, version, suite, creation time,
 * lifetime, age_add and EMS (22 bytes), then the secret, server name and client subject, each
 * at its longest after a length byte. */
#define LT_SESSION_STATE_MAX (22 + 1 + 48 + 1 + 255 + 1 + 159)
/* The longest ticket: key name, nonce, the longest state, tag. Every state fits: a server name
 * near DNS's 253 bytes with a long client subject and a 48-byte secret once did not (found by
 * fuzz_ticket), and the server failed the connection instead of sending the ticket. */
#define LT_TICKET_MAX (LT_TICKET_KEY_NAME_LEN + 12 + LT_SESSION_STATE_MAX + 16)
#define LT_TICKET_KEY_LEN (LT_TICKET_KEY_NAME_LEN + 32) /* as the application gives one */
#define LT_TICKET_MAX_KEYS 8   /* LATCH_MAX_TICKET_KEYS */

typedef struct {
    uint8_t name[LT_TICKET_KEY_NAME_LEN];
    uint8_t key[32];
    int64_t created;       /* 0: no key in this slot */
} lt_ticket_key;

/* The server's ticket keys: [0] current (seals), the others (the previous one when latch rotates
 * them, up to LT_TICKET_MAX_KEYS - 1 when the application sets them) still open. */
typedef struct {
    pthread_mutex_t lock;
    lt_ticket_key keys[LT_TICKET_MAX_KEYS];
    size_t n_keys;
    int64_t rotate_every;  /* seconds */
    int fixed;             /* set by the application: rotated by it, not by latch */
} lt_ticket_keys;

typedef struct {
    uint16_t version;      /* LATCH_TLS13 or LATCH_TLS12 */
    uint16_t suite;
    int64_t created;       /* Unix seconds, when the session was made */
    uint32_t lifetime;     /* seconds */
    uint32_t age_add;      /* TLS 1.3 */
    uint8_t ems;           /* TLS 1.2: made with the extended master secret */
    uint8_t secret[48];    /* TLS 1.3: the ticket's PSK; TLS 1.2: the master secret */
    size_t secret_len;
    char server_name[256]; /* the SNI the session was made under ("" without) */
    char client_subject[160]; /* the verified client certificate's name, if any */
} lt_session_state;

/* The latest creation time a session may carry: 9999-12-31T23:59:59Z. A time outside
 * [0, LT_SESSION_TIME_MAX] is refused when read, so every age computed from one (now - created,
 * in seconds or milliseconds) stays far inside int64_t. */
#define LT_SESSION_TIME_MAX INT64_C(253402300799)

LT_MUST_USE int lt_ticket_keys_init(lt_ticket_keys *k, int64_t rotate_every, int64_t now);
void lt_ticket_keys_clear(lt_ticket_keys *k);
/* Replaces the keys with the application's (n of LT_TICKET_KEY_LEN bytes each, name then key;
 * 1 <= n <= LT_TICKET_MAX_KEYS), the first sealing; latch rotates them no more. Thread-safe:
 * connections sealing and opening meanwhile see the old keys or the new, never a mix. */
LT_MUST_USE int lt_ticket_keys_set(lt_ticket_keys *k, const uint8_t *keys, size_t n, int64_t now);
/* Seals state into a ticket (rotating keys first when due). */
LT_MUST_USE int lt_ticket_seal(lt_ticket_keys *k, const lt_session_state *st, int64_t now, uint8_t *out, size_t cap,
                   size_t *len);
/* Opens a ticket: LT_ERR_VERIFY when it is not one of ours (unknown or retired key, tampered,
 * malformed), LT_ERR_LIMIT when it has expired. */
LT_MUST_USE int lt_ticket_open(lt_ticket_keys *k, const uint8_t *ticket, size_t len, int64_t now, lt_session_state *st);

/* The state as bytes (also the body of a client's exported session). */
LT_MUST_USE int lt_session_state_write(const lt_session_state *st, uint8_t *out, size_t cap, size_t *len);
LT_MUST_USE int lt_session_state_read(const uint8_t *in, size_t len, lt_session_state *st);

#endif
