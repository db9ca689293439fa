/* The proxy's relay: one connection's plain socket (the backend's with --to, the client's with
 * --to-tls) and the bytes between it and the TLS connection that srv_conn.c runs. Each
 * direction has one bounded queue; a side is read only while the queue it fills has room, so a
 * peer that does not read costs PRX_RELAY_QUEUE per direction and holds up no one else, and the
 * queues are given back while empty. Half-close passes through both ways: the TLS peer's
 * close_notify (or its end of TCP) becomes shutdown(SHUT_WR) on the plain socket once what it
 * sent is written, and the plain socket's end becomes our close_notify once what it sent is
 * sealed; the other direction goes on until it ends too. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "prx.h"

static const prx_options *prx_opts(const srv_conn *c)
{
    return c->worker->shared->proxy;
}

static int prx_originating(const srv_conn *c)
{
    return c->worker->shared->opt.mode == SRV_MODE_ORIGINATE;
}

/* The relay failed: why goes to the log (after "backend HOST:PORT: ", or "client ADDR: " for
 * --to-tls, whose plain side is the client); -1 for the caller to return. */
static int prx_fail(srv_conn *c, const char *what)
{
    prx_relay *r = c->relay;
    snprintf(r->why, sizeof r->why, "%s %s: %s", prx_originating(c) ? "client" : "backend",
             prx_originating(c) ? c->peer : r->route->target, what);
    c->failure = r->why;
    c->fail_kind = prx_originating(c) ? SRV_FAIL_LOST : SRV_FAIL_BACKEND;
    return -1;
}

/* A backend that is not there (--to): the TLS client gets our close_notify at once rather than
 * a silent wait, and the connection ends as any other does (reading what the client still
 * sends until it closes, so that our close_notify is not lost to a reset); the log says why. */
static void prx_refuse(srv_conn *c)
{
    prx_relay *r = c->relay;
    r->state = PRX_FAILED;
    cli_queue_free(&r->to_plain);
    cli_loop_close_fd(&c->worker->loop, &r->item);
    if (c->state == SRV_OPEN) {
        (void)latch_close_notify(c->conn);
        c->state = SRV_CLOSING;
    }
}

static uint32_t prx_events(const srv_conn *c)
{
    const prx_relay *r = c->relay;
    uint32_t events = 0;
    if (r->state == PRX_CONNECTING)
        return EPOLLOUT;
    if (r->state != PRX_OPEN)
        return 0;
    /* after our close_notify nothing more can go to the TLS peer: the plain side is not read */
    if (!r->plain_eof && c->state != SRV_CLOSING && cli_queue_room(&r->to_tls) > 0)
        events |= EPOLLIN;
    if (cli_queue_len(&r->to_plain) > 0)
        events |= EPOLLOUT;
    return events;
}

/* Writes what waits for the plain socket; then passes the TLS peer's end on. -1 on failure. */
static int prx_flush_plain(srv_conn *c)
{
    prx_relay *r = c->relay;
    if (r->state != PRX_OPEN)
        return 0;
    for (;;) {
        size_t len;
        const uint8_t *data = cli_queue_head(&r->to_plain, &len);
        if (len == 0)
            break;
        ssize_t n = send(r->item.fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0)
            return prx_fail(c, strerror(errno));
        cli_queue_consume(&r->to_plain, (size_t)n);
        r->plain_written += (uint64_t)n;
    }
    if (c->peer_closed && !r->plain_shut) {
        shutdown(r->item.fd, SHUT_WR);
        r->plain_shut = 1;
    }
    return 0;
}

/* Reads the plain socket while the queue for the TLS peer has room and the socket may have
 * bytes: a read that came back short emptied it, and the level-triggered loop tells when more
 * come, so no read is made only to hear EAGAIN (one per record of a transfer). -1 on failure. */
static int prx_fill_from_plain(srv_conn *c)
{
    prx_relay *r = c->relay;
    while (r->plain_ready && r->state == PRX_OPEN && !r->plain_eof && c->state != SRV_CLOSING) {
        size_t room;
        uint8_t *tail = cli_queue_tail(&r->to_tls, &room);
        if (tail == NULL)
            return prx_fail(c, "out of memory for the relay");
        if (room == 0)
            return 0;
        ssize_t n = recv(r->item.fd, tail, room, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            r->plain_ready = 0;
            return 0;
        }
        if (n < 0)
            return prx_fail(c, strerror(errno));
        if (n == 0) {
            r->plain_eof = 1;
            return 0;
        }
        cli_queue_commit(&r->to_tls, (size_t)n);
        r->plain_read += (uint64_t)n;
        if ((size_t)n < room)
            r->plain_ready = 0;
    }
    return 0;
}

static void prx_on_ready(cli_loop_item *item, uint32_t revents)
{
    prx_relay *r = (prx_relay *)item;
    srv_conn *c = r->owner;
    c->active_ms = cli_net_now_ms();
    if (r->state == PRX_CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(item->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
            err = errno;
        if (err == 0 && (revents & (EPOLLERR | EPOLLHUP)))
            err = ECONNREFUSED;
        if (err != 0) {
            prx_fail(c, strerror(err));
            prx_refuse(c);
            srv_conn_kick(c);
            return;
        }
        r->state = PRX_OPEN;
        (void)cli_loop_deadline(&c->worker->loop, item, -1);
    }
    if (revents & (EPOLLIN | EPOLLHUP | EPOLLERR))
        r->plain_ready = 1;
    if (prx_fill_from_plain(c) < 0 || prx_flush_plain(c) < 0) {
        srv_conn_drop(c, 0, NULL);
        return;
    }
    /* the TLS side's turn: seal what came, take what the engine holds now that there is room,
     * and see whether both directions have ended (it may free c and r) */
    srv_conn_kick(c);
}

static void prx_on_deadline(cli_loop_item *item)
{
    prx_relay *r = (prx_relay *)item;
    srv_conn *c = r->owner;
    char after[64];
    snprintf(after, sizeof after, "no answer within %lld s", (long long)(prx_opts(c)->connect_ms / 1000));
    prx_fail(c, after);
    prx_refuse(c);
    srv_conn_kick(c);
}

int prx_relay_new(srv_conn *c)
{
    prx_relay *r = calloc(1, sizeof *r);
    if (r == NULL) {
        c->failure = "out of memory";
        return -1;
    }
    c->relay = r;
    r->owner = c;
    r->item.fd = -1;
    r->item.timer.slot = CLI_TIMER_OFF; /* (not in the loop yet) */
    r->item.on_ready = prx_on_ready;
    r->item.on_deadline = prx_on_deadline;
    r->route = prx_route_find(prx_opts(c), NULL);
    cli_queue_init(&r->to_plain, PRX_RELAY_QUEUE);
    cli_queue_init(&r->to_tls, PRX_RELAY_QUEUE);
    if (!prx_originating(c))
        return 0;
    /* --to-tls: the accepted socket is the plain side; the TLS connection goes to the backend,
     * whose connect is the start of its handshake (and under its deadline) */
    r->item.fd = c->item.fd;
    r->state = PRX_OPEN;
    c->item.fd = prx_backend_connect(r->route, r->why, sizeof r->why);
    if (c->item.fd < 0) {
        c->failure = r->why;
        c->fail_kind = SRV_FAIL_BACKEND;
        return -1;
    }
    if (cli_loop_add(&c->worker->loop, &r->item, prx_events(c)) < 0) {
        c->failure = "out of memory";
        return -1;
    }
    return 0;
}

void prx_relay_free(srv_conn *c)
{
    prx_relay *r = c->relay;
    if (r == NULL)
        return;
    cli_loop_close_fd(&c->worker->loop, &r->item);
    cli_queue_free(&r->to_plain);
    cli_queue_free(&r->to_tls);
    free(r);
    c->relay = NULL;
}

int prx_relay_established(srv_conn *c)
{
    prx_relay *r = c->relay;
    if (prx_originating(c))
        return 0;
    /* a TLS 1.2 resumption does not ask for a certificate, so the name is checked here too */
    r->route = prx_route_find(prx_opts(c), latch_conn_server_name(c->conn));
    if (r->route == NULL) {
        snprintf(r->why, sizeof r->why, "no backend for the server name '%s'", latch_conn_server_name(c->conn));
        c->failure = r->why;
        c->fail_kind = SRV_FAIL_BACKEND;
        prx_refuse(c);
        return 0;
    }
    if (prx_opts(c)->proxy_protocol && prx_header_write(&r->to_plain, c->item.fd, c->conn) < 0) {
        prx_fail(c, "the PROXY protocol header could not be made");
        prx_refuse(c);
        return 0;
    }
    r->item.fd = prx_backend_connect(r->route, r->why, sizeof r->why);
    if (r->item.fd < 0) {
        c->failure = r->why;
        c->fail_kind = SRV_FAIL_BACKEND;
        prx_refuse(c);
        return 0;
    }
    r->state = PRX_CONNECTING;
    if (cli_loop_add(&c->worker->loop, &r->item, EPOLLOUT) < 0 ||
        cli_loop_deadline(&c->worker->loop, &r->item, cli_net_now_ms() + prx_opts(c)->connect_ms) < 0) {
        c->failure = "out of memory";
        return -1;
    }
    return 0;
}

int prx_relay_take_input(srv_conn *c)
{
    prx_relay *r = c->relay;
    if (r->state == PRX_FAILED)
        return 0; /* (srv_conn discards it) */
    for (;;) {
        size_t room, n = 0;
        uint8_t *tail = cli_queue_tail(&r->to_plain, &room);
        if (tail == NULL)
            return prx_fail(c, "out of memory for the relay");
        if (room == 0)
            break; /* the rest waits in the engine, and the TLS socket is not read meanwhile */
        latch_status st = latch_read(c->conn, tail, room, &n);
        if (st == LATCH_CLOSED) {
            c->peer_closed = 1;
            break;
        }
        if (st == LATCH_WANT_READ)
            break;
        if (st != LATCH_OK)
            return -1;
        cli_queue_commit(&r->to_plain, n);
        c->bytes_in += n;
    }
    /* more of the client's records come in this turn: one send for them all (a plain TCP
     * relay's large writes), unless the queue is full */
    if (c->more_input && cli_queue_room(&r->to_plain) > 0)
        return 0;
    return prx_flush_plain(c);
}

int prx_relay_produce(srv_conn *c)
{
    prx_relay *r = c->relay;
    for (;;) {
        size_t len, taken = 0;
        const uint8_t *data = cli_queue_head(&r->to_tls, &len);
        if (len == 0)
            break;
        if (latch_write(c->conn, data, len, &taken) < 0)
            return -1;
        if (taken == 0)
            break; /* the engine's output is full: the TLS socket drains it first */
        cli_queue_consume(&r->to_tls, taken);
        c->bytes_out += taken;
    }
    /* room again: what the plain socket has is read now rather than on its next event */
    return prx_fill_from_plain(c);
}

int prx_relay_pending(const srv_conn *c)
{
    return cli_queue_len(&c->relay->to_tls) > 0;
}

int prx_relay_wants_input(const srv_conn *c)
{
    return cli_queue_room(&c->relay->to_plain) > 0;
}

int prx_relay_finished(const srv_conn *c)
{
    return c->relay->plain_eof && cli_queue_len(&c->relay->to_tls) == 0;
}

int prx_relay_drained(const srv_conn *c)
{
    const prx_relay *r = c->relay;
    return r->state == PRX_FAILED || (r->plain_shut && cli_queue_len(&r->to_plain) == 0);
}

int prx_relay_reads_after_close(const srv_conn *c)
{
    return c->relay->state != PRX_FAILED;
}

void prx_relay_watch(srv_conn *c)
{
    prx_relay *r = c->relay;
    /* (should epoll_ctl fail, the idle deadline ends the connection) */
    if (r->item.fd >= 0)
        (void)cli_loop_watch(&c->worker->loop, &r->item, prx_events(c));
}

void prx_relay_release(srv_conn *c)
{
    prx_relay *r = c->relay;
    cli_queue_release(&r->to_plain);
    cli_queue_release(&r->to_tls);
}

void prx_relay_log_fields(const srv_conn *c, char *out, size_t cap)
{
    const prx_relay *r = c->relay;
    int originating = prx_originating(c);
    snprintf(out, cap, " backend=%s up=%llu down=%llu tls_end=%s",
             r->route ? r->route->target : "-",
             (unsigned long long)(originating ? r->plain_read : r->plain_written),
             (unsigned long long)(originating ? r->plain_written : r->plain_read),
             c->peer_truncated ? "fin-without-close_notify" : c->peer_closed ? "close_notify" : "-");
}

void prx_relay_connect_failed(srv_conn *c)
{
    if (!prx_originating(c))
        return;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->item.fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) {
        snprintf(c->relay->why, sizeof c->relay->why, "backend %s: %s", c->relay->route->target, strerror(err));
        c->failure = c->relay->why;
        c->fail_kind = SRV_FAIL_BACKEND;
    }
}
