/* libFuzzer harness: a server engine (TLS 1.2 and 1.3, fixed configuration: fuzz_engine.h) fed
 * the fuzzer's bytes as a client's records. In the fuzzing build (docs/fuzzing.md) the records
 * are transparent and the Finished always matches, so the whole handshake is reachable. */
#include "fuzz_engine.h"

#include "crypto/rand.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a fresh config per input: a session cached by one input must not change the next */
    lt_random_fuzz_reset(); /* before the config: its ticket key is drawn from the stream */
    latch_config *cfg = lt_fuzz_server_config();
    if (cfg == NULL)
        __builtin_trap(); /* the fixed configuration must load: run from the source directory */
    latch_conn *conn = latch_conn_new(cfg, NULL);
    if (conn != NULL)
        lt_fuzz_feed(conn, data, size);
    latch_conn_free(conn);
    latch_config_free(cfg);
    return 0;
}
