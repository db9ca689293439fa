/* The handshake as data: for each role and version, which message may arrive in which state,
 * what the dispatcher does with it before its handler runs, and where the handler may go next
 * (RFC 8446 Appendix A, RFC 5246 §7.3). The tables are in machine.c; the dispatcher that walks
 * them (dispatch.c) is the only code that changes a connection's handshake state, adds a received
 * message to the transcript, or decides that a message arrived out of order.
 *
 * Each machine has its own state enum, and handlers name their next state through the typed
 * lt_next_* functions, so a client handler cannot name a server state (-Wenum-conversion, an
 * error with -Werror). A handler returns its next state, or a negative error (a failure it has
 * recorded, or a bare code the dispatcher turns into one). */
#ifndef LT_TLS_MACHINE_H
#define LT_TLS_MACHINE_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "latch.h"
#include "tls/codec.h"
#include "tls/version.h"

/* The machines. A client starts in LT_M_CLIENT and a server in LT_M_SERVER; the hello that
 * settles the version moves it to that version's machine, and the last Finished to the
 * post-handshake machine of its role and version. */
typedef enum {
    LT_M_CLIENT,
    LT_M_CLIENT13,
    LT_M_CLIENT12,
    LT_M_SERVER,
    LT_M_SERVER13,
    LT_M_SERVER12,
    LT_M_CLIENT13_POST,
    LT_M_SERVER13_POST,
    LT_M_CLIENT12_POST,
    LT_M_SERVER12_POST,
    LT_M_COUNT,
} lt_machine_id;

typedef enum { LT_C_WAIT_SH } lt_client_state;
typedef enum {
    LT_C13_WAIT_SH2,          /* the ServerHello after our second ClientHello (§4.1.4) */
    LT_C13_WAIT_EE,
    LT_C13_WAIT_CERT_CR,      /* CertificateRequest or Certificate */
    LT_C13_WAIT_CV,
    LT_C13_WAIT_FINISHED,
    /* the same after a CertificateRequest: our Finished comes with our Certificate */
    LT_C13_WAIT_CERT,
    LT_C13_WAIT_CV_REQUESTED,
    LT_C13_WAIT_FINISHED_REQUESTED,
} lt_client13_state;
typedef enum {
    LT_C12_WAIT_CERT,
    LT_C12_WAIT_SKE,
    LT_C12_WAIT_SHD,          /* CertificateRequest or ServerHelloDone */
    LT_C12_WAIT_SHD_AFTER_CR, /* ServerHelloDone only */
    LT_C12_WAIT_NST,          /* the server said it sends a NewSessionTicket (RFC 5077 §3.3) */
    LT_C12_WAIT_CCS,
    LT_C12_WAIT_FINISHED,
    LT_C12_WAIT_STATUS_SKE,   /* the ServerHello promised a CertificateStatus (RFC 6066 §8): it */
    LT_C12_WAIT_STATUS_SHD,   /* may come before the ServerKeyExchange / CertificateRequest / SHD */
} lt_client12_state;
typedef enum { LT_S_WAIT_CH } lt_server_state;
typedef enum {
    LT_S13_WAIT_CH2,          /* after our HelloRetryRequest */
    LT_S13_WAIT_CERT,         /* the client's Certificate (we asked for one) */
    LT_S13_WAIT_CV,
    LT_S13_WAIT_FINISHED,
} lt_server13_state;
typedef enum {
    LT_S12_WAIT_CERT,
    LT_S12_WAIT_CKE,
    LT_S12_WAIT_CV,
    LT_S12_WAIT_CCS,
    LT_S12_WAIT_FINISHED,
} lt_server12_state;
typedef enum { LT_POST_CONNECTED } lt_post_state;

/* A next state: its machine and its state in that machine. */
#define LT_NEXT(machine, state) ((int)(machine) << 8 | (int)(state))
#define LT_NEXT_MACHINE(next) ((lt_machine_id)((next) >> 8))
#define LT_NEXT_STATE(next) ((uint8_t)((next) & 0xff))
/* The handler stays in the state it was called in (a message that changes nothing). */
#define LT_STAY 0x7fff

static inline int lt_next_c13(lt_client13_state s) { return LT_NEXT(LT_M_CLIENT13, s); }
static inline int lt_next_c12(lt_client12_state s) { return LT_NEXT(LT_M_CLIENT12, s); }
static inline int lt_next_s13(lt_server13_state s) { return LT_NEXT(LT_M_SERVER13, s); }
static inline int lt_next_s12(lt_server12_state s) { return LT_NEXT(LT_M_SERVER12, s); }
static inline int lt_next_c13_post(void) { return LT_NEXT(LT_M_CLIENT13_POST, LT_POST_CONNECTED); }
static inline int lt_next_s13_post(void) { return LT_NEXT(LT_M_SERVER13_POST, LT_POST_CONNECTED); }
static inline int lt_next_c12_post(void) { return LT_NEXT(LT_M_CLIENT12_POST, LT_POST_CONNECTED); }
static inline int lt_next_s12_post(void) { return LT_NEXT(LT_M_SERVER12_POST, LT_POST_CONNECTED); }

/* The TLS 1.2 ChangeCipherSpec is not a handshake message, but it is a step of the handshake:
 * it has edges like one, under this pseudo type. */
#define LT_MSG_CCS 0x100

/* A received message as the dispatcher hands it to a handler. */
typedef struct {
    uint16_t type;
    uint8_t from;                  /* the state it arrived in */
    const uint8_t *msg;            /* the whole message, its 4-byte header included */
    size_t len;
    uint8_t th[LT_MAX_HASH];       /* LT_EDGE_HASH_BEFORE: the transcript hash before it */
    lt_parsed parsed;              /* what the edge's codec read (edges with one) */
} lt_msg;

typedef int lt_handler(latch_conn *conn, const lt_msg *m);
/* An edge's codec: the message into its member of out (the connection says what the syntax
 * depends on: the Finished's length, the key exchange). 0, LT_ERR_DECODE or LT_ERR_PROTOCOL. */
typedef int lt_parse_fn(const latch_conn *conn, lt_span msg, lt_parsed *out);

/* What the dispatcher does around an edge's handler. By default the message is added to the
 * transcript before the handler runs. */
enum {
    LT_EDGE_TRANSCRIPT_SELF = 1,   /* the handler adds it: a hello chooses the hash (and a
                                      HelloRetryRequest restarts it, a ClientHello's binders
                                      cover part of it) */
    LT_EDGE_NO_TRANSCRIPT = 2,     /* not a transcript message (HelloRequest, after the handshake) */
    LT_EDGE_HASH_BEFORE = 4,       /* the handler needs the transcript hash before this message
                                      (CertificateVerify signs it, Finished MACs it) */
    LT_EDGE_ENDS_RECORD = 8,       /* keys change after it: nothing may follow it in its record
                                      (§5.1); a change of read keys in any handler also ends it */
};

/* What the record layer may do in a state, besides handing the handshake its messages. */
enum {
    LT_STATE_SKIPS_EARLY_DATA = 1,      /* rejected 0-RTT may arrive: skipped within a budget
                                           (§4.2.10): in the clear after our HelloRetryRequest,
                                           else under the client's early keys */
    LT_STATE_TAKES_COMPAT_CCS = 2,      /* a TLS 1.3 compatibility ChangeCipherSpec is ignored
                                           (§5, §D.4): every handshake state after the first
                                           ClientHello */
};

#define LT_EDGE_MAX_NEXT 6
typedef struct {
    uint8_t from;                  /* a state of the machine */
    uint16_t type;                 /* a handshake message type, or LT_MSG_CCS */
    uint8_t flags;
    lt_parse_fn *parse;            /* the codec the dispatcher reads it with first, or NULL (the
                                      handler reads it: ClientHello, Certificate) */
    lt_handler *handle;
    int next[LT_EDGE_MAX_NEXT];    /* where the handler may go (LT_NEXT values, or LT_STAY) */
    size_t n_next;
} lt_edge;

typedef struct {
    const char *name;              /* "TLS 1.3 client" */
    latch_role role;
    uint16_t version;              /* 0 while the version is not settled */
    int post;                      /* the handshake is over */
    const lt_version_ops *ops;     /* its version's (TLS 1.3's while the version is not settled) */
    const char *const *state_names;
    const uint8_t *state_flags;    /* LT_STATE_* per state */
    size_t n_states;
    const lt_edge *edges;
    size_t n_edges;
} lt_machine;

extern const lt_machine lt_machines[LT_M_COUNT];

/* The codec a message of that type is read with in that version (NULL: none, or read by its
 * handler), for whoever must read one outside an edge (the trace, of what we send). */
lt_parse_fn *lt_codec_for(uint16_t type, uint16_t version);

/* The edge for a message in a state, or NULL: that message is out of order there. */
const lt_edge *lt_machine_edge(lt_machine_id m, uint8_t state, uint16_t type);
/* Whether the edge may go to next. */
int lt_edge_allows(const lt_edge *e, int next);
/* The LT_STATE_* flags of a state. */
unsigned lt_machine_state_flags(lt_machine_id m, uint8_t state);
/* "WAIT_EE", for errors and traces. */
const char *lt_machine_state_name(lt_machine_id m, uint8_t state);
/* "Finished", "ChangeCipherSpec", "handshake message 99". */
const char *lt_msg_type_name(uint16_t type, char *buf, size_t cap);

/* The handlers the tables name (client13.c, client12.c, server13.c, server12.c, post13.c,
 * hs12.c). */
LT_MUST_USE int lt_client_on_server_hello(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client_on_hello_request(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client13_on_server_hello2(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client13_on_encrypted_extensions(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client13_on_certificate_request(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client13_on_certificate(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client13_on_certificate_verify(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client13_on_finished(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_certificate(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_server_key_exchange(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_certificate_status(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_certificate_request(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_server_hello_done(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_new_session_ticket(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_ccs(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_client12_on_finished(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server_on_client_hello(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server13_on_client_hello2(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server13_on_certificate(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server13_on_certificate_verify(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server13_on_finished(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server12_on_certificate(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server12_on_client_key_exchange(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server12_on_certificate_verify(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server12_on_ccs(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_server12_on_finished(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_post13_on_key_update(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_post13_on_new_session_ticket(latch_conn *conn, const lt_msg *m);
LT_MUST_USE int lt_post12_on_renegotiation(latch_conn *conn, const lt_msg *m);

#endif
