/* What `latch server` says about its connections: a line on stderr when a handshake completes
 * (as it always has), the access log (--access-log FILE: one line per connection when it ends,
 * in fields a script can split on spaces), and the --stats line (connections open, handshakes
 * per second, failures by reason). Lines are written whole, so workers never mix theirs. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "net.h"
#include "srv.h"
#include "tlsopts.h"

void srv_log_handshake(const srv_conn *c)
{
    latch_conn *conn = c->conn;
    int has_client = latch_conn_peer_cert_count(conn) > 0; /* a certificate from the peer */
    fprintf(stderr, "%s: %s, %s, %s%s, %s%s%s%s%s%s%s%s\n", c->peer,
            cli_version_name(latch_conn_version(conn)),
            latch_conn_suite(conn), cli_group_name(conn),
            latch_conn_hello_retry(conn) ? " (after HelloRetryRequest)" : "",
            cli_scheme_name(conn),
            latch_conn_server_name(conn)[0] ? ", SNI " : "", latch_conn_server_name(conn),
            /* (the proxy's --to-tls is the client: its peer is a server) */
            !has_client ? "" : latch_conn_role(conn) == LATCH_ROLE_CLIENT ? ", server '" : ", client '",
            has_client ? latch_conn_peer_subject(conn) : "",
            has_client ? "'" : "", latch_conn_resumed(conn) ? ", resumed" : "",
            latch_conn_extended_master_secret(conn) ? "" : ", no extended master secret");
}

/* A value for one field: "-" when empty; spaces, quotes and control characters replaced, so a
 * client's bytes cannot forge fields or lines. */
static const char *srv_log_field(const char *in, char *out, size_t cap, int quoted)
{
    size_t n = 0;
    for (; *in && n + 1 < cap; in++)
        out[n++] = ((*in == ' ' && !quoted) || *in == '"' || (unsigned char)*in < 0x20 || *in == 0x7f) ? '_' : *in;
    out[n] = '\0';
    return n ? out : "-";
}

void srv_log_end(const srv_conn *c, int ok, const char *why)
{
    FILE *log = c->worker->shared->opt.access_log;
    if (log == NULL)
        return;
    char when[32], sni[128], alpn[64], request[160], reason[200], app[256];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int done = c->handshake_done_ms != 0;
    srv_app_log_fields(c, app, sizeof app);
    fprintf(log, "%s %s %s %s %s sni=%s alpn=%s resumed=%d handshake_ms=%lld duration_ms=%lld "
                 "in=%llu out=%llu request=\"%s\" status=%d%s end=\"%s\"\n",
            when, c->peer, done ? (latch_conn_version(c->conn) == LATCH_TLS13 ? "TLSv1.3" : "TLSv1.2") : "-",
            done ? latch_conn_suite(c->conn) : "-", done ? cli_group_name(c->conn) : "-",
            srv_log_field(latch_conn_server_name(c->conn), sni, sizeof sni, 0),
            srv_log_field(latch_conn_alpn(c->conn), alpn, sizeof alpn, 0), latch_conn_resumed(c->conn),
            done ? (long long)(c->handshake_done_ms - c->accepted_ms) : -1LL,
            (long long)(cli_net_now_ms() - c->accepted_ms), (unsigned long long)c->bytes_in,
            (unsigned long long)c->bytes_out, srv_log_field(c->request_line, request, sizeof request, 1), c->status, app,
            ok ? "ok" : srv_log_field(why ? why : "failed", reason, sizeof reason, 1));
    fflush(log);
}

void srv_log_stats(srv_shared *sh, double seconds)
{
    static const char *names[SRV_FAIL_COUNT] = {
        [SRV_FAIL_HANDSHAKE_TIMEOUT] = "handshake-timeout", [SRV_FAIL_IDLE_TIMEOUT] = "idle-timeout",
        [SRV_FAIL_LIFETIME] = "lifetime", [SRV_FAIL_TLS] = "tls", [SRV_FAIL_LOST] = "lost",
        [SRV_FAIL_APP] = "app", [SRV_FAIL_ACCEPT] = "accept", [SRV_FAIL_BACKEND] = "backend",
    };
    static uint64_t last_handshakes; /* (main thread only) */
    uint64_t handshakes = __atomic_load_n(&sh->handshakes, __ATOMIC_RELAXED);
    char failures[256];
    size_t n = 0;
    failures[0] = '\0';
    for (int i = 0; i < SRV_FAIL_COUNT; i++)
        n += (size_t)snprintf(failures + n, n < sizeof failures ? sizeof failures - n : 0, " %s=%llu", names[i],
                              (unsigned long long)__atomic_load_n(&sh->failures[i], __ATOMIC_RELAXED));
    fprintf(stderr, "%s: stats: open=%ld accepted=%llu handshakes=%llu handshakes/s=%.1f failures:%s\n",
            sh->who, __atomic_load_n(&sh->open, __ATOMIC_RELAXED),
            (unsigned long long)__atomic_load_n(&sh->accepted, __ATOMIC_RELAXED),
            (unsigned long long)handshakes, seconds > 0 ? (double)(handshakes - last_handshakes) / seconds : 0.0,
            failures);
    last_handshakes = handshakes;
}
