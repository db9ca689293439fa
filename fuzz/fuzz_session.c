/* libFuzzer harness: a client's session imported as bytes (latch_config_session_import, the
 * format latch_conn_session_export writes: tls/session.c). A session latch takes must be
 * exactly what it would export again (the format has one encoding), and it must be safe to
 * use: the client offers it to the fixed server of fuzz_engine.h, which opens its ticket (in the
 * fuzzing build a ticket is its state in the clear, so an imported ticket carries whatever
 * version, suite, secret and times the input chose) and resumes or refuses it. */
#include <stdlib.h>

#include "fuzz_engine.h"
#include "tls/session.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lt_client_session parsed;
    static uint8_t again[8192];
    size_t again_len = 0;
    lt_random_fuzz_reset();
    latch_config *cfg = lt_fuzz_client_config();
    if (cfg == NULL)
        __builtin_trap();
    latch_status st = latch_config_session_import(cfg, data, size);
    int read = lt_client_session_read(data, size, &parsed);
    if ((st == LATCH_OK) != (read == 0)) {
        fprintf(stderr, "fuzz_session: import says %d, the reader %d\n", (int)st, read);
        abort();
    }
    if (st == LATCH_OK) {
        if (lt_client_session_write(&parsed, again, sizeof again, &again_len) < 0 || again_len != size ||
            memcmp(again, data, size) != 0) {
            fprintf(stderr, "fuzz_session: a session taken is not the one written back (%zu bytes, %zu again)\n",
                    size, again_len);
            abort();
        }
        /* offered under the name it was stored for (one latch refuses as a name makes no conn) */
        latch_conn *client = latch_conn_new(cfg, parsed.st.server_name[0] != '\0' ? parsed.st.server_name : NULL);
        latch_conn *server = client != NULL ? lt_fuzz_server_conn(server_config) : NULL;
        if (client != NULL && server != NULL)
            lt_fuzz_pump(client, server);
        latch_conn_free(client);
        latch_conn_free(server);
    }
    latch_config_free(cfg);
    return 0;
}
