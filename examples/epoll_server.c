/* A non-blocking TLS echo server on latch's sans-I/O API: one thread and epoll serve many clients,
 * each getting back what it sends. latch never touches a socket: the loop moves bytes between
 * sockets and connections (latch_net_*), and epoll waits for what each wants (latch_conn_wants_*).
 * Short on purpose: no handshake deadline, idle timeout or SIGTERM handling (latch server has them).
 *   epoll_server PORT CERT.pem KEY.pem    (on 127.0.0.1:PORT; 0 picks a free port, logged at start) */
#include <latch.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

/* A connection's user data: its socket, and plaintext read that latch_write has not taken yet. */
typedef struct {
    int fd;
    size_t echo_start, echo_len; /* echo[echo_start ..] waits */
    uint8_t echo[16384];
} client;

/* Sends what the connection has queued until the socket is full: 1 if any went, 0 if not, -1 failed. */
static int flush(latch_conn *conn, int fd)
{
    int sent = 0;
    size_t len;
    for (const uint8_t *out; (out = latch_net_out_buf(conn, &len)), len > 0; sent = 1) {
        ssize_t n = send(fd, out, len, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN ? sent : -1;
        latch_net_out_consumed(conn, (size_t)n);
    }
    return sent;
}

/* Runs a connection as far as its socket allows now: 1 to go on, 0 when it is over (close_notify
 * went both ways, or it failed). */
static int step(latch_conn *conn)
{
    client *c = latch_conn_user_data(conn);
    if (latch_conn_wants_read(conn)) {
        size_t room;
        uint8_t *in = latch_net_in_buf(conn, &room);
        ssize_t n = recv(c->fd, in, room, 0);
        /* the client left without close_notify, or its socket failed, or the TLS (latch_conn_error) */
        if (n == 0 || (n < 0 && errno != EAGAIN) || (n > 0 && latch_net_in_commit(conn, (size_t)n) < 0))
            return 0;
    }
    /* plaintext in -> echo out -> socket, until nothing moves (the socket is full, or no input) */
    for (int moved = 1; moved;) {
        latch_status st = LATCH_OK;
        size_t taken = 0;
        if (c->echo_len == 0) {
            c->echo_start = 0;
            st = latch_read(conn, c->echo, sizeof c->echo, &c->echo_len);
            if (st == LATCH_CLOSED) /* the client's close_notify, after all it sent: ours */
                st = latch_close_notify(conn);
        }
        if (c->echo_len > 0)
            st = latch_write(conn, c->echo + c->echo_start, c->echo_len, &taken);
        c->echo_start += taken;
        c->echo_len -= taken;
        int sent = flush(conn, c->fd);
        if (st < 0 || sent < 0)
            return 0;
        moved = taken > 0 || sent > 0;
    }
    return latch_conn_wants_read(conn) || latch_conn_wants_write(conn);
}

/* Tells epoll what the connection waits for now. */
static int watch(int epoll_fd, int op, latch_conn *conn)
{
    client *c = latch_conn_user_data(conn);
    struct epoll_event ev = {.events = (latch_conn_wants_read(conn) ? EPOLLIN : 0u) |
                                       (latch_conn_wants_write(conn) ? EPOLLOUT : 0u),
                             .data.ptr = conn};
    return epoll_ctl(epoll_fd, op, c->fd, &ev);
}

/* Ends a connection; a failed one's alert (which tells the client why) goes first if it fits. */
static void drop(latch_conn *conn)
{
    client *c = latch_conn_user_data(conn);
    flush(conn, c->fd);
    if (latch_conn_error(conn)[0] != '\0')
        fprintf(stderr, "epoll_server: a client failed: %s\n", latch_conn_error(conn));
    close(c->fd); /* which takes it out of epoll too */
    free(c);
    latch_conn_free(conn);
}

/* Takes every client waiting on the listening socket, each with a new server connection. */
static void accept_clients(int epoll_fd, int listener, latch_config *config)
{
    for (int fd; (fd = accept(listener, NULL, NULL)) >= 0;) {
        client *c = calloc(1, sizeof *c);
        latch_conn *conn = c != NULL ? latch_conn_new(config, NULL) : NULL;
        if (conn == NULL) {
            fprintf(stderr, "epoll_server: %s\n", c != NULL ? latch_conn_new_error() : "out of memory");
            free(c);
            close(fd);
            continue;
        }
        c->fd = fd;
        latch_conn_set_user_data(conn, c);
        if (fcntl(fd, F_SETFL, O_NONBLOCK) != 0 || watch(epoll_fd, EPOLL_CTL_ADD, conn) != 0)
            drop(conn);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: epoll_server PORT CERT.pem KEY.pem\n");
        return 1;
    }
    latch_config *config = latch_config_new(LATCH_ROLE_SERVER);
    if (config == NULL || latch_config_add_identity(config, argv[2], argv[3]) != LATCH_OK ||
        latch_config_freeze(config) != LATCH_OK) {
        fprintf(stderr, "epoll_server: %s\n", config ? latch_config_error(config) : "out of memory");
        return 1;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1, listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int epoll_fd = epoll_create1(0);
    if (listener < 0 || epoll_fd < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 128) ||
        getsockname(listener, (struct sockaddr *)&addr, &(socklen_t){sizeof addr}) ||
        epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &(struct epoll_event){.events = EPOLLIN})) {
        perror("epoll_server");
        return 1;
    }
    fprintf(stderr, "listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    for (;;) {
        struct epoll_event events[64];
        int n = epoll_wait(epoll_fd, events, 64, -1);
        for (int i = 0; i < n; i++) { /* (n is -1 after a signal: EINTR) */
            latch_conn *conn = events[i].data.ptr;
            if (conn == NULL) /* the listener's (its data.ptr is NULL) */
                accept_clients(epoll_fd, listener, config);
            else if (!step(conn) || watch(epoll_fd, EPOLL_CTL_MOD, conn) != 0)
                drop(conn);
        }
    }
}
