/* Revocation checking against CRLs (see revocation.h). RFC 5280 §6.3.3 as latch applies it:
 * (a) the CRL's time window, (b) its issuingDistributionPoint scope, (f) the CRL issuer is the
 * certificate's issuer with cRLSign, (g) the signature, (i) the certificate's serial on the
 * list. Work is bounded: per certificate one pass over the CRLs, a binary search in each usable
 * one, and at most LT_REVOCATION_MAX_SIGNATURES signature checks per path. */
#include "x509/revocation.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "crypto/pkey.h"
#include "x509/der.h"
#include "x509/time.h"

typedef struct {
    const lt_revocation_sources *sources;
    int64_t time;
    unsigned signatures_left;
    char unusable[200];     /* why the last candidate CRL was not used, for the unknown verdict */
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

/* Whether crl may say anything about cert (issued by issuer) before its signature is checked:
 * 1 yes, 0 no (with a note when it is the issuer's CRL but unusable). */
static int lt_revocation_applies(lt_revocation_ctx *ctx, const lt_crl *crl, const lt_cert *cert,
                                 const lt_cert *issuer, const char *issuer_name)
{
    char when[40], oid[64];
    int cert_is_ca = cert->has_basic_constraints && cert->is_ca;
    if (!lt_span_eq(crl->issuer, issuer->subject))
        return 0;
    /* a CRL of another key under the same name (a re-keyed CA) is not this issuer's */
    if (crl->authority_key_id.len > 0 && issuer->subject_key_id.len > 0 &&
        !lt_span_eq(crl->authority_key_id, issuer->subject_key_id))
        return 0;
    if (crl->is_delta) {
        lt_revocation_note(ctx, "the CRL of '%s' is a delta CRL, which latch does not support", issuer_name);
        return 0;
    }
    if (crl->idp_indirect || crl->entry_certificate_issuer) {
        lt_revocation_note(ctx, "the CRL of '%s' is an indirect CRL, which latch does not support", issuer_name);
        return 0;
    }
    if (crl->has_unknown_critical) {
        lt_der_oid_to_text(crl->unknown_critical_oid, oid, sizeof oid);
        lt_revocation_note(ctx, "the CRL of '%s' has a critical extension latch does not handle (%s)",
                           issuer_name, oid);
        return 0;
    }
    /* §5.2.5: a CRL scoped to one kind of certificate says nothing about the others */
    if (crl->idp_only_attribute || (crl->idp_only_user && cert_is_ca) || (crl->idp_only_ca && !cert_is_ca)) {
        lt_revocation_note(ctx, "the CRL of '%s' covers only %s", issuer_name,
                           crl->idp_only_attribute ? "attribute certificates"
                           : crl->idp_only_user    ? "end-entity certificates"
                                                   : "CA certificates");
        return 0;
    }
    if (ctx->time < crl->this_update) {
        lt_time_format(crl->this_update, when, sizeof when);
        lt_revocation_note(ctx, "the CRL of '%s' is not valid until %s (thisUpdate)", issuer_name, when);
        return 0;
    }
    if (crl->has_next_update && ctx->time > crl->next_update) {
        lt_time_format(crl->next_update, when, sizeof when);
        lt_revocation_note(ctx, "the CRL of '%s' is stale: its nextUpdate was %s", issuer_name, when);
        return 0;
    }
    if (issuer->has_key_usage && !(issuer->key_usage & LT_KU_CRL_SIGN)) {
        lt_revocation_note(ctx, "'%s' may not sign CRLs (its keyUsage lacks cRLSign)", issuer_name);
        return 0;
    }
    if (crl->sig_alg == LT_SIG_NONE || lt_sig_hash(crl->sig_alg) == LT_HASH_SHA1) {
        lt_revocation_note(ctx, "the CRL of '%s' is signed with an algorithm latch does not accept", issuer_name);
        return 0;
    }
    return 1;
}

/* Checks one certificate. Returns 0 (not revoked, or unknown and not required) or
 * LT_ERR_VERIFY with the verdict. */
static int lt_revocation_check_one(lt_revocation_ctx *ctx, const lt_cert *cert, const lt_cert *issuer,
                                   lt_verify_error *error, char *why, size_t cap)
{
    const lt_crlset *crls = ctx->sources->crls;
    char name[128], issuer_name[128], when[40];
    lt_pubkey *key = NULL;
    int key_rc = 1, covered = 0, rc = 0;

    lt_cert_display_name(cert, name, sizeof name);
    lt_cert_display_name(issuer, issuer_name, sizeof issuer_name);
    ctx->unusable[0] = '\0';
    for (size_t i = 0; crls != NULL && i < crls->count; i++) {
        const lt_crlset_item *item = &crls->items[i];
        if (!lt_revocation_applies(ctx, &item->crl, cert, issuer, issuer_name))
            continue;
        if (ctx->signatures_left == 0) {
            *error = LT_VERIFY_LIMIT;
            snprintf(why, cap, "gave up checking revocation after %u CRL signature checks",
                     LT_REVOCATION_MAX_SIGNATURES);
            rc = LT_ERR_VERIFY;
            goto out;
        }
        ctx->signatures_left--;
        if (key_rc == 1)
            key_rc = lt_pubkey_from_spki(issuer->spki.p, issuer->spki.len, &key);
        if (key_rc < 0 || !lt_pubkey_allows(key, item->crl.sig_alg) ||
            lt_pubkey_verify(key, item->crl.sig_alg, item->crl.tbs.p, item->crl.tbs.len,
                             item->crl.signature.p, item->crl.signature.len) < 0) {
            lt_revocation_note(ctx, "the signature on a CRL naming '%s' as its issuer does not verify",
                               issuer_name);
            continue;
        }
        const lt_crl_entry *entry = lt_crlset_find(item, cert->serial);
        if (entry != NULL) {
            const char *reason = lt_crl_reason_name(entry->reason);
            lt_time_format(entry->date, when, sizeof when);
            *error = LT_VERIFY_REVOKED;
            snprintf(why, cap, "certificate '%s' was revoked by '%s' on %s (reason: %s)", name, issuer_name,
                     when, reason != NULL ? reason : "none given");
            rc = LT_ERR_VERIFY;
            goto out;
        }
        /* a partitioned CRL (a distribution point of its own, or some reasons only) may leave
         * this certificate to another CRL: its silence is not an answer (§6.3.3 (b), (d)) */
        if (!item->crl.idp_has_distribution_point && !item->crl.idp_only_some_reasons)
            covered = 1;
        else
            lt_revocation_note(ctx, "the CRL of '%s' covers only part of its certificates (a distribution "
                               "point or some reasons)", issuer_name);
    }
    if (!covered && ctx->sources->require) {
        *error = LT_VERIFY_REVOCATION_UNKNOWN;
        if (ctx->unusable[0] == '\0')
            snprintf(ctx->unusable, sizeof ctx->unusable, "no CRL of '%s' was given", issuer_name);
        snprintf(why, cap, "the revocation status of certificate '%s' is unknown: %s", name, ctx->unusable);
        rc = LT_ERR_VERIFY;
    }
out:
    lt_pubkey_free(key);
    return rc;
}

int lt_revocation_check(const lt_revocation_sources *sources, const lt_cert *const *path, size_t len,
                        int64_t time, lt_verify_error *error, char *why, size_t cap)
{
    lt_revocation_ctx ctx;
    if (sources == NULL || len < 2)
        return 0;
    memset(&ctx, 0, sizeof ctx);
    ctx.sources = sources;
    ctx.time = time;
    ctx.signatures_left = LT_REVOCATION_MAX_SIGNATURES;
    for (size_t i = 0; i + 1 < len; i++)
        LT_TRY(lt_revocation_check_one(&ctx, path[i], path[i + 1], error, why, cap));
    return 0;
}
