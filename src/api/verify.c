/* latch_verify(): the public face of path validation (x509/path.c), and the descriptions of a
 * verified path for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "latch.h"

#include "api/store.h"
#include "base/err.h"
#include "crypto/pkey.h"
#include "x509/dn.h"
#include "x509/name.h"
#include "x509/path.h"
#include "x509/time.h"

LATCH_API const char *latch_verify_error_name(latch_verify_error error)
{
    static const char *const names[] = {
        "ok", "expired", "not-yet-valid", "unknown-issuer", "bad-signature", "not-ca",
        "path-length", "key-usage", "purpose", "name-constraints", "host-mismatch", "weak-key",
        "bad-algorithm", "unknown-critical-extension", "malformed", "limit",
    };
    if ((unsigned)error >= sizeof names / sizeof names[0])
        return "unknown";
    return names[error];
}

LATCH_API latch_status latch_time_parse(const char *text, int64_t *out)
{
    if (text == NULL || out == NULL)
        return LATCH_ERR_INVALID_ARG;
    return lt_time_parse_text(text, out) < 0 ? LATCH_ERR_DECODE : LATCH_OK;
}

LATCH_API void latch_time_format(int64_t t, char *out, size_t cap)
{
    lt_time_format(t, out, cap);
}

static void lt_verify_describe(const lt_cert *cert, int is_anchor, latch_path_entry *entry)
{
    lt_pubkey *key = NULL;
    memset(entry, 0, sizeof *entry);
    lt_dn_format(cert->subject, entry->subject, sizeof entry->subject);
    lt_dn_format(cert->issuer, entry->issuer, sizeof entry->issuer);
    lt_time_format(cert->not_before, entry->not_before, sizeof entry->not_before);
    lt_time_format(cert->not_after, entry->not_after, sizeof entry->not_after);
    snprintf(entry->signature, sizeof entry->signature, "%s",
             cert->sig_alg ? lt_sig_name(cert->sig_alg) : "unknown");
    if (lt_pubkey_from_spki(cert->spki.p, cert->spki.len, &key) == 0) {
        lt_key_type type = lt_pubkey_type(key);
        if (type == LT_KEY_RSA || type == LT_KEY_RSA_PSS)
            snprintf(entry->key, sizeof entry->key, "%s %u", lt_key_type_name(type),
                     lt_pubkey_bits(key));
        else
            snprintf(entry->key, sizeof entry->key, "%s", lt_key_type_name(type));
        lt_pubkey_free(key);
    } else {
        snprintf(entry->key, sizeof entry->key, "unsupported key");
    }
    entry->is_trust_anchor = is_anchor;
}

static void lt_verify_set(latch_verify_result *result, latch_verify_error error,
                          const char *before, const char *arg, const char *after)
{
    result->error = error;
    snprintf(result->reason, sizeof result->reason, "%s%s%s", before, arg, after);
}

LATCH_API latch_status latch_verify(const latch_roots *roots, const latch_certlist *chain,
                                    const latch_verify_params *params, latch_verify_result *result)
{
    const lt_certset *anchors_set, *chain_set;
    const lt_cert **anchors = NULL, **intermediates = NULL;
    lt_path_params path_params;
    lt_path_result *path = NULL;
    lt_name_ref ref;
    int rc = LT_ERR_INVALID_ARG;

    if (result == NULL)
        return LATCH_ERR_INVALID_ARG;
    memset(result, 0, sizeof *result);
    if (roots == NULL || chain == NULL || params == NULL) {
        lt_verify_set(result, LATCH_VERIFY_MALFORMED, "nothing to verify", "", "");
        return LATCH_ERR_INVALID_ARG;
    }
    anchors_set = lt_roots_set(roots);
    chain_set = lt_certlist_set(chain);
    if (chain_set->count == 0) {
        lt_verify_set(result, LATCH_VERIFY_MALFORMED, "no certificate to verify", "", "");
        return LATCH_ERR_INVALID_ARG;
    }
    memset(&path_params, 0, sizeof path_params);
    if (params->ip != NULL) {
        if (lt_name_ref_ip(params->ip, &ref) < 0) {
            lt_verify_set(result, LATCH_VERIFY_HOST_MISMATCH, "'", params->ip,
                          "' is not an IP address");
            return LATCH_ERR_INVALID_ARG;
        }
        path_params.name = &ref;
    } else if (params->host != NULL) {
        if (lt_name_ref_host(params->host, &ref) < 0) {
            lt_verify_set(result, LATCH_VERIFY_HOST_MISMATCH, "'", params->host,
                          "' is not a valid host name");
            return LATCH_ERR_INVALID_ARG;
        }
        path_params.name = &ref;
    }
    path_params.time = params->time ? params->time : (int64_t)time(NULL);
    path_params.purpose = params->purpose;
    path_params.max_intermediates = params->max_intermediates ? params->max_intermediates
                                                              : LATCH_DEFAULT_MAX_INTERMEDIATES;
    if (params->max_intermediates == LATCH_NO_INTERMEDIATES)
        path_params.max_intermediates = 0;
    else if (path_params.max_intermediates > LATCH_MAX_PATH - 2)
        path_params.max_intermediates = LATCH_MAX_PATH - 2;
    path_params.allow_sha1 = params->allow_sha1;

    anchors = lt_calloc(anchors_set->count + 1, sizeof *anchors);
    intermediates = lt_calloc(chain_set->count, sizeof *intermediates);
    path = lt_calloc(1, sizeof *path);
    if (anchors == NULL || intermediates == NULL || path == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < anchors_set->count; i++)
        anchors[i] = &anchors_set->items[i].cert;
    for (size_t i = 1; i < chain_set->count; i++)
        intermediates[i - 1] = &chain_set->items[i].cert;

    rc = lt_path_verify(&chain_set->items[0].cert, intermediates, chain_set->count - 1, anchors,
                        anchors_set->count, &path_params, path);
    result->error = path->error;
    snprintf(result->reason, sizeof result->reason, "%s", path->reason);
    if (rc == 0) {
        result->path_len = path->len;
        for (size_t i = 0; i < path->len; i++)
            lt_verify_describe(path->path[i], i + 1 == path->len, &result->path[i]);
    }
out:
    lt_free(anchors);
    lt_free(intermediates);
    lt_free(path);
    return (latch_status)rc;
}
