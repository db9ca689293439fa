/* GnuTLS in bench_tls (see peer.h): full handshakes in every mode; resumption by TLS 1.3 ticket
 * (psk_dhe_ke, checked), TLS 1.2 ticket (RFC 5077) or TLS 1.2 session ID (a small server cache
 * in this file, as GnuTLS keeps none itself); bulk data and idle heap over TLS 1.3. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include <gnutls/gnutls.h>

#include "peer.h"

#define G_CACHE_SLOTS 16

typedef struct {
    uint8_t id[GNUTLS_MAX_SESSION_ID_SIZE];
    size_t id_len;
    gnutls_datum_t data; /* malloc'd, NULL when the slot is free */
} g_cache_slot;

typedef struct {
    gnutls_certificate_credentials_t client_cred, server_cred;
    gnutls_priority_t priority;
    int tls13;
    peer_resumption res;
    gnutls_datum_t ticket_key;             /* server, PEER_RESUME_TICKET */
    g_cache_slot cache[G_CACHE_SLOTS];     /* server, PEER_RESUME_ID: a ring of sessions by ID */
    unsigned cache_next;
    gnutls_datum_t session;                /* client: the newest session, offered next */
    peer_pipe to_server, to_client;
} g_ctx;

typedef struct {
    peer_pipe *in, *out;
    gnutls_session_t session;
} g_end;

static ssize_t g_push(gnutls_transport_ptr_t p, const void *data, size_t len)
{
    g_end *e = p;
    return (ssize_t)peer_pipe_write(e->out, data, len);
}

static ssize_t g_pull(gnutls_transport_ptr_t p, void *data, size_t len)
{
    g_end *e = p;
    size_t n = peer_pipe_read(e->in, data, len);
    if (n == 0) {
        gnutls_transport_set_errno(e->session, EAGAIN);
        return -1;
    }
    return (ssize_t)n;
}

/* Without it GnuTLS would poll the transport pointer as a file descriptor whenever it waits (as
 * gnutls_session_get_data2 may for a TLS 1.3 ticket); nothing arrives while it waits here. */
static int g_pull_timeout(gnutls_transport_ptr_t p, unsigned ms)
{
    g_end *e = p;
    (void)ms;
    return e->in->len > e->in->off;
}

static g_cache_slot *g_cache_find(g_ctx *c, gnutls_datum_t key)
{
    for (int i = 0; i < G_CACHE_SLOTS; i++)
        if (c->cache[i].data.data != NULL && c->cache[i].id_len == key.size &&
            memcmp(c->cache[i].id, key.data, key.size) == 0)
            return &c->cache[i];
    return NULL;
}

static int g_cache_store(void *p, gnutls_datum_t key, gnutls_datum_t data)
{
    g_ctx *c = p;
    if (key.size > GNUTLS_MAX_SESSION_ID_SIZE)
        return -1;
    g_cache_slot *slot = &c->cache[c->cache_next++ % G_CACHE_SLOTS];
    free(slot->data.data);
    slot->data.data = malloc(data.size);
    if (slot->data.data == NULL)
        return -1;
    memcpy(slot->data.data, data.data, data.size);
    slot->data.size = data.size;
    memcpy(slot->id, key.data, key.size);
    slot->id_len = key.size;
    return 0;
}

/* GnuTLS frees what this returns with gnutls_free. */
static gnutls_datum_t g_cache_retrieve(void *p, gnutls_datum_t key)
{
    gnutls_datum_t out = { NULL, 0 };
    g_cache_slot *slot = g_cache_find(p, key);
    if (slot != NULL && (out.data = gnutls_malloc(slot->data.size)) != NULL) {
        memcpy(out.data, slot->data.data, slot->data.size);
        out.size = slot->data.size;
    }
    return out;
}

static int g_cache_remove(void *p, gnutls_datum_t key)
{
    g_cache_slot *slot = g_cache_find(p, key);
    if (slot == NULL)
        return -1;
    free(slot->data.data);
    slot->data.data = NULL;
    return 0;
}

static const char *g_version(void)
{
    return gnutls_check_version(NULL);
}

static void g_teardown(void *p)
{
    g_ctx *c = p;
    if (c->priority != NULL)
        gnutls_priority_deinit(c->priority);
    if (c->client_cred != NULL)
        gnutls_certificate_free_credentials(c->client_cred);
    if (c->server_cred != NULL)
        gnutls_certificate_free_credentials(c->server_cred);
    if (c->ticket_key.data != NULL) {
        gnutls_memset(c->ticket_key.data, 0, c->ticket_key.size);
        gnutls_free(c->ticket_key.data);
    }
    for (int i = 0; i < G_CACHE_SLOTS; i++)
        free(c->cache[i].data.data);
    gnutls_free(c->session.data);
    free(c);
    gnutls_global_deinit();
}

static void *g_setup(const peer_mode *m)
{
    char cert[600], key[600], ca[600], prio[300];
    if ((m->res == PEER_RESUME_ID && !m->tls12) || (m->rsa_kex && m->chacha))
        return NULL; /* session IDs are TLS 1.2; no static RSA suite with ChaCha20 */
    const char *aead = m->chacha ? "+CHACHA20-POLY1305" : "+AES-128-GCM";
    const char *kx = m->tls12 ? (m->rsa_kex ? "+VERS-TLS1.2:+RSA" : "+VERS-TLS1.2:+ECDHE-ECDSA") : "+VERS-TLS1.3";
    const char *groups = m->rsa_kex ? "+GROUP-ALL" : "+GROUP-X25519:+GROUP-SECP256R1";
    snprintf(prio, sizeof prio, "NONE:%s:%s:+AEAD:+SIGN-ALL:+COMP-NULL:%s", kx, aead, groups);
    g_ctx *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    gnutls_global_init();
    c->tls13 = !m->tls12;
    c->res = m->res;
    snprintf(cert, sizeof cert, "%s/%s.pem", m->pki, m->cert);
    snprintf(key, sizeof key, "%s/%s-key.pem", m->pki, m->cert);
    snprintf(ca, sizeof ca, "%s/ca.pem", m->pki);
    if (gnutls_certificate_allocate_credentials(&c->client_cred) < 0 ||
        gnutls_certificate_allocate_credentials(&c->server_cred) < 0 ||
        gnutls_certificate_set_x509_trust_file(c->client_cred, ca, GNUTLS_X509_FMT_PEM) <= 0 ||
        gnutls_certificate_set_x509_key_file(c->server_cred, cert, key, GNUTLS_X509_FMT_PEM) < 0 ||
        gnutls_priority_init(&c->priority, prio, NULL) < 0 ||
        (m->res == PEER_RESUME_TICKET && gnutls_session_ticket_key_generate(&c->ticket_key) < 0)) {
        g_teardown(c);
        return NULL;
    }
    return c;
}

/* A client and a server session over two pipes, handshaken; with offer, the client offers
 * c->session. 0 on success (both sessions in ce and se), -1 on failure (none left). */
static int g_pair(g_ctx *c, peer_pipe *to_server, peer_pipe *to_client, g_end *ce, g_end *se, int offer)
{
    /* PEER_FULL and PEER_RESUME_ID: no tickets in either version */
    unsigned no_tickets = c->res == PEER_RESUME_TICKET ? 0 : GNUTLS_NO_TICKETS;
    *ce = (g_end){ to_client, to_server, NULL };
    *se = (g_end){ to_server, to_client, NULL };
    to_client->len = to_client->off = to_server->len = to_server->off = 0;
    if (gnutls_init(&ce->session, GNUTLS_CLIENT | no_tickets) < 0)
        return -1;
    if (gnutls_init(&se->session, GNUTLS_SERVER | no_tickets) < 0) {
        gnutls_deinit(ce->session);
        return -1;
    }
    for (int s = 0; s < 2; s++) {
        gnutls_session_t ses = s ? se->session : ce->session;
        gnutls_priority_set(ses, c->priority);
        gnutls_credentials_set(ses, GNUTLS_CRD_CERTIFICATE, s ? c->server_cred : c->client_cred);
        gnutls_transport_set_ptr(ses, s ? (void *)se : (void *)ce);
        gnutls_transport_set_push_function(ses, g_push);
        gnutls_transport_set_pull_function(ses, g_pull);
        gnutls_transport_set_pull_timeout_function(ses, g_pull_timeout);
    }
    if (c->res == PEER_RESUME_TICKET)
        gnutls_session_ticket_enable_server(se->session, &c->ticket_key);
    if (c->res == PEER_RESUME_ID) {
        gnutls_db_set_ptr(se->session, c);
        gnutls_db_set_store_function(se->session, g_cache_store);
        gnutls_db_set_retrieve_function(se->session, g_cache_retrieve);
        gnutls_db_set_remove_function(se->session, g_cache_remove);
    }
    gnutls_server_name_set(ce->session, GNUTLS_NAME_DNS, "localhost", 9);
    gnutls_session_set_verify_cert(ce->session, "localhost", 0);
    if (offer && gnutls_session_set_data(ce->session, c->session.data, c->session.size) < 0)
        goto fail;
    int cd = 0, sd = 0;
    for (int round = 0; round < 40 && !(cd && sd); round++) {
        if (!cd) {
            int r = gnutls_handshake(ce->session);
            if (r == 0)
                cd = 1;
            else if (gnutls_error_is_fatal(r))
                break;
        }
        if (!sd) {
            int r = gnutls_handshake(se->session);
            if (r == 0)
                sd = 1;
            else if (gnutls_error_is_fatal(r))
                break;
        }
    }
    if (!cd || !sd)
        goto fail;
    if (c->tls13 && c->res == PEER_RESUME_TICKET) {
        char b;
        if (gnutls_record_recv(ce->session, &b, 1) != GNUTLS_E_AGAIN) /* takes the NewSessionTicket in */
            goto fail;
    }
    return 0;
fail:
    gnutls_deinit(ce->session);
    gnutls_deinit(se->session);
    return -1;
}

/* A resumption with an (EC)DHE share on top of the PSK in TLS 1.3 (psk_dhe_ke): psk_ke alone
 * would skip the key exchange and measure less than the other libraries do. GnuTLS reports no
 * group for a psk_ke handshake (and gnutls_kx_get no longer tells PSK after the handshake). */
static int g_resumed(g_ctx *c, gnutls_session_t client)
{
    if (!gnutls_session_is_resumed(client))
        return 0;
    return !c->tls13 || gnutls_group_get(client) != GNUTLS_GROUP_INVALID;
}

static int g_keep_session(g_ctx *c, gnutls_session_t client)
{
    gnutls_datum_t fresh;
    if (gnutls_session_get_data2(client, &fresh) < 0)
        return -1;
    gnutls_free(c->session.data);
    c->session = fresh;
    return 0;
}

static double g_handshakes(void *p, int n)
{
    g_ctx *c = p;
    g_end ce, se;
    int resume = c->res != PEER_FULL;
    if (resume && c->session.data == NULL) { /* the session the timed handshakes resume */
        if (g_pair(c, &c->to_server, &c->to_client, &ce, &se, 0) < 0)
            return 0;
        int rc = g_keep_session(c, ce.session);
        gnutls_deinit(ce.session);
        gnutls_deinit(se.session);
        if (rc < 0)
            return 0;
    }
    double start = peer_now();
    for (int i = 0; i < n; i++) {
        if (g_pair(c, &c->to_server, &c->to_client, &ce, &se, resume) < 0)
            return 0;
        int ok = !resume || (g_resumed(c, ce.session) && g_keep_session(c, ce.session) == 0);
        gnutls_deinit(ce.session);
        gnutls_deinit(se.session);
        if (!ok)
            return 0;
    }
    return (double)n / (peer_now() - start);
}

static double g_bulk(void *p, size_t total)
{
    static uint8_t buf[16384], got[16384];
    g_ctx *c = p;
    g_end ce, se;
    if (g_pair(c, &c->to_server, &c->to_client, &ce, &se, 0) < 0)
        return 0;
    size_t done = 0;
    double start = peer_now();
    while (done < total) {
        size_t want = total - done < sizeof buf ? total - done : sizeof buf;
        ssize_t n = gnutls_record_send(ce.session, buf, want), r;
        if (n <= 0)
            break;
        done += (size_t)n;
        while ((r = gnutls_record_recv(se.session, got, sizeof got)) > 0)
            ;
        if (r != GNUTLS_E_AGAIN || c->to_server.off != c->to_server.len)
            break;
    }
    double seconds = peer_now() - start;
    gnutls_deinit(ce.session);
    gnutls_deinit(se.session);
    return done < total ? 0 : (double)total / seconds / 1e6;
}

/* Heap in use: the main arena and mmap'd blocks (large buffers may be either). */
static double g_heap(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (double)mi.uordblks + (double)mi.hblkhd;
}

static int g_idle_memory(void *p, int n, double *client_b, double *server_b)
{
    g_ctx *c = p;
    int made = 0, rc = -1;
    /* the pipes and ends are the harness's, allocated before the first count */
    peer_pipe *pipes = calloc((size_t)n * 2, sizeof *pipes);
    g_end *ends = calloc((size_t)n * 2, sizeof *ends);
    if (pipes == NULL || ends == NULL)
        goto out;
    /* one connection first: the library's one-time state (tables, caches) is no connection's */
    if (g_pair(c, &pipes[0], &pipes[1], &ends[0], &ends[1], 0) < 0)
        goto out;
    gnutls_deinit(ends[0].session);
    gnutls_deinit(ends[1].session);
    double before = g_heap();
    for (; made < n; made++)
        if (g_pair(c, &pipes[2 * made], &pipes[2 * made + 1], &ends[2 * made], &ends[2 * made + 1], 0) < 0)
            goto out;
    double both = g_heap();
    for (int i = 0; i < n; i++)
        gnutls_deinit(ends[2 * i + 1].session);
    double clients = g_heap();
    for (int i = 0; i < n; i++)
        gnutls_deinit(ends[2 * i].session);
    made = 0;
    *client_b = (clients - before) / n;
    *server_b = (both - clients) / n;
    rc = 0;
out:
    for (int i = 0; i < made; i++) {
        gnutls_deinit(ends[2 * i].session);
        gnutls_deinit(ends[2 * i + 1].session);
    }
    free(pipes);
    free(ends);
    return rc;
}

const peer_lib peer_gnutls = { "GnuTLS", g_version, g_setup, g_handshakes, g_teardown, g_bulk, g_idle_memory };
