/* `latch proxy`'s parts, built on the server's (srv.h): the same workers, connection life,
 * limits, deadlines, signals and logs, with the relay as the connection's application.
 * cmd_proxy.c reads the options; prx_backend.c resolves the backends, routes by server name and
 * connects; prx_relay.c moves the bytes between the TLS connection and the plain socket, with
 * half-close and backpressure; prx_header.c writes the PROXY protocol v2 header; prx_config.c
 * builds the TLS client configuration of --to-tls. */
#ifndef LATCH_CLI_PRX_H
#define LATCH_CLI_PRX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "srv.h"

/* bytes held per direction of a relayed connection; a side is not read while the other side's
 * queue is full (and the queues are given back while empty) */
#define PRX_RELAY_QUEUE (64 << 10)
#define PRX_MAX_ROUTES 32
/* the default for --connect-timeout, in seconds */
#define PRX_DEFAULT_CONNECT_S 5

typedef struct {
    char name[256];            /* the server name it is for ("" for the default route) */
    char target[300];          /* "HOST:PORT" as given, for messages and the log */
    struct sockaddr_storage addr; /* resolved at the start */
    socklen_t addr_len;
} prx_route;

struct prx_options {
    prx_route routes[PRX_MAX_ROUTES];
    size_t n_routes;
    int default_route;         /* the route without a name, or -1: unknown names are refused */
    int proxy_protocol;        /* --proxy-protocol: a PROXY v2 header before the client's bytes */
    int64_t connect_ms;        /* how long a backend has to accept the connection */
};

/* The plain side of one proxied connection and the bytes on their way. */
struct prx_relay {
    cli_loop_item item;        /* first: the plain socket (-1 until the backend's is made) */
    srv_conn *owner;
    const prx_route *route;
    /* FAILED: the backend refused or did not answer; our close_notify is out, and what the
     * client still sends is discarded until it closes */
    enum { PRX_IDLE, PRX_CONNECTING, PRX_OPEN, PRX_FAILED } state;
    cli_queue to_plain;        /* the TLS peer's plaintext for the plain socket */
    cli_queue to_tls;          /* the plain socket's bytes for the TLS peer */
    int plain_eof;             /* the plain socket's end was read */
    int plain_ready;           /* it may have bytes: epoll said so, or the last read filled the room */
    int plain_shut;            /* its write side is shut: the TLS peer's end was passed on */
    uint64_t plain_read, plain_written;
    char why[360];             /* the failure, when it is the relay's */
};

/* prx_backend.c */
/* Parses "[NAME=]HOST:PORT" into a new route and resolves HOST (once: the proxy does not look
 * names up while it runs). 0, or -1 with a message on stderr. */
int prx_route_add(prx_options *opts, const char *spec, int named_allowed);
/* The route for a server name (case-blind), the default one, or NULL. */
const prx_route *prx_route_find(const prx_options *opts, const char *server_name);
/* For latch_config_set_identity_callback: refuses (unrecognized_name) a name with no route. */
int prx_route_check(void *opts, const latch_conn *conn);
/* A non-blocking socket connecting to the route's address, or -1 with why (cap bytes). */
int prx_backend_connect(const prx_route *route, char *why, size_t cap);

/* prx_header.c: the PROXY protocol v2 header for a terminated connection (client_fd: the
 * client's socket) into q. 0, or -1 when it does not fit or the addresses cannot be had. */
int prx_header_write(cli_queue *q, int client_fd, const latch_conn *conn);

/* prx_config.c: the TLS client configuration of --to-tls (srv_shared.build_config). */
latch_config *prx_config_build(const srv_tls_files *files, char *why, size_t why_cap, int *usage_error);

/* prx_relay.c: the relay behind srv_app_* for the proxy's connections */
int prx_relay_new(srv_conn *c);
void prx_relay_free(srv_conn *c);
int prx_relay_established(srv_conn *c);
int prx_relay_take_input(srv_conn *c);
int prx_relay_produce(srv_conn *c);
int prx_relay_pending(const srv_conn *c);
int prx_relay_wants_input(const srv_conn *c);
int prx_relay_finished(const srv_conn *c);
int prx_relay_drained(const srv_conn *c);
int prx_relay_reads_after_close(const srv_conn *c);
void prx_relay_watch(srv_conn *c);
void prx_relay_release(srv_conn *c);
void prx_relay_log_fields(const srv_conn *c, char *out, size_t cap);
/* --to-tls: the TLS socket failed while it connected: why, for the log. */
void prx_relay_connect_failed(srv_conn *c);

#endif
