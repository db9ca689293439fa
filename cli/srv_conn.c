/* One connection of `latch server`, from accept() to close(): the TLS handshake under a
 * deadline that data does not extend, then the application (srv_app.c) under an idle timeout
 * and an optional cap on the whole lifetime, then the end with close_notify. The socket is
 * read only while the engine or the application can take more, and written while anything
 * waits for the client, so a client that does not read costs a bounded amount and holds up no
 * one else. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "prx.h"
#include "srv.h"

srv_conn *srv_conn_of(const latch_conn *conn)
{
    return latch_conn_user_data(conn);
}

/* The deadline that applies now: the handshake's, fixed at accept; then the idle one from the
 * last activity; then, after our close_notify, the linger; each capped by the lifetime. */
static int64_t srv_conn_deadline(const srv_conn *c)
{
    const srv_options *opt = &c->worker->shared->opt;
    int64_t at;
    if (c->shut && !srv_app_reads_after_close(c))
        at = c->active_ms + SRV_LINGER_MS; /* (the proxy's other direction may go on: idle) */
    else if (c->state == SRV_HANDSHAKE) {
        at = c->accepted_ms + opt->handshake_ms;
        /* during the stop, a handshake has a moment to finish, not its whole deadline */
        int64_t stop_at = c->worker->stop_deadline - opt->shutdown_ms + SRV_STOP_HANDSHAKE_GRACE_MS;
        if (c->worker->stop_seen && stop_at < at)
            at = stop_at;
    }
    else
        at = c->active_ms + opt->idle_ms;
    if (c->release_when_quiet && c->active_ms + SRV_QUIET_MS < at)
        at = c->active_ms + SRV_QUIET_MS;
    if (opt->lifetime_ms > 0 && c->accepted_ms + opt->lifetime_ms < at)
        at = c->accepted_ms + opt->lifetime_ms;
    return at;
}

static uint32_t srv_conn_events(const srv_conn *c)
{
    size_t pending;
    latch_net_out_buf(c->conn, &pending);
    uint32_t events = 0;
    if (!c->peer_eof && (c->state == SRV_HANDSHAKE || (c->state == SRV_CLOSING && !srv_app_reads_after_close(c)) ||
                         srv_app_wants_input(c)))
        events |= EPOLLIN;
    if (pending > 0 || (c->state == SRV_OPEN && srv_app_pending(c)))
        events |= EPOLLOUT;
    return events;
}

void srv_conn_drop(srv_conn *c, int ok, const char *reason)
{
    srv_worker *w = c->worker;
    srv_shared *sh = w->shared;
    /* a failure's alert goes out before the socket closes (best effort: the socket may be gone) */
    if (latch_conn_wants_write(c->conn))
        (void)latch_fd_flush(c->conn, c->item.fd);
    const char *why = reason ? reason : c->failure ? c->failure
                      : latch_conn_error(c->conn)[0] ? latch_conn_error(c->conn)
                      : c->state != SRV_HANDSHAKE ? "connection lost" : "closed during the handshake";
    if (!ok) {
        fprintf(stderr, "%s: %s\n", c->peer, why);
        srv_fail kind = c->fail_kind;
        if (reason == NULL && c->failure == NULL)
            kind = latch_conn_error(c->conn)[0] ? SRV_FAIL_TLS : SRV_FAIL_LOST;
        srv_count(&sh->failures[kind]);
        if (sh->opt.once)
            w->once_failed = 1;
    }
    if (c->status != 0) /* one line per request */
        srv_conn_log_request(c, ok);
    srv_log_end(c, ok, ok ? NULL : why);
    if (c->state == SRV_HANDSHAKE)
        w->handshaking--;
    w->ended_since_trim++;
    cli_loop_close_fd(&w->loop, &c->item);
    if (c->prev)
        c->prev->next = c->next;
    else
        w->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    srv_app_free(c);
    latch_conn_free(c->conn);
    free(c);
    __atomic_sub_fetch(&sh->open, 1, __ATOMIC_RELAXED);
}

void srv_conn_log_request(const srv_conn *c, int ok)
{
    fprintf(stderr, "%s: \"%s\" %d %llu bytes %lld ms%s\n", c->peer, c->request_line, c->status,
            (unsigned long long)(c->bytes_out - c->request_bytes_out), (long long)(cli_net_now_ms() - c->request_ms),
            ok ? "" : " (not all sent)");
}

/* The handshake is done: the log line, and the KeyUpdate asked for. */
static int srv_conn_established(srv_conn *c)
{
    c->state = SRV_OPEN;
    c->worker->handshaking--;
    c->worker->ended_since_trim++;
    c->handshake_done_ms = cli_net_now_ms();
    srv_count(&c->worker->shared->handshakes);
    srv_log_handshake(c);
    if (srv_app_established(c) < 0)
        return -1;
    /* a handshake finished during the stop: closed at once, as the others were */
    if (c->worker->stop_seen) {
        if (latch_close_notify(c->conn) == LATCH_OK)
            srv_count(&c->worker->shared->closed_with_notify);
        c->state = SRV_CLOSING;
        return 0;
    }
    /* (TLS 1.2 has no KeyUpdate: LATCH_ERR_UNSUPPORTED, and nothing to do) */
    latch_status ku = c->worker->shared->opt.key_update ? latch_key_update(c->conn, 1) : LATCH_OK;
    return ku != LATCH_OK && ku != LATCH_ERR_UNSUPPORTED ? -1 : 0;
}

/* Once there is nothing more to send: the next request of a persistent --http or --www
 * connection (read now: it may wait in the engine, with no event to come for it), or our
 * close_notify after the last reply, after the client's close_notify once everything for it is
 * out, or (the proxy) once the backend's end has been passed on. -1 to drop the connection. */
static int srv_conn_close_when_done(srv_conn *c)
{
    if (c->state != SRV_OPEN || srv_app_pending(c))
        return 0;
    int next = srv_app_next_request(c);
    if (next < 0 || (next > 0 && srv_app_take_input(c) < 0))
        return -1;
    /* (what was read may be a pipelined request's reply to send, or the client's close_notify,
     * which came with its request and waited in the engine while the reply went out) */
    if (srv_app_pending(c))
        return 0;
    if (srv_app_finished(c)) {
        latch_close_notify(c->conn);
        c->state = SRV_CLOSING;
    }
    return 0;
}

/* After our close_notify: what the client still sends goes nowhere (it is read, so that its
 * close_notify and end are seen and the engine never sits on unread plaintext). */
static int srv_conn_discard_input(srv_conn *c)
{
    for (;;) {
        const uint8_t *data;
        size_t len = 0;
        latch_status st = latch_read_view(c->conn, &data, &len);
        if (st == LATCH_CLOSED) {
            c->peer_closed = 1;
            return 0;
        }
        if (st != LATCH_OK)
            return st < 0 ? -1 : 0;
        c->bytes_in += len;
        if (latch_read_consume(c->conn, len) < 0)
            return -1;
    }
}

/* latch_fd_fill, telling whether the read filled the engine's window (more may be waiting). */
static latch_status srv_conn_fill(srv_conn *c, int *full)
{
    size_t room = 0;
    ssize_t n;
    *full = 0;
    uint8_t *in = latch_net_in_buf(c->conn, &room);
    if (in == NULL || room == 0)
        return latch_fd_fill(c->conn, c->item.fd); /* (the failure, or plaintext to read first) */
    do
        n = read(c->item.fd, in, room);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK ? LATCH_WANT_READ : LATCH_ERR_IO;
    if (n == 0)
        return LATCH_CLOSED;
    c->reads++;
    *full = (size_t)n == room;
    return latch_net_in_commit(c->conn, (size_t)n);
}

/* Whether the application takes the client's plaintext now: an open connection's, or the
 * proxy's after our close_notify (what the client still sends goes to the backend). */
static int srv_conn_app_reads(const srv_conn *c)
{
    return c->state == SRV_OPEN || (c->state == SRV_CLOSING && srv_app_reads_after_close(c));
}

/* What one read of the client's socket brought, handed on. 0 to go on, 1 when the connection
 * ended well, -1 when it failed. */
static int srv_conn_after_read(srv_conn *c, latch_status got)
{
    if (got < 0) {
        /* a reset after the client's close_notify: it closed without waiting for ours,
         * which TLS allows (RFC 8446 §6.1) */
        if (got == LATCH_ERR_IO && c->peer_closed)
            return 1;
        latch_fd_flush(c->conn, c->item.fd);
        return -1;
    }
    if (c->state == SRV_HANDSHAKE && latch_conn_handshake_done(c->conn) && srv_conn_established(c) < 0)
        return -1;
    if (srv_conn_app_reads(c) && srv_app_take_input(c) < 0)
        return -1;
    if (c->state == SRV_CLOSING && !srv_app_reads_after_close(c) && srv_conn_discard_input(c) < 0)
        return -1;
    if (got == LATCH_CLOSED && c->relay != NULL && c->state != SRV_HANDSHAKE) {
        /* the proxy passes the end on, a TCP FIN without close_notify too (as a plain TCP
         * relay would; the log notes it, since the data may have been cut) */
        c->peer_truncated = !c->peer_closed;
        c->peer_closed = c->peer_eof = 1;
        if (srv_app_take_input(c) < 0)
            return -1;
    } else if (got == LATCH_CLOSED) {
        /* EOF: fine once our close_notify is out; after the client's close_notify, what is
         * queued for it still goes out; else the client's data may be truncated */
        if (c->state == SRV_CLOSING || (!c->peer_closed && srv_app_between_requests(c)))
            return 1;
        if (!c->peer_closed)
            return -1;
        c->peer_eof = 1;
    }
    return 0;
}

/* Everything that can happen on one connection when its socket is ready. 0 to keep it, 1 when
 * it ended well, -1 when it failed. */
static int srv_conn_service(srv_conn *c, uint32_t revents)
{
    for (int round = 0; (revents & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !c->peer_eof && round < SRV_READ_ROUNDS;
         round++) {
        int full = 0;
        latch_status got = srv_conn_fill(c, &full);
        /* a read that filled the window left more waiting, most likely (a transfer's next
         * record): it is read in this turn, once the plaintext went on, rather than after
         * another epoll_wait; a short read drained the socket */
        c->more_input = got == LATCH_OK && full && round + 1 < SRV_READ_ROUNDS;
        int rc = srv_conn_after_read(c, got);
        if (rc != 0) {
            c->more_input = 0;
            return rc;
        }
        if (!c->more_input || !latch_conn_wants_read(c->conn))
            break;
    }
    /* the turn's reads are in: what the proxy held for its backend goes now */
    if (c->more_input) {
        c->more_input = 0;
        if (srv_conn_app_reads(c) && srv_app_take_input(c) < 0)
            return -1;
    }
    /* write while anything waits for the client and its socket takes it; reading more (a file,
     * or echo left in the engine) happens here too, as the queue drains */
    latch_status flushed = LATCH_OK;
    for (int round = 0; round < SRV_SERVICE_ROUNDS; round++) {
        if (c->state == SRV_OPEN) {
            if (srv_app_produce(c) < 0 || srv_app_take_input(c) < 0 || srv_conn_close_when_done(c) < 0)
                return -1;
        }
        flushed = latch_fd_flush(c->conn, c->item.fd);
        if (flushed < 0)
            return c->peer_closed && !srv_app_pending(c) ? 1 : -1;
        if (flushed == LATCH_WANT_WRITE || c->state != SRV_OPEN || !srv_app_pending(c))
            break;
    }
    if (flushed == LATCH_OK && c->state == SRV_CLOSING && !c->shut) {
        shutdown(c->item.fd, SHUT_WR);
        c->shut = 1;
    }
    /* the proxy: what the peer sent after our close_notify still goes to the backend */
    if (c->state == SRV_CLOSING && srv_app_reads_after_close(c) && srv_app_take_input(c) < 0)
        return -1;
    /* keep reading until the client closes, so its close_notify is not met by a reset: its
     * close_notify is its last record (§6.1), so the end of TCP after it is not waited for (an
     * epoll_wait and a read per connection) */
    if (c->shut && (c->peer_eof || c->peer_closed) && srv_app_drained(c))
        return 1;
    return 0;
}

/* The memory a quiet connection does not need, given back: the engine's buffers once the
 * handshake is done, and the application's queues. */
static void srv_conn_release(srv_conn *c)
{
    if (c->state != SRV_HANDSHAKE)
        latch_conn_release_buffers(c->conn);
    srv_app_release(c);
    c->release_when_quiet = 0;
}

/* After a turn: what to wait for, and the memory given back now when the turn moved no data
 * (an idle connection holds no buffer), or once the connection has been quiet for
 * SRV_QUIET_MS when it did (a transfer keeps its buffers from one record to the next). */
static int srv_conn_rearm(srv_conn *c, int moved)
{
    if (moved)
        c->release_when_quiet = 1;
    else
        srv_conn_release(c);
    srv_app_watch(c); /* (the proxy's plain side is watched from the start) */
    if (cli_loop_watch(&c->worker->loop, &c->item, srv_conn_events(c)) < 0)
        return -1;
    return cli_loop_deadline(&c->worker->loop, &c->item, srv_conn_deadline(c));
}

static void srv_conn_on_ready(cli_loop_item *item, uint32_t revents)
{
    srv_conn *c = (srv_conn *)item;
    c->active_ms = cli_net_now_ms();
    /* a turn that read the start of a record moved no plaintext yet, but the connection is
     * busy: its buffers stay (given back, they were taken again for every record) */
    uint64_t moved_before = c->bytes_in + c->bytes_out + c->reads;
    /* the proxy's --to-tls: the backend's socket failed to connect; the log says why */
    if (c->relay != NULL && c->state == SRV_HANDSHAKE && (revents & (EPOLLERR | EPOLLHUP)))
        prx_relay_connect_failed(c);
    int rc = srv_conn_service(c, revents);
    /* an end reached after a failure was noted (the proxy's refused backend) is that failure */
    if (rc > 0 && c->failure != NULL)
        rc = -1;
    if (rc == 0 && srv_conn_rearm(c, c->bytes_in + c->bytes_out + c->reads != moved_before) < 0) {
        c->failure = "out of memory for the connection's deadline";
        c->fail_kind = SRV_FAIL_APP;
        rc = -1;
    }
    if (rc != 0)
        srv_conn_drop(c, rc > 0, NULL);
}

void srv_conn_kick(srv_conn *c)
{
    srv_conn_on_ready(&c->item, 0);
}

static void srv_conn_on_deadline(cli_loop_item *item)
{
    srv_conn *c = (srv_conn *)item;
    const srv_options *opt = &c->worker->shared->opt;
    int64_t now = cli_net_now_ms(), at = srv_conn_deadline(c);
    if (at <= now && c->release_when_quiet && now >= c->active_ms + SRV_QUIET_MS) {
        /* quiet since its last transfer: the buffers go back, and the real deadline stays */
        srv_conn_release(c);
        at = srv_conn_deadline(c);
    }
    if (at > now) {
        /* activity moved the idle deadline since it was set: the heap is told only now */
        if (cli_loop_deadline(&c->worker->loop, &c->item, at) < 0)
            srv_conn_drop(c, 0, "out of memory for the connection's deadline");
        return;
    }
    char why[96];
    if ((c->shut && !srv_app_reads_after_close(c)) || (c->state == SRV_HANDSHAKE && c->worker->stop_seen)) {
        /* our close_notify went out; the client did not answer (a failure noted before, such
         * as the proxy's backend refusing, is still one) */
        srv_conn_drop(c, c->failure == NULL, NULL);
        return;
    }
    if (opt->lifetime_ms > 0 && now >= c->accepted_ms + opt->lifetime_ms) {
        c->fail_kind = SRV_FAIL_LIFETIME;
        snprintf(why, sizeof why, "open for %lld s (--max-lifetime): closed", (long long)(opt->lifetime_ms / 1000));
    } else if (c->state == SRV_HANDSHAKE) {
        c->fail_kind = SRV_FAIL_HANDSHAKE_TIMEOUT;
        snprintf(why, sizeof why, "no handshake within %lld s: closed", (long long)(opt->handshake_ms / 1000));
    } else {
        c->fail_kind = SRV_FAIL_IDLE_TIMEOUT;
        snprintf(why, sizeof why, "idle for %lld s: closed", (long long)(opt->idle_ms / 1000));
    }
    c->failure = why;
    /* an established connection still gets its close_notify: a cut could pass for an attack */
    if (c->state != SRV_HANDSHAKE)
        (void)latch_close_notify(c->conn);
    srv_conn_drop(c, 0, why);
}

srv_conn *srv_conn_accept(srv_worker *w, int fd, const struct sockaddr *peer)
{
    srv_shared *sh = w->shared;
    srv_conn *c = calloc(1, sizeof *c);
    if (c == NULL) {
        fprintf(stderr, "%s: dropping a connection (out of memory)\n", sh->who);
        close(fd);
        return NULL;
    }
    c->worker = w;
    c->item.fd = fd;
    c->item.timer.slot = CLI_TIMER_OFF; /* (not in the loop yet) */
    c->item.on_ready = srv_conn_on_ready;
    c->item.on_deadline = srv_conn_on_deadline;
    c->accepted_ms = c->active_ms = cli_net_now_ms();
    cli_net_addr_name(peer, c->peer, sizeof c->peer);
    /* (the proxy's --to-tls: the accepted socket becomes the plain side, and the TLS one is
     * the backend's, connecting) */
    if (srv_app_init(c) < 0)
        goto fail;
    pthread_mutex_lock(&sh->config_lock);
    c->conn = latch_conn_new(sh->config, sh->opt.server_name);
    pthread_mutex_unlock(&sh->config_lock);
    if (c->conn == NULL) {
        c->failure = latch_conn_new_error()[0] ? latch_conn_new_error() : "out of memory";
        goto fail;
    }
    latch_conn_set_user_data(c->conn, c);
    /* a client's ClientHello waits to go out as soon as the socket connects */
    if (cli_loop_add(&w->loop, &c->item, srv_conn_events(c)) < 0 ||
        cli_loop_deadline(&w->loop, &c->item, srv_conn_deadline(c)) < 0) {
        c->failure = "out of memory";
        goto fail;
    }
    c->next = w->conns;
    if (w->conns)
        w->conns->prev = c;
    w->conns = c;
    w->handshaking++;
    return c;
fail:
    fprintf(stderr, "%s: %s: dropping the connection (%s)\n", sh->who, c->peer, c->failure);
    /* (the proxy's --to-tls: a backend that cannot be connected to is counted as such) */
    srv_count(&sh->failures[c->fail_kind == SRV_FAIL_BACKEND ? SRV_FAIL_BACKEND : SRV_FAIL_ACCEPT]);
    cli_loop_close_fd(&w->loop, &c->item);
    srv_app_free(c);
    latch_conn_free(c->conn);
    free(c);
    return NULL;
}

int srv_conn_stop(srv_conn *c)
{
    int notified = 0;
    /* a handshake under way may finish (its client may already count it done: its Finished is
     * on the way) and is then closed with close_notify; the stop's deadline bounds the wait */
    if (c->state == SRV_HANDSHAKE) {
        if (cli_loop_deadline(&c->worker->loop, &c->item, srv_conn_deadline(c)) < 0)
            srv_conn_drop(c, 1, NULL);
        return 0;
    }
    if (c->state == SRV_OPEN) {
        notified = latch_close_notify(c->conn) == LATCH_OK;
        c->state = SRV_CLOSING;
    }
    latch_status flushed = latch_fd_flush(c->conn, c->item.fd);
    if (flushed < 0) {
        srv_conn_drop(c, 1, NULL);
        return notified;
    }
    if (flushed == LATCH_OK && !c->shut) {
        shutdown(c->item.fd, SHUT_WR);
        c->shut = 1;
    }
    c->active_ms = cli_net_now_ms();
    if (srv_conn_rearm(c, 0) < 0)
        srv_conn_drop(c, 1, NULL);
    return notified;
}
