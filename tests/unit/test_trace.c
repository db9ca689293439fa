/* The trace events API: the sequence each side sees in TLS 1.3 and TLS 1.2 handshakes, the
 * fields of the main messages, verification results, exactly one DONE, and no secret in any
 * event (every secret of the key log is looked for in every string). */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

typedef struct {
    char names[64][64];
    int types[64], outgoing[64], ok[64];
    size_t n;
    char text[32768];   /* every string of every event, concatenated */
    size_t text_len;
    char secrets[8][130];
    size_t n_secrets;
} lt_seen;

static void lt_append(lt_seen *s, const char *str)
{
    size_t n = strlen(str);
    if (s->text_len + n + 2 < sizeof s->text) {
        memcpy(s->text + s->text_len, str, n);
        s->text_len += n;
        s->text[s->text_len++] = '\n';
        s->text[s->text_len] = '\0';
    }
}

static void lt_on_event(void *arg, const latch_conn *conn, const latch_trace_event *ev)
{
    lt_seen *s = arg;
    (void)conn;
    if (s->n < 64) {
        snprintf(s->names[s->n], sizeof s->names[0], "%s", ev->name);
        s->types[s->n] = ev->type;
        s->outgoing[s->n] = ev->outgoing;
        s->ok[s->n] = ev->ok;
        s->n++;
    }
    lt_append(s, ev->name);
    lt_append(s, ev->summary);
    for (size_t i = 0; i < ev->n_fields; i++) {
        lt_append(s, ev->fields[i].key);
        lt_append(s, ev->fields[i].value);
    }
}

static void lt_on_keylog(void *arg, const char *line)
{
    lt_seen *s = arg;
    const char *secret = strrchr(line, ' ');
    if (secret != NULL && s->n_secrets < 8)
        snprintf(s->secrets[s->n_secrets++], sizeof s->secrets[0], "%s", secret + 1);
}

/* The index of the first event with that name and type, or -1. */
static int lt_find(const lt_seen *s, int type, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->types[i] == type && strcmp(s->names[i], name) == 0)
            return (int)i;
    return -1;
}

static void lt_check_side(const lt_seen *s, int client, uint16_t version)
{
    int ch = lt_find(s, LATCH_TRACE_MESSAGE, "ClientHello"), sh = lt_find(s, LATCH_TRACE_MESSAGE, "ServerHello");
    int cert = lt_find(s, LATCH_TRACE_MESSAGE, "Certificate"), fin = lt_find(s, LATCH_TRACE_MESSAGE, "Finished");
    LT_CHECK(ch >= 0 && sh > ch && cert > sh && fin > cert);
    if (ch >= 0)
        LT_CHECK_INT(s->outgoing[ch], client);
    if (sh >= 0)
        LT_CHECK_INT(s->outgoing[sh], !client);
    int done = 0;
    for (size_t i = 0; i < s->n; i++)
        done += s->types[i] == LATCH_TRACE_DONE;
    LT_CHECK_INT(done, 1);
    int finished = lt_find(s, LATCH_TRACE_VERIFY, "Finished");
    LT_CHECK(finished >= 0 && s->ok[finished]);
    if (client) {
        int chain = lt_find(s, LATCH_TRACE_VERIFY, "certificate chain");
        LT_CHECK(chain > cert && s->ok[chain]);
    }
    LT_CHECK(lt_find(s, LATCH_TRACE_KEYS, version == LATCH_TLS13 ? "handshake traffic secrets" : "master secret") >= 0);
    LT_CHECK_STR_CONTAINS(s->text, "'localhost' issued by 'ca'");
    LT_CHECK_STR_CONTAINS(s->text, version == LATCH_TLS13 ? "chose TLS 1.3" : "chose TLS 1.2");
    /* no secret in any event */
    LT_CHECK(s->n_secrets > 0);
    for (size_t i = 0; i < s->n_secrets; i++) {
        char prefix[17];
        snprintf(prefix, sizeof prefix, "%.16s", s->secrets[i]); /* even 8 bytes of it */
        LT_CHECK(strstr(s->text, prefix) == NULL);
    }
}

static void lt_run(uint16_t version)
{
    static const char *const cert = "p256";
    static lt_seen client_seen, server_seen;
    memset(&client_seen, 0, sizeof client_seen);
    memset(&server_seen, 0, sizeof server_seen);
    latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
    latch_config_set_versions(ccfg, version, version);
    latch_config_set_trace(ccfg, lt_on_event, &client_seen);
    latch_config_set_trace(scfg, lt_on_event, &server_seen);
    latch_config_set_keylog(ccfg, lt_on_keylog, &client_seen);
    latch_config_set_keylog(scfg, lt_on_keylog, &server_seen);
    lt_pair p = { 0 };
    LT_CHECK(lt_pair_handshake(&p, ccfg, scfg, "localhost"));
    lt_check_side(&client_seen, 1, version);
    lt_check_side(&server_seen, 0, version);
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

static void test_tls13(void) { lt_run(LATCH_TLS13); }
static void test_tls12(void) { lt_run(LATCH_TLS12); }

/* A failed verification is an event with ok 0 and the error, then the alert sent. */
static void test_failure(void)
{
    static const char *const cert = "p256";
    static lt_seen seen;
    memset(&seen, 0, sizeof seen);
    latch_config *scfg = lt_pair_server_config(&cert, 1), *ccfg = lt_pair_client_config();
    latch_config_set_trace(ccfg, lt_on_event, &seen);
    lt_pair p = { 0 };
    LT_CHECK(!lt_pair_handshake(&p, ccfg, scfg, "other.example"));
    int chain = lt_find(&seen, LATCH_TRACE_VERIFY, "certificate chain");
    LT_CHECK(chain >= 0 && !seen.ok[chain]);
    int alert = lt_find(&seen, LATCH_TRACE_ALERT, "bad_certificate");
    LT_CHECK(alert > chain && seen.outgoing[alert]);
    LT_CHECK_STR_CONTAINS(seen.text, "host-mismatch");
    LT_CHECK(lt_find(&seen, LATCH_TRACE_DONE, "handshake complete") < 0);
    lt_pair_free(&p);
    latch_config_free(ccfg);
    latch_config_free(scfg);
}

/* A peer's bytes reach the trace only as printable ASCII: a server name and an ALPN protocol
 * holding an escape sequence, a bell and bytes that are not UTF-8 would otherwise reach the
 * terminal of `latch server --trace` and its JSON lines (fuzz_server found a control character
 * in a server name, through the engine harnesses' trace observer). */
static void test_peer_text_is_printable(void)
{
    static const char *const cert = "p256";
    static lt_seen seen;
    static const uint8_t host[] = "evil\x1b[2J\x07host\xff";
    static const uint8_t protocol[] = "h2\x1b]0;x\x07\x80";
    uint8_t hello[256];
    size_t at = 0, host_len = sizeof host - 1, protocol_len = sizeof protocol - 1;
    memset(&seen, 0, sizeof seen);
    /* a TLS 1.2 ClientHello: ECDHE-ECDSA-AES128-GCM-SHA256, server_name and ALPN */
    hello[at++] = 0x03;
    hello[at++] = 0x03;
    memset(hello + at, 0x42, 32);
    at += 32;
    hello[at++] = 0;                   /* session_id */
    hello[at++] = 0;
    hello[at++] = 2;
    hello[at++] = 0xc0;
    hello[at++] = 0x2b;
    hello[at++] = 1;                   /* compression: null */
    hello[at++] = 0;
    size_t ext_len = 4 + 5 + host_len + 4 + 3 + protocol_len;
    hello[at++] = (uint8_t)(ext_len >> 8);
    hello[at++] = (uint8_t)ext_len;
    hello[at++] = 0x00;                /* server_name */
    hello[at++] = 0x00;
    hello[at++] = 0;
    hello[at++] = (uint8_t)(5 + host_len);
    hello[at++] = 0;
    hello[at++] = (uint8_t)(3 + host_len);
    hello[at++] = 0;                   /* host_name */
    hello[at++] = 0;
    hello[at++] = (uint8_t)host_len;
    memcpy(hello + at, host, host_len);
    at += host_len;
    hello[at++] = 0x00;                /* application_layer_protocol_negotiation */
    hello[at++] = 0x10;
    hello[at++] = 0;
    hello[at++] = (uint8_t)(3 + protocol_len);
    hello[at++] = 0;
    hello[at++] = (uint8_t)(1 + protocol_len);
    hello[at++] = (uint8_t)protocol_len;
    memcpy(hello + at, protocol, protocol_len);
    at += protocol_len;
    uint8_t record[300] = { 0x16, 0x03, 0x01, (uint8_t)((at + 4) >> 8), (uint8_t)(at + 4), 0x01, 0, 0, (uint8_t)at };
    memcpy(record + 9, hello, at);
    size_t record_len = 9 + at;

    latch_config *scfg = lt_pair_server_config(&cert, 1);
    latch_config_set_trace(scfg, lt_on_event, &seen);
    latch_conn *server = latch_conn_new(scfg, NULL);
    size_t room = 0;
    uint8_t *in = server != NULL ? latch_net_in_buf(server, &room) : NULL;
    LT_CHECK(in != NULL && room >= record_len);
    if (in != NULL && room >= record_len) {
        memcpy(in, record, record_len);
        (void)latch_net_in_commit(server, record_len);
    }
    LT_CHECK(lt_find(&seen, LATCH_TRACE_MESSAGE, "ClientHello") >= 0);
    LT_CHECK_STR_CONTAINS(seen.text, "server_name\nevil?[2J?host?\n");
    LT_CHECK_STR_CONTAINS(seen.text, "alpn\nh2?]0;x??\n");
    LT_CHECK_STR_CONTAINS(seen.text, "server name 'evil?[2J?host?'");
    for (size_t i = 0; i < seen.text_len; i++)
        if (seen.text[i] != '\n' && ((unsigned char)seen.text[i] < 0x20 || seen.text[i] == 0x7f)) {
            LT_CHECK(!"a control character in a trace event");
            break;
        }
    latch_conn_free(server);
    latch_config_free(scfg);
}

int main(void)
{
    LT_RUN(test_tls13);
    LT_RUN(test_tls12);
    LT_RUN(test_failure);
    LT_RUN(test_peer_text_is_printable);
    return lt_test_summary();
}
