/* libFuzzer harness: a client engine (TLS 1.2 and 1.3, fixed configuration: fuzz_engine.h) that
 * sent its ClientHello and is fed the fuzzer's bytes as the server's records. The deterministic
 * random stream makes the ClientHello the same each time, so a recorded server's answer (the
 * seeds) still fits it. */
#include "fuzz_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_random_fuzz_reset();
    latch_config *cfg = lt_fuzz_client_config();
    if (cfg == NULL)
        __builtin_trap(); /* the fixed configuration must load: run from the source directory */
    latch_conn *conn = latch_conn_new(cfg, "localhost");
    if (conn != NULL)
        lt_fuzz_feed(conn, data, size);
    latch_conn_free(conn);
    latch_config_free(cfg);
    return 0;
}
