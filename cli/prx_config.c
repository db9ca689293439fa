/* The TLS client configuration of `latch proxy --to-tls`: the backend is verified against
 * --roots (the system's by default, as `latch client` does) for the name --servername gives (or
 * the backend's HOST), with an optional client certificate (--cert, --key). Built at the start
 * and again on SIGHUP, where a file that does not load keeps the running configuration. */
#include <stdio.h>

#include "prx.h"

latch_config *prx_config_build(const srv_tls_files *f, char *why, size_t why_cap, int *usage_error)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    *usage_error = 0;
    why[0] = '\0';
    if (cfg == NULL) {
        snprintf(why, why_cap, "out of memory");
        return NULL;
    }
    latch_status st = latch_config_set_roots_file(cfg, f->roots ? f->roots : "system");
    if (st == LATCH_OK && f->n_certs > 0)
        st = latch_config_add_identity(cfg, f->certs[0], f->keys[0]);
    if (st == LATCH_ERR_IO || st == LATCH_ERR_DECODE)
        *usage_error = 1; /* (input that cannot be read, or is not what it should be) */
    if (st != LATCH_OK || srv_config_protocol(f, cfg) != LATCH_OK) {
        snprintf(why, why_cap, "%s", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}
