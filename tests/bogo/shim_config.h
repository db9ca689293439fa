/* The latch_config for one BoGo connection, built from its flags. */
#ifndef LATCH_BOGO_SHIM_CONFIG_H
#define LATCH_BOGO_SHIM_CONFIG_H

#include "shim_conn.h"
#include "shim_flags.h"

#include <latch.h>

/* Builds *out; returns 0, 1 (a setting latch refused: the reason is on stderr) or 89 (a flag's
 * meaning latch has no way to express). */
int shim_config_build(const shim_flags *flags, const shim_state *state, latch_config **out);

/* The IANA name of a cipher suite number, the code point of a group name; NULL / -1 if unknown. */
const char *shim_suite_name(int id);
/* The name latch_conn_signature_scheme() gives a SignatureScheme code point; NULL if unknown. */
const char *shim_sigscheme_name(int id);
int shim_group_id(const char *name);

/* What the shim's callbacks saw on the current connection; shim_callbacks_reset() starts one.
 * The verify callback's verdict: -1 it did not run, 0 it accepted, 1 it refused (-verify-fail).
 * The ALPN list a client offered (wire format): 1 and its bytes when the ALPN callback ran. */
void shim_callbacks_reset(void);
int shim_verify_verdict(void);
int shim_alpn_offered(const char **list, size_t *len);

#endif
