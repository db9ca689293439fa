/* libFuzzer harness: a server engine (TLS 1.2 and 1.3, one fixed configuration: fuzz_engine.h) fed
 * the fuzzer's bytes as a client's records. In the fuzzing build (docs/fuzzing.md) the records
 * are transparent and the Finished always matches, so the whole handshake is reachable. */
#include "fuzz_engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One config for every input (loading its keys costs more than a handshake): what it keeps
 * between connections is reset per input by lt_fuzz_server_conn. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    latch_conn *conn = lt_fuzz_server_conn(server_config);
    if (conn != NULL)
        lt_fuzz_feed(conn, data, size);
    latch_conn_free(conn);
    return 0;
}
