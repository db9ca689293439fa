/* What `latch server` does with a connection once its handshake is done: --http answers any
 * HTTP/1.x request with a page describing the negotiated connection, --www DIR serves files,
 * --echo returns what it gets. HTTP/1.1 connections persist (RFC 9112 §9.3): the next request
 * is read once the reply to the last one is out, pipelined ones included; HTTP/1.0, a
 * "Connection: close", a request with a body and an error end the connection. Each reply goes
 * through a bounded queue: a file is read as the client drains it, and --echo stops reading a
 * client whose echo it does not take, so no client makes the server hold more than a queue. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net.h"
#include "prx.h"
#include "srv.h"
#include "tlsopts.h"

int srv_app_init(srv_conn *c)
{
    c->body_fd = -1;
    cli_queue_init(&c->reply, c->worker->shared->opt.mode == SRV_MODE_ECHO ? SRV_MAX_ECHO_BACKLOG
                                                                          : SRV_WWW_CHUNK);
    return c->worker->shared->proxy ? prx_relay_new(c) : 0;
}

void srv_app_free(srv_conn *c)
{
    if (c->body_fd >= 0)
        close(c->body_fd);
    c->body_fd = -1;
    free(c->request);
    c->request = NULL;
    cli_queue_free(&c->reply);
    prx_relay_free(c);
}

static srv_mode srv_app_mode(const srv_conn *c)
{
    return c->worker->shared->opt.mode;
}

static void srv_html_escape(char *out, size_t cap, const char *in)
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

/* The reply's Connection field: none when the connection persists (HTTP/1.1's default). */
static const char *srv_connection_field(const srv_conn *c)
{
    return c->keep_alive ? "" : "Connection: close\r\n";
}

/* Queues a whole reply (the page, an error, a file's headers); all of them fit in the queue. */
static int srv_queue_reply(srv_conn *c, const char *head, const void *body, size_t body_len)
{
    if (c->head_only)
        body_len = 0; /* HEAD: the same headers, no body */
    c->replied = 1;
    c->status = atoi(head + 9); /* "HTTP/1.1 NNN ..." */
    if (cli_queue_push(&c->reply, head, strlen(head)) < 0 ||
        cli_queue_push(&c->reply, body, body_len) < 0) {
        c->failure = "the reply does not fit in memory";
        c->fail_kind = SRV_FAIL_APP;
        return -1;
    }
    return 0;
}

/* The page about this connection (--http). */
static int srv_http_page(srv_conn *c)
{
    char body[4096], head[256], sni[300], alpn[300], client_id[400], subject[200], root[200];
    latch_conn *conn = c->conn;
    srv_html_escape(subject, sizeof subject, latch_conn_peer_subject(conn));
    srv_html_escape(root, sizeof root, latch_conn_peer_root(conn));
    if (latch_conn_peer_cert_count(conn) > 0)
        snprintf(client_id, sizeof client_id, "'%s', verified by '%s'", subject, root);
    else
        snprintf(client_id, sizeof client_id, "%s", c->worker->shared->files.client_auth
                                                        ? "(no certificate)" : "(not asked)");
    srv_html_escape(sni, sizeof sni, latch_conn_server_name(conn)[0] ? latch_conn_server_name(conn) : "(none)");
    srv_html_escape(alpn, sizeof alpn, latch_conn_alpn(conn)[0] ? latch_conn_alpn(conn) : "(none)");
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
                                "Content-Length: %d\r\n%s\r\n", n, srv_connection_field(c));
    return srv_queue_reply(c, head, body, (size_t)n);
}

static const char *srv_content_type(const char *path)
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

static int srv_http_error(srv_conn *c, const char *status)
{
    char head[256];
    size_t body_len = strlen(status) + 1;
    c->keep_alive = 0; /* after a request that could not be served, its framing is not trusted */
    snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                                "Connection: close\r\n\r\n", status, body_len);
    char body[128];
    snprintf(body, sizeof body, "%s\n", status);
    return srv_queue_reply(c, head, body, body_len);
}

/* The request target of --www as a path under DIR: the query and fragment dropped, %XX decoded.
 * Refused (-1): anything not starting with '/', control characters (no CR LF for the Location
 * header), a backslash, a bad escape, and any ".." segment, so a request can never name a file
 * outside DIR. */
static int srv_www_path(const char *target, char *out, size_t cap)
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
static int srv_www_file(srv_conn *c, const char *target)
{
    const char *www = c->worker->shared->opt.www;
    char path[2048], full[4096], head[2400];
    if (srv_www_path(target, path, sizeof path) < 0)
        return srv_http_error(c, "400 Bad Request");
    snprintf(full, sizeof full, "%s%s", www, path);
    struct stat st;
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (path[strlen(path) - 1] != '/') {
            /* the target as sent (no whitespace: it was one token) without its query */
            int raw_len = (int)strcspn(target, "?#");
            snprintf(head, sizeof head, "HTTP/1.1 301 Moved Permanently\r\nLocation: %.*s/\r\n"
                                        "Content-Length: 0\r\n%s\r\n",
                     raw_len, target, srv_connection_field(c));
            return srv_queue_reply(c, head, NULL, 0);
        }
        snprintf(full, sizeof full, "%s%sindex.html", www, path);
    }
    /* (O_NONBLOCK: opening a FIFO under DIR must not wait for a writer, stalling every client) */
    int fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return srv_http_error(c, "404 Not Found");
    }
    snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %jd\r\n"
                                "%s\r\n", srv_content_type(full),
             (intmax_t)st.st_size, srv_connection_field(c));
    if (srv_queue_reply(c, head, NULL, 0) < 0 || c->head_only || st.st_size == 0) {
        close(fd);
        return c->failure ? -1 : 0;
    }
    /* the body is read a queue's worth at a time as the client takes it (srv_read_body): a
     * large file costs no more memory than a small one */
    c->body_fd = fd;
    c->body_left = (uint64_t)st.st_size;
    return 0;
}

/* --www: reads the file being sent into the reply queue as far as the queue has room. */
static int srv_read_body(srv_conn *c)
{
    while (c->body_fd >= 0) {
        size_t room;
        uint8_t *tail = cli_queue_tail(&c->reply, &room);
        if (tail == NULL) {
            c->failure = "out of memory for the reply";
            c->fail_kind = SRV_FAIL_APP;
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
            c->fail_kind = SRV_FAIL_APP;
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

/* Whether the header block (the request line on, NUL-terminated) has a field of that name
 * (case-blind) whose value holds token (case-blind; NULL: any value). */
static int srv_header_has(const char *head, const char *name, const char *token)
{
    size_t name_len = strlen(name);
    for (const char *line = strchr(head, '\n'); line != NULL; line = strchr(line, '\n')) {
        line++;
        if (strncasecmp(line, name, name_len) != 0 || line[name_len] != ':')
            continue;
        if (token == NULL)
            return 1;
        size_t value_len = strcspn(line, "\r\n"), token_len = strlen(token);
        for (size_t i = name_len + 1; i + token_len <= value_len; i++)
            if (strncasecmp(line + i, token, token_len) == 0)
                return 1;
    }
    return 0;
}

/* Takes request bytes from the client (--http, --www); with none (len 0) looks at what is
 * already buffered, a pipelined request. -1 to drop the connection. */
static int srv_on_request(srv_conn *c, const uint8_t *data, size_t len)
{
    if (c->replied)
        return 0; /* (not read while a reply goes out: srv_app_take_input) */
    if (c->request == NULL && (c->request = malloc(SRV_MAX_REQUEST)) == NULL) {
        c->failure = "out of memory for the request";
        c->fail_kind = SRV_FAIL_APP;
        return -1;
    }
    if (len > SRV_MAX_REQUEST - 1 - c->request_len)
        return srv_http_error(c, "431 Request Header Fields Too Large");
    if (len > 0)
        memcpy(c->request + c->request_len, data, len);
    c->request_len += len;
    c->request[c->request_len] = '\0';
    char *end = strstr(c->request, "\r\n\r\n"), *bare = strstr(c->request, "\n\n");
    if (end != NULL && (bare == NULL || end < bare))
        end += 4;
    else if (bare != NULL)
        end = bare + 2;
    else
        return 0;
    char method[16], path[2048], version[16];
    c->request_ms = cli_net_now_ms();
    c->request_bytes_out = c->bytes_out;
    int fields = sscanf(c->request, "%15s %2047s %15s", method, path, version);
    snprintf(c->request_line, sizeof c->request_line, "%s %s", fields >= 1 ? method : "-", fields >= 2 ? path : "-");
    char saved = *end;
    *end = '\0'; /* the header block alone */
    /* HTTP/1.1 persists unless asked not to (RFC 9112 §9.3); a body is not read, so a request
     * with one ends the connection rather than have its body taken for the next request */
    c->keep_alive = fields == 3 && strcmp(version, "HTTP/1.1") == 0 &&
                    !srv_header_has(c->request, "Connection", "close") &&
                    !srv_header_has(c->request, "Content-Length", NULL) &&
                    !srv_header_has(c->request, "Transfer-Encoding", NULL);
    *end = saved;
    /* the request is read: its buffer goes (an idle connection holds none), unless the next
     * request came with it */
    size_t used = (size_t)(end - c->request), rest = c->request_len - used;
    if (c->keep_alive && rest > 0) {
        memmove(c->request, end, rest + 1);
        c->request_len = rest;
    } else {
        free(c->request);
        c->request = NULL;
        c->request_len = 0;
    }
    if (fields != 3 || strncmp(version, "HTTP/1.", 7) != 0)
        return srv_http_error(c, "400 Bad Request");
    c->head_only = strcmp(method, "HEAD") == 0;
    if (srv_app_mode(c) == SRV_MODE_HTTP)
        return srv_http_page(c);
    return srv_www_file(c, path);
}

int srv_app_next_request(srv_conn *c)
{
    if (c->relay || srv_app_mode(c) == SRV_MODE_ECHO || !c->replied || !c->keep_alive || c->peer_closed ||
        srv_app_pending(c))
        return 0;
    srv_conn_log_request(c, 1);
    c->requests_done++;
    c->replied = c->head_only = c->keep_alive = 0;
    c->status = 0;
    if (c->request_len > 0 && srv_on_request(c, NULL, 0) < 0)
        return -1;
    return 1;
}

int srv_app_between_requests(const srv_conn *c)
{
    return c->relay == NULL && srv_app_mode(c) != SRV_MODE_ECHO && c->requests_done > 0 && !c->replied &&
           c->request_len == 0;
}

int srv_app_wants_input(const srv_conn *c)
{
    if (c->relay)
        return prx_relay_wants_input(c);
    /* --http, --www: not while a reply goes out (the next request waits in the engine) */
    return srv_app_mode(c) != SRV_MODE_ECHO ? !c->replied : cli_queue_room(&c->reply) > 0;
}

int srv_app_pending(const srv_conn *c)
{
    if (c->relay)
        return prx_relay_pending(c);
    return cli_queue_len(&c->reply) > 0 || c->body_fd >= 0;
}

int srv_app_finished(const srv_conn *c)
{
    if (c->relay)
        return prx_relay_finished(c);
    return c->peer_closed || (c->replied && !c->keep_alive && srv_app_mode(c) != SRV_MODE_ECHO);
}

int srv_app_established(srv_conn *c)
{
    return c->relay ? prx_relay_established(c) : 0;
}

int srv_app_reads_after_close(const srv_conn *c)
{
    return c->relay != NULL && prx_relay_reads_after_close(c);
}

int srv_app_drained(const srv_conn *c)
{
    return c->relay ? prx_relay_drained(c) : 1;
}

void srv_app_log_fields(const srv_conn *c, char *out, size_t cap)
{
    if (c->relay)
        prx_relay_log_fields(c, out, cap);
    else if (cap > 0)
        out[0] = '\0';
}

int srv_app_take_input(srv_conn *c)
{
    if (c->relay)
        return prx_relay_take_input(c);
    uint8_t request_bytes[4096];
    int echo = srv_app_mode(c) == SRV_MODE_ECHO;
    for (;;) {
        uint8_t *into = request_bytes;
        size_t room = sizeof request_bytes, n = 0;
        if (!echo && c->replied)
            return 0; /* the next request is read once this reply is out */
        if (echo) {
            into = cli_queue_tail(&c->reply, &room);
            if (into == NULL) {
                c->failure = "out of memory for the echo";
                c->fail_kind = SRV_FAIL_APP;
                return -1;
            }
            if (room == 0)
                return 0; /* the rest waits in the engine until the client takes its echo */
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
        c->bytes_in += n;
        if (echo)
            cli_queue_commit(&c->reply, n);
        else if (srv_on_request(c, into, n) < 0)
            return -1;
    }
}

int srv_app_produce(srv_conn *c)
{
    if (c->relay)
        return prx_relay_produce(c);
    if (srv_read_body(c) < 0)
        return -1;
    for (;;) {
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
        if (srv_read_body(c) < 0)
            return -1;
    }
}

void srv_app_watch(srv_conn *c)
{
    if (c->relay)
        prx_relay_watch(c);
}

void srv_app_release(srv_conn *c)
{
    if (c->relay)
        prx_relay_release(c);
    cli_queue_release(&c->reply);
}
