/* The BoGo shim's command line: the subset of BoringSSL's shim flags (ssl/test/test_config.cc)
 * that this shim implements, parsed once per handshake kind as BoringSSL does (a flag with an
 * -on-initial- or -on-resume- prefix applies to that handshake only). */
#ifndef LATCH_BOGO_SHIM_FLAGS_H
#define LATCH_BOGO_SHIM_FLAGS_H

#include <stddef.h>

#define SHIM_MAX_CURVES 16

/* The runner's exit code for a flag the shim does not implement. */
#define SHIM_EXIT_UNIMPLEMENTED 89

typedef struct {
    int port;
    unsigned long long shim_id;
    int ipv6;
    int server;
    const char *cert_file;
    const char *key_file;
    int min_version;
    int max_version;
    int no_tls13;
    int no_tls12;
    int no_old_versions; /* -no-tls1, -no-tls11, -no-ssl3: versions latch never has */
    const char *host_name;
    const char *expect_server_name;
    int expect_version;
    int expect_cipher;
    const char *cipher;
    const char *advertise_alpn; /* wire format: length-prefixed names */
    const char *expect_alpn;
    int expect_no_alpn;
    const char *select_alpn;
    const char *expect_advertised_alpn; /* wire format */
    int decline_alpn;
    int reject_alpn;
    int resume_count;
    int expect_session_miss;
    int expect_no_session;
    int shim_writes_first;
    int shim_shuts_down;
    int check_close_notify;
    int key_update;
    int export_keying_material;
    const char *export_label;
    const char *export_context;
    int use_export_context;
    int require_any_client_certificate;
    int verify_peer;
    int verify_fail;
    int use_custom_verify_callback;
    int expect_verify_result;
    const char *trust_cert;
    const char *ocsp_response; /* base64 */
    int expect_curve_id;
    int expect_peer_signature_algorithm;
    int curves[SHIM_MAX_CURVES];
    size_t n_curves;
    int async;
    int implicit_handshake;
    int no_ticket;
    int expect_hrr;
    int expect_no_hrr;
    int expect_extended_master_secret;
    int is_handshaker_supported;
} shim_flags;

/* Fills initial and resume from argv. Returns 0, or SHIM_EXIT_UNIMPLEMENTED for a flag this shim
 * does not know (named on stderr), or 1 for a malformed command line. */
int shim_flags_parse(int argc, char **argv, shim_flags *initial, shim_flags *resume);

#endif
