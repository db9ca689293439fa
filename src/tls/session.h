/* Sessions kept for resumption. A client remembers its newest session per server name (the
 * config's cache, shared by its connections, exportable as bytes); a TLS 1.2 server remembers
 * sessions by ID in a bounded cache (tickets need no server memory: tls/ticket.h). */
#ifndef LT_TLS_SESSION_H
#define LT_TLS_SESSION_H

#include "base/err.h"
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "tls/ticket.h"

#define LT_SESSION_CACHE_SIZE 64      /* client: server names remembered */
#define LT_ID_CACHE_SIZE 1024         /* TLS 1.2 server: session IDs remembered */
#define LT_SESSION_TICKET_MAX 4096

/* What a client keeps to resume: the state (created = when it was received), the ticket the
 * server gave (TLS 1.3, or TLS 1.2 RFC 5077), or the TLS 1.2 session ID. */
typedef struct {
    lt_session_state st;
    uint8_t ticket[LT_SESSION_TICKET_MAX];
    size_t ticket_len;
    uint8_t session_id[32];
    size_t session_id_len;
    char peer_subject[160];   /* the server as verified when the session was made */
    char peer_root[160];
} lt_client_session;

typedef struct {
    pthread_mutex_t lock;
    lt_client_session *items[LT_SESSION_CACHE_SIZE];
    size_t next;              /* replaced next when full */
} lt_session_cache;

typedef struct {
    uint8_t id[32];
    lt_session_state st;      /* st.created == 0: free */
} lt_id_entry;

typedef struct {
    pthread_mutex_t lock;
    lt_id_entry *items;       /* LT_ID_CACHE_SIZE, allocated on first use */
    size_t next;
} lt_id_cache;

LT_MUST_USE int lt_client_session_write(const lt_client_session *s, uint8_t *out, size_t cap, size_t *len);
LT_MUST_USE int lt_client_session_read(const uint8_t *in, size_t len, lt_client_session *s);

LT_MUST_USE int lt_session_cache_init(lt_session_cache *c);
void lt_session_cache_clear(lt_session_cache *c);
/* Stores a copy under s->st.server_name, replacing that name's older session (best effort, as
 * lt_id_cache_put: a session not stored is a full handshake next time). */
int lt_session_cache_put(lt_session_cache *c, const lt_client_session *s);
/* A copy of the session for that name, if any (1), else 0. */
LT_MUST_USE int lt_session_cache_get(lt_session_cache *c, const char *server_name, lt_client_session *out);
/* Forgets the session for that name (a failed resumption must not be tried again). */
void lt_session_cache_drop(lt_session_cache *c, const char *server_name);

LT_MUST_USE int lt_id_cache_init(lt_id_cache *c);
void lt_id_cache_clear(lt_id_cache *c);
int lt_id_cache_put(lt_id_cache *c, const uint8_t id[32], const lt_session_state *st);
/* Forgets the session of that ID, if known (its connection failed: RFC 5246 §7.2.2). */
void lt_id_cache_drop(lt_id_cache *c, const uint8_t id[32]);
/* 1 and *st when the ID is known, else 0. */
LT_MUST_USE int lt_id_cache_get(lt_id_cache *c, const uint8_t *id, size_t id_len, lt_session_state *st);

#endif
