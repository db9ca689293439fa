/* Revocation checking against CRLs (see revocation.h). RFC 5280 §6.3.3 as latch applies it:
 * (a) the CRL's time window, (b) its issuingDistributionPoint scope, with (b)(2)(i) the match of
 * its distribution point name against the certificate's, (f) the CRL issuer is the certificate's
 * issuer with cRLSign, or, for an indirect CRL, a CRL issuer the certificate names in cRLIssuer
 * whose own certificate validates to the same anchor, (g) the signature, (i) the certificate's
 * serial on the list, for its issuer (certificateIssuer, §5.3.3). Work is bounded: per
 * certificate one pass over the CRLs, a binary search in each usable one, at most
 * LT_REVOCATION_MAX_SIGNATURES signature checks and LT_REVOCATION_MAX_ISSUER_PATHS validations of
 * indirect CRL issuers per path. */
#include "x509/revocation.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "crypto/pkey.h"
#include "x509/crldp.h"
#include "x509/der.h"
#include "x509/dn.h"
#include "x509/time.h"

/* What is known of an indirect CRL's issuer certificate. */
enum { LT_SIGNER_UNKNOWN = 0, LT_SIGNER_FOUND, LT_SIGNER_NONE };

typedef struct {
    const lt_revocation_sources *sources;
    const lt_path_params *params;
    const lt_cert *const *intermediates;
    size_t n_intermediates;
    const lt_cert *anchor;
    unsigned signatures_left;
    unsigned issuer_paths_left;
    /* per CRL of the set: its indirect issuer, looked for once per path */
    unsigned char signer_state[LT_CRLSET_MAX];
    const lt_cert *signer[LT_CRLSET_MAX];
    char signer_why[LT_CRLSET_MAX][120];
    char unusable[240];     /* why the last candidate CRL was not used, for the unknown verdict */
} lt_revocation_ctx;

static void lt_revocation_note(lt_revocation_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void lt_revocation_note(lt_revocation_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->unusable, sizeof ctx->unusable, fmt, ap);
    va_end(ap);
}

/* Whether cert's cRLDistributionPoints names crl_issuer in a cRLIssuer (§4.2.1.13): the
 * certificate's issuer delegating its CRLs, which is what makes an indirect CRL apply. */
static bool lt_revocation_delegated(const lt_cert *cert, lt_span crl_issuer)
{
    lt_reader dps = lt_reader_from_span(cert->crl_distribution_points);
    lt_crldp dp;
    while (cert->has_crl_distribution_points && lt_crldp_next(&dps, &dp) == 1)
        if (lt_crldp_names_have_directory(dp.crl_issuer, crl_issuer))
            return true;
    return false;
}

/* §6.3.3 (b)(2)(i): a CRL whose issuingDistributionPoint names a distribution point is complete
 * only for the certificates whose distribution points share a name with it (their
 * distributionPoint fullName, or, for one that has none, their cRLIssuer). */
static bool lt_revocation_dp_matches(const lt_crl *crl, const lt_cert *cert)
{
    lt_reader dps = lt_reader_from_span(cert->crl_distribution_points);
    lt_crldp dp;
    if (crl->idp_full_name.len == 0) /* a relative name: latch matches none */
        return false;
    while (cert->has_crl_distribution_points && lt_crldp_next(&dps, &dp) == 1) {
        if (dp.full_name.len > 0 && lt_crldp_names_meet(crl->idp_full_name, dp.full_name))
            return true;
        if (dp.full_name.len == 0 && !dp.relative_name && lt_crldp_names_meet(crl->idp_full_name, dp.crl_issuer))
            return true;
    }
    return false;
}

/* Checks that do not depend on who signed crl: 1 it may be used for cert, 0 not (with a note). */
static int lt_revocation_usable(lt_revocation_ctx *ctx, const lt_crl *crl, const lt_cert *cert,
                                const char *crl_name)
{
    char when[40], oid[64];
    int cert_is_ca = cert->has_basic_constraints && cert->is_ca;
    if (crl->is_delta) {
        lt_revocation_note(ctx, "the CRL of '%s' is a delta CRL, which latch does not support", crl_name);
        return 0;
    }
    /* §5.3.3: certificateIssuer belongs in indirect CRLs only; elsewhere its entries' issuer
     * would be ambiguous */
    if (crl->entry_certificate_issuer && !crl->idp_indirect) {
        lt_revocation_note(ctx, "the CRL of '%s' has certificateIssuer entries but is not an indirect CRL "
                           "(issuingDistributionPoint indirectCRL)", crl_name);
        return 0;
    }
    if (crl->has_unknown_critical) {
        lt_der_oid_to_text(crl->unknown_critical_oid, oid, sizeof oid);
        lt_revocation_note(ctx, "the CRL of '%s' has a critical extension latch does not handle (%s)",
                           crl_name, oid);
        return 0;
    }
    /* §5.2.5: a CRL scoped to one kind of certificate says nothing about the others */
    if (crl->idp_only_attribute || (crl->idp_only_user && cert_is_ca) || (crl->idp_only_ca && !cert_is_ca)) {
        lt_revocation_note(ctx, "the CRL of '%s' covers only %s", crl_name,
                           crl->idp_only_attribute ? "attribute certificates"
                           : crl->idp_only_user    ? "end-entity certificates"
                                                   : "CA certificates");
        return 0;
    }
    if (ctx->params->time < crl->this_update) {
        lt_time_format(crl->this_update, when, sizeof when);
        lt_revocation_note(ctx, "the CRL of '%s' is not valid until %s (thisUpdate)", crl_name, when);
        return 0;
    }
    if (crl->has_next_update && ctx->params->time > crl->next_update) {
        lt_time_format(crl->next_update, when, sizeof when);
        lt_revocation_note(ctx, "the CRL of '%s' is stale: its nextUpdate was %s", crl_name, when);
        return 0;
    }
    if (crl->sig_alg == LT_SIG_NONE || lt_sig_hash(crl->sig_alg) == LT_HASH_SHA1) {
        lt_revocation_note(ctx, "the CRL of '%s' is signed with an algorithm latch does not accept", crl_name);
        return 0;
    }
    return 1;
}

/* Finds and validates the certificate of an indirect CRL's issuer: among the intermediates and
 * the path's anchor, one whose subject is the CRL's issuer (and whose key identifier, when both
 * have one, is the CRL's), with keyUsage cRLSign (§4.2.1.3), that is the anchor or validates to
 * it. Its own revocation is not checked: that would be a second level of this search. Returns
 * 0 (ctx->signer[index] set or LT_SIGNER_NONE with a reason), or LT_ERR_VERIFY for the limit. */
static int lt_revocation_find_signer(lt_revocation_ctx *ctx, size_t index, const lt_crl *crl,
                                     lt_verify_error *error, char *why, size_t cap)
{
    char name[128];
    lt_path_params sub = *ctx->params;
    lt_path_result *result = NULL;
    int rc = 0;
    sub.name = NULL;
    sub.revocation = NULL;
    sub.crl_signer = 1;
    ctx->signer_state[index] = LT_SIGNER_NONE;
    snprintf(ctx->signer_why[index], sizeof ctx->signer_why[index], "its issuer's certificate was not given");
    for (size_t i = 0; i <= ctx->n_intermediates; i++) {
        const lt_cert *cand = i < ctx->n_intermediates ? ctx->intermediates[i] : ctx->anchor;
        if (!lt_span_eq(cand->subject, crl->issuer) ||
            (crl->authority_key_id.len > 0 && cand->subject_key_id.len > 0 &&
             !lt_span_eq(crl->authority_key_id, cand->subject_key_id)))
            continue;
        lt_cert_display_name(cand, name, sizeof name);
        if (!cand->has_key_usage || !(cand->key_usage & LT_KU_CRL_SIGN)) {
            snprintf(ctx->signer_why[index], sizeof ctx->signer_why[index],
                     "'%s' may not sign CRLs (no keyUsage cRLSign)", name);
            continue;
        }
        if (cand == ctx->anchor || lt_span_eq(cand->der, ctx->anchor->der)) {
            ctx->signer[index] = cand;
            ctx->signer_state[index] = LT_SIGNER_FOUND;
            break;
        }
        if (ctx->issuer_paths_left == 0) {
            *error = LT_VERIFY_LIMIT;
            snprintf(why, cap, "gave up checking revocation after validating %u indirect CRL issuers",
                     LT_REVOCATION_MAX_ISSUER_PATHS);
            rc = LT_ERR_VERIFY;
            goto out;
        }
        ctx->issuer_paths_left--;
        if (result == NULL && (result = lt_calloc(1, sizeof *result)) == NULL) {
            rc = LT_ERR_NOMEM;
            goto out;
        }
        rc = lt_path_verify(cand, ctx->intermediates, ctx->n_intermediates, &ctx->anchor, 1, &sub, result);
        if (rc == 0) {
            ctx->signer[index] = cand;
            ctx->signer_state[index] = LT_SIGNER_FOUND;
            break;
        }
        if (rc != LT_ERR_VERIFY)
            goto out;
        rc = 0;
        snprintf(ctx->signer_why[index], sizeof ctx->signer_why[index],
                 "'%s' does not validate to the same trust anchor: %.60s", name, result->reason);
    }
out:
    lt_free(result);
    return rc;
}

/* Whether entry, on crl, is about a certificate issued by issuer: the certificateIssuer in
 * force for it (§5.3.3), or the CRL's issuer when there is none. */
static bool lt_revocation_entry_for(const lt_crl *crl, const lt_crl_entry *entry, const lt_cert *issuer)
{
    if (entry->scope.len == 0)
        return lt_span_eq(crl->issuer, issuer->subject);
    return lt_crldp_names_have_directory(entry->scope, issuer->subject);
}

/* Checks one certificate. Returns 0 (not revoked, or unknown and not required) or
 * LT_ERR_VERIFY with the verdict. */
static int lt_revocation_check_one(lt_revocation_ctx *ctx, const lt_cert *cert, const lt_cert *issuer,
                                   lt_verify_error *error, char *why, size_t cap)
{
    const lt_crlset *crls = ctx->sources->crls;
    char name[128], issuer_name[128], crl_name[128], when[40];
    int covered = 0, rc = 0;

    lt_cert_display_name(cert, name, sizeof name);
    lt_cert_display_name(issuer, issuer_name, sizeof issuer_name);
    ctx->unusable[0] = '\0';
    for (size_t i = 0; crls != NULL && i < crls->count; i++) {
        const lt_crlset_item *item = &crls->items[i];
        const lt_crl *crl = &item->crl;
        const lt_cert *signer = NULL;
        lt_pubkey *key = NULL;
        bool indirect = false;
        if (lt_span_eq(crl->issuer, issuer->subject)) {
            /* a CRL of another key under the same name (a re-keyed CA) is not this issuer's */
            if (crl->authority_key_id.len > 0 && issuer->subject_key_id.len > 0 &&
                !lt_span_eq(crl->authority_key_id, issuer->subject_key_id))
                continue;
            signer = issuer;
        } else if (crl->idp_indirect && lt_revocation_delegated(cert, crl->issuer)) {
            indirect = true;
        } else {
            continue;
        }
        if (signer != NULL)
            snprintf(crl_name, sizeof crl_name, "%s", issuer_name);
        else if (lt_dn_common_name(crl->issuer, crl_name, sizeof crl_name) < 0)
            lt_dn_format(crl->issuer, crl_name, sizeof crl_name);
        if (!lt_revocation_usable(ctx, crl, cert, crl_name))
            continue;
        if (signer != NULL && issuer->has_key_usage && !(issuer->key_usage & LT_KU_CRL_SIGN)) {
            lt_revocation_note(ctx, "'%s' may not sign CRLs (its keyUsage lacks cRLSign)", issuer_name);
            continue;
        }
        if (indirect) {
            if (ctx->signer_state[i] == LT_SIGNER_UNKNOWN &&
                (rc = lt_revocation_find_signer(ctx, i, crl, error, why, cap)) < 0)
                goto out;
            if (ctx->signer_state[i] != LT_SIGNER_FOUND) {
                lt_revocation_note(ctx, "the indirect CRL of '%s' cannot be used: %s", crl_name,
                                   ctx->signer_why[i]);
                continue;
            }
            signer = ctx->signer[i];
        }
        if (ctx->signatures_left == 0) {
            *error = LT_VERIFY_LIMIT;
            snprintf(why, cap, "gave up checking revocation after %u CRL signature checks",
                     LT_REVOCATION_MAX_SIGNATURES);
            rc = LT_ERR_VERIFY;
            goto out;
        }
        ctx->signatures_left--;
        int key_rc = lt_pubkey_from_spki(signer->spki.p, signer->spki.len, &key);
        int sig_ok = key_rc == 0 && lt_pubkey_allows(key, crl->sig_alg) &&
                     lt_pubkey_verify(key, crl->sig_alg, crl->tbs.p, crl->tbs.len, crl->signature.p,
                                      crl->signature.len) == 0;
        lt_pubkey_free(key);
        if (!sig_ok) {
            lt_revocation_note(ctx, "the signature on a CRL naming '%s' as its issuer does not verify", crl_name);
            continue;
        }
        size_t n = 0;
        const lt_crl_entry *entry = lt_crlset_find(item, cert->serial, &n);
        for (size_t k = 0; k < n; k++) {
            /* §6.3.3 (i)-(k): no reasonCode reads as unspecified, and removeFromCRL as not
             * revoked */
            if (!lt_revocation_entry_for(crl, &entry[k], issuer) ||
                entry[k].reason == LT_CRL_REASON_REMOVE_FROM_CRL)
                continue;
            const char *reason = lt_crl_reason_name(
                entry[k].reason == LT_CRL_REASON_NONE ? LT_CRL_REASON_UNSPECIFIED : entry[k].reason);
            lt_time_format(entry[k].date, when, sizeof when);
            *error = LT_VERIFY_REVOKED;
            if (indirect)
                snprintf(why, cap, "certificate '%s' (issued by '%s') was revoked by '%s' on %s (reason: %s, "
                         "indirect CRL)", name, issuer_name, crl_name, when, reason);
            else
                snprintf(why, cap, "certificate '%s' was revoked by '%s' on %s (reason: %s)", name,
                         issuer_name, when, reason);
            rc = LT_ERR_VERIFY;
            goto out;
        }
        /* some reasons only: latch does not add up partitions by reason, so such a CRL revokes
         * what it lists and its silence is no answer (§6.3.3 (d)) */
        if (crl->idp_only_some_reasons)
            lt_revocation_note(ctx, "the CRL of '%s' covers only some revocation reasons", crl_name);
        else if (crl->idp_has_distribution_point && !lt_revocation_dp_matches(crl, cert))
            lt_revocation_note(ctx, "the CRL of '%s' is for a distribution point that certificate '%s' "
                               "does not list", crl_name, name);
        else
            covered = 1;
    }
    if (!covered && ctx->sources->require) {
        *error = LT_VERIFY_REVOCATION_UNKNOWN;
        if (ctx->unusable[0] == '\0')
            snprintf(ctx->unusable, sizeof ctx->unusable, "no CRL of '%s' was given", issuer_name);
        snprintf(why, cap, "the revocation status of certificate '%s' is unknown: %s", name, ctx->unusable);
        rc = LT_ERR_VERIFY;
    }
out:
    return rc;
}

int lt_revocation_check(const lt_revocation_sources *sources, const lt_cert *const *path, size_t len,
                        const lt_cert *const *intermediates, size_t n_intermediates,
                        const lt_path_params *params, lt_verify_error *error, char *why, size_t cap)
{
    lt_revocation_ctx *ctx;
    int rc = 0;
    /* nothing to check against and nothing required: no work on every handshake */
    if (sources == NULL || len < 2 || ((sources->crls == NULL || sources->crls->count == 0) && !sources->require))
        return 0;
    ctx = lt_calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return LT_ERR_NOMEM;
    ctx->sources = sources;
    ctx->params = params;
    ctx->intermediates = intermediates;
    ctx->n_intermediates = n_intermediates;
    ctx->anchor = path[len - 1];
    ctx->signatures_left = LT_REVOCATION_MAX_SIGNATURES;
    ctx->issuer_paths_left = LT_REVOCATION_MAX_ISSUER_PATHS;
    for (size_t i = 0; i + 1 < len && rc == 0; i++)
        rc = lt_revocation_check_one(ctx, path[i], path[i + 1], error, why, cap);
    lt_free(ctx);
    return rc;
}
