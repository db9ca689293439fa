/* BoGo shim: plays one side of the TLS connections BoringSSL's test runner asks for, with latch's
 * public API (the runner's contract: its ssl/test/PORTING.md). It connects to the runner's port,
 * sends the shim ID, runs the handshake, checks what the -expect-* flags ask, and then echoes the
 * runner's data back with every byte inverted, once per connection (1 + -resume-count).
 * Exit codes: 0 success; 1 failure, with the reason on stderr (matched through config.json's
 * ErrorMap); 89 for a flag or a setting this shim does not implement. */
#include "shim_conn.h"
#include "shim_flags.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    shim_flags initial, resume;
    int rc = shim_flags_parse(argc, argv, &initial, &resume);
    if (rc != 0)
        return rc;
    if (initial.is_handshaker_supported) {
        /* split handshakes (a handshaker process) are BoringSSL's own; the runner then skips them */
        puts("No");
        return 0;
    }
    signal(SIGPIPE, SIG_IGN);
    shim_state state;
    rc = shim_state_init(&state);
    if (rc != 0)
        return rc;
    for (int i = 0; i <= initial.resume_count && rc == 0; i++)
        rc = shim_run_connection(&state, i == 0 ? &initial : &resume, i > 0);
    shim_state_clear(&state);
    return rc;
}
