/* One worker of `latch server`: a thread with its own event loop and its own listening socket
 * (SO_REUSEPORT: the kernel spreads new connections over the workers' sockets, so no lock and
 * no thundering herd on accept). It takes connections while the process is under
 * --max-connections and has file descriptors; above either it stops watching its listener, and
 * new clients wait in the listen queue until there is room. On the stop it closes its listener
 * and ends every connection with close_notify, within --shutdown-timeout. */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "srv.h"

/* how often a paused listener looks again (at --max-connections, or out of descriptors) */
#define SRV_ACCEPT_RETRY_MS 50
/* connections taken per turn of the loop, so one busy listener does not starve the others */
#define SRV_ACCEPT_BURST 64
/* the heap is trimmed once this many handshakes or connections have ended, when no handshake is
 * under way, at most once per interval */
#define SRV_TRIM_AFTER 64
#define SRV_TRIM_INTERVAL_MS 1000

/* A burst of handshakes leaves the heap full of holes: each handshake's transient state (tens of
 * KB) freed between the few KB every established connection keeps, so glibc can give back
 * neither the top of the heap nor whole arenas, and an idle connection held about 20 KB of RSS
 * after a burst of 5,000 where the library keeps 5 KB. malloc_trim() returns the free pages
 * inside every arena (MADV_DONTNEED), so it is called when a burst has gone quiet: no handshake
 * under way, enough ended since the last trim, and not more often than once a second (it walks
 * the arenas' free lists). */
static void srv_worker_trim(srv_worker *w)
{
    if (w->ended_since_trim < SRV_TRIM_AFTER || w->handshaking > 0)
        return;
    int64_t now = cli_net_now_ms();
    if (now - w->trimmed_ms < SRV_TRIM_INTERVAL_MS)
        return;
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    w->trimmed_ms = now;
    w->ended_since_trim = 0;
}

/* How long the loop may wait: for ever, unless a trim waits for its interval to pass. */
static int srv_worker_wait_ms(const srv_worker *w)
{
    if (w->stop_seen)
        return 100;
    if (w->ended_since_trim >= SRV_TRIM_AFTER && w->handshaking == 0) {
        int64_t left = w->trimmed_ms + SRV_TRIM_INTERVAL_MS - cli_net_now_ms();
        return left > 0 ? (int)left : 0;
    }
    return -1;
}

static void srv_worker_pause(srv_worker *w)
{
    if (w->listener_paused)
        return;
    w->listener_paused = 1;
    (void)cli_loop_watch(&w->loop, &w->listener, 0);
    (void)cli_loop_deadline(&w->loop, &w->listener, cli_net_now_ms() + SRV_ACCEPT_RETRY_MS);
}

static void srv_worker_on_accept(cli_loop_item *item, uint32_t revents)
{
    srv_worker *w = (srv_worker *)((char *)item - offsetof(srv_worker, listener));
    srv_shared *sh = w->shared;
    (void)revents;
    for (int i = 0; i < SRV_ACCEPT_BURST && !(sh->opt.once && w->served); i++) {
        /* a place is taken before accept(), so all workers together never pass the limit */
        if (__atomic_add_fetch(&sh->open, 1, __ATOMIC_RELAXED) > sh->opt.max_connections) {
            __atomic_sub_fetch(&sh->open, 1, __ATOMIC_RELAXED);
            srv_worker_pause(w);
            return;
        }
        struct sockaddr_storage peer;
        socklen_t peer_len = sizeof peer;
        int fd = accept4(w->listener.fd, (struct sockaddr *)&peer, &peer_len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            int err = errno;
            __atomic_sub_fetch(&sh->open, 1, __ATOMIC_RELAXED);
            if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
                if (!w->listener_paused)
                    fprintf(stderr, "%s: cannot accept (%s): new connections wait\n", sh->who, strerror(err));
                srv_count(&sh->failures[SRV_FAIL_ACCEPT]);
                srv_worker_pause(w);
            }
            return; /* EAGAIN: nothing more; ECONNABORTED and the like: the next turn */
        }
        srv_count(&sh->accepted);
        if (srv_conn_accept(w, fd, (const struct sockaddr *)&peer) == NULL) { /* (it said why, counted it, and closed fd) */
            __atomic_sub_fetch(&sh->open, 1, __ATOMIC_RELAXED);
            continue;
        }
        if (sh->opt.once) {
            w->served = 1;
            (void)cli_loop_watch(&w->loop, &w->listener, 0);
        }
    }
}

static void srv_worker_on_retry(cli_loop_item *item)
{
    srv_worker *w = (srv_worker *)((char *)item - offsetof(srv_worker, listener));
    w->listener_paused = 0;
    if (cli_loop_watch(&w->loop, &w->listener, EPOLLIN) < 0)
        srv_worker_pause(w);
}

int srv_worker_init(srv_worker *w, srv_shared *shared, int index, int listen_fd)
{
    memset(w, 0, sizeof *w);
    w->shared = shared;
    w->index = index;
    w->listener.fd = listen_fd;
    w->listener.on_ready = srv_worker_on_accept;
    w->listener.on_deadline = srv_worker_on_retry;
    if (cli_loop_init(&w->loop) < 0)
        return -1;
    if (cli_loop_add(&w->loop, &w->listener, EPOLLIN) < 0) {
        cli_loop_close(&w->loop);
        return -1;
    }
    return 0;
}

/* The stop: no more connections; each open one gets its close_notify. */
static void srv_worker_stop(srv_worker *w)
{
    srv_shared *sh = w->shared;
    w->stop_seen = 1;
    w->stop_deadline = cli_net_now_ms() + sh->opt.shutdown_ms;
    cli_loop_remove(&w->loop, &w->listener);
    close(w->listener.fd);
    w->listener.fd = -1;
    for (srv_conn *c = w->conns, *next; c != NULL; c = next) {
        next = c->next;
        if (srv_conn_stop(c))
            srv_count(&sh->closed_with_notify);
    }
}

static void *srv_worker_main(void *arg)
{
    srv_worker *w = arg;
    srv_shared *sh = w->shared;
    for (;;) {
        if (!w->stop_seen && __atomic_load_n(&sh->stopping, __ATOMIC_ACQUIRE))
            srv_worker_stop(w);
        if (w->stop_seen && (w->conns == NULL || cli_net_now_ms() >= w->stop_deadline))
            break;
        if (sh->opt.once && w->served && w->conns == NULL)
            break;
        if (cli_loop_run_once(&w->loop, srv_worker_wait_ms(w)) < 0) {
            fprintf(stderr, "%s: event loop: %s\n", sh->who, strerror(errno));
            break;
        }
        w->loop.woken = 0;
        srv_worker_trim(w);
    }
    /* what is left after the deadline is cut */
    while (w->conns != NULL)
        srv_conn_drop(w->conns, 1, NULL);
    uint64_t one = 1;
    if (write(sh->done_fd, &one, sizeof one) < 0)
        fprintf(stderr, "%s: worker %d: %s\n", sh->who, w->index, strerror(errno));
    return NULL;
}

int srv_worker_start(srv_worker *w)
{
    return pthread_create(&w->thread, NULL, srv_worker_main, w) == 0 ? 0 : -1;
}

void srv_worker_join(srv_worker *w)
{
    pthread_join(w->thread, NULL);
    if (w->listener.fd >= 0)
        close(w->listener.fd);
    cli_loop_close(&w->loop);
}
