/* Parses the shim's flags from a table. A flag not in the table is not implemented: the runner
 * then counts the test as unimplemented (exit 89) instead of the shim pretending to honour it. */
#include "shim_flags.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { F_BOOL, F_INT, F_STR, F_INTVEC } flag_kind;

typedef struct {
    const char *name;
    flag_kind kind;
    size_t offset;
} flag_def;

#define B(n, f) { n, F_BOOL, offsetof(shim_flags, f) }
#define I(n, f) { n, F_INT, offsetof(shim_flags, f) }
#define S(n, f) { n, F_STR, offsetof(shim_flags, f) }

static const flag_def flag_table[] = {
    I("-port", port),
    B("-ipv6", ipv6),
    B("-server", server),
    S("-cert-file", cert_file),
    S("-key-file", key_file),
    I("-min-version", min_version),
    I("-max-version", max_version),
    B("-no-tls13", no_tls13),
    B("-no-tls12", no_tls12),
    B("-no-tls11", no_old_versions),
    B("-no-tls1", no_old_versions),
    B("-no-ssl3", no_old_versions),
    S("-host-name", host_name),
    S("-expect-server-name", expect_server_name),
    I("-expect-version", expect_version),
    I("-expect-cipher", expect_cipher),
    S("-cipher", cipher),
    S("-advertise-alpn", advertise_alpn),
    S("-expect-alpn", expect_alpn),
    B("-expect-no-alpn", expect_no_alpn),
    S("-select-alpn", select_alpn),
    S("-expect-advertised-alpn", expect_advertised_alpn),
    B("-decline-alpn", decline_alpn),
    B("-reject-alpn", reject_alpn),
    I("-resume-count", resume_count),
    B("-expect-session-miss", expect_session_miss),
    B("-expect-no-session", expect_no_session),
    B("-shim-writes-first", shim_writes_first),
    B("-shim-shuts-down", shim_shuts_down),
    B("-check-close-notify", check_close_notify),
    B("-key-update", key_update),
    I("-export-keying-material", export_keying_material),
    S("-export-label", export_label),
    S("-export-context", export_context),
    B("-use-export-context", use_export_context),
    B("-require-any-client-certificate", require_any_client_certificate),
    B("-verify-peer", verify_peer),
    B("-verify-fail", verify_fail),
    B("-use-custom-verify-callback", use_custom_verify_callback),
    B("-expect-verify-result", expect_verify_result),
    S("-trust-cert", trust_cert),
    S("-ocsp-response", ocsp_response),
    I("-expect-curve-id", expect_curve_id),
    I("-expect-peer-signature-algorithm", expect_peer_signature_algorithm),
    { "-curves", F_INTVEC, offsetof(shim_flags, curves) },
    B("-async", async),
    B("-implicit-handshake", implicit_handshake),
    B("-no-ticket", no_ticket),
    B("-expect-hrr", expect_hrr),
    B("-expect-no-hrr", expect_no_hrr),
    B("-expect-extended-master-secret", expect_extended_master_secret),
    B("-is-handshaker-supported", is_handshaker_supported),
};

static const flag_def *find_flag(const char *name)
{
    for (size_t i = 0; i < sizeof flag_table / sizeof flag_table[0]; i++)
        if (strcmp(flag_table[i].name, name) == 0)
            return &flag_table[i];
    return NULL;
}

/* Strips "-on-<prefix>" from *name, leaving the flag's own leading '-', as BoringSSL does. */
static int remove_prefix(const char **name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(*name, prefix, n) == 0 && (*name)[n] == '-') {
        *name += n;
        return 1;
    }
    return 0;
}

static int parse_int(const char *text, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

static int set_flag(shim_flags *f, const flag_def *def, const char *param)
{
    char *field = (char *)f + def->offset;
    long long v = 0;
    switch (def->kind) {
    case F_BOOL:
        *(int *)field = 1;
        return 0;
    case F_STR:
        *(const char **)field = param;
        return 0;
    case F_INT:
        if (parse_int(param, &v) < 0 || v < -2147483647LL || v > 2147483647LL)
            return -1;
        *(int *)field = (int)v;
        return 0;
    case F_INTVEC:
        if (parse_int(param, &v) < 0 || v < 0 || v > 65535 || f->n_curves == SHIM_MAX_CURVES)
            return -1;
        f->curves[f->n_curves++] = (int)v;
        return 0;
    }
    return -1;
}

int shim_flags_parse(int argc, char **argv, shim_flags *initial, shim_flags *resume)
{
    memset(initial, 0, sizeof *initial);
    memset(resume, 0, sizeof *resume);
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        /* -shim-id is the one flag whose value does not fit an int. */
        if (strcmp(name, "-shim-id") == 0) {
            if (i + 1 >= argc)
                return 1;
            char *end;
            errno = 0;
            unsigned long long id = strtoull(argv[++i], &end, 10);
            if (errno != 0 || *end != '\0')
                return 1;
            initial->shim_id = resume->shim_id = id;
            continue;
        }
        shim_flags *only = NULL;
        if (remove_prefix(&name, "-on-initial"))
            only = initial;
        else if (remove_prefix(&name, "-on-resume"))
            only = resume;
        const flag_def *def = find_flag(name);
        if (def == NULL) {
            fprintf(stderr, "unimplemented flag: %s\n", argv[i]);
            return SHIM_EXIT_UNIMPLEMENTED;
        }
        const char *param = NULL;
        if (def->kind != F_BOOL) {
            if (i + 1 >= argc) {
                fprintf(stderr, "missing parameter for %s\n", name);
                return 1;
            }
            param = argv[++i];
        }
        int bad = only != NULL ? set_flag(only, def, param)
                               : (set_flag(initial, def, param) | set_flag(resume, def, param));
        if (bad) {
            fprintf(stderr, "invalid parameter for %s: %s\n", name, param);
            return 1;
        }
    }
    return 0;
}
