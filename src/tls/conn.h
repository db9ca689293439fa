/* The connection's objects (docs/architecture.md: the connection layer), shared by the record
 * processing (engine.c), the dispatcher and handlers (dispatch.c, client13.c, server13.c, ...)
 * and the public API (src/api/). A connection keeps only what an established session needs
 * (traffic keys, buffers, what was negotiated); everything that only the handshake needs lives
 * in lt_hs, a separate allocation freed when the handshake ends, so an idle connection is small. */
#ifndef LT_TLS_CONN_H
#define LT_TLS_CONN_H

#include "base/err.h"
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "latch.h"

#include "crypto/kex.h"
#include "crypto/pkey.h"
#include "tls/codec.h"
#include "tls/keysched13.h"
#include "tls/machine.h"
#include "tls/note.h"
#include "tls/ext.h"
#include "tls/params.h"
#include "tls/record.h"
#include "tls/session.h"
#include "tls/staple.h"
#include "tls/transcript.h"
#include "tls/version.h"
#include "x509/certset.h"
#include "x509/crlset.h"
#include "x509/roots.h"

#define LT_MAX_HANDSHAKE_MESSAGE (64 * 1024)  /* default; RFC 8446 allows 2^24, nothing real needs more */
#define LT_MAX_HANDSHAKE_MESSAGE_LIMIT 0xffffff
#define LT_DEFAULT_TICKET_LIFETIME 7200   /* two hours */
/* Rejected 0-RTT a server skips before it treats undecryptable records as an attack: what
 * common clients send at most (their max_early_data_size is usually 16 KiB). */
#define LT_MAX_SKIPPED_EARLY_DATA (64 * 1024)
#define LT_MAX_EMPTY_RECORDS 32               /* consecutive empty records before we give up */
/* What costs a peer nothing is bounded as BoringSSL bounds it: consecutive warning alerts (and
 * ignored HelloRequests) with nothing else between them, and KeyUpdates with no application
 * data between them. */
#define LT_MAX_WARNINGS_IN 4
#define LT_MAX_KEY_UPDATES_IN 32
#define LT_MAX_TICKETS_KEPT 8                 /* TLS 1.3 tickets per connection (more: ignored) */
#define LT_MAX_IDENTITIES 8
#define LT_MAX_ALPN_WIRE 256

/* An identity: a certificate chain and its private key. */
typedef struct {
    lt_certset chain;      /* leaf first */
    lt_privkey *key;
    lt_key_type key_type;
    lt_staple *staple;     /* server: the OCSP response stapled for it, or NULL */
} lt_identity;

struct latch_config {
    int refs;
    pthread_mutex_t freeze_lock;   /* one thread freezes; the others wait (latch_config_freeze) */
    latch_role role;
    int frozen;
    int verify;
    latch_ocsp_mode ocsp_mode;     /* client: ask for a stapled OCSP response, require one */
    char *roots_path;          /* NULL: the system store */
    lt_roots *roots;               /* the public latch_roots (x509/roots.h) */
    lt_identity identities[LT_MAX_IDENTITIES];
    size_t n_identities;
    uint16_t suites[LT_MAX_LIST];
    size_t n_suites;
    int suites_set;                /* by the application (else the defaults, + RSA if enabled) */
    uint16_t groups[LT_MAX_LIST];
    size_t n_groups;
    uint8_t alpn_wire[LT_MAX_ALPN_WIRE]; /* ProtocolNameList contents (RFC 7301 §3.1) */
    size_t alpn_wire_len;
    void (*keylog)(void *arg, const char *line);
    void *keylog_arg;
    void (*trace)(void *arg, const latch_conn *conn, const latch_trace_event *event);
    void *trace_arg;
    const lt_note_ops *notes;      /* the trace's, when there is a trace (src/trace) */
    uint16_t min_version;          /* LATCH_TLS12 or LATCH_TLS13 */
    uint16_t max_version;
    int rsa_kex;                   /* TLS 1.2 static RSA key exchange allowed (off by default) */
    int require_ems;               /* TLS 1.2 only with the extended master secret (off by default:
                                      a session without it is never resumed) */
    int no_etm;                    /* TLS 1.2 CBC: encrypt-then-MAC off (RFC 7366; on by default) */
    int sha1_default;              /* TLS 1.2 server: SHA-1 ServerKeyExchange for a client without
                                    * signature_algorithms (RFC 5246 §7.4.1.4.1; the old profile) */
    latch_client_auth client_auth; /* server: ask for a client certificate */
    char *client_roots_path;
    lt_roots *client_roots;        /* server: anchors for client certificates */
    lt_crlset crls;                /* the peer's certificates are checked against these */
    int require_crl;
    size_t max_handshake_message;  /* largest handshake message we take from a peer */
    /* resumption */
    uint32_t ticket_lifetime;      /* server: seconds; 0: no tickets, no session IDs */
    int no_tickets;                /* server: session IDs only (TLS 1.2), no tickets */
    uint8_t ticket_key[LT_TICKET_MAX_KEYS * LT_TICKET_KEY_LEN]; /* set by the application before
                                      the freeze (name 16 || key 32 each), else random */
    size_t ticket_key_count;
    lt_ticket_keys ticket_keys;    /* server, from latch_config_freeze */
    lt_id_cache session_ids;       /* server: TLS 1.2 sessions by ID */
    lt_session_cache sessions;     /* client: newest session per server name */
#ifdef LT_TEST_HOOKS
    int64_t time_offset;           /* tests move the clock to expire tickets */
#endif
    size_t record_limit;           /* largest record plaintext we take (RFC 8449), <= 2^14 */
    int64_t (*clock)(void *arg);   /* Unix seconds (latch_config_set_clock), else time() */
    int (*verify_cb)(void *arg, const latch_conn *conn, char *why, size_t why_cap);
    void *verify_cb_arg;
    int (*identity_cb)(void *arg, const latch_conn *conn);
    void *identity_cb_arg;
    int (*alpn_cb)(void *arg, const latch_conn *conn, const uint8_t *list, size_t len, const uint8_t **chosen,
                   uint8_t *chosen_len);
    void *alpn_cb_arg;
    void *clock_arg;
    char error[256];
};

/* Where a connection is. The handshake's own states are in machine.h (conn->machine and
 * conn->hs_state); only the dispatcher (dispatch.c) moves them. */
typedef enum {
    LT_ST_HANDSHAKE,
    LT_ST_CONNECTED,
    LT_ST_FAILED,
} lt_state;

/* Handshake-only state. */
typedef struct {
    lt_transcript transcript;
    lt_keysched13 ks;
    lt_kex *kex;                     /* our ephemeral key (client: for the share sent) */
    uint16_t kex_group;
    /* a client's second share, beside a post-quantum hybrid: its first classical group's, so a
     * server without the hybrid needs no HelloRetryRequest */
    lt_kex *extra_kex;
    uint16_t extra_group;
    uint8_t client_random[32];
    uint8_t server_random[32];
    uint8_t session_id[32];
    size_t session_id_len;
    uint8_t client_hs_secret[LT_MAX_HASH];
    uint8_t server_hs_secret[LT_MAX_HASH];
    uint8_t *cookie;                 /* of the HelloRetryRequest: ours (server), echoed (client) */
    size_t cookie_len;
    int ccs_sent;
#ifdef LT_TEST_HOOKS
    /* test replays (RFC 8448) inject randoms and ephemeral keys; only the library the unit
     * tests link (latch_test) has these */
    int client_random_set;
    int server_random_set;
    lt_kex *next_kex;               /* the key for the share after a HelloRetryRequest */
    int session_id_set;             /* keep session_id as injected (even empty) */
    /* sees each handshake message we send and may substitute the recorded one, so that a
     * replay can go on where our extensions legitimately differ from the recording */
    void (*replay_substitute)(void *arg, const uint8_t **msg, size_t *len);
    void *replay_arg;
    int dispatch_error;             /* the next received message's handler returns this */
#define LT_HOOK(expr) (expr)
#else
#define LT_HOOK(expr) 0
#endif
    /* client */
    uint8_t cert_request_context[255];
    size_t cert_request_context_len;
    lt_pubkey *peer_key;
    uint16_t offered_exts[32];       /* extension types the client sent (for unsolicited checks) */
    size_t n_offered_exts;
    const lt_cert *staple_leaf;      /* TLS 1.2: the verified leaf and its issuer, for the */
    const lt_cert *staple_issuer;    /* CertificateStatus that may follow the Certificate */
    int staple_promised;             /* TLS 1.2: the ServerHello answered status_request */
    int staple_done;                 /* TLS 1.2: the CertificateStatus was checked */
    /* server */
    int status_request;              /* the client asked for an OCSP response (RFC 6066 §8) */
    uint16_t peer_sigschemes[64];
    size_t n_peer_sigschemes;
    const lt_identity *identity;
    int identity_only;               /* the application's choice of identity, or -1 */
    uint16_t sigscheme;
    /* resumption */
    lt_client_session *offer;        /* client: the session offered in the ClientHello */
    uint8_t psk[LT_MAX_HASH];        /* TLS 1.3: its PSK */
    size_t psk_len;
    int psk_accepted;
    lt_session_state resume;         /* server: the state being resumed */
    uint8_t *new_ticket;             /* client, TLS 1.2: a NewSessionTicket's ticket */
    size_t new_ticket_len;
    uint32_t new_ticket_lifetime;
    uint8_t server_session_id[32];   /* TLS 1.2: the ServerHello's session ID */
    size_t server_session_id_len;
    int ticket_expected;             /* TLS 1.2: the ServerHello said a ticket comes after the
                                        client's Finished (client: WAIT_NST then; server: we send it) */
    /* TLS 1.2 */
    uint16_t peer_groups[32];        /* server: the client's supported_groups */
    size_t n_peer_groups;
    int ems;                         /* the extended master secret was negotiated */
    int etm;                         /* TLS 1.2 CBC: encrypt_then_mac negotiated (RFC 7366) */
    uint8_t pms[48];                 /* pre-master secret, until the master secret exists */
    size_t pms_len;
    uint16_t client_version;         /* the ClientHello's legacy_version (RSA key exchange) */
    uint8_t cert_types[16];          /* client: TLS 1.2 CertificateRequest certificate_types */
    size_t cert_types_len;
    lt_record_keys pending_read;     /* keys that take effect at the peer's ChangeCipherSpec */
    lt_record_keys pending_write;    /* and at ours */
    /* a message being built before it is sent */
    uint8_t *scratch;
    size_t scratch_cap;
} lt_hs;

struct latch_conn {
    latch_config *config;
    latch_role role;
    lt_state state;
    lt_hs *hs;
    const lt_suite *suite;

    lt_record_keys read_keys;
    lt_record_keys write_keys;
    uint8_t read_secret[LT_MAX_HASH];   /* current application traffic secrets (KeyUpdate) */
    uint8_t write_secret[LT_MAX_HASH];
    uint8_t exporter_master[LT_MAX_HASH];
    uint8_t resumption_master[LT_MAX_HASH];
    uint8_t master12[48];               /* TLS 1.2 master secret (exporters, resumption) */
    int ems;                            /* TLS 1.2: made with the extended master secret */
    uint8_t client_random[32];          /* kept for the key log and the trace */
    uint8_t server_random[32];          /* TLS 1.2: for exporters */

    /* network input: raw records; [in_pos, in_len) not yet processed */
    uint8_t *in;                        /* NULL while idle (lt_conn_release_idle) */
    size_t in_cap, in_len, in_pos;
    size_t in_used;                     /* high-water mark: what a wipe must cover */
    int release_idle;                   /* give the record buffers back once drained */
    /* decrypted application data waiting for latch_read: [app_off, app_off + app_len) of in */
    size_t app_off, app_len;
    /* a large application_data record left sealed at in_pos until the application reads it
     * (lt_conn_holds), and where latch_read wants it decrypted: its buffer, and how many bytes
     * of application data landed there */
    int record_held;
    /* (the handshake's position sits here, in what would be padding) */
    uint8_t machine;                    /* the handshake's table (an lt_machine_id, machine.h) */
    uint8_t hs_state;                   /* and the state in it */
    uint8_t *read_dst;
    size_t read_dst_cap, read_dst_len;
    unsigned empty_records;
    unsigned warnings_in;               /* consecutive warning alerts and ignored HelloRequests */
    unsigned key_updates_in;            /* TLS 1.3: KeyUpdates since the peer's last data */
    int key_update_answered;            /* TLS 1.3: answered one since our last write */
    int ccs_in;                         /* TLS 1.3: a compatibility CCS since the last message */
    /* server: bytes of rejected 0-RTT records still to be skipped (§4.2.10) */
    size_t early_data_skip;
    /* record plaintext limits (RFC 8449): what the peer takes, and what we take once the peer
     * has seen our record_size_limit; both 2^14 without the extension */
    size_t send_limit;
    size_t recv_limit;
    /* handshake message reassembly */
    uint8_t *hsbuf;
    size_t hsbuf_len, hsbuf_cap;
    /* a flight being assembled: handshake messages coalesced into as few records as possible */
    uint8_t *flight;
    size_t flight_len, flight_cap;
    /* network output: [out_start, out_len) waits to be sent */
    uint8_t *out;
    size_t out_cap, out_len, out_start;
    int out_handed;                     /* latch_net_out_buf gave a pointer not yet consumed */
    uint8_t *out_retired;               /* moved away from while handed: freed on consume */

    /* what was negotiated */
    char server_name[256];
    uint16_t version;
    uint16_t group;
    uint16_t sigscheme;
    char alpn[256];
    int hello_retry;                    /* there was a HelloRetryRequest (latch_conn_hello_retry) */
    uint8_t ocsp_status;                /* client: a latch_ocsp_status (latch_conn_ocsp_status) */
    lt_certset peer_certs;
    char peer_subject[160];
    char peer_root[160];

    /* client: the newest session to resume this server with, as exported bytes (also in the
     * config's cache); small, so an idle connection stays small */
    uint8_t *session;
    size_t session_len;
    unsigned tickets_received;
    int resumed;
    /* server, TLS 1.2: the ID its session is cached under (dropped if the connection fails) */
    uint8_t cached_id[32];
    int has_cached_id;
    int send_ticket;                    /* server, TLS 1.3: the client takes psk_dhe_ke tickets */
    int record_must_end;                /* the message just handled must end its record (§5.1) */
    int hs_data_follows;                /* handshake bytes follow the message being handled */

    int64_t created_us;                 /* monotonic, for trace timings */

    int close_sent;
    int close_received;
    int fd;
    void *user_data;                    /* the application's (latch_conn_set_user_data) */

    char *error;                        /* the failure's sentence (allocated when it fails) */
    int alert_sent;
    int alert_pending;                  /* queued with the failure, not yet taken for the network */
    int alert_received;
    int failure;                        /* an LT_ERR_* (the API hands it up as a latch_status) */
};

/* The ways of the connection's version (version.h), from its machine. */
#define LT_OPS(conn) (lt_machines[(conn)->machine].ops)

/* Whether the application watches the handshake (then lt_note_* reach src/trace). */
#define LT_TRACING(conn) ((conn)->config->notes != NULL)

/* api/config.c: connections hold a reference to their config. */
void lt_config_ref(latch_config *config);
/* The time for session lifetimes and certificate validity (Unix seconds): the config's clock. */
int64_t lt_config_now(const latch_config *config);

/* dispatch.c: a received handshake message (or LT_MSG_CCS), through its machine's table. */
LT_MUST_USE int lt_conn_dispatch(latch_conn *conn, uint16_t type, const uint8_t *msg, size_t len);

/* engine.c */
/* Records a failure, queues the alert (if any: alert >= 0), and returns the status to hand up. */
int lt_conn_fail(latch_conn *conn, int alert, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Any error from handling the peer's input fails the connection for good (with the sentence
 * and alert already recorded, or internal_error / decode_error for a bare error code). */
int lt_conn_fail_sticky(latch_conn *conn, int rc);
/* Sets the sentence latch_conn_error gives (a failure's; the longest kept is LT_CONN_ERROR_MAX
 * bytes). Without the memory for it, latch_conn_error names the failure's status instead. */
#define LT_CONN_ERROR_MAX 511
void lt_conn_set_error(latch_conn *conn, const char *sentence);
/* Frees the output buffer kept while the application held a pointer into it. */
void lt_conn_out_release_retired(latch_conn *conn);
/* The failure's alert has been taken for the network: its sentence says "sent". */
void lt_conn_alert_written(latch_conn *conn);
/* Appends a handshake message (type + body already framed by the caller) to the flight and the
 * transcript. */
LT_MUST_USE int lt_conn_queue_handshake(latch_conn *conn, const uint8_t *msg, size_t len, int add_to_transcript);
/* Seals the flight into records with the current write keys. */
LT_MUST_USE int lt_conn_flush_flight(latch_conn *conn);
/* Appends a plaintext ChangeCipherSpec record (middlebox compatibility, RFC 8446 §D.4). */
LT_MUST_USE int lt_conn_send_ccs(latch_conn *conn);
/* Installs traffic keys for one direction from a traffic secret. */
LT_MUST_USE int lt_conn_set_keys(latch_conn *conn, int write, const uint8_t *traffic_secret);
/* Writes a key log line (NSS format) if a callback is set. */
void lt_conn_keylog(latch_conn *conn, const char *label, const uint8_t *secret, size_t len);
/* Makes sure hs->scratch holds at least n bytes. */
LT_MUST_USE int lt_conn_scratch(latch_conn *conn, size_t n);
/* Key schedule steps both roles take (RFC 8446 §7.1), with their key log lines: the handshake
 * traffic secrets from the (EC)DHE secret and the transcript through ServerHello; then the
 * application traffic and exporter secrets from the transcript through the server Finished. */
LT_MUST_USE int lt_conn13_handshake_secrets(latch_conn *conn, const uint8_t *ecdhe, size_t ecdhe_len);
LT_MUST_USE int lt_conn13_application_secrets(latch_conn *conn);
/* The peer's record_size_limit (RFC 8449): from now on our records to it stay within it, and
 * theirs within ours (they have seen ours, or see it in our EncryptedExtensions). */
LT_MUST_USE int lt_conn_peer_record_limit(latch_conn *conn, const lt_ext *ext);
/* Client: keeps a new session (the config's cache, and this connection's export). Best effort:
 * a session not kept (no memory) only means a full handshake next time. */
int lt_conn_keep_session(latch_conn *conn, const lt_client_session *s);
/* An established connection with nothing buffered gives its record buffers back. */
void lt_conn_release_idle(latch_conn *conn);
/* Frees the handshake state (wiping its secrets). */
void lt_conn_end_handshake(latch_conn *conn);

/* hs12.c: what both TLS 1.2 roles do */
/* The master secret (extended when negotiated: the transcript must end with the
 * ClientKeyExchange) and the key block; the keys wait in hs->pending_read / pending_write for
 * the ChangeCipherSpecs. The pre-master secret is wiped. */
LT_MUST_USE int lt_conn12_derive_keys(latch_conn *conn);
/* The key block alone, from conn->master12 (a resumed session's). */
LT_MUST_USE int lt_conn12_key_block(latch_conn *conn);
/* Sends what the flight holds, ChangeCipherSpec, and our Finished under the new keys. */
LT_MUST_USE int lt_conn12_send_ccs_finished(latch_conn *conn);
/* The state of this TLS 1.2 session, to seal in a ticket or keep by ID (lifetime in seconds). */
void lt_conn12_session_state(const latch_conn *conn, uint32_t lifetime, lt_session_state *st);
/* CertificateVerify in TLS 1.2 (§7.4.8): a signature over every handshake message so far
 * (the transcript keeps them: lt_transcript_keep). */
LT_MUST_USE int lt_conn12_certverify_write(latch_conn *conn, const lt_identity *id, uint16_t scheme);
/* (the transcript ends with the CertificateVerify itself, len bytes: the signature covers what
 * precedes it) */
LT_MUST_USE int lt_conn12_certverify_read(latch_conn *conn, const lt_certificate_verify *cv, size_t len);
/* The peer's ChangeCipherSpec: its records from now on are under the pending keys. */
void lt_conn12_ccs_in(latch_conn *conn);
/* Checks the peer's Finished against the transcript hash before it (th). */
LT_MUST_USE int lt_conn12_finished_read(latch_conn *conn, const lt_finished *fin, const uint8_t *th);
/* Certificate (TLS 1.2 framing: no context, no per-certificate extensions) is handled by
 * lt_certmsg_write / lt_certmsg_read, which look at conn->version. */
/* client12.c: the ServerHello when it settles TLS 1.2 (the next state, or an error): sh as
 * client13.c parsed it (once, for both versions), msg the whole message for the transcript */
LT_MUST_USE int lt_client12_server_hello(latch_conn *conn, const lt_server_hello *sh, const uint8_t *msg,
                                         size_t len);
/* Counts a warning the peer sent, or a message we ignored, that cost it nothing: more than
 * LT_MAX_WARNINGS_IN in a row (what is described) end the connection. */
LT_MUST_USE int lt_conn_warning_in(latch_conn *conn, const char *what);
/* A warning alert (TLS 1.2 no_renegotiation). */
LT_MUST_USE int lt_conn_send_warning(latch_conn *conn, int description);

/* client13.c / server13.c */
LT_MUST_USE int lt_client_alpn_check(latch_conn *conn, const lt_ext *alpn);
/* Whether our ClientHello carried that extension (a server may only answer those); hs is the
 * lt_hs (the shape lt_ext_check takes). */
int lt_client13_offered(const void *hs, uint16_t type);
/* Extension checks that fail the connection with the alert lt_ext_check names; what says where. */
LT_MUST_USE int lt_conn_check_exts(latch_conn *conn, const lt_ext_list *exts, lt_ext_msg where, const char *what);
LT_MUST_USE int lt_client13_start(latch_conn *conn);
/* Server: one NewSessionTicket for this connection (after the handshake). */
LT_MUST_USE int lt_conn13_send_ticket(latch_conn *conn);
/* Sends a KeyUpdate and moves our write keys forward. */
LT_MUST_USE int lt_conn13_send_key_update(latch_conn *conn, int request_peer);

/* certmsg.c: Certificate and CertificateVerify (RFC 8446 §4.4.2, §4.4.3) */
LT_MUST_USE int lt_certmsg_write(latch_conn *conn, const lt_identity *identity, const uint8_t *context,
                     size_t context_len);
LT_MUST_USE int lt_certmsg_read(latch_conn *conn, const lt_certificate *ct);
/* OCSP stapling (RFC 6066 §8, RFC 8446 §4.4.2.1). Server: whether it staples for identity (the
 * client asked, and there is a response), and the TLS 1.2 CertificateStatus message. Client: the
 * check of the stapled response (NULL: none came) against the leaf and issuer lt_certmsg_read
 * verified:
 * revoked fails (certificate_revoked), as does no usable response when the leaf is must-staple
 * or the config requires one (bad_certificate_status_response); else it is traced and ignored. */
int lt_certmsg_staples(const latch_conn *conn, const lt_identity *identity);
LT_MUST_USE int lt_certstatus_write(latch_conn *conn, const lt_identity *identity);
LT_MUST_USE int lt_certmsg_check_staple(latch_conn *conn, const lt_span *response);
LT_MUST_USE int lt_certverify_write(latch_conn *conn, const lt_identity *identity, uint16_t scheme);
/* A CertificateVerify message signing content with scheme (both versions build on it). */
LT_MUST_USE int lt_certverify_emit(latch_conn *conn, const lt_identity *identity, uint16_t scheme,
                       const uint8_t *content, size_t content_len);
/* CertificateRequest (TLS 1.3 §4.3.2 or TLS 1.2 §7.4.4, by conn->version) with our signature
 * schemes and the client roots' names. */
LT_MUST_USE int lt_certrequest_write(latch_conn *conn);
/* Client: the identity to answer a CertificateRequest with (the server's schemes are in
 * hs->peer_sigschemes; TLS 1.2 also lists certificate types), or NULL; *scheme gets the
 * signature scheme. */
const lt_identity *lt_client_identity(latch_conn *conn, int tls12, const uint8_t *cert_types,
                                      size_t n_types, uint16_t *scheme);
/* The peer's CertificateVerify: a signature over th, the transcript hash before it. */
LT_MUST_USE int lt_certverify_read(latch_conn *conn, const lt_certificate_verify *cv, const uint8_t *th);
/* Finished (§4.4.4): writes ours from base_secret, or checks the peer's against th, the
 * transcript hash before it. */
LT_MUST_USE int lt_conn13_finished_write(latch_conn *conn, const uint8_t *base_secret);
LT_MUST_USE int lt_conn13_finished_read(latch_conn *conn, const uint8_t *base_secret, const lt_finished *fin,
                                        const uint8_t *th);
/* The peer's verify_data against the expected one (n bytes), in constant time, traced (both
 * versions). */
LT_MUST_USE int lt_finished_check(latch_conn *conn, const uint8_t *expected, const uint8_t *verify_data,
                                  size_t n);

#endif
