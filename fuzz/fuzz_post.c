/* libFuzzer harness: what follows the handshake. For each input a latch client and server (the
 * fixed configurations of fuzz_engine.h, the client held to TLS 1.2 or allowed TLS 1.3) complete
 * a handshake in memory; then one side is fed the rest of the input as the peer's records: on
 * TLS 1.3 NewSessionTicket, KeyUpdate, alerts, application data and any other message after the
 * Finished (RFC 8446 §4.6, §6); on TLS 1.2 HelloRequest and a renegotiating ClientHello (both
 * refused, RFC 5746), alerts and application data. The side then writes and closes, so what the
 * records changed (keys, a requested update, a closed direction) is used too. In the fuzzing
 * build records are in the clear (docs/fuzzing.md): a seed is plaintext records. The first byte
 * picks the side and the version. */
#include "fuzz_engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static latch_config *server_config;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    server_config = lt_fuzz_server_config();
    if (server_config == NULL)
        __builtin_trap(); /* the fixed configuration must load (fuzz_engine.h: LT_FUZZ_PKI) */
    return 0;
}

/* fuzz_engine.h's client held to TLS 1.2 */
static latch_config *client12_config(void)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    if (cfg == NULL)
        return NULL;
    if (latch_config_set_roots_file(cfg, LT_FUZZ_PKI "ca.pem") != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS12, LATCH_TLS12) != LATCH_OK ||
        latch_config_set_rsa_key_exchange(cfg, 1) != LATCH_OK ||
        latch_config_set_clock(cfg, lt_fuzz_clock, NULL) != LATCH_OK || latch_config_freeze(cfg) != LATCH_OK)
        return lt_fuzz_config_failed(cfg);
    return cfg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int feed_client = data[0] & 1, tls12 = (data[0] >> 1) & 1;
    /* a fresh client per input: a session it kept would make the next input's handshake a
     * resumption */
    lt_random_fuzz_reset();
    latch_config *client_config = tls12 ? client12_config() : lt_fuzz_client_config();
    if (client_config == NULL)
        __builtin_trap();
    latch_conn *client = latch_conn_new(client_config, "localhost");
    latch_conn *server = lt_fuzz_server_conn(server_config);
    if (client == NULL || server == NULL)
        __builtin_trap();
    lt_fuzz_pump(client, server);
    if (!latch_conn_handshake_done(client) || !latch_conn_handshake_done(server) ||
        latch_conn_version(client) != (tls12 ? LATCH_TLS12 : LATCH_TLS13)) {
        fprintf(stderr, "fuzz_post: the fixed handshake failed: client '%s', server '%s'\n",
                latch_conn_error(client), latch_conn_error(server));
        __builtin_trap();
    }
    latch_conn *conn = feed_client ? client : server;
    size_t n;
    lt_fuzz_feed(conn, data + 1, size - 1);
    /* what the records left is used: a write (under keys a KeyUpdate changed, or refused on a
     * closed connection), then close_notify */
    (void)latch_write(conn, "after", 5, &n);
    lt_fuzz_drain(conn);
    (void)latch_close_notify(conn);
    lt_fuzz_drain(conn);
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(client_config);
    return 0;
}
