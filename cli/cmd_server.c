/* `latch server`: serves TLS on a port, many connections at once through one poll() loop over
 * non-blocking sockets and sans-I/O engines. Modes: --http answers any HTTP/1.x request with a
 * page describing the negotiated connection, --www DIR serves files, --echo returns what it
 * gets. One log line per connection on stderr. Each connection's reply goes through a bounded
 * queue: the server waits for "writable" while it holds anything for the client, reads files
 * as the client drains them, and never stops writing because it stopped reading. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "narrate.h"
#include "tlsopts.h"
#include "latch.h"
#include "net.h"
#include "queue.h"

#define CLI_MAX_CONNS 128
#define CLI_MAX_REQUEST 8192
#define CLI_MAX_IDENTITIES 8
/* --echo: echo held for a client that does not read it; when this much waits, nothing more is
 * read from that client until it takes some (what it sends meanwhile waits in TCP) */
#define CLI_MAX_ECHO_BACKLOG (1 << 20)
/* --http, --www: reply bytes held per connection; a file is read as the client drains it */
#define CLI_WWW_CHUNK (64 << 10)
/* times one connection's reply is handed to the engine and flushed before the next one's turn */
#define CLI_SERVICE_ROUNDS 4
#define CLI_HANDSHAKE_TIMEOUT_MS 10000
#define CLI_IDLE_TIMEOUT_MS 300000

static const char cli_server_usage[] =
    "usage: latch server --cert FILE --key FILE [--cert FILE --key FILE ...] [--port N]\n"
    "                    [--bind ADDR] [--echo | --http | --www DIR] [--once]\n"
    "                    [--alpn LIST] [--groups LIST] [--suites LIST] [--key-update]\n"
    "                    [--profile NAME] [--tls12|--tls13] [--rsa-kex] [--require-ems]\n"
    "                    [--require-client-cert|--request-client-cert --client-roots FILE]\n"
    "                    [--trace] [--ocsp FILE (after a --cert)]\n"
    "\n"
    "Serves TLS 1.3 and TLS 1.2. Each --cert (a PEM chain, leaf first) goes with the --key after it; with\n"
    "several, the certificate is chosen by the client's server name and signature algorithms.\n"
    "\n"
    "  --port N        port to listen on (default 8443; 0 picks a free one)\n"
    "  --bind ADDR     address to listen on (default 127.0.0.1; :: or 0.0.0.0 for all)\n"
    "  --http          answer HTTP requests with a page describing the connection (default)\n"
    "  --www DIR       serve the files under DIR over HTTP\n"
    "  --echo          send back whatever the client sends\n"
    "  --once          exit after the first connection (status 0 if it went well)\n"
    "  --alpn LIST     application protocols we accept, e.g. http/1.1\n"
    "  --groups LIST   key exchange groups in our order of preference (default\n"
    "                  X25519MLKEM768,x25519,secp256r1,secp384r1; a post-quantum hybrid the\n"
    "                  client supports is chosen first, by HelloRetryRequest if need be)\n"
    "  --suites LIST   cipher suites in our order of preference\n"
    "  --key-update    send a KeyUpdate (asking for one back) after each handshake\n"
    CLI_TLSOPTS_HELP
    "  --trace         narrate each handshake step by step on stderr (as latch trace does)\n"
    "  --ocsp FILE     staple this OCSP response (DER) for the --cert before it, to clients that\n"
    "                  ask (TLS 1.3 and 1.2); read again when the file changes\n"
    "  --require-client-cert  mutual TLS: refuse clients without a certificate that verifies\n"
    "  --request-client-cert  ask for one, take clients without (the page says which)\n"
    "  --client-roots FILE    roots that client certificates must chain to\n"
    "\n"
    "Prints \"listening on ADDR:PORT\" once listening, then one line per connection on stderr.\n"
    "A connection is closed if its handshake takes over 10 s or it stays idle for 5 minutes.\n"
    "--www refuses paths with \"..\" segments, serves DIR/index.html for \"/\", and 404 else;\n"
    "files of any size are sent as the client reads them, 64 KiB held per connection at a time.\n"
    "--echo holds up to 1 MiB a client has not read back; then it reads no more from that\n"
    "client until it does (while the echo keeps going out).\n"
    "Exit status (--once): 0 if the connection went well, 1 if not; 2 bad usage.\n";

typedef enum { CLI_MODE_HTTP, CLI_MODE_WWW, CLI_MODE_ECHO } cli_mode;

typedef struct {
    int fd;
    latch_conn *conn;
    char peer[64];
    int logged;
    int replied;          /* --http, --www: the reply is queued; more request bytes are ignored */
    int closing;          /* close_notify queued: close the socket once it is flushed */
    int peer_closed;      /* the client's close_notify arrived */
    int peer_eof;         /* then its end of TCP: nothing more to read, our data still goes out */
    int head_only;        /* a HEAD request: headers without the body */
    int64_t deadline;     /* monotonic ms after which the connection is dropped */
    unsigned trace_step;  /* --trace: the narration's counter */
    char request[CLI_MAX_REQUEST];
    size_t request_len;
    cli_queue reply;      /* application bytes for the client that the engine has not taken yet */
    int body_fd;          /* --www: the file being sent, read into reply as it drains; -1: none */
    uint64_t body_left;   /* bytes of that file not read yet */
    const char *failure;  /* why the connection failed, when the engine has no sentence for it */
    /* --http, --www: the access log's line, written when the connection ends */
    char request_line[160]; /* "GET /index.html" */
    int status;           /* of our reply (0: none yet) */
    uint64_t bytes_out;   /* reply bytes handed to TLS (headers and body) */
    int64_t request_ms;   /* when the request was complete */
} cli_client;

static struct {
    cli_mode mode;
    const char *www;
    int once;
    int key_update;
    int client_auth;      /* 0 none, 1 requested, 2 required */
    int trace;            /* --trace: narrate each handshake */
    cli_client *clients;
    int failures;
    int served;
} cli_server;

/* --trace: the narration of each connection's handshake, its lines prefixed by the peer. */
static void cli_server_trace(void *arg, const latch_conn *conn, const latch_trace_event *ev)
{
    (void)arg;
    for (size_t i = 0; cli_server.clients != NULL && i < CLI_MAX_CONNS; i++) {
        cli_client *c = &cli_server.clients[i];
        if (c->conn == conn) {
            char prefix[80];
            snprintf(prefix, sizeof prefix, "[%s] ", c->peer);
            cli_narrate(stderr, prefix, LATCH_ROLE_SERVER, ev, &c->trace_step);
            return;
        }
    }
}

static int cli_server_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "latch server: %s%s%s\nrun 'latch server --help' for usage\n", msg,
            arg ? " " : "", arg ? arg : "");
    return 2;
}

static void cli_html_escape(char *out, size_t cap, const char *in)
{
    size_t n = 0;
    for (; *in && n + 7 < cap; in++) {
        const char *rep = *in == '<' ? "&lt;" : *in == '>' ? "&gt;" : *in == '&' ? "&amp;"
                        : *in == '"' ? "&quot;" : NULL;
        if (rep) {
            memcpy(out + n, rep, strlen(rep));
            n += strlen(rep);
        } else {
            out[n++] = *in;
        }
    }
    out[n] = '\0';
}

/* An empty slot, or a new connection in it (fd -1: empty). */
static void cli_client_reset(cli_client *c, int fd, latch_conn *conn)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->conn = conn;
    c->body_fd = -1;
    cli_queue_init(&c->reply, cli_server.mode == CLI_MODE_ECHO ? CLI_MAX_ECHO_BACKLOG
                                                               : CLI_WWW_CHUNK);
}

/* Queues a whole reply (the page, an error, a file's headers); all of them fit in the queue. */
static int cli_queue_reply(cli_client *c, const char *head, const void *body, size_t body_len)
{
    if (c->head_only)
        body_len = 0; /* HEAD: the same headers, no body */
    c->replied = 1;
    c->status = atoi(head + 9); /* "HTTP/1.1 NNN ..." */
    if (cli_queue_push(&c->reply, head, strlen(head)) < 0 ||
        cli_queue_push(&c->reply, body, body_len) < 0) {
        c->failure = "the reply does not fit in memory";
        return -1;
    }
    return 0;
}

/* The page about this connection (--http). */
static int cli_http_page(cli_client *c)
{
    char body[4096], head[256], sni[300], alpn[300], client_id[400], subject[200], root[200];
    latch_conn *conn = c->conn;
    cli_html_escape(subject, sizeof subject, latch_conn_peer_subject(conn));
    cli_html_escape(root, sizeof root, latch_conn_peer_root(conn));
    if (latch_conn_peer_cert_count(conn) > 0)
        snprintf(client_id, sizeof client_id, "'%s', verified by '%s'", subject, root);
    else
        snprintf(client_id, sizeof client_id, "%s", cli_server.client_auth ? "(no certificate)"
                                                                           : "(not asked)");
    cli_html_escape(sni, sizeof sni, latch_conn_server_name(conn)[0] ? latch_conn_server_name(conn) : "(none)");
    cli_html_escape(alpn, sizeof alpn, latch_conn_alpn(conn)[0] ? latch_conn_alpn(conn) : "(none)");
    int n = snprintf(body, sizeof body,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>latch: TLS connection</title>\n<style>body{font-family:system-ui,sans-serif;"
        "margin:2em auto;max-width:40em;color:#222}table{border-collapse:collapse}"
        "td{padding:.3em 1em;border-bottom:1px solid #ddd}td:first-child{color:#666}"
        "</style></head>\n<body><h1>Hello over TLS</h1>\n"
        "<p>This page was served by <b>latch %s</b>. Your connection:</p>\n<table>\n"
        "<tr><td>Protocol</td><td id=\"version\">%s</td></tr>\n"
        "<tr><td>Cipher suite</td><td id=\"suite\">%s</td></tr>\n"
        "<tr><td>Key exchange</td><td id=\"group\">%s%s</td></tr>\n"
        "<tr><td>Post-quantum</td><td id=\"pq\">%s</td></tr>\n"
        "<tr><td>Server signature</td><td id=\"sigscheme\">%s</td></tr>\n"
        "<tr><td>Server name (SNI)</td><td id=\"sni\">%s</td></tr>\n"
        "<tr><td>ALPN</td><td id=\"alpn\">%s</td></tr>\n"
        "<tr><td>Client address</td><td id=\"client\">%s</td></tr>\n"
        "<tr><td>Client certificate</td><td id=\"client-cert\">%s</td></tr>\n"
        "<tr><td>Session</td><td id=\"resumed\">%s%s</td></tr>\n"
        "</table>\n</body></html>\n",
        latch_version(), cli_version_name(latch_conn_version(conn)),
        latch_conn_suite(conn), cli_group_name(conn),
        latch_conn_hello_retry(conn) ? " (after HelloRetryRequest)" : "",
        /* the hybrid groups are the ones with ML-KEM in their names */
        strstr(latch_conn_group(conn), "MLKEM") != NULL
            ? "yes, the key exchange (ML-KEM-768 hybrid); the server's signature is classical"
            : "no (a classical key exchange)",
        cli_scheme_name(conn), sni, alpn, c->peer, client_id,
        latch_conn_resumed(conn) ? "resumed" : "new (full handshake)",
        latch_conn_extended_master_secret(conn) ? "" : ", no extended master secret (not resumable)");
    snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                "Content-Length: %d\r\nConnection: close\r\n\r\n", n);
    return cli_queue_reply(c, head, body, (size_t)n);
}

static const char *cli_content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    static const struct { const char *ext, *type; } types[] = {
        { ".html", "text/html; charset=utf-8" }, { ".htm", "text/html; charset=utf-8" },
        { ".css", "text/css" }, { ".js", "text/javascript" }, { ".json", "application/json" },
        { ".txt", "text/plain; charset=utf-8" }, { ".svg", "image/svg+xml" },
        { ".png", "image/png" }, { ".jpg", "image/jpeg" }, { ".ico", "image/x-icon" },
    };
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static int cli_http_error(cli_client *c, const char *status)
{
    char head[256];
    size_t body_len = strlen(status) + 1;
    snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                                "Connection: close\r\n\r\n", status, body_len);
    char body[128];
    snprintf(body, sizeof body, "%s\n", status);
    return cli_queue_reply(c, head, body, body_len);
}

/* The request target of --www as a path under DIR: the query and fragment dropped, %XX decoded.
 * Refused (-1): anything not starting with '/', control characters (no CR LF for the Location
 * header), a backslash, a bad escape, and any ".."
 * segment, so a request can never name a file outside DIR. */
static int cli_www_path(const char *target, char *out, size_t cap)
{
    size_t n = 0;
    if (target[0] != '/')
        return -1;
    for (const char *p = target; *p != '\0' && *p != '?' && *p != '#'; p++) {
        int ch = (unsigned char)*p;
        if (ch == '%') {
            if (!isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2]))
                return -1;
            char hex[3] = { p[1], p[2], '\0' };
            ch = (int)strtol(hex, NULL, 16);
            p += 2;
        }
        if (ch < 0x20 || ch == 0x7f || ch == '\\' || n + 1 >= cap)
            return -1;
        out[n++] = (char)ch;
    }
    out[n] = '\0';
    for (const char *seg = out; seg != NULL; seg = strchr(seg + 1, '/'))
        if (strncmp(seg, "/..", 3) == 0 && (seg[3] == '/' || seg[3] == '\0'))
            return -1;
    return 0;
}

/* A file under --www DIR; "/" and other directories mean their index.html, and a directory named
 * without its trailing slash is redirected to it so relative links in its page work. */
static int cli_www_file(cli_client *c, const char *target)
{
    char path[2048], full[4096], head[2400];
    if (cli_www_path(target, path, sizeof path) < 0)
        return cli_http_error(c, "400 Bad Request");
    snprintf(full, sizeof full, "%s%s", cli_server.www, path);
    struct stat st;
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (path[strlen(path) - 1] != '/') {
            /* the target as sent (no whitespace: it was one token) without its query */
            int raw_len = (int)strcspn(target, "?#");
            snprintf(head, sizeof head, "HTTP/1.1 301 Moved Permanently\r\nLocation: %.*s/\r\n"
                                        "Content-Length: 0\r\nConnection: close\r\n\r\n",
                     raw_len, target);
            return cli_queue_reply(c, head, NULL, 0);
        }
        snprintf(full, sizeof full, "%s%sindex.html", cli_server.www, path);
    }
    /* (O_NONBLOCK: opening a FIFO under DIR must not wait for a writer, stalling every client) */
    int fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return cli_http_error(c, "404 Not Found");
    }
    snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %jd\r\n"
                                "Connection: close\r\n\r\n", cli_content_type(full),
             (intmax_t)st.st_size);
    if (cli_queue_reply(c, head, NULL, 0) < 0 || c->head_only || st.st_size == 0) {
        close(fd);
        return c->failure ? -1 : 0;
    }
    /* the body is read a queue's worth at a time as the client takes it (cli_read_body): a
     * large file costs no more memory than a small one */
    c->body_fd = fd;
    c->body_left = (uint64_t)st.st_size;
    return 0;
}

/* --www: reads the file being sent into the reply queue as far as the queue has room. */
static int cli_read_body(cli_client *c)
{
    while (c->body_fd >= 0) {
        size_t room;
        uint8_t *tail = cli_queue_tail(&c->reply, &room);
        if (tail == NULL) {
            c->failure = "out of memory for the reply";
            return -1;
        }
        if (room == 0)
            return 0;
        ssize_t n = read(c->body_fd, tail, room < c->body_left ? room : (size_t)c->body_left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            /* its length is sent: cut the connection, so the client sees a truncation rather
             * than a clean end */
            c->failure = "the file being sent shrank or could not be read: connection cut";
            return -1;
        }
        cli_queue_commit(&c->reply, (size_t)n);
        c->body_left -= (uint64_t)n;
        if (c->body_left == 0) {
            close(c->body_fd);
            c->body_fd = -1;
        }
    }
    return 0;
}

/* Takes request bytes from the client (--http, --www). Returns -1 to drop the connection. */
static int cli_on_request(cli_client *c, const uint8_t *data, size_t len)
{
    if (c->replied || c->closing)
        return 0; /* one request per connection: anything after it is ignored */
    if (len > sizeof c->request - 1 - c->request_len) {
        cli_http_error(c, "431 Request Header Fields Too Large");
        return 0;
    }
    memcpy(c->request + c->request_len, data, len);
    c->request_len += len;
    c->request[c->request_len] = '\0';
    if (strstr(c->request, "\r\n\r\n") == NULL && strstr(c->request, "\n\n") == NULL)
        return 0;
    char method[16], path[2048], version[16];
    c->request_ms = cli_net_now_ms();
    int fields = sscanf(c->request, "%15s %2047s %15s", method, path, version);
    snprintf(c->request_line, sizeof c->request_line, "%s %s", fields >= 1 ? method : "-", fields >= 2 ? path : "-");
    if (fields != 3 || strncmp(version, "HTTP/1.", 7) != 0)
        return cli_http_error(c, "400 Bad Request");
    c->head_only = strcmp(method, "HEAD") == 0;
    if (cli_server.mode == CLI_MODE_HTTP)
        return cli_http_page(c);
    return cli_www_file(c, path);
}

/* Ends a connection; a failed one (ok 0) is logged with why: reason, or the engine's sentence. */
static void cli_drop(cli_client *c, int ok, const char *reason)
{
    /* a failure's alert goes out before the socket closes (best effort: the socket may be gone) */
    if (c->conn != NULL && latch_conn_wants_write(c->conn))
        (void)latch_fd_flush(c->conn, c->fd);
    if (!ok)
        fprintf(stderr, "%s: %s\n", c->peer, reason ? reason : c->failure ? c->failure
                : latch_conn_error(c->conn)[0] ? latch_conn_error(c->conn)
                : c->logged ? "connection lost" : "closed during the handshake");
    if (!ok)
        cli_server.failures++;
    if (c->status != 0) /* the access log: one line per request */
        fprintf(stderr, "%s: \"%s\" %d %llu bytes %lld ms%s\n", c->peer, c->request_line, c->status,
                (unsigned long long)c->bytes_out, (long long)(cli_net_now_ms() - c->request_ms),
                ok ? "" : " (not all sent)");
    cli_server.served++;
    close(c->fd);
    if (c->body_fd >= 0)
        close(c->body_fd);
    latch_conn_free(c->conn);
    cli_queue_free(&c->reply);
    cli_client_reset(c, -1, NULL);
}

/* The handshake is done: one log line, and the KeyUpdate asked for. */
static int cli_on_handshake(cli_client *c)
{
    c->logged = 1;
    int has_client = latch_conn_peer_cert_count(c->conn) > 0;
    fprintf(stderr, "%s: %s, %s, %s%s, %s%s%s%s%s%s%s%s\n", c->peer,
            cli_version_name(latch_conn_version(c->conn)),
            latch_conn_suite(c->conn), cli_group_name(c->conn),
            latch_conn_hello_retry(c->conn) ? " (after HelloRetryRequest)" : "",
            cli_scheme_name(c->conn),
            latch_conn_server_name(c->conn)[0] ? ", SNI " : "", latch_conn_server_name(c->conn),
            has_client ? ", client '" : "", has_client ? latch_conn_peer_subject(c->conn) : "",
            has_client ? "'" : "", latch_conn_resumed(c->conn) ? ", resumed" : "",
            latch_conn_extended_master_secret(c->conn) ? "" : ", no extended master secret");
    /* (TLS 1.2 has no KeyUpdate: LATCH_ERR_UNSUPPORTED, and nothing to do) */
    latch_status ku = cli_server.key_update ? latch_key_update(c->conn, 1) : LATCH_OK;
    return ku != LATCH_OK && ku != LATCH_ERR_UNSUPPORTED ? -1 : 0;
}

/* Whether to read the socket: not after the client's end of TCP, and in --echo not while the
 * backlog is full (then its plaintext waits in the engine, and what it sends waits in TCP). */
static int cli_wants_input(const cli_client *c)
{
    if (c->peer_eof)
        return 0;
    return cli_server.mode != CLI_MODE_ECHO || cli_queue_room(&c->reply) > 0;
}

/* Whether anything is waiting for the client: in the engine, the reply queue or the file. */
static int cli_reply_pending(const cli_client *c)
{
    return cli_queue_len(&c->reply) > 0 || c->body_fd >= 0;
}

static int cli_wants_output(const cli_client *c)
{
    size_t pending;
    latch_net_out_buf(c->conn, &pending);
    return pending > 0 || cli_reply_pending(c);
}

/* Takes the client's plaintext from the engine: in --echo into the reply queue as far as it has
 * room (the rest stays in the engine until the client reads its echo), else into the request.
 * Returns -1 to drop the connection. */
static int cli_take_input(cli_client *c)
{
    uint8_t request_bytes[4096];
    for (;;) {
        uint8_t *into = request_bytes;
        size_t room = sizeof request_bytes, n = 0;
        if (cli_server.mode == CLI_MODE_ECHO) {
            into = cli_queue_tail(&c->reply, &room);
            if (into == NULL) {
                c->failure = "out of memory for the echo";
                return -1;
            }
            if (room == 0)
                return 0;
        }
        latch_status st = latch_read(c->conn, into, room, &n);
        if (st == LATCH_CLOSED) {
            /* the client is done sending; our reply (if any) still goes out, then our
             * close_notify (TLS 1.3 closes each direction on its own, RFC 8446 §6.1) */
            c->peer_closed = 1;
            return 0;
        }
        if (st != LATCH_OK)
            return st < 0 ? -1 : 0;
        if (cli_server.mode == CLI_MODE_ECHO)
            cli_queue_commit(&c->reply, n);
        else if (cli_on_request(c, into, n) < 0)
            return -1;
    }
}

/* Hands the reply queue to the engine as far as its output buffer allows. */
static int cli_hand_reply(cli_client *c)
{
    while (!c->closing) {
        size_t len, taken = 0;
        const uint8_t *data = cli_queue_head(&c->reply, &len);
        if (len == 0)
            return 0;
        if (latch_write(c->conn, data, len, &taken) < 0)
            return -1;
        c->bytes_out += taken;
        if (taken == 0)
            return 0; /* the engine's output is full: the socket drains it first */
        cli_queue_consume(&c->reply, taken);
    }
    return 0;
}

/* Our close_notify, once there is nothing more to send: after the one reply of --http and
 * --www (Connection: close), or after the client's close_notify once everything for it is out. */
static void cli_close_when_done(cli_client *c)
{
    if (c->closing || cli_reply_pending(c))
        return;
    if (c->peer_closed || (c->replied && cli_server.mode != CLI_MODE_ECHO)) {
        latch_close_notify(c->conn);
        c->closing = 1;
    }
}

/* Everything that can happen on one connection after poll() said so. Returns 0 to keep it,
 * 1 when it ended well, -1 when it failed. */
static int cli_service(cli_client *c, short revents)
{
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && cli_wants_input(c)) {
        latch_status got = latch_fd_fill(c->conn, c->fd);
        if (got < 0) {
            latch_fd_flush(c->conn, c->fd);
            return -1;
        }
        if (!c->logged && latch_conn_handshake_done(c->conn) && cli_on_handshake(c) < 0)
            return -1;
        if (cli_take_input(c) < 0)
            return -1;
        if (got == LATCH_CLOSED) {
            /* EOF: fine once our close_notify is queued; after the client's close_notify, what
             * is queued for it still goes out; else the client's data may be truncated */
            if (c->closing)
                return 1;
            if (!c->peer_closed)
                return -1;
            c->peer_eof = 1;
        }
    }
    /* Write while anything waits for the client and its socket takes it: the wait for
     * "writable" is for the reply as much as for the engine's records. Reading more (a file,
     * or echo left in the engine) happens here too, as the queue drains. */
    latch_status flushed = LATCH_OK;
    for (int round = 0; round < CLI_SERVICE_ROUNDS; round++) {
        if (cli_read_body(c) < 0 || cli_hand_reply(c) < 0)
            return -1;
        if (cli_server.mode == CLI_MODE_ECHO && cli_take_input(c) < 0)
            return -1;
        cli_close_when_done(c);
        flushed = latch_fd_flush(c->conn, c->fd);
        if (flushed < 0)
            return -1;
        if (flushed == LATCH_WANT_WRITE || !cli_reply_pending(c))
            break;
    }
    if (flushed == LATCH_OK && c->closing) {
        shutdown(c->fd, SHUT_WR);
        /* keep reading until the client closes, so its close_notify is not met by a reset */
        if (c->peer_eof)
            return 1;
    }
    return 0;
}

/* SIGINT / SIGTERM: the loop ends the connections properly (close_notify) and exits. */
static volatile sig_atomic_t cli_server_stop;

static void cli_server_on_signal(int sig)
{
    cli_server_stop = sig;
}

int cli_server_main(int argc, char **argv)
{
    const char *certs[CLI_MAX_IDENTITIES], *keys[CLI_MAX_IDENTITIES], *ocsps[CLI_MAX_IDENTITIES] = { NULL };
    size_t n_certs = 0, n_keys = 0;
    const char *port = "8443", *bind_addr = "127.0.0.1", *alpn = NULL, *groups = NULL, *suites = NULL;
    int modes = 0;
    const char *client_roots = NULL;
    cli_tlsopts tlsopts;
    cli_tlsopts_init(&tlsopts);
    cli_server.mode = CLI_MODE_HTTP;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken, used;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(cli_server_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--http") == 0 || strcmp(arg, "--echo") == 0) {
            cli_server.mode = arg[2] == 'h' ? CLI_MODE_HTTP : CLI_MODE_ECHO;
            modes++;
        } else if (strcmp(arg, "--once") == 0) {
            cli_server.once = 1;
        } else if (strcmp(arg, "--key-update") == 0) {
            cli_server.key_update = 1;
        } else if (strcmp(arg, "--trace") == 0) {
            cli_server.trace = 1;
        } else if (strcmp(arg, "--require-client-cert") == 0) {
            cli_server.client_auth = LATCH_CLIENT_AUTH_REQUIRE;
        } else if (strcmp(arg, "--request-client-cert") == 0) {
            cli_server.client_auth = LATCH_CLIENT_AUTH_REQUEST;
        } else if ((taken = cli_tlsopts_parse(&tlsopts, arg, value, &used)) != 0) {
            if (taken < 0)
                return 2;
            i += used;
        } else if (value == NULL) {
            return cli_server_usage_error(arg[0] == '-' ? "unknown option or missing value:"
                                                        : "unexpected argument", arg);
        } else if (strcmp(arg, "--cert") == 0 || strcmp(arg, "--key") == 0) {
            if (n_certs >= CLI_MAX_IDENTITIES)
                return cli_server_usage_error("too many certificates", NULL);
            if (arg[2] == 'c')
                certs[n_certs++] = value;
            else
                keys[n_keys++] = value;
            i++;
        } else if (strcmp(arg, "--ocsp") == 0) {
            if (n_certs == 0)
                return cli_server_usage_error("--ocsp FILE goes after the --cert it is for", NULL);
            ocsps[n_certs - 1] = value;
            i++;
        } else if (strcmp(arg, "--www") == 0) {
            cli_server.mode = CLI_MODE_WWW;
            cli_server.www = value;
            modes++;
            i++;
        } else if (strcmp(arg, "--client-roots") == 0) {
            client_roots = value;
            i++;
        } else if (strcmp(arg, "--port") == 0 || strcmp(arg, "--bind") == 0 ||
                   strcmp(arg, "--alpn") == 0 || strcmp(arg, "--groups") == 0 ||
                   strcmp(arg, "--suites") == 0) {
            *(arg[2] == 'p' ? &port : arg[2] == 'b' ? &bind_addr : arg[2] == 'a' ? &alpn
              : arg[2] == 'g' ? &groups : &suites) = value;
            i++;
        } else {
            return cli_server_usage_error("unknown option", arg);
        }
    }
    if (n_certs == 0 || n_certs != n_keys)
        return cli_server_usage_error("each --cert needs a --key (and at least one of each)", NULL);
    if (!cli_net_port_ok("latch server", port))
        return 2;
    /* a --www directory that is not one is a mistake to say now, not a 404 for every request */
    struct stat www_st;
    if (cli_server.mode == CLI_MODE_WWW) {
        int found = stat(cli_server.www, &www_st) == 0;
        if (!found || !S_ISDIR(www_st.st_mode)) {
            fprintf(stderr, "latch server: --www %s: %s\n", cli_server.www,
                    found ? "not a directory" : strerror(errno));
            return 2;
        }
    }
    if (modes > 1)
        return cli_server_usage_error("choose one of --http, --www and --echo", NULL);
    if ((cli_server.client_auth != 0) != (client_roots != NULL))
        return cli_server_usage_error("--require-client-cert and --request-client-cert go with "
                                      "--client-roots FILE (and the other way round)", NULL);

    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    int exit_code = 1, listen_fd = -1, bound = 0;
    cli_client *clients = calloc(CLI_MAX_CONNS, sizeof *clients);
    if (cfg == NULL || clients == NULL)
        goto out;
    for (size_t i = 0; i < n_certs; i++) {
        latch_status st = latch_config_add_identity(cfg, certs[i], keys[i]);
        if (st == LATCH_OK && ocsps[i] != NULL && (st = latch_config_set_ocsp_file(cfg, ocsps[i])) != LATCH_OK)
            exit_code = 2; /* (an OCSP response that cannot be read or used) */
        if (st == LATCH_ERR_IO || st == LATCH_ERR_DECODE)
            exit_code = 2; /* (input that cannot be read, or is not what it should be) */
        if (st != LATCH_OK)
            goto config_error;
    }
    cli_server.clients = clients;
    if (cli_server.trace)
        latch_config_set_trace(cfg, cli_server_trace, NULL);
    if (client_roots) {
        latch_status st = latch_config_set_client_auth(cfg, (latch_client_auth)cli_server.client_auth, client_roots);
        if (st == LATCH_ERR_IO)
            exit_code = 2; /* (unreadable input) */
        if (st != LATCH_OK)
            goto config_error;
    }
    if (cli_tlsopts_apply(&tlsopts, cfg) != LATCH_OK ||
        (suites && latch_config_set_suites(cfg, suites) != LATCH_OK) ||
        (groups && latch_config_set_groups(cfg, groups) != LATCH_OK) ||
        (alpn && latch_config_set_alpn(cfg, alpn) != LATCH_OK) || latch_config_freeze(cfg) != LATCH_OK)
        goto config_error;
    signal(SIGPIPE, SIG_IGN);
    struct sigaction stop_action;
    memset(&stop_action, 0, sizeof stop_action);
    stop_action.sa_handler = cli_server_on_signal; /* (no SA_RESTART: poll() returns) */
    sigaction(SIGINT, &stop_action, NULL);
    sigaction(SIGTERM, &stop_action, NULL);
    listen_fd = cli_net_listen("latch server", bind_addr, port, &bound);
    if (listen_fd < 0 || cli_net_nonblocking(listen_fd) < 0)
        goto out;
    fprintf(stderr, strchr(bind_addr, ':') ? "listening on [%s]:%d\n" : "listening on %s:%d\n",
            bind_addr, bound);
    for (size_t i = 0; i < CLI_MAX_CONNS; i++)
        cli_client_reset(&clients[i], -1, NULL);

    struct pollfd fds[CLI_MAX_CONNS + 1];
    size_t slot_of[CLI_MAX_CONNS + 1];
    for (;;) {
        size_t n = 0;
        if (!cli_server.once || cli_server.served == 0) {
            fds[n].fd = listen_fd;
            fds[n].events = POLLIN;
            fds[n].revents = 0;
            slot_of[n++] = CLI_MAX_CONNS;
        }
        size_t live = 0;
        int64_t now = cli_net_now_ms(), next_deadline = -1;
        for (size_t i = 0; i < CLI_MAX_CONNS; i++) {
            if (clients[i].fd < 0)
                continue;
            /* a client that stalls, in the handshake or after, must not hold its slot (or a
             * --once server) forever */
            if (now >= clients[i].deadline) {
                cli_drop(&clients[i], 0, clients[i].logged ? "idle too long: closed"
                                         : "no handshake within 10 s: closed");
                continue;
            }
            if (next_deadline < 0 || clients[i].deadline < next_deadline)
                next_deadline = clients[i].deadline;
            fds[n].fd = clients[i].fd;
            fds[n].events = (short)((cli_wants_input(&clients[i]) ? POLLIN : 0) |
                                    (cli_wants_output(&clients[i]) ? POLLOUT : 0));
            fds[n].revents = 0;
            slot_of[n++] = i;
            live++;
        }
        if (cli_server.once && cli_server.served > 0 && live == 0)
            break;
        int ready = cli_server_stop ? -1 : poll(fds, (nfds_t)n, next_deadline < 0 ? -1 : (int)(next_deadline - now + 1));
        if (cli_server_stop) {
            /* each client gets a close_notify, not a cut it could take for an attack */
            size_t closed = 0;
            for (size_t i = 0; i < CLI_MAX_CONNS; i++)
                if (clients[i].fd >= 0 && clients[i].conn != NULL) {
                    if (latch_conn_handshake_done(clients[i].conn) && latch_close_notify(clients[i].conn) == LATCH_OK)
                        closed++;
                    (void)latch_fd_flush(clients[i].conn, clients[i].fd);
                    cli_drop(&clients[i], 1, NULL);
                }
            fprintf(stderr, "latch server: %s: stopped, %zu connection%s closed with close_notify\n",
                    cli_server_stop == SIGINT ? "SIGINT" : "SIGTERM", closed, closed == 1 ? "" : "s");
            exit_code = cli_server.failures ? 1 : 0;
            goto out;
        }
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            goto out;
        }
        for (size_t k = 0; k < n; k++) {
            if (fds[k].revents == 0)
                continue;
            if (slot_of[k] == CLI_MAX_CONNS) {
                int fd = accept(listen_fd, NULL, NULL);
                if (fd < 0)
                    continue;
                size_t slot = 0;
                while (slot < CLI_MAX_CONNS && clients[slot].fd >= 0)
                    slot++;
                latch_conn *conn = slot < CLI_MAX_CONNS ? latch_conn_new(cfg, NULL) : NULL;
                if (conn == NULL || cli_net_nonblocking(fd) < 0) {
                    fprintf(stderr, "latch server: dropping a connection (%s)\n",
                            conn ? "socket error" : "too many connections");
                    latch_conn_free(conn);
                    close(fd);
                    continue;
                }
                cli_client_reset(&clients[slot], fd, conn);
                clients[slot].deadline = cli_net_now_ms() + CLI_HANDSHAKE_TIMEOUT_MS;
                cli_net_peer_name(fd, clients[slot].peer, sizeof clients[slot].peer);
                continue;
            }
            cli_client *c = &clients[slot_of[k]];
            int rc = cli_service(c, fds[k].revents);
            if (rc != 0) {
                cli_drop(c, rc > 0, NULL);
            } else if (c->logged) {
                c->deadline = cli_net_now_ms() + CLI_IDLE_TIMEOUT_MS;
                /* back to waiting: an idle connection should hold no buffers */
                latch_conn_release_buffers(c->conn);
                cli_queue_release(&c->reply);
            }
        }
    }
    exit_code = cli_server.failures ? 1 : 0;
    goto out;
config_error:
    fprintf(stderr, "latch server: %s\n", latch_config_error(cfg));
out:
    if (clients != NULL)
        for (size_t i = 0; i < CLI_MAX_CONNS; i++)
            if (clients[i].fd >= 0 && clients[i].conn != NULL)
                cli_drop(&clients[i], 1, NULL);
    free(clients);
    if (listen_fd >= 0)
        close(listen_fd);
    latch_config_free(cfg);
    return exit_code;
}
