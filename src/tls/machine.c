/* The handshake's edge tables (see machine.h): every message a peer may send in every state, by
 * role and version. TLS 1.3: RFC 8446 Appendix A.1 (client) and A.2 (server); TLS 1.2: RFC 5246
 * §7.3 with RFC 5077 §3.1 (tickets, the abbreviated handshake). Anything not listed here is an
 * unexpected_message. */
#include "tls/machine.h"

#include <stdio.h>

#include "tls/conn.h"
#include "tls/prf12.h"
#include "tls/proto.h"

/* The codecs the edges read their messages with (codec.h), in the shape lt_parse_fn has. */
static int lt_parse_server_hello(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_server_hello_parse(msg, &out->server_hello);
}

static int lt_parse_client_hello(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_client_hello_msg_parse(msg, &out->client_hello);
}

/* its syntax is the version's: TLS 1.3 adds a context and per-entry extensions */
static int lt_parse_certificate13(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_certificate_parse(msg, 1, &out->certificate);
}

static int lt_parse_certificate12(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_certificate_parse(msg, 0, &out->certificate);
}

static int lt_parse_certificate_status(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_certificate_status_parse(msg, &out->certificate_status);
}

static int lt_parse_hello_request(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    (void)out;
    return lt_empty_msg_parse(msg, LT_HS_HELLO_REQUEST);
}

static int lt_parse_server_hello_done(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    (void)out;
    return lt_empty_msg_parse(msg, LT_HS_SERVER_HELLO_DONE);
}

static int lt_parse_encrypted_extensions(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_encrypted_extensions_parse(msg, &out->encrypted_extensions);
}

static int lt_parse_certificate_request13(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_certificate_request13_parse(msg, &out->certificate_request13);
}

static int lt_parse_certificate_request12(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_certificate_request12_parse(msg, &out->certificate_request12);
}

static int lt_parse_certificate_verify(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_certificate_verify_parse(msg, &out->certificate_verify);
}

/* TLS 1.3's verify_data is as long as the suite's hash (§4.4.4), TLS 1.2's 12 bytes */
static int lt_parse_finished13(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    if (conn->suite == NULL) /* (no suite yet: a Finished out of order, read for the trace) */
        return LT_ERR_DECODE;
    return lt_finished_parse(msg, lt_hash_len(conn->suite->hash), &out->finished);
}

static int lt_parse_finished12(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_finished_parse(msg, LT_VERIFY_DATA_LEN_12, &out->finished);
}

static int lt_parse_server_key_exchange(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_server_key_exchange_parse(msg, &out->server_key_exchange);
}

/* its syntax is the negotiated key exchange's */
static int lt_parse_client_key_exchange(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    if (conn->suite == NULL)
        return LT_ERR_DECODE;
    return lt_client_key_exchange_parse(msg, conn->suite->kx, &out->client_key_exchange);
}

static int lt_parse_new_session_ticket13(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_new_session_ticket13_parse(msg, &out->new_session_ticket13);
}

static int lt_parse_new_session_ticket12(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_new_session_ticket12_parse(msg, &out->new_session_ticket12);
}

static int lt_parse_key_update(const latch_conn *conn, lt_span msg, lt_parsed *out)
{
    (void)conn;
    return lt_key_update_parse(msg, &out->key_update);
}

#define N_(m, s) LT_NEXT(LT_M_##m, s)
#define CCS_ LT_STATE_TAKES_COMPAT_CCS
/* an edge and its next states (at most LT_EDGE_MAX_NEXT) */
#define EDGE(from, type, flags, parse, handle, ...) \
    { from, type, flags, parse, handle, { __VA_ARGS__ }, sizeof((int[]){ __VA_ARGS__ }) / sizeof(int) }

/* -- client, before the version is settled: the ServerHello settles it ---------------------- */
static const char *const lt_client_names[] = { "WAIT_SH" };
static const uint8_t lt_client_flags[] = { CCS_ };
static const lt_edge lt_client_edges[] = {
    EDGE(LT_C_WAIT_SH, LT_HS_SERVER_HELLO, LT_EDGE_TRANSCRIPT_SELF, lt_parse_server_hello, lt_client_on_server_hello,
         N_(CLIENT13, LT_C13_WAIT_SH2), N_(CLIENT13, LT_C13_WAIT_EE), N_(CLIENT12, LT_C12_WAIT_CERT),
         N_(CLIENT12, LT_C12_WAIT_NST), N_(CLIENT12, LT_C12_WAIT_CCS)),
    /* RFC 5246 §7.4.1.1: ignored, when we offered TLS 1.2 */
    EDGE(LT_C_WAIT_SH, LT_HS_HELLO_REQUEST, LT_EDGE_NO_TRANSCRIPT, lt_parse_hello_request, lt_client_on_hello_request, LT_STAY),
};

/* -- TLS 1.3 client (A.1) -------------------------------------------------------------------- */
static const char *const lt_client13_names[] = { "WAIT_SH2", "WAIT_EE", "WAIT_CERT_CR", "WAIT_CV", "WAIT_FINISHED",
                                                 "WAIT_CERT", "WAIT_CV_REQUESTED", "WAIT_FINISHED_REQUESTED" };
static const uint8_t lt_client13_flags[] = { CCS_, CCS_, CCS_, CCS_, CCS_, CCS_, CCS_, CCS_ };
static const lt_edge lt_client13_edges[] = {
    EDGE(LT_C13_WAIT_SH2, LT_HS_SERVER_HELLO, LT_EDGE_TRANSCRIPT_SELF | LT_EDGE_ENDS_RECORD,
         lt_parse_server_hello, lt_client13_on_server_hello2, N_(CLIENT13, LT_C13_WAIT_EE)),
    EDGE(LT_C13_WAIT_EE, LT_HS_ENCRYPTED_EXTENSIONS, 0, lt_parse_encrypted_extensions, lt_client13_on_encrypted_extensions,
         N_(CLIENT13, LT_C13_WAIT_CERT_CR), N_(CLIENT13, LT_C13_WAIT_FINISHED)),
    EDGE(LT_C13_WAIT_CERT_CR, LT_HS_CERTIFICATE_REQUEST, 0, lt_parse_certificate_request13,
         lt_client13_on_certificate_request, N_(CLIENT13, LT_C13_WAIT_CERT)),
    EDGE(LT_C13_WAIT_CERT_CR, LT_HS_CERTIFICATE, 0, lt_parse_certificate13, lt_client13_on_certificate,
         N_(CLIENT13, LT_C13_WAIT_CV)),
    EDGE(LT_C13_WAIT_CV, LT_HS_CERTIFICATE_VERIFY, LT_EDGE_HASH_BEFORE, lt_parse_certificate_verify,
         lt_client13_on_certificate_verify, N_(CLIENT13, LT_C13_WAIT_FINISHED)),
    EDGE(LT_C13_WAIT_FINISHED, LT_HS_FINISHED, LT_EDGE_HASH_BEFORE | LT_EDGE_ENDS_RECORD, lt_parse_finished13,
         lt_client13_on_finished, N_(CLIENT13_POST, LT_POST_CONNECTED)),
    EDGE(LT_C13_WAIT_CERT, LT_HS_CERTIFICATE, 0, lt_parse_certificate13, lt_client13_on_certificate,
         N_(CLIENT13, LT_C13_WAIT_CV_REQUESTED)),
    EDGE(LT_C13_WAIT_CV_REQUESTED, LT_HS_CERTIFICATE_VERIFY, LT_EDGE_HASH_BEFORE, lt_parse_certificate_verify,
         lt_client13_on_certificate_verify, N_(CLIENT13, LT_C13_WAIT_FINISHED_REQUESTED)),
    EDGE(LT_C13_WAIT_FINISHED_REQUESTED, LT_HS_FINISHED, LT_EDGE_HASH_BEFORE | LT_EDGE_ENDS_RECORD,
         lt_parse_finished13, lt_client13_on_finished, N_(CLIENT13_POST, LT_POST_CONNECTED)),
};

/* -- TLS 1.2 client (§7.3; RFC 5077 §3.1 for tickets and resumption) ------------------------- */
static const char *const lt_client12_names[] = { "WAIT_CERT", "WAIT_SKE", "WAIT_SHD", "WAIT_SHD_AFTER_CR",
                                                 "WAIT_NST", "WAIT_CCS", "WAIT_FINISHED", "WAIT_STATUS_SKE",
                                                 "WAIT_STATUS_SHD" };
static const uint8_t lt_client12_flags[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0 }; /* (its CCS is an edge) */
/* RFC 5246 §7.4.1.1: a HelloRequest during the handshake is ignored */
#define C12_HELLO_REQUEST(state) \
    EDGE(state, LT_HS_HELLO_REQUEST, LT_EDGE_NO_TRANSCRIPT, lt_parse_hello_request, lt_client_on_hello_request, LT_STAY)
static const lt_edge lt_client12_edges[] = {
    EDGE(LT_C12_WAIT_CERT, LT_HS_CERTIFICATE, 0, lt_parse_certificate12, lt_client12_on_certificate, N_(CLIENT12, LT_C12_WAIT_SKE),
         N_(CLIENT12, LT_C12_WAIT_SHD), N_(CLIENT12, LT_C12_WAIT_STATUS_SKE), N_(CLIENT12, LT_C12_WAIT_STATUS_SHD)),
    /* RFC 6066 §8: right after the Certificate, when the ServerHello answered status_request;
     * the server may still leave it out */
    EDGE(LT_C12_WAIT_STATUS_SKE, LT_HS_CERTIFICATE_STATUS, 0, lt_parse_certificate_status,
         lt_client12_on_certificate_status, N_(CLIENT12, LT_C12_WAIT_SKE)),
    EDGE(LT_C12_WAIT_STATUS_SKE, LT_HS_SERVER_KEY_EXCHANGE, 0, lt_parse_server_key_exchange,
         lt_client12_on_server_key_exchange, N_(CLIENT12, LT_C12_WAIT_SHD)),
    EDGE(LT_C12_WAIT_STATUS_SHD, LT_HS_CERTIFICATE_STATUS, 0, lt_parse_certificate_status,
         lt_client12_on_certificate_status, N_(CLIENT12, LT_C12_WAIT_SHD)),
    EDGE(LT_C12_WAIT_STATUS_SHD, LT_HS_CERTIFICATE_REQUEST, 0, lt_parse_certificate_request12,
         lt_client12_on_certificate_request, N_(CLIENT12, LT_C12_WAIT_SHD_AFTER_CR)),
    EDGE(LT_C12_WAIT_STATUS_SHD, LT_HS_SERVER_HELLO_DONE, 0, lt_parse_server_hello_done, lt_client12_on_server_hello_done,
         N_(CLIENT12, LT_C12_WAIT_NST), N_(CLIENT12, LT_C12_WAIT_CCS)),
    EDGE(LT_C12_WAIT_SKE, LT_HS_SERVER_KEY_EXCHANGE, 0, lt_parse_server_key_exchange, lt_client12_on_server_key_exchange,
         N_(CLIENT12, LT_C12_WAIT_SHD)),
    EDGE(LT_C12_WAIT_SHD, LT_HS_CERTIFICATE_REQUEST, 0, lt_parse_certificate_request12, lt_client12_on_certificate_request,
         N_(CLIENT12, LT_C12_WAIT_SHD_AFTER_CR)),
    EDGE(LT_C12_WAIT_SHD, LT_HS_SERVER_HELLO_DONE, 0, lt_parse_server_hello_done, lt_client12_on_server_hello_done,
         N_(CLIENT12, LT_C12_WAIT_NST), N_(CLIENT12, LT_C12_WAIT_CCS)),
    EDGE(LT_C12_WAIT_SHD_AFTER_CR, LT_HS_SERVER_HELLO_DONE, 0, lt_parse_server_hello_done, lt_client12_on_server_hello_done,
         N_(CLIENT12, LT_C12_WAIT_NST), N_(CLIENT12, LT_C12_WAIT_CCS)),
    EDGE(LT_C12_WAIT_NST, LT_HS_NEW_SESSION_TICKET, 0, lt_parse_new_session_ticket12, lt_client12_on_new_session_ticket,
         N_(CLIENT12, LT_C12_WAIT_CCS)),
    EDGE(LT_C12_WAIT_CCS, LT_MSG_CCS, LT_EDGE_NO_TRANSCRIPT, NULL, lt_client12_on_ccs,
         N_(CLIENT12, LT_C12_WAIT_FINISHED)),
    EDGE(LT_C12_WAIT_FINISHED, LT_HS_FINISHED, LT_EDGE_HASH_BEFORE, lt_parse_finished12, lt_client12_on_finished,
         N_(CLIENT12_POST, LT_POST_CONNECTED)),
    C12_HELLO_REQUEST(LT_C12_WAIT_CERT),
    C12_HELLO_REQUEST(LT_C12_WAIT_SKE),
    C12_HELLO_REQUEST(LT_C12_WAIT_SHD),
    C12_HELLO_REQUEST(LT_C12_WAIT_SHD_AFTER_CR),
    C12_HELLO_REQUEST(LT_C12_WAIT_NST),
    C12_HELLO_REQUEST(LT_C12_WAIT_CCS),
    C12_HELLO_REQUEST(LT_C12_WAIT_FINISHED),
    C12_HELLO_REQUEST(LT_C12_WAIT_STATUS_SKE),
    C12_HELLO_REQUEST(LT_C12_WAIT_STATUS_SHD),
};

/* -- server, before the version is settled: the ClientHello settles it ---------------------- */
static const char *const lt_server_names[] = { "WAIT_CH" };
static const uint8_t lt_server_flags[] = { 0 }; /* (a server's first record is a ClientHello) */
static const lt_edge lt_server_edges[] = {
    EDGE(LT_S_WAIT_CH, LT_HS_CLIENT_HELLO, LT_EDGE_TRANSCRIPT_SELF | LT_EDGE_ENDS_RECORD,
         lt_parse_client_hello, lt_server_on_client_hello, N_(SERVER13, LT_S13_WAIT_CH2), N_(SERVER13, LT_S13_WAIT_CERT),
         N_(SERVER13, LT_S13_WAIT_FINISHED), N_(SERVER12, LT_S12_WAIT_CERT), N_(SERVER12, LT_S12_WAIT_CKE),
         N_(SERVER12, LT_S12_WAIT_CCS)),
};

/* -- TLS 1.3 server (A.2) -------------------------------------------------------------------- */
static const char *const lt_server13_names[] = { "WAIT_CH2", "WAIT_CERT", "WAIT_CV", "WAIT_FINISHED" };
/* rejected 0-RTT comes before the client's next flight: in the clear before its second
 * ClientHello, under keys we cannot open before its Certificate or Finished */
static const uint8_t lt_server13_flags[] = { CCS_ | LT_STATE_SKIPS_EARLY_DATA, CCS_ | LT_STATE_SKIPS_EARLY_DATA, CCS_,
                                             CCS_ | LT_STATE_SKIPS_EARLY_DATA };
static const lt_edge lt_server13_edges[] = {
    EDGE(LT_S13_WAIT_CH2, LT_HS_CLIENT_HELLO, LT_EDGE_TRANSCRIPT_SELF | LT_EDGE_ENDS_RECORD,
         lt_parse_client_hello, lt_server13_on_client_hello2, N_(SERVER13, LT_S13_WAIT_CERT), N_(SERVER13, LT_S13_WAIT_FINISHED)),
    EDGE(LT_S13_WAIT_CERT, LT_HS_CERTIFICATE, 0, lt_parse_certificate13, lt_server13_on_certificate, N_(SERVER13, LT_S13_WAIT_CV),
         N_(SERVER13, LT_S13_WAIT_FINISHED)),
    EDGE(LT_S13_WAIT_CV, LT_HS_CERTIFICATE_VERIFY, LT_EDGE_HASH_BEFORE, lt_parse_certificate_verify, lt_server13_on_certificate_verify,
         N_(SERVER13, LT_S13_WAIT_FINISHED)),
    EDGE(LT_S13_WAIT_FINISHED, LT_HS_FINISHED, LT_EDGE_HASH_BEFORE | LT_EDGE_ENDS_RECORD,
         lt_parse_finished13, lt_server13_on_finished, N_(SERVER13_POST, LT_POST_CONNECTED)),
};

/* -- TLS 1.2 server -------------------------------------------------------------------------- */
static const char *const lt_server12_names[] = { "WAIT_CERT", "WAIT_CKE", "WAIT_CV", "WAIT_CCS",
                                                 "WAIT_FINISHED" };
static const uint8_t lt_server12_flags[] = { 0, 0, 0, 0, 0 };
static const lt_edge lt_server12_edges[] = {
    EDGE(LT_S12_WAIT_CERT, LT_HS_CERTIFICATE, 0, lt_parse_certificate12, lt_server12_on_certificate, N_(SERVER12, LT_S12_WAIT_CKE)),
    EDGE(LT_S12_WAIT_CKE, LT_HS_CLIENT_KEY_EXCHANGE, 0, lt_parse_client_key_exchange, lt_server12_on_client_key_exchange,
         N_(SERVER12, LT_S12_WAIT_CV), N_(SERVER12, LT_S12_WAIT_CCS)),
    EDGE(LT_S12_WAIT_CV, LT_HS_CERTIFICATE_VERIFY, LT_EDGE_HASH_BEFORE, lt_parse_certificate_verify, lt_server12_on_certificate_verify,
         N_(SERVER12, LT_S12_WAIT_CCS)),
    EDGE(LT_S12_WAIT_CCS, LT_MSG_CCS, LT_EDGE_NO_TRANSCRIPT, NULL, lt_server12_on_ccs,
         N_(SERVER12, LT_S12_WAIT_FINISHED)),
    EDGE(LT_S12_WAIT_FINISHED, LT_HS_FINISHED, LT_EDGE_HASH_BEFORE, lt_parse_finished12, lt_server12_on_finished,
         N_(SERVER12_POST, LT_POST_CONNECTED)),
};

/* -- after the handshake --------------------------------------------------------------------- */
static const char *const lt_post_names[] = { "CONNECTED" };
static const uint8_t lt_post_flags[] = { 0 };
static const lt_edge lt_client13_post_edges[] = {
    EDGE(LT_POST_CONNECTED, LT_HS_NEW_SESSION_TICKET, LT_EDGE_NO_TRANSCRIPT, lt_parse_new_session_ticket13, lt_post13_on_new_session_ticket,
         LT_STAY),
    EDGE(LT_POST_CONNECTED, LT_HS_KEY_UPDATE, LT_EDGE_NO_TRANSCRIPT | LT_EDGE_ENDS_RECORD,
         lt_parse_key_update, lt_post13_on_key_update, LT_STAY),
};
static const lt_edge lt_server13_post_edges[] = {
    EDGE(LT_POST_CONNECTED, LT_HS_KEY_UPDATE, LT_EDGE_NO_TRANSCRIPT | LT_EDGE_ENDS_RECORD,
         lt_parse_key_update, lt_post13_on_key_update, LT_STAY),
};
/* RFC 5746 §4.2, §4.4: latch never renegotiates; a request gets a no_renegotiation warning */
static const lt_edge lt_client12_post_edges[] = {
    EDGE(LT_POST_CONNECTED, LT_HS_HELLO_REQUEST, LT_EDGE_NO_TRANSCRIPT, lt_parse_hello_request, lt_post12_on_renegotiation, LT_STAY),
};
static const lt_edge lt_server12_post_edges[] = {
    EDGE(LT_POST_CONNECTED, LT_HS_CLIENT_HELLO, LT_EDGE_NO_TRANSCRIPT, NULL, lt_post12_on_renegotiation, LT_STAY),
};

#define COUNT_(a) (sizeof(a) / sizeof((a)[0]))
#define MACHINE_(name, role, version, post, names, flags, edges)                                       \
    { name, role, version, post, (version) == LATCH_TLS12 ? &lt_tls12_ops : &lt_tls13_ops, names, flags,          \
      COUNT_(names), edges, COUNT_(edges) }

/* a flag for every state */
#define SAME_COUNT_(m) _Static_assert(COUNT_(m##_flags) == COUNT_(m##_names), #m ": a flag for every state")
SAME_COUNT_(lt_client);
SAME_COUNT_(lt_client13);
SAME_COUNT_(lt_client12);
SAME_COUNT_(lt_server);
SAME_COUNT_(lt_server13);
SAME_COUNT_(lt_server12);
SAME_COUNT_(lt_post);

const lt_machine lt_machines[LT_M_COUNT] = {
    [LT_M_CLIENT] = MACHINE_("client", LATCH_ROLE_CLIENT, 0, 0, lt_client_names, lt_client_flags, lt_client_edges),
    [LT_M_CLIENT13] = MACHINE_("TLS 1.3 client", LATCH_ROLE_CLIENT, LATCH_TLS13, 0, lt_client13_names,
                               lt_client13_flags, lt_client13_edges),
    [LT_M_CLIENT12] = MACHINE_("TLS 1.2 client", LATCH_ROLE_CLIENT, LATCH_TLS12, 0, lt_client12_names,
                               lt_client12_flags, lt_client12_edges),
    [LT_M_SERVER] = MACHINE_("server", LATCH_ROLE_SERVER, 0, 0, lt_server_names, lt_server_flags, lt_server_edges),
    [LT_M_SERVER13] = MACHINE_("TLS 1.3 server", LATCH_ROLE_SERVER, LATCH_TLS13, 0, lt_server13_names,
                               lt_server13_flags, lt_server13_edges),
    [LT_M_SERVER12] = MACHINE_("TLS 1.2 server", LATCH_ROLE_SERVER, LATCH_TLS12, 0, lt_server12_names,
                               lt_server12_flags, lt_server12_edges),
    [LT_M_CLIENT13_POST] = MACHINE_("TLS 1.3 client", LATCH_ROLE_CLIENT, LATCH_TLS13, 1, lt_post_names,
                                    lt_post_flags, lt_client13_post_edges),
    [LT_M_SERVER13_POST] = MACHINE_("TLS 1.3 server", LATCH_ROLE_SERVER, LATCH_TLS13, 1, lt_post_names,
                                    lt_post_flags, lt_server13_post_edges),
    [LT_M_CLIENT12_POST] = MACHINE_("TLS 1.2 client", LATCH_ROLE_CLIENT, LATCH_TLS12, 1, lt_post_names,
                                    lt_post_flags, lt_client12_post_edges),
    [LT_M_SERVER12_POST] = MACHINE_("TLS 1.2 server", LATCH_ROLE_SERVER, LATCH_TLS12, 1, lt_post_names,
                                    lt_post_flags, lt_server12_post_edges),
};

lt_parse_fn *lt_codec_for(uint16_t type, uint16_t version)
{
    int tls12 = version == LATCH_TLS12;
    switch (type) {
    case LT_HS_SERVER_HELLO: return lt_parse_server_hello;
    case LT_HS_HELLO_REQUEST: return lt_parse_hello_request;
    case LT_HS_SERVER_HELLO_DONE: return lt_parse_server_hello_done;
    case LT_HS_ENCRYPTED_EXTENSIONS: return lt_parse_encrypted_extensions;
    case LT_HS_CERTIFICATE_REQUEST: return tls12 ? lt_parse_certificate_request12 : lt_parse_certificate_request13;
    case LT_HS_CERTIFICATE_VERIFY: return lt_parse_certificate_verify;
    case LT_HS_FINISHED: return tls12 ? lt_parse_finished12 : lt_parse_finished13;
    case LT_HS_SERVER_KEY_EXCHANGE: return lt_parse_server_key_exchange;
    case LT_HS_CLIENT_KEY_EXCHANGE: return lt_parse_client_key_exchange;
    case LT_HS_NEW_SESSION_TICKET: return tls12 ? lt_parse_new_session_ticket12 : lt_parse_new_session_ticket13;
    case LT_HS_KEY_UPDATE: return lt_parse_key_update;
    case LT_HS_CLIENT_HELLO: return lt_parse_client_hello;
    case LT_HS_CERTIFICATE: return tls12 ? lt_parse_certificate12 : lt_parse_certificate13;
    case LT_HS_CERTIFICATE_STATUS: return tls12 ? lt_parse_certificate_status : NULL;
    default: return NULL;
    }
}

const lt_edge *lt_machine_edge(lt_machine_id m, uint8_t state, uint16_t type)
{
    const lt_machine *machine = &lt_machines[m];
    for (size_t i = 0; i < machine->n_edges; i++)
        if (machine->edges[i].from == state && machine->edges[i].type == type)
            return &machine->edges[i];
    return NULL;
}

int lt_edge_allows(const lt_edge *e, int next)
{
    for (size_t i = 0; i < e->n_next; i++)
        if (e->next[i] == next)
            return 1;
    return 0;
}

unsigned lt_machine_state_flags(lt_machine_id m, uint8_t state)
{
    const lt_machine *machine = &lt_machines[m];
    return state < machine->n_states ? machine->state_flags[state] : 0;
}

const char *lt_machine_state_name(lt_machine_id m, uint8_t state)
{
    const lt_machine *machine = &lt_machines[m];
    return state < machine->n_states ? machine->state_names[state] : "?";
}

const char *lt_msg_type_name(uint16_t type, char *buf, size_t cap)
{
    static const struct {
        uint16_t type;
        const char *name;
    } names[] = {
        { LT_HS_HELLO_REQUEST, "HelloRequest" },
        { LT_HS_CLIENT_HELLO, "ClientHello" },
        { LT_HS_SERVER_HELLO, "ServerHello" },
        { LT_HS_NEW_SESSION_TICKET, "NewSessionTicket" },
        { LT_HS_END_OF_EARLY_DATA, "EndOfEarlyData" },
        { LT_HS_ENCRYPTED_EXTENSIONS, "EncryptedExtensions" },
        { LT_HS_CERTIFICATE, "Certificate" },
        { LT_HS_SERVER_KEY_EXCHANGE, "ServerKeyExchange" },
        { LT_HS_CERTIFICATE_REQUEST, "CertificateRequest" },
        { LT_HS_SERVER_HELLO_DONE, "ServerHelloDone" },
        { LT_HS_CERTIFICATE_VERIFY, "CertificateVerify" },
        { LT_HS_CLIENT_KEY_EXCHANGE, "ClientKeyExchange" },
        { LT_HS_FINISHED, "Finished" },
        { LT_HS_CERTIFICATE_STATUS, "CertificateStatus" },
        { LT_HS_KEY_UPDATE, "KeyUpdate" },
        { LT_MSG_CCS, "ChangeCipherSpec" },
    };
    for (size_t i = 0; i < COUNT_(names); i++)
        if (names[i].type == type)
            return names[i].name;
    snprintf(buf, cap, "handshake message %u", type);
    return buf;
}
