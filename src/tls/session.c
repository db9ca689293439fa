/* Session caches and the client's exported session (see session.h). */
#include "tls/session.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"

static const uint8_t lt_session_magic[4] = { 'L', 'T', 'S', '1' };

int lt_client_session_write(const lt_client_session *s, uint8_t *out, size_t cap, size_t *len)
{
    uint8_t state[LT_SESSION_STATE_MAX];
    size_t state_len = 0;
    lt_writer_block v;
    LT_TRY(lt_session_state_write(&s->st, state, sizeof state, &state_len));
    lt_writer w = lt_writer_init(out, cap);
    lt_writer_bytes(&w, lt_session_magic, sizeof lt_session_magic);
    lt_writer_open16(&w, &v);
    lt_writer_bytes(&w, state, state_len);
    lt_writer_close(&w, &v);
    lt_writer_open16(&w, &v);
    lt_writer_bytes(&w, s->ticket, s->ticket_len);
    lt_writer_close(&w, &v);
    lt_writer_open8(&w, &v);
    lt_writer_bytes(&w, s->session_id, s->session_id_len);
    lt_writer_close(&w, &v);
    lt_writer_open8(&w, &v);
    lt_writer_bytes(&w, s->peer_subject, strlen(s->peer_subject));
    lt_writer_close(&w, &v);
    lt_writer_open8(&w, &v);
    lt_writer_bytes(&w, s->peer_root, strlen(s->peer_root));
    lt_writer_close(&w, &v);
    lt_wipe(state, sizeof state);
    *len = w.len;
    return w.err;
}

int lt_client_session_read(const uint8_t *in, size_t len, lt_client_session *s)
{
    lt_reader r = lt_reader_init(in, len);
    memset(s, 0, sizeof *s);
    lt_span magic = lt_reader_bytes(&r, sizeof lt_session_magic);
    lt_reader state = lt_reader_vec16(&r, 1, 0xffff);
    lt_reader ticket = lt_reader_vec16(&r, 0, LT_SESSION_TICKET_MAX);
    lt_reader id = lt_reader_vec8(&r, 0, 32);
    lt_reader subject = lt_reader_vec8(&r, 0, sizeof s->peer_subject - 1);
    lt_reader root = lt_reader_vec8(&r, 0, sizeof s->peer_root - 1);
    if (!lt_reader_done(&r) || memcmp(magic.p, lt_session_magic, sizeof lt_session_magic) != 0 ||
        lt_session_state_read(state.p, state.len, &s->st) < 0 ||
        memchr(subject.p, 0, subject.len) != NULL || memchr(root.p, 0, root.len) != NULL ||
        (ticket.len == 0 && id.len == 0))
        return LT_ERR_DECODE;
    memcpy(s->ticket, ticket.p, ticket.len);
    s->ticket_len = ticket.len;
    memcpy(s->session_id, id.p, id.len);
    s->session_id_len = id.len;
    memcpy(s->peer_subject, subject.p, subject.len);
    memcpy(s->peer_root, root.p, root.len);
    return 0;
}

int lt_session_cache_init(lt_session_cache *c)
{
    memset(c->items, 0, sizeof c->items);
    c->next = 0;
    return pthread_mutex_init(&c->lock, NULL) == 0 ? 0 : LT_ERR_INTERNAL;
}

static void lt_session_free(lt_client_session *s)
{
    if (s != NULL) {
        lt_wipe(s, sizeof *s);
        lt_free(s);
    }
}

void lt_session_cache_clear(lt_session_cache *c)
{
    for (size_t i = 0; i < LT_SESSION_CACHE_SIZE; i++)
        lt_session_free(c->items[i]);
    pthread_mutex_destroy(&c->lock);
}

int lt_session_cache_put(lt_session_cache *c, const lt_client_session *s)
{
    lt_client_session *copy = lt_malloc(sizeof *copy);
    if (copy == NULL)
        return LT_ERR_NOMEM;
    *copy = *s;
    pthread_mutex_lock(&c->lock);
    size_t slot = LT_SESSION_CACHE_SIZE;
    for (size_t i = 0; i < LT_SESSION_CACHE_SIZE && slot == LT_SESSION_CACHE_SIZE; i++)
        if (c->items[i] != NULL && strcmp(c->items[i]->st.server_name, s->st.server_name) == 0)
            slot = i;
    for (size_t i = 0; i < LT_SESSION_CACHE_SIZE && slot == LT_SESSION_CACHE_SIZE; i++)
        if (c->items[i] == NULL)
            slot = i;
    if (slot == LT_SESSION_CACHE_SIZE) { /* full: the oldest insertion goes */
        slot = c->next;
        c->next = (c->next + 1) % LT_SESSION_CACHE_SIZE;
    }
    lt_session_free(c->items[slot]);
    c->items[slot] = copy;
    pthread_mutex_unlock(&c->lock);
    return 0;
}

int lt_session_cache_get(lt_session_cache *c, const char *server_name, lt_client_session *out)
{
    int found = 0;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < LT_SESSION_CACHE_SIZE && !found; i++)
        if (c->items[i] != NULL && strcmp(c->items[i]->st.server_name, server_name) == 0) {
            *out = *c->items[i];
            found = 1;
        }
    pthread_mutex_unlock(&c->lock);
    return found;
}

void lt_session_cache_drop(lt_session_cache *c, const char *server_name)
{
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < LT_SESSION_CACHE_SIZE; i++)
        if (c->items[i] != NULL && strcmp(c->items[i]->st.server_name, server_name) == 0) {
            lt_session_free(c->items[i]);
            c->items[i] = NULL;
        }
    pthread_mutex_unlock(&c->lock);
}

int lt_id_cache_init(lt_id_cache *c)
{
    c->items = NULL;
    c->next = 0;
    return pthread_mutex_init(&c->lock, NULL) == 0 ? 0 : LT_ERR_INTERNAL;
}

void lt_id_cache_clear(lt_id_cache *c)
{
    if (c->items != NULL) {
        lt_wipe(c->items, LT_ID_CACHE_SIZE * sizeof *c->items);
        lt_free(c->items);
    }
    pthread_mutex_destroy(&c->lock);
}

int lt_id_cache_put(lt_id_cache *c, const uint8_t id[32], const lt_session_state *st)
{
    int rc = 0;
    pthread_mutex_lock(&c->lock);
    if (c->items == NULL)
        c->items = lt_calloc(LT_ID_CACHE_SIZE, sizeof *c->items);
    if (c->items == NULL) {
        rc = LT_ERR_NOMEM;
    } else {
        /* a ring: the oldest session is forgotten first, which bounds memory */
        memcpy(c->items[c->next].id, id, 32);
        c->items[c->next].st = *st;
        c->next = (c->next + 1) % LT_ID_CACHE_SIZE;
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}

void lt_id_cache_drop(lt_id_cache *c, const uint8_t id[32])
{
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; c->items != NULL && i < LT_ID_CACHE_SIZE; i++)
        if (c->items[i].st.created != 0 && memcmp(c->items[i].id, id, 32) == 0)
            lt_wipe(&c->items[i], sizeof c->items[i]);
    pthread_mutex_unlock(&c->lock);
}

int lt_id_cache_get(lt_id_cache *c, const uint8_t *id, size_t id_len, lt_session_state *st)
{
    int found = 0;
    if (id_len != 32)
        return 0;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; c->items != NULL && i < LT_ID_CACHE_SIZE && !found; i++)
        if (c->items[i].st.created != 0 && memcmp(c->items[i].id, id, 32) == 0) {
            *st = c->items[i].st;
            found = 1;
        }
    pthread_mutex_unlock(&c->lock);
    return found;
}
