/* `latch server`'s parts and what they share (`latch proxy` is built on them: prx.h).
 * cmd_server.c reads the server's own options; srv_args.c the options the server and the proxy
 * share; srv_run.c runs the process (limits, listeners, signals, reloads); srv_config.c builds the TLS configuration from
 * the files; srv_worker.c is one thread's event loop and listener; srv_conn.c one connection's
 * life (handshake, deadlines, the pump between socket and engine, the end); srv_app.c what is
 * done with a connection (the HTTP page, --www files, --echo); srv_log.c the access log and the
 * --stats line. */
#ifndef LATCH_CLI_SRV_H
#define LATCH_CLI_SRV_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "latch.h"
#include "loop.h"
#include "queue.h"

#define SRV_MAX_IDENTITIES 8
#define SRV_MAX_REQUEST 8192
/* --echo: echo held for a client that does not read it; when this much waits, nothing more is
 * read from that client until it takes some (what it sends meanwhile waits in TCP) */
#define SRV_MAX_ECHO_BACKLOG (1 << 20)
/* --http, --www: reply bytes held per connection; a file is read as the client drains it */
#define SRV_WWW_CHUNK (64 << 10)
/* times one connection's reply is handed to the engine and flushed before the next one's turn */
#define SRV_SERVICE_ROUNDS 4
/* Reads of the client's socket one turn may make while each fills the engine's window (a
 * transfer's records, one after another), before the other connections get their turn. */
#define SRV_READ_ROUNDS 8
/* after our close_notify: how long the client has to close its end */
#define SRV_LINGER_MS 5000
/* a connection whose last turn moved data keeps its buffers until it has been quiet this long:
 * giving them back after every turn of a transfer cost a free, a fresh allocation and its page
 * faults per record (the proxy's bulk spent most of its CPU time in the kernel) */
#define SRV_QUIET_MS 100
/* on SIGTERM: how long a handshake under way has to finish (then it is closed like the rest) */
#define SRV_STOP_HANDSHAKE_GRACE_MS 1000

/* what a connection is for: the server's replies, or the proxy's relay (prx_relay.c) to a
 * backend, TLS terminated (SRV_MODE_PROXY: the listener speaks TLS) or originated
 * (SRV_MODE_ORIGINATE: the listener is plain TCP, the backend gets TLS) */
typedef enum { SRV_MODE_HTTP, SRV_MODE_WWW, SRV_MODE_ECHO, SRV_MODE_PROXY, SRV_MODE_ORIGINATE } srv_mode;

/* Why connections ended badly, counted for --stats. */
typedef enum {
    SRV_FAIL_HANDSHAKE_TIMEOUT,
    SRV_FAIL_IDLE_TIMEOUT,
    SRV_FAIL_LIFETIME,
    SRV_FAIL_TLS,          /* the handshake or a record failed: an alert */
    SRV_FAIL_LOST,         /* the client went away without close_notify */
    SRV_FAIL_APP,          /* the reply could not be made (a file, memory) */
    SRV_FAIL_ACCEPT,       /* accept() or the connection's setup failed */
    SRV_FAIL_BACKEND,      /* the proxy's backend refused, could not be reached, or failed */
    SRV_FAIL_COUNT
} srv_fail;

/* What the files and flags say; read once, then only read. */
typedef struct {
    const char *certs[SRV_MAX_IDENTITIES], *keys[SRV_MAX_IDENTITIES], *ocsps[SRV_MAX_IDENTITIES];
    size_t n_certs;
    const char *alpn, *groups, *suites, *client_roots, *ticket_keys;
    const char *roots;    /* the proxy's --to-tls: trust anchors for the backend ("system") */
    /* the proxy's SNI routing: refuses a server name with no backend (NULL: any name) */
    int (*choose_identity)(void *arg, const latch_conn *conn);
    void *choose_arg;
    int client_auth;      /* 0 none, 1 requested, 2 required */
    int trace;            /* --trace: narrate each handshake */
    const void *tlsopts;  /* a cli_tlsopts */
} srv_tls_files;

typedef struct {
    srv_mode mode;
    const char *www;
    int once;
    int key_update;
    int workers;
    long max_connections;
    int64_t handshake_ms, idle_ms, lifetime_ms, shutdown_ms; /* lifetime 0: none */
    int stats_seconds;    /* 0: no --stats line */
    FILE *access_log;     /* NULL: none */
    const char *server_name; /* the proxy's --to-tls: the backend's name (SNI, verification) */
} srv_options;

typedef struct srv_conn srv_conn;
typedef struct prx_options prx_options;
typedef struct prx_relay prx_relay;

/* The process's state the workers share. */
typedef struct {
    const char *who;      /* "latch server" or "latch proxy", for messages */
    srv_options opt;
    srv_tls_files files;
    pthread_mutex_t config_lock;
    latch_config *config; /* the current configuration; replaced whole on SIGHUP */
    int stopping;         /* SIGTERM / SIGINT: workers close everything and end */
    long open;            /* connections open in the process (atomic) */
    uint64_t accepted;    /* (atomic) counters since the start */
    uint64_t handshakes;
    uint64_t failures[SRV_FAIL_COUNT];
    uint64_t closed_with_notify; /* by the stop */
    int done_fd;          /* an eventfd each worker writes when it ends */
    /* builds the configuration from the files (at the start and on SIGHUP) */
    latch_config *(*build_config)(const srv_tls_files *files, char *why, size_t why_cap, int *usage_error);
    const prx_options *proxy; /* the proxy's backends (NULL for the server) */
} srv_shared;

typedef struct {
    srv_shared *shared;
    int index;
    pthread_t thread;
    cli_loop loop;
    cli_loop_item listener; /* fd -1: closed */
    int listener_paused;    /* not watched: at --max-connections, or out of file descriptors */
    srv_conn *conns;        /* every open connection, for the stop */
    int stop_seen;
    int64_t stop_deadline;
    int served;             /* --once: a connection was taken */
    int once_failed;
    /* giving freed memory back to the system (srv_worker.c): handshakes under way, and
     * handshakes and connections ended since the heap was last trimmed */
    long handshaking;
    unsigned ended_since_trim;
    int64_t trimmed_ms;
} srv_worker;

struct srv_conn {
    cli_loop_item item;   /* first: the loop hands it back */
    srv_worker *worker;
    srv_conn *prev, *next;
    latch_conn *conn;
    char peer[64];
    enum { SRV_HANDSHAKE, SRV_OPEN, SRV_CLOSING } state;
    int peer_closed;      /* the client's close_notify arrived */
    int peer_eof;         /* then its end of TCP: nothing more to read, our data still goes out */
    int peer_truncated;   /* the proxy: the peer's end of TCP came without its close_notify */
    int shut;             /* our close_notify is out and our end of TCP shut */
    int64_t accepted_ms, handshake_done_ms, active_ms;
    uint64_t bytes_in, bytes_out; /* plaintext */
    uint64_t reads;       /* reads of the socket that got bytes (a part of a record moves no plaintext) */
    int more_input;       /* this turn reads the socket again: the proxy's backend gets the records
                           * in one send once they are in (srv_conn_service) */
    int release_when_quiet; /* buffers held since a turn moved data: given back at SRV_QUIET_MS */
    unsigned trace_step;  /* --trace: the narration's counter */
    const char *failure;  /* why the connection failed, when the engine has no sentence for it */
    srv_fail fail_kind;
    /* the application's part (srv_app.c) */
    char *request;        /* --http, --www: the request so far (allocated while it comes) */
    size_t request_len;
    int replied;          /* the reply is queued; more request bytes are ignored */
    int head_only;        /* a HEAD request: headers without the body */
    int keep_alive;       /* the connection goes on after this reply (HTTP/1.1 persistence) */
    unsigned requests_done; /* replies sent on a persistent connection */
    uint64_t request_bytes_out; /* bytes_out when the request came: the reply's size in the log */
    cli_queue reply;      /* application bytes for the client that the engine has not taken yet */
    int body_fd;          /* --www: the file being sent, read into reply as it drains; -1: none */
    uint64_t body_left;   /* bytes of that file not read yet */
    char request_line[160]; /* "GET /index.html", for the log */
    int status;           /* of our reply (0: none yet) */
    int64_t request_ms;   /* when the request was complete */
    prx_relay *relay;     /* the proxy: the plain side and the bytes between (else NULL) */
};

static inline void srv_count(uint64_t *counter)
{
    __atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

/* srv_config.c: a frozen configuration from the files, or NULL with why (why_cap bytes) and
 * *usage_error set when the input itself is unusable (exit status 2 at the start). */
latch_config *srv_config_build(const srv_tls_files *files, char *why, size_t why_cap, int *usage_error);
/* The protocol options (--profile and the like, --suites, --groups, --alpn) applied, then the
 * configuration frozen; on failure latch_config_error says why. For the proxy's client
 * configuration too. */
latch_status srv_config_protocol(const srv_tls_files *files, latch_config *cfg);

/* srv_worker.c */
int srv_worker_init(srv_worker *w, srv_shared *shared, int index, int listen_fd);
int srv_worker_start(srv_worker *w);
void srv_worker_join(srv_worker *w);

/* srv_conn.c */
/* A new connection on the accepted socket fd (closed on failure, which is logged), or NULL. */
srv_conn *srv_conn_accept(srv_worker *w, int fd, const struct sockaddr *peer);
/* The application's other socket did something: the connection's turn without its own socket
 * being ready (what waits is written, the end checked); may drop and free it. */
void srv_conn_kick(srv_conn *c);
/* The stop: close_notify and our end of TCP (a handshake under way gets them when it is done);
 * 1 if a close_notify went out now. */
int srv_conn_stop(srv_conn *c);
/* Ends the connection now; ok 0 logs why (reason, or the engine's sentence). */
void srv_conn_drop(srv_conn *c, int ok, const char *reason);
srv_conn *srv_conn_of(const latch_conn *conn);

/* srv_app.c: the connection's application (the proxy's: prx_relay.c, called from these) */
int srv_app_init(srv_conn *c);
void srv_app_free(srv_conn *c);
/* Takes the client's plaintext from the engine. -1 to drop the connection. */
int srv_app_take_input(srv_conn *c);
/* Hands what waits for the client to the engine, reading more of a file as the queue drains. */
int srv_app_produce(srv_conn *c);
/* Whether anything waits for the client in the reply queue or the file. */
int srv_app_pending(const srv_conn *c);
/* Whether to read the socket for the application (--echo: not while its backlog is full). */
int srv_app_wants_input(const srv_conn *c);
/* Whether the application is done: the close_notify may follow what is pending. */
int srv_app_finished(const srv_conn *c);
/* --http, --www: the reply is out and the connection persists: the request is logged and the
 * next one taken (1), or there is none to take (0); -1 to drop the connection. */
int srv_app_next_request(srv_conn *c);
/* A persistent connection between requests: its end of TCP without close_notify loses nothing
 * (each reply carried its length), as HTTP clients often end one. */
int srv_app_between_requests(const srv_conn *c);
/* The access line of the request whose reply went out (or did not: ok 0). */
void srv_conn_log_request(const srv_conn *c, int ok);
/* The handshake is done (the proxy connects to its backend). -1 to drop the connection. */
int srv_app_established(srv_conn *c);
/* Whether the application still takes the peer's bytes after our close_notify (the proxy's
 * half-close), rather than discarding them. */
int srv_app_reads_after_close(const srv_conn *c);
/* Whether nothing the peer sent is still on its way elsewhere: the connection may end. */
int srv_app_drained(const srv_conn *c);
/* Fields the access log adds for the application (" backend=..."), or "". */
void srv_app_log_fields(const srv_conn *c, char *out, size_t cap);
/* After a turn: what the application's other sockets wait for (the proxy's plain side). */
void srv_app_watch(srv_conn *c);
/* Gives back memory a quiet connection does not need. */
void srv_app_release(srv_conn *c);

/* srv_args.c: the options the server and the proxy share */
typedef struct {
    size_t n_keys;
    int explicit_max;     /* --max-connections given */
    const char *access_log;
    const char *bind_addr, *port;
} srv_args;
/* The help for the options srv_args.c reads. */
#define SRV_ARGS_HELP \
    "  --require-client-cert  mutual TLS: refuse clients without a certificate that verifies\n" \
    "  --request-client-cert  ask for one, take clients without (the page says which)\n" \
    "  --client-roots FILE    roots that client certificates must chain to\n" \
    "  --ticket-keys FILE     session ticket keys shared by several servers, so a client resumes on\n" \
    "                  any of them: one key a line, 96 hex digits (openssl rand -hex 48), the current\n" \
    "                  key first (it seals new tickets), older ones after it (they still open theirs);\n" \
    "                  at most 8. Without it each process draws its own keys, and draws them again\n" \
    "                  on SIGHUP (sessions from before then take a full handshake)\n" \
    "  --workers N     threads, each with its own event loop and listening socket (default: one\n" \
    "                  per core)\n" \
    "  --max-connections N  connections open at once (default 50000, or as many as the file\n" \
    "                  descriptor limit allows: it is raised to its hard limit when needed); more\n" \
    "                  clients wait in the listen queue\n" \
    "  --handshake-timeout S  seconds a client has for its whole handshake (default 10)\n" \
    "  --idle-timeout S       seconds a connection may stay silent after it (default 300)\n" \
    "  --max-lifetime S       seconds a connection may live at most (default: no limit)\n" \
    "  --shutdown-timeout S   on SIGTERM, seconds clients have to close (default 10)\n" \
    "  --access-log FILE      one line per connection when it ends ('-': stderr)\n" \
    "  --stats S       every S seconds a line on stderr: connections open, handshakes per second,\n" \
    "                  failures by reason\n"
void srv_args_init(srv_shared *sh, srv_args *args, void *tlsopts);
/* argv[i] (value: the next argument or NULL) if it is a shared option: 1 taken alone, 2 taken
 * with its value, 0 not one of them, -1 a bad value or a missing one (a message is on stderr). */
int srv_args_parse(srv_shared *sh, srv_args *args, const char *arg, const char *value);
/* A whole number from min to max for option arg; else a message and 0. */
int srv_args_number(const srv_shared *sh, const char *arg, const char *value, long min, long max, long *out);

/* srv_run.c: runs the process with the options read: the listeners, the workers, the signals;
 * returns the exit status. */
int srv_run(srv_shared *sh, srv_args *args);

/* srv_log.c */
void srv_log_handshake(const srv_conn *c);
void srv_log_end(const srv_conn *c, int ok, const char *why);
void srv_log_stats(srv_shared *shared, double seconds);

#endif
