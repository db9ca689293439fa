/* libFuzzer harness: the client engine of fuzz_client.c offering a saved session and holding a
 * certificate of its own (fuzz_resume.h), fed the fuzzer's bytes as the server's records: the
 * first byte picks the session (a TLS 1.3 ticket, a TLS 1.2 ticket or a TLS 1.2 session ID),
 * the rest is the server's answer. So a server's bytes reach the client's side of resumption
 * (the PSK a ServerHello selects, an abbreviated TLS 1.2 handshake) and of client
 * authentication (a CertificateRequest answered with the certificate and its signature). */
#include "fuzz_resume.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t sessions[LT_FUZZ_RESUME_KINDS][4096];
static size_t session_lens[LT_FUZZ_RESUME_KINDS];
static latch_config *client_config;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (int kind = 0; kind < LT_FUZZ_RESUME_KINDS; kind++)
        if (lt_fuzz_resume_session(kind, NULL, sessions[kind], sizeof sessions[kind], &session_lens[kind]) < 0)
            __builtin_trap(); /* the sessions must be made (fuzz_engine.h: LT_FUZZ_PKI) */
    client_config = lt_fuzz_client_make(1, LATCH_TLS13);
    if (client_config == NULL)
        __builtin_trap();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int kind = data[0] % LT_FUZZ_RESUME_KINDS;
    latch_conn *conn = lt_fuzz_resume_client(client_config, sessions[kind], session_lens[kind]);
    if (conn == NULL)
        __builtin_trap(); /* the session must import */
    lt_fuzz_feed(conn, data + 1, size - 1);
    latch_conn_free(conn);
    return 0;
}
