/* Records engine seeds from foreign peers (OpenSSL's and GnuTLS's command-line tools): the
 * harness's own fixed side (fuzz_engine.h), made exactly as the harness makes it, talks over a
 * loopback TCP connection to a peer program, and what the peer sent is written as the seed.
 * In the fuzzing build latch's records are transparent and the peer's are not, so a recording
 * ends where the peer's first encrypted message arrives (or where the peer gives up on latch's
 * transparent one): the foreign ClientHello, ServerHello, HelloRetryRequest and, in TLS 1.2, the
 * plaintext Certificate, ServerKeyExchange, CertificateRequest and ClientKeyExchange. That is
 * what these seeds are for: the hello parsers fed what other stacks really send.
 * Usage: record_foreign server <seed> -- <client command...>   (latch's fuzz_server side)
 *        record_foreign client <seed> -- <server command...>   (latch's fuzz_client side)
 * "{port}" in the command becomes the port; the peer's output goes to stderr. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_engine.h"

/* How long a quiet peer is waited for before the recording ends (ms). */
#define LT_FOREIGN_QUIET_MS 1500
/* How long a server command may take to start listening (tries of 50 ms). */
#define LT_FOREIGN_CONNECT_TRIES 100

typedef struct {
    uint8_t *data;
    size_t len;
} lt_recording;

static void lt_foreign_die(const char *what)
{
    fprintf(stderr, "record_foreign: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* A loopback socket bound to a port the kernel chose. */
static int lt_foreign_listener(uint16_t *port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t addr_len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1) < 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &addr_len) < 0)
        lt_foreign_die("listen");
    *port = ntohs(addr.sin_port);
    return fd;
}

/* Runs argv with "{port}" replaced; the child's stdin is /dev/null and its stdout goes to
 * stderr (the recording is the socket's bytes, not what the tool prints). */
static pid_t lt_foreign_spawn(char **argv, uint16_t port)
{
    char port_text[8];
    snprintf(port_text, sizeof port_text, "%u", port);
    pid_t pid = fork();
    if (pid < 0)
        lt_foreign_die("fork");
    if (pid > 0)
        return pid;
    for (char **arg = argv; *arg != NULL; arg++) {
        char *mark = strstr(*arg, "{port}");
        if (mark == NULL)
            continue;
        size_t len = strlen(*arg) + sizeof port_text;
        char *replaced = malloc(len);
        if (replaced == NULL)
            _exit(127);
        snprintf(replaced, len, "%.*s%s%s", (int)(mark - *arg), *arg, port_text, mark + 6);
        *arg = replaced;
    }
    if (!freopen("/dev/null", "r", stdin) || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
        _exit(127);
    execvp(argv[0], argv);
    _exit(127);
}

static int lt_foreign_connect(uint16_t port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct timespec pause = { 0, 50 * 1000 * 1000 };
    for (int tries = 0; tries < LT_FOREIGN_CONNECT_TRIES; tries++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            lt_foreign_die("socket");
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0)
            return fd;
        close(fd);
        nanosleep(&pause, NULL);
    }
    lt_foreign_die("the server command never listened");
    return -1;
}

/* Sends what conn has to send. */
static void lt_foreign_flush(latch_conn *conn, int fd)
{
    size_t len;
    const uint8_t *out;
    while ((out = latch_net_out_buf(conn, &len)) != NULL && len > 0) {
        ssize_t n = send(fd, out, len, MSG_NOSIGNAL);
        if (n <= 0)
            return;
        latch_net_out_consumed(conn, (size_t)n);
    }
}

/* Plays conn against the peer on fd until the peer closes, goes quiet, or conn fails; every
 * byte the peer sent is appended to rec. */
static void lt_foreign_talk(latch_conn *conn, int fd, lt_recording *rec)
{
    uint8_t buf[16384];
    int failed = 0;
    while (!failed) {
        lt_foreign_flush(conn, fd);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, LT_FOREIGN_QUIET_MS) <= 0)
            break;
        ssize_t got = recv(fd, buf, sizeof buf, 0);
        if (got <= 0)
            break;
        uint8_t *grown = realloc(rec->data, rec->len + (size_t)got);
        if (grown == NULL)
            abort();
        rec->data = grown;
        memcpy(rec->data + rec->len, buf, (size_t)got);
        rec->len += (size_t)got;
        /* fed as the harness feeds it (lt_fuzz_feed): as much as the engine takes at a time */
        for (size_t at = 0; at < (size_t)got && !failed;) {
            size_t room;
            uint8_t *in = latch_net_in_buf(conn, &room);
            if (in == NULL || room == 0) {
                failed = 1;
                break;
            }
            size_t n = (size_t)got - at < room ? (size_t)got - at : room;
            memcpy(in, buf + at, n);
            at += n;
            failed = latch_net_in_commit(conn, n) < 0;
            lt_foreign_flush(conn, fd);
        }
    }
    lt_foreign_flush(conn, fd); /* the alert that says why */
    if (failed)
        fprintf(stderr, "record_foreign: latch stopped: %s\n", latch_conn_error(conn));
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[3], "--") != 0 ||
        (strcmp(argv[1], "server") != 0 && strcmp(argv[1], "client") != 0)) {
        fprintf(stderr, "usage: record_foreign server|client <seed> -- <peer command...>\n");
        return 2;
    }
    int as_server = strcmp(argv[1], "server") == 0;
    lt_recording rec = { NULL, 0 };
    latch_config *cfg = NULL;
    latch_conn *conn = NULL;
    uint16_t port = 0;
    int fd;
    pid_t peer;
    signal(SIGPIPE, SIG_IGN);
    if (as_server) {
        /* the harness's server: one config, the connection made by lt_fuzz_server_conn */
        cfg = lt_fuzz_server_config();
        int listener = lt_foreign_listener(&port);
        peer = lt_foreign_spawn(argv + 4, port);
        fd = accept(listener, NULL, NULL);
        close(listener);
        if (fd < 0)
            lt_foreign_die("accept");
        conn = cfg != NULL ? lt_fuzz_server_conn(cfg) : NULL;
    } else {
        int probe = lt_foreign_listener(&port); /* a free port for the server command */
        close(probe);
        peer = lt_foreign_spawn(argv + 4, port);
        fd = lt_foreign_connect(port);
        /* the harness's client: the stream restarted, then its config and connection */
        lt_random_fuzz_reset();
        cfg = lt_fuzz_client_config();
        conn = cfg != NULL ? latch_conn_new(cfg, "localhost") : NULL;
    }
    if (conn == NULL) {
        fprintf(stderr, "record_foreign: the fixed configuration does not load\n");
        return 1;
    }
    lt_foreign_talk(conn, fd, &rec);
    close(fd);
    kill(peer, SIGTERM);
    waitpid(peer, NULL, 0);
    latch_conn_free(conn);
    latch_config_free(cfg);
    int status = 0;
    FILE *f = rec.len > 0 ? fopen(argv[2], "wb") : NULL;
    if (f == NULL || fwrite(rec.data, 1, rec.len, f) != rec.len) {
        fprintf(stderr, "record_foreign: nothing recorded for %s\n", argv[2]);
        status = 1;
    }
    if (f != NULL && fclose(f) != 0)
        status = 1;
    if (status == 0)
        fprintf(stderr, "record_foreign: %s: %zu bytes\n", argv[2], rec.len);
    free(rec.data);
    return status;
}
