/* latch trace: connects as a client and narrates the handshake step by step from the library's
 * trace events, optionally draws it (--svg, --html) or prints the events as JSON lines. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "latch.h"
#include "narrate.h"
#include "net.h"
#include "tlsopts.h"

static const char cli_trace_usage[] =
    "usage: latch trace HOST[:PORT] [--servername NAME] [--roots FILE|DIR|system] [--alpn LIST]\n"
    "                   [--groups LIST] [--suites LIST] [--profile NAME] [--tls12|--tls13] [--rsa-kex]\n"
    "                   [--require-ems] [--cert FILE --key FILE] [--insecure] [--http]\n"
    "                   [--svg FILE] [--html FILE] [--json]\n"
    "\n"
    "Connects, and tells what happens at each step of the handshake: the messages each side sends\n"
    "with their main fields, what was verified and how, which keys were derived, and which\n"
    "messages travel encrypted. --http also sends a GET / and counts the answer.\n"
    "\n"
    "  --svg FILE    draw the handshake as a sequence diagram (SVG)\n"
    "  --html FILE   the same diagram and an event table in one self-contained HTML page\n"
    "  --json        the events as JSON lines on stdout instead of the narration\n"
    "  --timeout SECONDS  give up when connecting and the handshake take longer (default 30)\n"
    CLI_TLSOPTS_HELP
    "(the other options are those of latch client)\n"
    "\n"
    "Exit status: 0 the handshake completed; 1 it failed (the narration says where); 2 bad usage.\n";

typedef struct {
    cli_events events;
    int json;
    unsigned step;
    /* application data records, summed per direction until another event comes (wire order) */
    int data_pending, data_outgoing;
    size_t data_bytes;
    char data_keys[48];
    int64_t data_us;
} cli_trace_state;

/* The application data summed so far, as one line (and one event for the diagrams). */
static void cli_trace_flush_data(cli_trace_state *t)
{
    char line[200];
    if (!t->data_pending)
        return;
    snprintf(line, sizeof line, "%zu bytes %s", t->data_bytes,
             t->data_outgoing ? "(an HTTP GET)" : "(the server's answer)");
    if (!t->json)
        printf("%u. Application data %s %s  [encrypted: %s]\n", ++t->step, t->data_outgoing ? "→" : "←", line,
               t->data_keys);
    cli_events_note(&t->events, t->data_outgoing, "Application data", line, t->data_keys, t->data_us);
    t->data_pending = 0;
    t->data_bytes = 0;
}

static void cli_trace_event(void *arg, const latch_conn *conn, const latch_trace_event *ev)
{
    cli_trace_state *t = arg;
    (void)conn;
    if (ev->type == LATCH_TRACE_DATA) {
        if (t->json)
            cli_event_json(stdout, LATCH_ROLE_CLIENT, ev);
        if (t->data_pending && t->data_outgoing != ev->outgoing)
            cli_trace_flush_data(t);
        t->data_pending = 1;
        t->data_outgoing = ev->outgoing;
        t->data_bytes += ev->n_fields > 0 ? (size_t)strtoull(ev->fields[0].value, NULL, 10) : 0;
        snprintf(t->data_keys, sizeof t->data_keys, "%s", ev->protection ? ev->protection : "");
        t->data_us = ev->elapsed_us;
        return;
    }
    cli_trace_flush_data(t); /* what came before this event on the wire */
    if (t->json)
        cli_event_json(stdout, LATCH_ROLE_CLIENT, ev);
    else
        cli_narrate(stdout, "", LATCH_ROLE_CLIENT, ev, &t->step);
    cli_events_add(&t->events, LATCH_ROLE_CLIENT, ev);
}

static int cli_trace_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "latch trace: %s%s%s\nrun 'latch trace --help' for usage\n", msg, arg ? " " : "",
            arg ? arg : "");
    return 2;
}

/* --http: a GET and the answer, narrated and kept like the handshake's messages. */
static int cli_trace_http(latch_conn *conn, cli_trace_state *t, const char *host)
{
    char request[512];
    uint8_t buf[16384];
    size_t n = 0;
    /* (the records' lines come from the trace's data events, in the order they crossed the wire) */
    int len = snprintf(request, sizeof request, "GET / HTTP/1.0\r\nHost: %s\r\n\r\n", host);
    if (latch_fd_write(conn, request, (size_t)len, &n) != LATCH_OK)
        return -1;
    latch_status st;
    while ((st = latch_fd_read(conn, buf, sizeof buf, &n)) == LATCH_OK)
        ;
    cli_trace_flush_data(t);
    return st == LATCH_CLOSED ? 0 : -1;
}

/* Whether path can be written (it is created to find out, and removed again if it was not
 * there); errno says why not. */
static int cli_trace_writable(const char *path)
{
    int existed = access(path, F_OK) == 0;
    FILE *f = fopen(path, "a");
    if (f == NULL)
        return 0;
    fclose(f);
    if (!existed)
        remove(path);
    return 1;
}

int cli_trace_main(int argc, char **argv)
{
    const char *target = NULL, *server_name = NULL, *roots = "system", *alpn = NULL, *groups = NULL,
               *suites = NULL, *cert = NULL, *key = NULL, *svg = NULL, *html = NULL;
    int insecure = 0, http = 0, exit_code = 1, fd = -1, timeout_ms = CLI_DEFAULT_TIMEOUT_MS;
    cli_tlsopts tlsopts;
    cli_trace_state t;
    memset(&t, 0, sizeof t);
    cli_tlsopts_init(&tlsopts);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken, used;
        const char **slot = NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(cli_trace_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--insecure") == 0) {
            insecure = 1;
        } else if (strcmp(arg, "--http") == 0) {
            http = 1;
        } else if (strcmp(arg, "--json") == 0) {
            t.json = 1;
        } else if (strcmp(arg, "--timeout") == 0) {
            if (!cli_net_timeout_arg("latch trace", value, &timeout_ms))
                return 2;
            i++;
        } else if ((taken = cli_tlsopts_parse(&tlsopts, arg, value, &used)) != 0) {
            if (taken < 0)
                return 2;
            i += used;
        } else if (strcmp(arg, "--servername") == 0) {
            slot = &server_name;
        } else if (strcmp(arg, "--roots") == 0) {
            slot = &roots;
        } else if (strcmp(arg, "--alpn") == 0) {
            slot = &alpn;
        } else if (strcmp(arg, "--groups") == 0) {
            slot = &groups;
        } else if (strcmp(arg, "--suites") == 0) {
            slot = &suites;
        } else if (strcmp(arg, "--cert") == 0) {
            slot = &cert;
        } else if (strcmp(arg, "--key") == 0) {
            slot = &key;
        } else if (strcmp(arg, "--svg") == 0) {
            slot = &svg;
        } else if (strcmp(arg, "--html") == 0) {
            slot = &html;
        } else if (arg[0] == '-') {
            return cli_trace_usage_error("unknown option", arg);
        } else if (target == NULL) {
            target = arg;
        } else {
            return cli_trace_usage_error("more than one HOST[:PORT]:", arg);
        }
        if (slot != NULL) {
            if (value == NULL)
                return cli_trace_usage_error("missing value after", arg);
            *slot = value;
            i++;
        }
    }
    if (target == NULL)
        return cli_trace_usage_error("missing HOST[:PORT]", NULL);
    if ((cert == NULL) != (key == NULL))
        return cli_trace_usage_error("--cert and --key go together", NULL);
    char host[256], port[32];
    if (cli_net_split("latch trace", target, host, sizeof host, port, sizeof port) < 0)
        return 2;
    if (server_name == NULL)
        server_name = host;

    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    latch_conn *conn = NULL;
    if (cfg == NULL)
        goto out;
    latch_config_set_trace(cfg, cli_trace_event, &t);
    if (cli_tlsopts_apply(&tlsopts, cfg) != LATCH_OK ||
        (cert && latch_config_add_identity(cfg, cert, key) != LATCH_OK) ||
        (suites && latch_config_set_suites(cfg, suites) != LATCH_OK) ||
        (groups && latch_config_set_groups(cfg, groups) != LATCH_OK) ||
        (alpn && latch_config_set_alpn(cfg, alpn) != LATCH_OK)) {
        fprintf(stderr, "latch trace: %s\n", latch_config_error(cfg));
        exit_code = 2;
        goto out;
    }
    if (insecure) {
        fprintf(stderr, "latch trace: WARNING: --insecure: the server's certificate is NOT verified\n");
        latch_config_set_verify(cfg, 0);
    } else if (latch_config_set_roots_file(cfg, roots) != LATCH_OK) {
        fprintf(stderr, "latch trace: %s\n", latch_config_error(cfg));
        exit_code = 2; /* (unreadable input) */
        goto out;
    } else if (latch_config_freeze(cfg) != LATCH_OK) {
        fprintf(stderr, "latch trace: %s\n", latch_config_error(cfg));
        goto out;
    }
    /* a drawing that could not be written is known before anything is sent, not after */
    const char *outputs[2] = { svg, html };
    for (int i = 0; i < 2; i++)
        if (outputs[i] != NULL && !cli_trace_writable(outputs[i])) {
            fprintf(stderr, "latch trace: cannot write '%s': %s\n", outputs[i], strerror(errno));
            exit_code = 2;
            goto out;
        }
    signal(SIGPIPE, SIG_IGN);
    fd = cli_net_connect("latch trace", host, port, timeout_ms);
    if (fd < 0)
        goto out;
    if (!t.json)
        printf("Connecting to %s:%s as '%s'\n", host, port, server_name);
    conn = latch_conn_new(cfg, server_name);
    if (conn == NULL || latch_conn_set_fd(conn, fd) != LATCH_OK) {
        fprintf(stderr, "latch trace: cannot start a connection: %s\n", latch_config_error(cfg));
        goto out;
    }
    /* the handshake on a blocking socket: each wait for the server is bounded by --timeout */
    struct timeval tv = { timeout_ms / 1000, 0 };
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    latch_status hs = latch_handshake(conn);
    if (hs == LATCH_WANT_READ || hs == LATCH_WANT_WRITE) {
        fprintf(stderr, "latch trace: timed out after %d s waiting for the server's handshake (--timeout)\n",
                timeout_ms / 1000);
        goto draw;
    }
    if (hs != LATCH_OK) {
        fprintf(stderr, "latch trace: the handshake failed: %s\n", latch_conn_error(conn));
        goto draw;
    }
    tv.tv_sec = 0; /* (the HTTP exchange after it waits as long as the server takes) */
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (http && cli_trace_http(conn, &t, server_name) < 0)
        fprintf(stderr, "latch trace: the HTTP exchange did not end cleanly: %s\n", latch_conn_error(conn));
    latch_fd_close(conn);
    exit_code = 0;
draw:
    if (svg != NULL || html != NULL) {
        char title[400];
        snprintf(title, sizeof title, "TLS handshake with %s:%s: %s", host, port,
                 exit_code == 0 ? latch_conn_suite(conn) : "failed");
        if (svg != NULL && cli_diagram_svg(&t.events, title, svg) < 0) {
            fprintf(stderr, "latch trace: cannot write '%s'\n", svg);
            exit_code = 1;
        }
        if (html != NULL && cli_diagram_html(&t.events, title, html) < 0) {
            fprintf(stderr, "latch trace: cannot write '%s'\n", html);
            exit_code = 1;
        }
    }
out:
    latch_conn_free(conn);
    latch_config_free(cfg);
    cli_events_free(&t.events);
    if (fd >= 0)
        close(fd);
    return exit_code;
}
