/* latch_verify(): the public face of path validation (x509/path.c), and the descriptions of a
 * verified path for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "latch.h"

#include "api/certlist.h"
#include "api/status.h"
#include "api/verify_ocsp.h"
#include "base/err.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "x509/dn.h"
#include "x509/name.h"
#include "x509/path.h"
#include "x509/revocation.h"
#include "x509/roots.h"
#include "x509/time.h"

/* x509/path.h's verdicts are the public ones, member for member: the public enum is a stable
 * API, the x509 one is what path validation (below the API) speaks. */
#define LT_SAME(public, internal) _Static_assert((int)(public) == (int)(internal), #public " is " #internal)
LT_SAME(LATCH_VERIFY_OK, LT_VERIFY_OK);
LT_SAME(LATCH_VERIFY_EXPIRED, LT_VERIFY_EXPIRED);
LT_SAME(LATCH_VERIFY_NOT_YET_VALID, LT_VERIFY_NOT_YET_VALID);
LT_SAME(LATCH_VERIFY_UNKNOWN_ISSUER, LT_VERIFY_UNKNOWN_ISSUER);
LT_SAME(LATCH_VERIFY_BAD_SIGNATURE, LT_VERIFY_BAD_SIGNATURE);
LT_SAME(LATCH_VERIFY_NOT_CA, LT_VERIFY_NOT_CA);
LT_SAME(LATCH_VERIFY_PATH_LENGTH, LT_VERIFY_PATH_LENGTH);
LT_SAME(LATCH_VERIFY_KEY_USAGE, LT_VERIFY_KEY_USAGE);
LT_SAME(LATCH_VERIFY_PURPOSE, LT_VERIFY_PURPOSE);
LT_SAME(LATCH_VERIFY_NAME_CONSTRAINTS, LT_VERIFY_NAME_CONSTRAINTS);
LT_SAME(LATCH_VERIFY_HOST_MISMATCH, LT_VERIFY_HOST_MISMATCH);
LT_SAME(LATCH_VERIFY_WEAK_KEY, LT_VERIFY_WEAK_KEY);
LT_SAME(LATCH_VERIFY_BAD_ALGORITHM, LT_VERIFY_BAD_ALGORITHM);
LT_SAME(LATCH_VERIFY_UNKNOWN_CRITICAL_EXTENSION, LT_VERIFY_UNKNOWN_CRITICAL_EXTENSION);
LT_SAME(LATCH_VERIFY_MALFORMED, LT_VERIFY_MALFORMED);
LT_SAME(LATCH_VERIFY_LIMIT, LT_VERIFY_LIMIT);
LT_SAME(LATCH_VERIFY_BAD_EXTENSION, LT_VERIFY_BAD_EXTENSION);
LT_SAME(LATCH_VERIFY_BAD_NAME, LT_VERIFY_BAD_NAME);
LT_SAME(LATCH_VERIFY_REVOKED, LT_VERIFY_REVOKED);
LT_SAME(LATCH_VERIFY_REVOCATION_UNKNOWN, LT_VERIFY_REVOCATION_UNKNOWN);
LT_SAME(LATCH_PURPOSE_SERVER, LT_PURPOSE_SERVER);
LT_SAME(LATCH_PURPOSE_CLIENT, LT_PURPOSE_CLIENT);
LT_SAME(LATCH_PURPOSE_EMAIL, LT_PURPOSE_EMAIL);
LT_SAME(LATCH_MAX_PATH, LT_PATH_MAX_LEN);
LT_SAME(LATCH_DEFAULT_MAX_INTERMEDIATES, LT_PATH_DEFAULT_MAX_INTERMEDIATES);

static latch_verify_error lt_verify_error_public(lt_verify_error error)
{
    return (latch_verify_error)error;
}

static lt_purpose lt_verify_purpose(latch_purpose purpose)
{
    return purpose == LATCH_PURPOSE_CLIENT  ? LT_PURPOSE_CLIENT
           : purpose == LATCH_PURPOSE_EMAIL ? LT_PURPOSE_EMAIL
                                            : LT_PURPOSE_SERVER;
}

LATCH_API const char *latch_verify_error_name(latch_verify_error error)
{
    return lt_path_error_name((lt_verify_error)error);
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

LATCH_API latch_status latch_cert_describe(const uint8_t *der, size_t len, latch_cert_info *info)
{
    lt_cert cert;
    const char *problem = NULL;
    uint8_t digest[32];
    if (der == NULL || info == NULL)
        return LATCH_ERR_INVALID_ARG;
    memset(info, 0, sizeof *info);
    if (lt_cert_parse(der, len, &cert, &problem) < 0)
        return LATCH_ERR_DECODE;
    lt_verify_describe(&cert, 0, &info->about);
    lt_name_list_sans(&cert, info->names, sizeof info->names);
    if (lt_hash(LT_HASH_SHA256, der, len, digest) == 0) {
        size_t at = 0;
        for (size_t i = 0; i < sizeof digest; i++)
            at += (size_t)snprintf(info->sha256 + at, sizeof info->sha256 - at, i ? ":%02X" : "%02X", digest[i]);
    }
    return LATCH_OK;
}

LATCH_API latch_status latch_cert_common_name(const uint8_t *der, size_t len, char *out, size_t cap)
{
    lt_cert cert;
    const char *problem = NULL;
    if (der == NULL || out == NULL || cap == 0)
        return LATCH_ERR_INVALID_ARG;
    out[0] = '\0';
    if (lt_cert_parse(der, len, &cert, &problem) < 0)
        return LATCH_ERR_DECODE;
    if (!lt_dn_common_name(cert.subject, out, cap))
        out[0] = '\0'; /* (none: "") */
    return LATCH_OK;
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
    const lt_certset *chain_set;
    lt_path_params path_params;
    lt_revocation_sources revocation;
    lt_path_result *path;
    lt_name_ref ref;
    int rc;

    if (result == NULL)
        return LATCH_ERR_INVALID_ARG;
    memset(result, 0, sizeof *result);
    if (roots == NULL || chain == NULL || params == NULL) {
        lt_verify_set(result, LATCH_VERIFY_MALFORMED, "nothing to verify", "", "");
        return LATCH_ERR_INVALID_ARG;
    }
    chain_set = lt_certlist_set(chain);
    if (chain_set->count == 0) {
        lt_verify_set(result, LATCH_VERIFY_MALFORMED, "no certificate to verify", "", "");
        return LATCH_ERR_INVALID_ARG;
    }
    memset(&path_params, 0, sizeof path_params);
    if ((params->host != NULL) + (params->ip != NULL) + (params->email != NULL) > 1) {
        lt_verify_set(result, LATCH_VERIFY_MALFORMED, "give at most one of a host, an IP address and an e-mail address",
                      "", "");
        return LATCH_ERR_INVALID_ARG;
    }
    if (params->email != NULL) {
        if (lt_name_ref_email(params->email, &ref) < 0) {
            lt_verify_set(result, LATCH_VERIFY_HOST_MISMATCH, "'", params->email,
                          "' is not an e-mail address");
            return LATCH_ERR_INVALID_ARG;
        }
        path_params.name = &ref;
    } else if (params->ip != NULL) {
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
    path_params.purpose = lt_verify_purpose(params->purpose);
    path_params.max_intermediates = params->max_intermediates ? params->max_intermediates
                                                              : LATCH_DEFAULT_MAX_INTERMEDIATES;
    if (params->max_intermediates == LATCH_NO_INTERMEDIATES)
        path_params.max_intermediates = 0;
    else if (path_params.max_intermediates > LATCH_MAX_PATH - 2)
        path_params.max_intermediates = LATCH_MAX_PATH - 2;
    path_params.allow_sha1 = params->allow_sha1;
    revocation.crls = params->crls;
    revocation.require = params->require_crl;
    path_params.revocation = &revocation;

    path = lt_calloc(1, sizeof *path);
    if (path == NULL)
        return LATCH_ERR_NOMEM;
    rc = lt_path_verify_sets(chain_set, &roots->set, &path_params, path);
    if (rc == 0)
        rc = lt_verify_ocsp_apply(params, path_params.time, path, result->revocation, sizeof result->revocation);
    result->error = lt_verify_error_public(path->error);
    snprintf(result->reason, sizeof result->reason, "%s", path->reason);
    if (rc == 0) {
        result->path_len = path->len;
        for (size_t i = 0; i < path->len; i++)
            lt_verify_describe(path->path[i], i + 1 == path->len, &result->path[i]);
    }
    lt_free(path);
    return lt_status_public(rc);
}
