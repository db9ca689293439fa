/* libFuzzer harness: the server engine of fuzz_server.c in its other configuration, fed the
 * fuzzer's bytes as a client's records: it requires a client certificate (verified against the
 * test root; TLS 1.3 and 1.2) and issues no tickets, and it remembers one TLS 1.2 session by ID
 * (fuzz_resume.h), made by a client with a certificate, so that a client's bytes reach the
 * certificate it sends, its CertificateVerify and a resumption by session ID. */
#include "fuzz_resume.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static latch_config *server_config;
static lt_fuzz_id_session remembered;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    server_config = lt_fuzz_server_make(1);
    if (server_config == NULL || lt_fuzz_id_session_make(server_config, &remembered) < 0)
        __builtin_trap(); /* the fixed configuration must load (fuzz_engine.h: LT_FUZZ_PKI) */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    latch_conn *conn = lt_fuzz_server_conn_keeping(server_config, &remembered.kept);
    if (conn != NULL)
        lt_fuzz_feed(conn, data, size);
    latch_conn_free(conn);
    return 0;
}
