/* A client and a server engine wired together in memory for tests: bytes move from one's
 * output window to the other's input window, in chunks of a chosen size (1 byte works), until
 * neither side has anything left to say. Files are relative to tests/ (the working directory of
 * unit tests). */
#ifndef LT_PAIR_H
#define LT_PAIR_H

#include <stdio.h>
#include <string.h>

#include "latch.h"

#define LT_PKI "vectors/pki/"

typedef struct {
    latch_conn *client;
    latch_conn *server;
    size_t chunk;              /* bytes per hand-over; 0 means as many as fit */
    latch_status client_status; /* the first error each side returned, or LATCH_OK */
    latch_status server_status;
} lt_pair;

/* A server config with one identity per name in certs ("p256", "rsa2048", ...). */
static inline latch_config *lt_pair_server_config(const char *const *certs, size_t n)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    char chain[256], key[256];
    for (size_t i = 0; i < n; i++) {
        snprintf(chain, sizeof chain, LT_PKI "%s.pem", certs[i]);
        snprintf(key, sizeof key, LT_PKI "%s-key.pem", certs[i]);
        if (latch_config_add_identity(cfg, chain, key) != LATCH_OK) {
            fprintf(stderr, "  identity %s: %s\n", certs[i], latch_config_error(cfg));
            latch_config_free(cfg);
            return NULL;
        }
    }
    return cfg;
}

/* A client config trusting the test root. */
static inline latch_config *lt_pair_client_config(void)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    if (latch_config_set_roots_file(cfg, LT_PKI "ca.pem") != LATCH_OK) {
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* Moves what `from` has to send into `to`. Returns the number of bytes moved. */
static inline size_t lt_pair_move(latch_conn *from, latch_conn *to, size_t chunk, latch_status *to_status)
{
    size_t moved = 0, len, room;
    const uint8_t *out;
    while ((out = latch_net_out_buf(from, &len)) != NULL && len > 0) {
        uint8_t *in = latch_net_in_buf(to, &room);
        if (in == NULL || room == 0)
            break;
        size_t n = len < room ? len : room;
        if (chunk && n > chunk)
            n = chunk;
        memcpy(in, out, n);
        latch_net_out_consumed(from, n);
        moved += n;
        latch_status st = latch_net_in_commit(to, n);
        if (st < 0 && *to_status == LATCH_OK)
            *to_status = st;
        if (st < 0)
            break;
    }
    return moved;
}

/* Moves bytes both ways until both are quiet. Returns the total moved. */
static inline size_t lt_pair_pump(lt_pair *p)
{
    size_t total = 0, moved;
    do {
        moved = lt_pair_move(p->client, p->server, p->chunk, &p->server_status);
        moved += lt_pair_move(p->server, p->client, p->chunk, &p->client_status);
        total += moved;
    } while (moved > 0);
    return total;
}

/* Creates both ends and runs the handshake. Returns 1 when both sides completed it. */
static inline int lt_pair_handshake(lt_pair *p, latch_config *client_cfg, latch_config *server_cfg,
                                    const char *server_name)
{
    p->client_status = p->server_status = LATCH_OK;
    p->client = latch_conn_new(client_cfg, server_name);
    p->server = latch_conn_new(server_cfg, NULL);
    if (p->client == NULL || p->server == NULL)
        return 0;
    lt_pair_pump(p);
    return latch_conn_handshake_done(p->client) && latch_conn_handshake_done(p->server);
}

static inline void lt_pair_free(lt_pair *p)
{
    latch_conn_free(p->client);
    latch_conn_free(p->server);
    p->client = p->server = NULL;
}

#endif
