/* A blocking TLS client: connects to HOST:PORT, verifies the server's certificate for HOST,
 * sends an HTTP/1.0 GET (or the REQUEST given) and prints the whole reply.
 *
 *   client HOST PORT [ROOTS.pem] [REQUEST]
 *
 * ROOTS.pem holds the trusted roots (default: the system store). Exit status 0 when the server
 * ended with close_notify, 1 on any failure. */
#include <latch.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A TCP connection to host:port, trying each address the name resolves to; -1 on failure. */
static int tcp_connect(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *addrs, *a;
    int rc = getaddrinfo(host, port, &hints, &addrs);
    if (rc != 0) {
        fprintf(stderr, "client: %s: %s\n", host, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (a = addrs; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(addrs);
    if (fd < 0)
        perror("client: connect");
    return fd;
}

/* Says why a call failed: latch's sentence, or the socket's error when latch has none. */
static void report(const char *what, const latch_conn *conn)
{
    const char *why = latch_conn_error(conn);
    fprintf(stderr, "client: %s failed: %s\n", what, why[0] != '\0' ? why : strerror(errno));
}

/* Writes all of data (latch_fd_write may take part of it at a time). */
static latch_status send_all(latch_conn *conn, const char *data, size_t len)
{
    while (len > 0) {
        size_t n;
        latch_status st = latch_fd_write(conn, data, len, &n);
        if (st != LATCH_OK)
            return st;
        data += n;
        len -= n;
    }
    return LATCH_OK;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: client HOST PORT [ROOTS.pem] [REQUEST]\n");
        return 1;
    }
    const char *host = argv[1], *port = argv[2];
    const char *roots = argc > 3 ? argv[3] : "system";
    char request[512];
    if (argc > 4)
        snprintf(request, sizeof request, "%s", argv[4]);
    else
        snprintf(request, sizeof request, "GET / HTTP/1.0\r\nHost: %s\r\n\r\n", host);

    /* A config holds what connections share: here only the trusted roots. */
    latch_config *config = latch_config_new(LATCH_ROLE_CLIENT);
    if (config == NULL || latch_config_set_roots_file(config, roots) != LATCH_OK) {
        fprintf(stderr, "client: %s\n", config ? latch_config_error(config) : "out of memory");
        latch_config_free(config);
        return 1;
    }
    /* The host name goes in the ClientHello (SNI) and is what the certificate must be valid for. */
    latch_conn *conn = latch_conn_new(config, host);
    if (conn == NULL) {
        fprintf(stderr, "client: %s\n", latch_conn_new_error());
        latch_config_free(config);
        return 1;
    }
    int status = 1;
    int fd = tcp_connect(host, port);
    if (fd < 0)
        goto out;

    /* The handshake runs on the socket to its end: the certificate is verified on the way. */
    latch_conn_set_fd(conn, fd);
    if (latch_handshake(conn) != LATCH_OK) {
        report("the handshake", conn);
        goto out;
    }
    fprintf(stderr, "client: %s, %s, server '%s' verified by '%s'\n",
            latch_conn_version(conn) == LATCH_TLS13 ? "TLS 1.3" : "TLS 1.2", latch_conn_suite(conn),
            latch_conn_peer_subject(conn), latch_conn_peer_root(conn));

    if (send_all(conn, request, strlen(request)) != LATCH_OK) {
        report("sending", conn);
        goto out;
    }
    /* The reply ends with the server's close_notify (LATCH_CLOSED). An end of TCP without it
     * is an error: an attacker may have cut the reply short. */
    for (;;) {
        char buf[4096];
        size_t n;
        latch_status st = latch_fd_read(conn, buf, sizeof buf, &n);
        if (st == LATCH_CLOSED)
            break;
        if (st != LATCH_OK) {
            report("reading", conn);
            goto out;
        }
        fwrite(buf, 1, n, stdout);
    }
    latch_fd_close(conn); /* our close_notify in answer */
    status = 0;
out:
    if (fd >= 0)
        close(fd);
    latch_conn_free(conn);
    latch_config_free(config);
    return status;
}
