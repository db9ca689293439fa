/* Session tickets (see ticket.h). */
#include "tls/ticket.h"

#include <string.h>

#include "base/err.h"
#include "base/reader.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/aead.h"
#include "crypto/rand.h"

#define LT_TICKET_STATE_FORMAT 1

static int lt_ticket_key_new(lt_ticket_key *key, int64_t now)
{
    LT_TRY(lt_random(key->name, sizeof key->name));
    LT_TRY(lt_random(key->key, sizeof key->key));
    key->created = now;
    return 0;
}

int lt_ticket_keys_init(lt_ticket_keys *k, int64_t rotate_every, int64_t now)
{
    memset(k->keys, 0, sizeof k->keys);
    k->rotate_every = rotate_every;
    k->fixed = 0;
    k->n_keys = 1;
    if (pthread_mutex_init(&k->lock, NULL) != 0)
        return LT_ERR_INTERNAL;
    return lt_ticket_key_new(&k->keys[0], now);
}

int lt_ticket_keys_set(lt_ticket_keys *k, const uint8_t *keys, size_t n, int64_t now)
{
    if (n == 0 || n > LT_TICKET_MAX_KEYS)
        return LT_ERR_INVALID_ARG;
    pthread_mutex_lock(&k->lock);
    lt_wipe(k->keys, sizeof k->keys);
    for (size_t i = 0; i < n; i++) {
        memcpy(k->keys[i].name, keys + i * LT_TICKET_KEY_LEN, LT_TICKET_KEY_NAME_LEN);
        memcpy(k->keys[i].key, keys + i * LT_TICKET_KEY_LEN + LT_TICKET_KEY_NAME_LEN, sizeof k->keys[i].key);
        /* (a key in use: created is only its slot's mark here, and never 0) */
        k->keys[i].created = now > 0 ? now : 1;
    }
    k->n_keys = n;
    k->fixed = 1;
    pthread_mutex_unlock(&k->lock);
    return 0;
}

void lt_ticket_keys_clear(lt_ticket_keys *k)
{
    pthread_mutex_destroy(&k->lock);
    lt_wipe(k->keys, sizeof k->keys);
}

/* With the lock held: a new current key once the old one is a period old. */
static int lt_ticket_rotate(lt_ticket_keys *k, int64_t now)
{
    if (k->fixed || now - k->keys[0].created < k->rotate_every)
        return 0;
    k->keys[1] = k->keys[0];
    k->n_keys = 2;
    return lt_ticket_key_new(&k->keys[0], now);
}

int lt_session_state_write(const lt_session_state *st, uint8_t *out, size_t cap, size_t *len)
{
    lt_writer w = lt_writer_init(out, cap);
    lt_writer_block v;
    lt_writer_u8(&w, LT_TICKET_STATE_FORMAT);
    lt_writer_u16(&w, st->version);
    lt_writer_u16(&w, st->suite);
    lt_writer_u32(&w, (uint32_t)((uint64_t)st->created >> 32));
    lt_writer_u32(&w, (uint32_t)st->created);
    lt_writer_u32(&w, st->lifetime);
    lt_writer_u32(&w, st->age_add);
    lt_writer_u8(&w, st->ems);
    lt_writer_open8(&w, &v);
    lt_writer_bytes(&w, st->secret, st->secret_len);
    lt_writer_close(&w, &v);
    lt_writer_open8(&w, &v);
    lt_writer_bytes(&w, st->server_name, strlen(st->server_name));
    lt_writer_close(&w, &v);
    lt_writer_open8(&w, &v);
    lt_writer_bytes(&w, st->client_subject, strlen(st->client_subject));
    lt_writer_close(&w, &v);
    *len = w.len;
    return w.err;
}

int lt_session_state_read(const uint8_t *in, size_t len, lt_session_state *st)
{
    lt_reader r = lt_reader_init(in, len);
    memset(st, 0, sizeof *st);
    if (lt_reader_u8(&r) != LT_TICKET_STATE_FORMAT)
        return LT_ERR_DECODE;
    st->version = lt_reader_u16(&r);
    st->suite = lt_reader_u16(&r);
    uint64_t hi = lt_reader_u32(&r), lo = lt_reader_u32(&r);
    st->created = (int64_t)(hi << 32 | lo);
    st->lifetime = lt_reader_u32(&r);
    st->age_add = lt_reader_u32(&r);
    st->ems = lt_reader_u8(&r);
    lt_reader secret = lt_reader_vec8(&r, 1, sizeof st->secret);
    lt_reader name = lt_reader_vec8(&r, 0, sizeof st->server_name - 1);
    lt_reader subject = lt_reader_vec8(&r, 0, sizeof st->client_subject - 1);
    if (!lt_reader_done(&r) || memchr(name.p, 0, name.len) != NULL || memchr(subject.p, 0, subject.len) != NULL)
        return LT_ERR_DECODE;
    /* an imported session is the application's bytes: a creation time far from now would make
     * the ages computed from it overflow */
    if (st->created < 0 || st->created > LT_SESSION_TIME_MAX)
        return LT_ERR_DECODE;
    memcpy(st->secret, secret.p, secret.len);
    st->secret_len = secret.len;
    memcpy(st->server_name, name.p, name.len);
    memcpy(st->client_subject, subject.p, subject.len);
    return 0;
}

int lt_ticket_seal(lt_ticket_keys *k, const lt_session_state *st, int64_t now, uint8_t *out, size_t cap,
                   size_t *len)
{
    uint8_t key[32], nonce[LT_AEAD_NONCE_LEN];
    size_t state_len = 0;
    lt_aead *aead = NULL;
    size_t head = LT_TICKET_KEY_NAME_LEN + LT_AEAD_NONCE_LEN;
    int rc;
    if (cap < head + LT_AEAD_TAG_LEN)
        return LT_ERR_BUFFER;
    rc = lt_session_state_write(st, out + head, cap - head - LT_AEAD_TAG_LEN, &state_len);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&k->lock);
    rc = lt_ticket_rotate(k, now);
    memcpy(out, k->keys[0].name, LT_TICKET_KEY_NAME_LEN);
    memcpy(key, k->keys[0].key, sizeof key);
    pthread_mutex_unlock(&k->lock);
    if (rc == 0)
        rc = lt_random(nonce, sizeof nonce);
    if (rc == 0)
        rc = lt_aead_new(LT_AEAD_AES_256_GCM, key, &aead);
    if (rc == 0) {
        memcpy(out + LT_TICKET_KEY_NAME_LEN, nonce, sizeof nonce);
        rc = lt_aead_seal(aead, nonce, out, LT_TICKET_KEY_NAME_LEN, out + head, state_len,
                          out + head + state_len);
    }
    lt_aead_free(aead);
    lt_wipe(key, sizeof key);
    if (rc == 0)
        *len = head + state_len + LT_AEAD_TAG_LEN;
    return rc;
}

int lt_ticket_open(lt_ticket_keys *k, const uint8_t *ticket, size_t len, int64_t now, lt_session_state *st)
{
    uint8_t key[32], buf[LT_TICKET_MAX];
    size_t head = LT_TICKET_KEY_NAME_LEN + LT_AEAD_NONCE_LEN;
    lt_aead *aead = NULL;
    int found = 0, rc;
    if (len < head + LT_AEAD_TAG_LEN || len > sizeof buf)
        return LT_ERR_VERIFY;
    pthread_mutex_lock(&k->lock);
    lt_ticket_rotate(k, now);
    for (size_t i = 0; i < k->n_keys && !found; i++)
        if (k->keys[i].created != 0 && memcmp(k->keys[i].name, ticket, LT_TICKET_KEY_NAME_LEN) == 0) {
            memcpy(key, k->keys[i].key, sizeof key);
            found = 1;
        }
    pthread_mutex_unlock(&k->lock);
    if (!found)
        return LT_ERR_VERIFY; /* another server's, or a key retired since */
    memcpy(buf, ticket, len);
    size_t state_len = len - head - LT_AEAD_TAG_LEN;
    rc = lt_aead_new(LT_AEAD_AES_256_GCM, key, &aead);
    if (rc == 0)
        rc = lt_aead_open(aead, buf + LT_TICKET_KEY_NAME_LEN, buf, LT_TICKET_KEY_NAME_LEN, buf + head,
                          state_len, buf + head + state_len);
    if (rc == 0)
        rc = lt_session_state_read(buf + head, state_len, st) < 0 ? LT_ERR_VERIFY : 0;
    if (rc == 0 && (now < st->created || now - st->created > (int64_t)st->lifetime))
        rc = LT_ERR_LIMIT;
    lt_aead_free(aead);
    lt_wipe(key, sizeof key);
    lt_wipe(buf, sizeof buf);
    return rc < 0 && rc != LT_ERR_LIMIT ? LT_ERR_VERIFY : rc;
}
