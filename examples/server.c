/* A blocking TLS server: on 127.0.0.1:PORT, it takes one connection at a time, reads an HTTP
 * request and answers with a small page naming the connection's version and suite.
 *
 *   server PORT CERT.pem KEY.pem
 *
 * PORT 0 picks a free port; the server logs "listening on 127.0.0.1:PORT" either way. */
#include <latch.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* A listening socket on 127.0.0.1:port; -1 on failure. */
static int tcp_listen(int port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        perror("server: listen");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    fprintf(stderr, "listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    return fd;
}

/* Says why a call failed: latch's sentence, or the socket's error when latch has none. */
static void report(const char *what, const latch_conn *conn)
{
    const char *why = latch_conn_error(conn);
    fprintf(stderr, "server: %s failed: %s\n", what, why[0] != '\0' ? why : strerror(errno));
}

/* One connection: the handshake, a request (read until its blank line), the page, close_notify. */
static void serve(latch_conn *conn)
{
    char request[4096], body[160], page[512];
    size_t have = 0, n;
    if (latch_handshake(conn) != LATCH_OK) {
        report("the handshake", conn);
        return;
    }
    request[0] = '\0';
    while (strstr(request, "\r\n\r\n") == NULL && strstr(request, "\n\n") == NULL) {
        if (have == sizeof request - 1) {
            fprintf(stderr, "server: the request is too long\n");
            return;
        }
        latch_status st = latch_fd_read(conn, request + have, sizeof request - 1 - have, &n);
        if (st == LATCH_CLOSED)
            break; /* the client's close_notify ends its request too */
        if (st != LATCH_OK) {
            report("reading the request", conn);
            return;
        }
        have += n;
        request[have] = '\0';
    }
    const char *version = latch_conn_version(conn) == LATCH_TLS13 ? "TLS 1.3" : "TLS 1.2";
    int body_len = snprintf(body, sizeof body, "Hello from latch over %s with %s\n", version,
                            latch_conn_suite(conn));
    int len = snprintf(page, sizeof page,
                       "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s",
                       body_len, body);
    for (size_t sent = 0; sent < (size_t)len; sent += n) {
        if (latch_fd_write(conn, page + sent, (size_t)len - sent, &n) != LATCH_OK) {
            report("sending", conn);
            return;
        }
    }
    if (latch_fd_close(conn) != LATCH_OK)
        report("closing", conn);
    fprintf(stderr, "server: answered a client over %s, %s\n", version, latch_conn_suite(conn));
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: server PORT CERT.pem KEY.pem\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN); /* a client gone mid-write is an error to report, not a crash */

    /* A server config holds its certificate chain and private key (it may hold several). */
    latch_config *config = latch_config_new(LATCH_ROLE_SERVER);
    if (config == NULL || latch_config_add_identity(config, argv[2], argv[3]) != LATCH_OK ||
        latch_config_freeze(config) != LATCH_OK) {
        fprintf(stderr, "server: %s\n", config ? latch_config_error(config) : "out of memory");
        latch_config_free(config);
        return 1;
    }
    int listener = tcp_listen(atoi(argv[1]));
    if (listener < 0) {
        latch_config_free(config);
        return 1;
    }
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            perror("server: accept");
            continue;
        }
        /* one client at a time: one that sends nothing must not hold the server for ever */
        struct timeval timeout = {.tv_sec = 10};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        latch_conn *conn = latch_conn_new(config, NULL);
        if (conn == NULL)
            fprintf(stderr, "server: %s\n", latch_conn_new_error());
        else if (latch_conn_set_fd(conn, fd) == LATCH_OK)
            serve(conn);
        latch_conn_free(conn);
        close(fd);
    }
}
