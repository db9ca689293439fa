/* One connection to the runner: connect, send the shim ID, handshake, check, echo, close.
 * The bytes go through latch's sans-I/O interface; with -async they move one byte at a time each
 * way, which is what BoringSSL's asynchronous mode exercises (every partial read and write). With
 * -implicit-handshake no handshake loop runs: the first read or write drives the handshake, and
 * the -expect-* checks run as soon as it has completed. */
#include "shim_conn.h"
#include "shim_config.h"
#include "shim_ocsp.h"

#include <latch.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
    int fd;
    int async;
    latch_conn *conn;
    int eof; /* the runner closed the socket */
    const shim_flags *flags;
    int is_resume;
    int checked; /* the handshake's checks have run */
} link_t;

static int check_handshake(link_t *l);

int shim_state_init(shim_state *state)
{
    memset(state, 0, sizeof *state);
    if (getrandom(state->ticket_key, sizeof state->ticket_key, 0) != (ssize_t)sizeof state->ticket_key) {
        fprintf(stderr, "getrandom failed\n");
        return 1;
    }
    return 0;
}

void shim_state_clear(shim_state *state)
{
    latch_config_free(state->server_config);
    shim_ocsp_cleanup();
    explicit_bzero(state, sizeof *state);
}

/* The connection's config: a server's is kept for the next connection with the same flags. */
static int connection_config(shim_state *state, const shim_flags *f, latch_config **out)
{
    if (f->server && state->server_config != NULL && memcmp(&state->server_flags, f, sizeof *f) == 0) {
        *out = state->server_config;
        return 0;
    }
    int rc = shim_config_build(f, state, out);
    if (rc == 0 && f->server) {
        latch_config_free(state->server_config);
        state->server_config = *out;
        state->server_flags = *f;
    }
    return rc;
}

static int connect_runner(const shim_flags *f)
{
    int fd = socket(f->ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int r;
    if (f->ipv6) {
        struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)f->port) };
        a.sin6_addr = in6addr_loopback;
        r = connect(fd, (struct sockaddr *)&a, sizeof a);
    } else {
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)f->port) };
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        r = connect(fd, (struct sockaddr *)&a, sizeof a);
    }
    /* the runner tells its shims apart by this 64-bit little-endian ID, sent first */
    uint8_t id[8];
    for (int i = 0; i < 8; i++)
        id[i] = (uint8_t)(f->shim_id >> (8 * i));
    if (r < 0 || write(fd, id, sizeof id) != (ssize_t)sizeof id) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Writes all that latch has queued. */
static int flush(link_t *l)
{
    size_t len;
    const uint8_t *p;
    while ((p = latch_net_out_buf(l->conn, &len)) != NULL && len > 0) {
        ssize_t n = write(l->fd, p, l->async ? 1 : len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        latch_net_out_consumed(l->conn, (size_t)n);
    }
    return 0;
}

/* Reads once from the socket into latch. 0, or the status that failed the connection. */
static latch_status fill(link_t *l)
{
    size_t room;
    uint8_t *p = latch_net_in_buf(l->conn, &room);
    if (p == NULL || room == 0)
        return LATCH_ERR_BUFFER;
    ssize_t n;
    do
        n = read(l->fd, p, l->async ? 1 : room);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return LATCH_ERR_IO;
    if (n == 0) {
        l->eof = 1;
        return LATCH_OK;
    }
    return latch_net_in_commit(l->conn, (size_t)n);
}

static int fail_conn(link_t *l, const char *what, latch_status st)
{
    flush(l); /* the alert, if any */
    fprintf(stderr, "%s: %s: %s\n", what, latch_status_str(st), latch_conn_error(l->conn));
    return 1;
}

static int handshake(link_t *l)
{
    while (!latch_conn_handshake_done(l->conn)) {
        if (flush(l) < 0)
            return fail_conn(l, "handshake: write failed", LATCH_ERR_IO);
        latch_status st = fill(l);
        if (st != LATCH_OK)
            return fail_conn(l, "handshake failed", st);
        if (l->eof && !latch_conn_handshake_done(l->conn))
            return fail_conn(l, "handshake: the runner closed the connection", LATCH_ERR_IO);
    }
    return flush(l) < 0 ? fail_conn(l, "handshake: write failed", LATCH_ERR_IO) : 0;
}

static int write_all(link_t *l, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        size_t n = 0;
        latch_status st = latch_write(l->conn, buf, len, &n);
        if (st == LATCH_WANT_WRITE) {
            if (flush(l) < 0)
                return fail_conn(l, "write failed", LATCH_ERR_IO);
            if (!latch_conn_handshake_done(l->conn)) { /* an implicit handshake: read its next flight */
                st = fill(l);
                if (st != LATCH_OK)
                    return fail_conn(l, "handshake failed", st);
                if (l->eof)
                    return fail_conn(l, "handshake: the runner closed the connection", LATCH_ERR_IO);
            } else if (!l->checked) {
                int rc = check_handshake(l);
                if (rc != 0)
                    return rc;
            }
            continue;
        }
        if (st != LATCH_OK)
            return fail_conn(l, "latch_write", st);
        buf += n;
        len -= n;
    }
    return flush(l) < 0 ? fail_conn(l, "write failed", LATCH_ERR_IO) : 0;
}

static int unimplemented_flag(const char *what)
{
    fprintf(stderr, "unimplemented: %s\n", what);
    return SHIM_EXIT_UNIMPLEMENTED;
}

static int check(int ok, const char *what)
{
    if (!ok)
        fprintf(stderr, "check failed: %s\n", what);
    return ok ? 0 : 1;
}

/* The -expect-* flags, once, after the handshake: 0, 1 (a check failed) or 89. */
static int check_handshake(link_t *l)
{
    const shim_flags *f = l->flags;
    int is_resume = l->is_resume;
    latch_conn *c = l->conn;
    int bad = 0;
    l->checked = 1;
    /* latch reports the signature scheme and the group of a handshake that used them; a resumed
     * session keeps neither (BoringSSL's reports the original handshake's) */
    if (latch_conn_resumed(c) && (f->expect_peer_signature_algorithm ||
                                  (f->expect_curve_id && latch_conn_version(c) == LATCH_TLS12))) {
        fprintf(stderr, "unimplemented: latch reports no signature scheme or TLS 1.2 group for a resumed session\n");
        return SHIM_EXIT_UNIMPLEMENTED;
    }
    if (f->expect_version)
        bad |= check(latch_conn_version(c) == f->expect_version, "-expect-version");
    if (f->expect_cipher) {
        const char *name = shim_suite_name(f->expect_cipher);
        bad |= check(name != NULL && strcmp(latch_conn_suite(c), name) == 0, "-expect-cipher");
    }
    if (f->expect_server_name)
        bad |= check(strcmp(latch_conn_server_name(c), f->expect_server_name) == 0, "-expect-server-name");
    if (f->expect_advertised_alpn) {
        const char *offered;
        size_t len;
        int seen = shim_alpn_offered(&offered, &len);
        bad |= check(seen && len == strlen(f->expect_advertised_alpn) &&
                         memcmp(offered, f->expect_advertised_alpn, len) == 0,
                     "-expect-advertised-alpn");
    }
    if (f->expect_alpn)
        bad |= check(strcmp(latch_conn_alpn(c), f->expect_alpn) == 0, "-expect-alpn");
    if (f->expect_no_alpn)
        bad |= check(latch_conn_alpn(c)[0] == '\0', "-expect-no-alpn");
    if (f->expect_curve_id)
        bad |= check(shim_group_id(latch_conn_group(c)) == f->expect_curve_id, "-expect-curve-id");
    if (f->expect_peer_signature_algorithm) {
        const char *name = shim_sigscheme_name(f->expect_peer_signature_algorithm);
        bad |= check(name != NULL && strcmp(latch_conn_signature_scheme(c), name) == 0,
                     "-expect-peer-signature-algorithm");
    }
    if (f->expect_hrr)
        bad |= check(latch_conn_hello_retry(c), "-expect-hrr");
    if (f->expect_no_hrr)
        bad |= check(!latch_conn_hello_retry(c), "-expect-no-hrr");
    if (f->expect_extended_master_secret)
        bad |= check(latch_conn_extended_master_secret(c), "-expect-extended-master-secret");
    /* BoringSSL's verify result is X509_V_OK unless -verify-fail made its callback refuse. latch
     * has no soft failure: a completed handshake is latch accepting the peer, whether the
     * callback ran (it accepted) or not (no certificate, a resumed session); a callback that
     * refused on a completed handshake is latch ignoring it. */
    if (f->expect_verify_result)
        bad |= check(shim_verify_verdict() != 1 && !f->verify_fail, "-expect-verify-result");
    /* as BoringSSL's shim: a resumption connection resumes unless told to expect a miss */
    bad |= check(latch_conn_resumed(c) == (is_resume && !f->expect_session_miss),
                 is_resume ? "the session was resumed (or -expect-session-miss)" : "a first handshake is not resumed");
    return bad;
}

static int export_keying_material(link_t *l, const shim_flags *f)
{
    uint8_t out[16384];
    size_t n = (size_t)f->export_keying_material;
    if (n > sizeof out)
        return check(0, "-export-keying-material within the shim's buffer");
    const char *ctx = f->export_context ? f->export_context : "";
    latch_status st = latch_export_keying_material(l->conn, f->export_label ? f->export_label : "",
                                                   f->use_export_context ? (const uint8_t *)ctx : NULL,
                                                   f->use_export_context ? strlen(ctx) : 0, out, n);
    if (st != LATCH_OK)
        return fail_conn(l, "latch_export_keying_material", st);
    return write_all(l, out, n);
}

/* Reads until the runner closes: echoes data inverted unless shutting down first. */
static int read_loop(link_t *l, const shim_flags *f, int echo)
{
    uint8_t buf[16384];
    for (;;) {
        if (!l->checked && latch_conn_handshake_done(l->conn)) {
            int rc = check_handshake(l);
            if (rc != 0)
                return rc;
        }
        size_t n = 0;
        latch_status st = latch_read(l->conn, buf, sizeof buf, &n);
        if (st == LATCH_OK) {
            if (!echo)
                continue;
            for (size_t i = 0; i < n; i++)
                buf[i] ^= 0xff;
            if (write_all(l, buf, n) != 0)
                return 1;
            continue;
        }
        if (st == LATCH_CLOSED)
            return 0;
        if (st != LATCH_WANT_READ)
            return fail_conn(l, "latch_read", st);
        if (flush(l) < 0)
            return fail_conn(l, "write failed", LATCH_ERR_IO);
        if (l->eof) {
            if (f->check_close_notify) {
                fprintf(stderr, "unexpected EOF: the runner closed without close_notify\n");
                return 1;
            }
            return 0;
        }
        st = fill(l);
        if (st != LATCH_OK)
            return fail_conn(l, latch_conn_handshake_done(l->conn) ? "reading" : "handshake failed", st);
    }
}

static int exchange(link_t *l, const shim_flags *f)
{
    int rc = 0;
    /* exporting needs the handshake's secrets, so it is never implicit */
    if (!f->implicit_handshake || f->export_keying_material > 0)
        rc = handshake(l);
    if (rc == 0 && latch_conn_handshake_done(l->conn))
        rc = check_handshake(l);
    if (rc == 0 && f->export_keying_material > 0)
        rc = export_keying_material(l, f);
    if (rc == 0 && f->shim_writes_first)
        rc = write_all(l, (const uint8_t *)"hello", 5);
    if (rc == 0 && (f->key_update || f->shim_shuts_down) && !latch_conn_handshake_done(l->conn))
        rc = handshake(l); /* both act on an established connection */
    if (rc == 0 && !l->checked && latch_conn_handshake_done(l->conn))
        rc = check_handshake(l);
    if (rc == 0 && f->key_update) {
        latch_status st = latch_key_update(l->conn, 0);
        rc = st != LATCH_OK ? fail_conn(l, "latch_key_update", st) : flush(l) < 0 ? 1 : 0;
    }
    if (rc == 0 && f->shim_shuts_down) {
        latch_status st = latch_close_notify(l->conn);
        if (st != LATCH_OK)
            return fail_conn(l, "latch_close_notify", st);
        if (flush(l) < 0)
            return fail_conn(l, "write failed", LATCH_ERR_IO);
        return read_loop(l, f, 0);
    }
    if (rc == 0)
        rc = read_loop(l, f, 1);
    if (rc == 0 && !l->checked)
        rc = latch_conn_handshake_done(l->conn) ? check_handshake(l) : check(0, "the handshake completed");
    return rc;
}

int shim_run_connection(shim_state *state, const shim_flags *f, int is_resume)
{
    latch_config *cfg = NULL;
    link_t l = { .fd = -1, .async = f->async, .flags = f, .is_resume = is_resume };
    if (f->server && f->expect_no_session)
        return unimplemented_flag("-expect-no-session on a server");
    int rc = connection_config(state, f, &cfg);
    if (rc != 0)
        goto out;
    shim_callbacks_reset();
    l.fd = connect_runner(f);
    if (l.fd < 0) {
        fprintf(stderr, "cannot connect to the runner on port %d: %s\n", f->port, strerror(errno));
        rc = 1;
        goto out;
    }
    l.conn = latch_conn_new(cfg, f->server ? NULL : f->host_name);
    if (l.conn == NULL) {
        fprintf(stderr, "latch_conn_new: %s\n", latch_conn_new_error());
        rc = 1;
        goto out;
    }
    rc = exchange(&l, f);
    if (rc == 0 && !f->server) {
        /* the next connection offers this one's session (a TLS 1.3 ticket came after the handshake) */
        if (latch_conn_session_export(l.conn, state->session, sizeof state->session, &state->session_len) !=
            LATCH_OK)
            state->session_len = 0;
        /* -expect-no-session: the server gave nothing to resume with (no session ID, no ticket
         * or an empty one), so latch must have no session to export */
        if (f->expect_no_session)
            rc = check(state->session_len == 0, "-expect-no-session");
    }
out:
    if (l.conn != NULL)
        latch_conn_free(l.conn);
    if (l.fd >= 0)
        close(l.fd);
    if (cfg != NULL && cfg != state->server_config)
        latch_config_free(cfg);
    return rc;
}
