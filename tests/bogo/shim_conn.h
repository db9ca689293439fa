/* One BoGo connection: the config built from the flags, the handshake, the checks and the echo. */
#ifndef LATCH_BOGO_SHIM_CONN_H
#define LATCH_BOGO_SHIM_CONN_H

#include "shim_flags.h"

#include <latch.h>

#include <stddef.h>
#include <stdint.h>

/* What lives across the connections of one shim run: the server's ticket key and its config
 * (kept while the flags stay the same, for its TLS 1.2 session-ID cache; flags that differ get a
 * config of their own, sharing only the ticket key), and the client's session to resume. */
typedef struct {
    uint8_t ticket_key[48];
    latch_config *server_config;
    shim_flags server_flags;
    uint8_t session[16384];
    size_t session_len;
} shim_state;

int shim_state_init(shim_state *state);
void shim_state_clear(shim_state *state);

/* Runs one connection; returns the process's exit code (0, 1, or 89). */
int shim_run_connection(shim_state *state, const shim_flags *flags, int is_resume);

#endif
