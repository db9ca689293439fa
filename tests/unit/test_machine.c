/* The handshake's edge tables and their dispatcher (src/tls/machine.c, dispatch.c): every
 * message type in every state of every machine, against the legal moves written out again here
 * from RFC 8446 Appendix A and RFC 5246 §7.3 (a second, independent entry: an edit of the table
 * that is not also made here fails); the tables' own consistency; and §5.1's record boundaries. */
#include <string.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "api/conn.h"
#include "tls/conn.h"
#include "tls/machine.h"
#include "tls/params.h"
#include "tls/proto.h"

enum { HR = 0, CH = 1, SH = 2, NST = 4, EE = 8, CERT = 11, SKE = 12, CR = 13, SHD = 14, CV = 15, CKE = 16,
       FIN = 20, CS = 22, KU = 24, CCS = LT_MSG_CCS, END = -1 };

/* What each state takes, from the RFCs. */
static const struct {
    lt_machine_id machine;
    uint8_t state;
    int legal[5];
} lt_expected[] = {
    { LT_M_CLIENT, LT_C_WAIT_SH, { SH, HR, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_SH2, { SH, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_EE, { EE, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_CERT_CR, { CR, CERT, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_CERT, { CERT, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_CV, { CV, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_FINISHED, { FIN, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_CV_REQUESTED, { CV, END } },
    { LT_M_CLIENT13, LT_C13_WAIT_FINISHED_REQUESTED, { FIN, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_CERT, { CERT, HR, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_SKE, { SKE, HR, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_SHD, { CR, SHD, HR, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_SHD_AFTER_CR, { SHD, HR, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_NST, { NST, HR, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_CCS, { CCS, HR, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_FINISHED, { FIN, HR, END } },
    /* RFC 6066 §8: after the Certificate, when the ServerHello promised a CertificateStatus */
    { LT_M_CLIENT12, LT_C12_WAIT_STATUS_SKE, { CS, SKE, HR, END } },
    { LT_M_CLIENT12, LT_C12_WAIT_STATUS_SHD, { CS, CR, SHD, HR, END } },
    { LT_M_SERVER, LT_S_WAIT_CH, { CH, END } },
    { LT_M_SERVER13, LT_S13_WAIT_CH2, { CH, END } },
    { LT_M_SERVER13, LT_S13_WAIT_CERT, { CERT, END } },
    { LT_M_SERVER13, LT_S13_WAIT_CV, { CV, END } },
    { LT_M_SERVER13, LT_S13_WAIT_FINISHED, { FIN, END } },
    { LT_M_SERVER12, LT_S12_WAIT_CERT, { CERT, END } },
    { LT_M_SERVER12, LT_S12_WAIT_CKE, { CKE, END } },
    { LT_M_SERVER12, LT_S12_WAIT_CV, { CV, END } },
    { LT_M_SERVER12, LT_S12_WAIT_CCS, { CCS, END } },
    { LT_M_SERVER12, LT_S12_WAIT_FINISHED, { FIN, END } },
    { LT_M_CLIENT13_POST, LT_POST_CONNECTED, { NST, KU, END } },
    { LT_M_SERVER13_POST, LT_POST_CONNECTED, { KU, END } },
    { LT_M_CLIENT12_POST, LT_POST_CONNECTED, { HR, END } },
    { LT_M_SERVER12_POST, LT_POST_CONNECTED, { CH, END } },
};
#define N_EXPECTED (sizeof lt_expected / sizeof lt_expected[0])

static int lt_is_legal(size_t i, int type)
{
    for (size_t k = 0; lt_expected[i].legal[k] != END; k++)
        if (lt_expected[i].legal[k] == type)
            return 1;
    return 0;
}

/* A connection put straight into a state, with a hash and a suite, as the handshake would have
 * left it. */
static latch_conn *lt_conn_in(latch_config *cfg, lt_machine_id m, uint8_t state)
{
    latch_conn *conn = lt_conn_create(cfg, "localhost");
    if (conn == NULL)
        return NULL;
    uint16_t version = lt_machines[m].version;
    conn->version = version ? version : LATCH_TLS13;
    conn->suite = lt_suite_find(conn->version == LATCH_TLS13 ? 0x1301 : 0xc02b);
    if (lt_transcript_set_hash(&conn->hs->transcript, conn->suite->hash) < 0) {
        latch_conn_free(conn);
        return NULL;
    }
    conn->machine = m;
    conn->hs_state = state;
    if (lt_machines[m].post)
        conn->state = LT_ST_CONNECTED;
    return conn;
}

/* Every type 0..255 and the ChangeCipherSpec, in every state: what the RFCs allow reaches its
 * handler (whose own checks then refuse the one-byte body), the rest is an unexpected_message
 * that names the state. */
static void test_state_by_message(void)
{
    latch_config *client = lt_pair_client_config();
    latch_config *server = lt_pair_server_config((const char *const[]){ "p256" }, 1);
    size_t cases = 0, wrong = 0;
    LT_CHECK(client != NULL && server != NULL);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const lt_machine *m = &lt_machines[lt_expected[i].machine];
        for (int type = 0; type <= 256; type++) {
            int t = type == 256 ? CCS : type;
            latch_conn *conn = lt_conn_in(m->role == LATCH_ROLE_CLIENT ? client : server, lt_expected[i].machine,
                                          lt_expected[i].state);
            LT_CHECK(conn != NULL);
            if (conn == NULL)
                continue;
            uint8_t msg[5] = { (uint8_t)t, 0, 0, 1, 0xff };
            int rc = lt_conn_dispatch(conn, (uint16_t)t, t == CCS ? NULL : msg, t == CCS ? 0 : sizeof msg);
            int out_of_order = rc < 0 && strstr(latch_conn_error(conn), "out of order") != NULL;
            int ok = lt_is_legal(i, t) ? !out_of_order
                                       : out_of_order && conn->alert_sent == LT_ALERT_UNEXPECTED_MESSAGE &&
                                             strstr(latch_conn_error(conn), lt_machine_state_name(
                                                 lt_expected[i].machine, lt_expected[i].state)) != NULL;
            if (!ok && wrong++ < 10)
                fprintf(stderr, "  %s %s, message %d: %s (%s)\n", m->name,
                        lt_machine_state_name(lt_expected[i].machine, lt_expected[i].state), t,
                        lt_is_legal(i, t) ? "legal, refused as out of order" : "illegal, not refused so",
                        latch_conn_error(conn));
            cases++;
            latch_conn_free(conn);
        }
    }
    LT_CHECK_INT((long long)wrong, 0);
    LT_CHECK(cases == N_EXPECTED * 257);
    latch_config_free(client);
    latch_config_free(server);
}

/* Every edge with a codec reads its message before its handler runs: a message its codec refuses
 * fails with the codec's alert, names the message, and never reaches the handler (the state
 * stays). */
static void test_codec_first(void)
{
    latch_config *client = lt_pair_client_config();
    latch_config *server = lt_pair_server_config((const char *const[]){ "p256" }, 1);
    size_t edges = 0;
    for (int mi = 0; mi < LT_M_COUNT; mi++) {
        const lt_machine *m = &lt_machines[mi];
        for (size_t e = 0; e < m->n_edges; e++) {
            const lt_edge *edge = &m->edges[e];
            if (edge->parse == NULL)
                continue;
            latch_conn *conn = lt_conn_in(m->role == LATCH_ROLE_CLIENT ? client : server, (lt_machine_id)mi,
                                          edge->from);
            LT_CHECK(conn != NULL);
            if (conn == NULL)
                continue;
            uint8_t msg[5] = { (uint8_t)edge->type, 0, 0, 1, 0xff };
            int rc = lt_conn_dispatch(conn, edge->type, msg, sizeof msg);
            const char *why = latch_conn_error(conn);
            LT_CHECK(rc < 0);
            LT_CHECK(conn->alert_sent == LT_ALERT_DECODE_ERROR || conn->alert_sent == LT_ALERT_ILLEGAL_PARAMETER);
            LT_CHECK(strstr(why, "malformed") != NULL || strstr(why, "repeats an extension") != NULL ||
                     strstr(why, "out of range") != NULL);
            LT_CHECK(conn->machine == mi && conn->hs_state == edge->from);
            edges++;
            latch_conn_free(conn);
        }
    }
    LT_CHECK(edges >= 20);
    latch_config_free(client);
    latch_config_free(server);
}

/* Every state of every machine is in the list above, every edge starts in a state of its
 * machine, and goes only to states of its own role: of its version, or (from the hello that
 * settles the version) of either. */
static void test_tables(void)
{
    size_t states = 0;
    for (int m = 0; m < LT_M_COUNT; m++) {
        const lt_machine *machine = &lt_machines[m];
        states += machine->n_states;
        for (size_t s = 0; s < machine->n_states; s++) {
            int listed = 0;
            for (size_t i = 0; i < N_EXPECTED; i++)
                listed |= lt_expected[i].machine == (lt_machine_id)m && lt_expected[i].state == s;
            LT_CHECK(listed);
        }
        for (size_t e = 0; e < machine->n_edges; e++) {
            const lt_edge *edge = &machine->edges[e];
            LT_CHECK(edge->from < machine->n_states);
            LT_CHECK(edge->n_next > 0 && edge->n_next <= LT_EDGE_MAX_NEXT);
            LT_CHECK(lt_machine_edge((lt_machine_id)m, edge->from, edge->type) == edge); /* no duplicates */
            for (size_t k = 0; k < edge->n_next; k++) {
                if (edge->next[k] == LT_STAY)
                    continue;
                const lt_machine *to = &lt_machines[LT_NEXT_MACHINE(edge->next[k])];
                LT_CHECK(LT_NEXT_MACHINE(edge->next[k]) < LT_M_COUNT);
                LT_CHECK(LT_NEXT_STATE(edge->next[k]) < to->n_states);
                LT_CHECK(to->role == machine->role);
                LT_CHECK(to->version == machine->version || machine->version == 0);
                LT_CHECK(!machine->post); /* nothing leaves the post-handshake machines */
            }
        }
    }
    LT_CHECK(states == N_EXPECTED);
}

/* §5.1: a ClientHello ends its record. After a HelloRetryRequest no keys change, so only the
 * table says so: a record with a second message behind the first ClientHello is refused as such
 * (the message behind it is never parsed). */
static void test_record_boundary(void)
{
    latch_config *client_cfg = lt_pair_client_config();
    latch_config *server_cfg = lt_pair_server_config((const char *const[]){ "p256" }, 1);
    LT_CHECK_INT(latch_config_set_groups(client_cfg, "x25519,secp384r1"), LATCH_OK);
    LT_CHECK_INT(latch_config_set_groups(server_cfg, "secp384r1"), LATCH_OK); /* a HelloRetryRequest */
    latch_conn *client = latch_conn_new(client_cfg, "localhost");
    latch_conn *server = latch_conn_new(server_cfg, NULL);
    size_t len = 0, room = 0;
    const uint8_t *hello = latch_net_out_buf(client, &len);
    uint8_t record[4096];
    LT_CHECK(len + 4 <= sizeof record && len > 9 && hello[0] == LT_CT_HANDSHAKE);
    memcpy(record, hello, len);
    /* behind the ClientHello, in the same record: a ClientHello header (an empty one) */
    static const uint8_t behind[4] = { LT_HS_CLIENT_HELLO, 0, 0, 0 };
    memcpy(record + len, behind, sizeof behind);
    size_t fragment = (size_t)record[3] << 8 | record[4];
    fragment += sizeof behind;
    record[3] = (uint8_t)(fragment >> 8);
    record[4] = (uint8_t)fragment;
    uint8_t *in = latch_net_in_buf(server, &room);
    LT_CHECK(in != NULL && room >= len + sizeof behind);
    memcpy(in, record, len + sizeof behind);
    LT_CHECK(latch_net_in_commit(server, len + sizeof behind) < 0);
    LT_CHECK_INT(server->alert_sent, LT_ALERT_UNEXPECTED_MESSAGE);
    LT_CHECK(strstr(latch_conn_error(server), "must end its record") != NULL);
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

int main(void)
{
    LT_RUN(test_tables);
    LT_RUN(test_state_by_message);
    LT_RUN(test_codec_first);
    LT_RUN(test_record_boundary);
    return lt_test_summary();
}
