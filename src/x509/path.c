/* Path building and validation (see path.h). RFC 5280 §6.1.3 (signature, validity, name
 * constraints, which pass over self-issued intermediates), §6.1.4 (k) basicConstraints cA,
 * (l)/(m) pathLenConstraint (self-issued intermediates not counted), (n) keyCertSign;
 * §4.2.1.12 extKeyUsage as the CA/Browser Forum applies it to intermediates; the per-role
 * profile rules of profile.c, the trust anchor's included; RFC 9525 for the final name check.
 * Key sizes and algorithms follow the Web PKI: RSA >= 2048 bits and a whole number of octets
 * (CABF §6.1.5), no SHA-1 unless the caller allows it. */
#include "x509/path.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "crypto/pkey.h"
#include "x509/constraints.h"
#include "x509/der.h"
#include "x509/profile.h"
#include "x509/psl.h"
#include "x509/revocation.h"
#include "x509/time.h"

#define LT_PATH_MIN_RSA_BITS 2048

typedef struct {
    const lt_cert *cert;
    lt_pubkey *key;   /* parsed on first use */
    int key_rc;       /* 1 = not yet parsed */
    int is_anchor;
} lt_path_node;

typedef struct {
    const lt_path_params *params;
    lt_path_node *nodes;          /* anchors first, then intermediates */
    size_t n_nodes;
    lt_path_node leaf;
    lt_path_node *chain[LT_PATH_MAX_LEN];
    size_t depth;                 /* entries in chain[] */
    unsigned candidates_left;
    unsigned signatures_left;
    int exhausted;
    /* the most telling failure seen so far */
    int best_rank;
    lt_verify_error error;
    char reason[384];
} lt_path_ctx;

static void lt_path_name_of(const lt_cert *cert, char *out, size_t cap)
{
    lt_cert_display_name(cert, out, cap);
}

/* Records a failure if it says more than what was recorded before. Rank 0 is "no issuer
 * found", the least specific outcome; a concrete rule broken on a real candidate outranks it,
 * so an expired cross-sign is reported over "unknown issuer". */
static void lt_path_fail(lt_path_ctx *ctx, int rank, lt_verify_error error, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void lt_path_fail(lt_path_ctx *ctx, int rank, lt_verify_error error, const char *fmt, ...)
{
    va_list ap;
    if (rank <= ctx->best_rank)
        return;
    ctx->best_rank = rank;
    ctx->error = error;
    va_start(ap, fmt);
    vsnprintf(ctx->reason, sizeof ctx->reason, fmt, ap);
    va_end(ap);
}

static int lt_path_key(lt_path_node *node)
{
    if (node->key_rc == 1)
        node->key_rc = lt_pubkey_from_spki(node->cert->spki.p, node->cert->spki.len, &node->key);
    return node->key_rc;
}

/* Checks that hold for every certificate that is not a trust anchor. Returns 0 or the error. */
static lt_verify_error lt_path_check_cert(lt_path_ctx *ctx, lt_path_node *node, char *why,
                                             size_t cap)
{
    const lt_cert *c = node->cert;
    char name[128], when[40], oid[64];
    lt_path_name_of(c, name, sizeof name);

    if (c->has_unknown_critical) {
        lt_der_oid_to_text(c->unknown_critical_oid, oid, sizeof oid);
        snprintf(why, cap, "certificate '%s' has a critical extension latch does not understand (%s)",
                 name, oid);
        return LT_VERIFY_UNKNOWN_CRITICAL_EXTENSION;
    }
    if (c->sig_alg == LT_SIG_NONE) {
        lt_der_oid_to_text(c->sig_alg_oid, oid, sizeof oid);
        snprintf(why, cap, "certificate '%s' is signed with an algorithm latch does not accept (%s)",
                 name, oid);
        return LT_VERIFY_BAD_ALGORITHM;
    }
    if (lt_sig_hash(c->sig_alg) == LT_HASH_SHA1 && !ctx->params->allow_sha1) {
        snprintf(why, cap, "certificate '%s' is signed with SHA-1 (%s), which is no longer safe",
                 name, lt_sig_name(c->sig_alg));
        return LT_VERIFY_BAD_ALGORITHM;
    }
    if (ctx->params->time > c->not_after) {
        lt_time_format(c->not_after, when, sizeof when);
        snprintf(why, cap, "certificate '%s' expired on %s", name, when);
        return LT_VERIFY_EXPIRED;
    }
    if (ctx->params->time < c->not_before) {
        lt_time_format(c->not_before, when, sizeof when);
        snprintf(why, cap, "certificate '%s' is not valid until %s", name, when);
        return LT_VERIFY_NOT_YET_VALID;
    }
    return lt_profile_check_common(c, why, cap);
}

/* Key checks, for every certificate whose key is used (issuers and anchors) or presented (leaf). */
static lt_verify_error lt_path_check_key(lt_path_node *node, char *why, size_t cap)
{
    char name[128];
    int rc = lt_path_key(node);
    if (rc == 0 && (lt_pubkey_type(node->key) == LT_KEY_RSA ||
                    lt_pubkey_type(node->key) == LT_KEY_RSA_PSS) &&
        lt_pubkey_bits(node->key) < LT_PATH_MIN_RSA_BITS) {
        lt_path_name_of(node->cert, name, sizeof name);
        snprintf(why, cap, "certificate '%s' has a %u-bit RSA key; at least %u bits are required",
                 name, lt_pubkey_bits(node->key), LT_PATH_MIN_RSA_BITS);
        return LT_VERIFY_WEAK_KEY;
    }
    /* CABF §6.1.5: "the modulus size, when encoded, is at least 2048 bits, and the modulus size,
     * in bits, is evenly divisible by 8". */
    if (rc == 0 && (lt_pubkey_type(node->key) == LT_KEY_RSA ||
                    lt_pubkey_type(node->key) == LT_KEY_RSA_PSS) &&
        lt_pubkey_bits(node->key) % 8 != 0) {
        lt_path_name_of(node->cert, name, sizeof name);
        snprintf(why, cap, "certificate '%s' has a %u-bit RSA modulus, not a whole number of octets",
                 name, lt_pubkey_bits(node->key));
        return LT_VERIFY_WEAK_KEY;
    }
    if (rc == LT_ERR_UNSUPPORTED) {
        lt_path_name_of(node->cert, name, sizeof name);
        snprintf(why, cap, "certificate '%s' has a public key of a type or curve latch does not support",
                 name);
        return LT_VERIFY_WEAK_KEY;
    }
    if (rc < 0) {
        lt_path_name_of(node->cert, name, sizeof name);
        snprintf(why, cap, "certificate '%s' has a malformed public key", name);
        return LT_VERIFY_MALFORMED;
    }
    return LT_VERIFY_OK;
}

static int lt_path_eku_allows(const lt_cert *c, lt_purpose purpose)
{
    unsigned need = purpose == LT_PURPOSE_CLIENT  ? LT_EKU_CLIENT_AUTH
                    : purpose == LT_PURPOSE_EMAIL ? LT_EKU_EMAIL_PROTECTION
                                                  : LT_EKU_SERVER_AUTH;
    return !c->has_ext_key_usage || (c->ext_key_usage & need);
}

static const char *lt_path_purpose_name(lt_purpose purpose)
{
    return purpose == LT_PURPOSE_CLIENT  ? "client authentication"
           : purpose == LT_PURPOSE_EMAIL ? "e-mail protection"
                                         : "server authentication";
}

/* Checks that candidate may issue: §6.1.4 (k), (l)-(m), (n), and EKU on intermediates.
 * sub_cas is the number of intermediates between it and the leaf that are not self-issued. */
static lt_verify_error lt_path_check_issuer(lt_path_ctx *ctx, lt_path_node *cand,
                                               size_t sub_cas, char *why, size_t cap)
{
    const lt_cert *c = cand->cert;
    char name[128];
    lt_verify_error e = lt_path_check_cert(ctx, cand, why, cap);
    if (e != LT_VERIFY_OK)
        return e;
    lt_path_name_of(c, name, sizeof name);
    if (!c->has_basic_constraints || !c->is_ca) {
        snprintf(why, cap, "'%s' is not allowed to issue certificates (no CA basic constraint)", name);
        return LT_VERIFY_NOT_CA;
    }
    if (c->path_len >= 0 && sub_cas > (size_t)c->path_len) {
        snprintf(why, cap, "'%s' allows %d intermediate CA%s below it (pathLenConstraint), but the path has %zu",
                 name, c->path_len, c->path_len == 1 ? "" : "s", sub_cas);
        return LT_VERIFY_PATH_LENGTH;
    }
    if (c->has_key_usage && !(c->key_usage & LT_KU_KEY_CERT_SIGN)) {
        snprintf(why, cap, "'%s' may not sign certificates (its keyUsage lacks keyCertSign)", name);
        return LT_VERIFY_KEY_USAGE;
    }
    if (!lt_path_eku_allows(c, ctx->params->purpose)) {
        snprintf(why, cap, "'%s' is restricted by extKeyUsage and does not allow %s", name,
                 lt_path_purpose_name(ctx->params->purpose));
        return LT_VERIFY_PURPOSE;
    }
    e = lt_profile_check_ca(c, why, cap);
    if (e != LT_VERIFY_OK)
        return e;
    return lt_path_check_key(cand, why, cap);
}

/* Verifies child's signature with issuer's key (§6.1.3 (a)(1)). */
static lt_verify_error lt_path_check_signature(lt_path_ctx *ctx, const lt_cert *child,
                                                  lt_path_node *issuer, char *why, size_t cap)
{
    char name[128], issuer_name[128];
    if (ctx->signatures_left == 0) {
        ctx->exhausted = 1;
        snprintf(why, cap, "gave up building a path after %u signature checks", LT_PATH_MAX_SIGNATURES);
        return LT_VERIFY_LIMIT;
    }
    ctx->signatures_left--;
    lt_path_name_of(child, name, sizeof name);
    lt_path_name_of(issuer->cert, issuer_name, sizeof issuer_name);
    lt_verify_error e = lt_path_check_key(issuer, why, cap);
    if (e != LT_VERIFY_OK)
        return e;
    if (!lt_pubkey_allows(issuer->key, child->sig_alg)) {
        snprintf(why, cap, "certificate '%s' is signed with %s, which the %s key of '%s' cannot make",
                 name, lt_sig_name(child->sig_alg), lt_key_type_name(lt_pubkey_type(issuer->key)),
                 issuer_name);
        return LT_VERIFY_BAD_SIGNATURE;
    }
    int rc = lt_pubkey_verify(issuer->key, child->sig_alg, child->tbs.p, child->tbs.len,
                              child->signature.p, child->signature.len);
    if (rc < 0) {
        snprintf(why, cap, "the signature on certificate '%s' does not verify with the key of '%s'",
                 name, issuer_name);
        return LT_VERIFY_BAD_SIGNATURE;
    }
    return LT_VERIFY_OK;
}

/* With a complete chain (anchor last), applies every CA's name constraints to the names of the
 * certificates below it (§6.1.3 (b)-(c)), except self-issued intermediates: (b) applies them
 * to a self-issued certificate only when it is the last one, the leaf. */
static lt_verify_error lt_path_check_constraints(lt_path_ctx *ctx, char *why, size_t cap)
{
    size_t budget = LT_CONSTRAINTS_MAX_COMPARISONS;
    for (size_t i = 1; i < ctx->depth; i++) {
        const lt_cert *ca = ctx->chain[i]->cert;
        if (!ca->has_name_constraints)
            continue;
        for (size_t j = 0; j < i; j++) {
            char what[280], name[128], ca_name[128];
            if (j > 0 && lt_profile_self_issued(ctx->chain[j]->cert))
                continue;
            int rc = lt_constraints_check(ca, ctx->chain[j]->cert, &budget, what, sizeof what);
            if (rc == 0)
                continue;
            lt_path_name_of(ctx->chain[j]->cert, name, sizeof name);
            lt_path_name_of(ca, ca_name, sizeof ca_name);
            if (rc == LT_ERR_UNSUPPORTED || rc == LT_ERR_DECODE || rc == LT_ERR_LIMIT)
                snprintf(why, cap, "'%s' cannot be used: %s", ca_name, what);
            else
                snprintf(why, cap, "certificate '%s' violates the name constraints of '%s': %s",
                         name, ca_name, what);
            return rc == LT_ERR_LIMIT    ? LT_VERIFY_LIMIT
                   : rc == LT_ERR_DECODE ? LT_VERIFY_BAD_NAME
                                         : LT_VERIFY_NAME_CONSTRAINTS;
        }
    }
    return LT_VERIFY_OK;
}

static int lt_path_in_chain(const lt_path_ctx *ctx, const lt_path_node *node)
{
    for (size_t i = 0; i < ctx->depth; i++)
        if (ctx->chain[i] == node || lt_span_eq(ctx->chain[i]->cert->der, node->cert->der))
            return 1;
    return 0;
}

/* A candidate whose subjectKeyIdentifier is not the child's authorityKeyIdentifier did not issue
 * it, whatever its name (RFC 5280 §4.2.1.1; OpenSSL's issuer check does the same): two CAs with
 * one name (two development CAs, a re-keyed CA) then give "unknown issuer", not a bad
 * signature. Either identifier missing: the name decides. */
static int lt_path_key_ids_match(const lt_cert *child, const lt_cert *cand)
{
    if (child->authority_key_id.len == 0 || cand->subject_key_id.len == 0)
        return 1;
    return lt_span_eq(child->authority_key_id, cand->subject_key_id);
}

/* Depth-first search for an issuer of the last certificate in the chain. Returns 1 when a
 * complete valid path is in ctx->chain. */
static int lt_path_build(lt_path_ctx *ctx)
{
    const lt_cert *child = ctx->chain[ctx->depth - 1]->cert;
    size_t sub_cas = 0; /* intermediates already below a new issuer, self-issued ones not counted */
    int matched = 0;
    char why[384];

    for (size_t i = 1; i < ctx->depth; i++)
        if (!lt_profile_self_issued(ctx->chain[i]->cert))
            sub_cas++;

    for (size_t i = 0; i < ctx->n_nodes && !ctx->exhausted; i++) {
        lt_path_node *cand = &ctx->nodes[i];
        lt_verify_error e;
        /* An anchor ends the path, so it cannot make a loop. A self-signed leaf trusted as its
         * own anchor still fails: an anchor must be a CA and an end entity must not be (pinning
         * is latch_config_set_verify_callback's job). */
        if (!lt_span_eq(cand->cert->subject, child->issuer) || !lt_path_key_ids_match(child, cand->cert) ||
            (!cand->is_anchor && lt_path_in_chain(ctx, cand)))
            continue;
        matched = 1;
        if (ctx->candidates_left-- == 0) {
            ctx->exhausted = 1;
            lt_path_fail(ctx, 100, LT_VERIFY_LIMIT,
                         "gave up building a path after considering %u candidate issuers",
                         LT_PATH_MAX_CANDIDATES);
            break;
        }
        if (!cand->is_anchor) {
            /* The depth limit counts intermediates as pathLenConstraint does (§6.1.4 (l)); the
             * array bound counts them all, so self-issued ones cannot make the path endless. A
             * path that only ran out of room outranks the candidates rejected beside it (ranked
             * by depth, at most LT_PATH_MAX_LEN), not a complete path that failed (50). */
            if ((!lt_profile_self_issued(cand->cert) && sub_cas >= ctx->params->max_intermediates) ||
                ctx->depth + 2 > LT_PATH_MAX_LEN) {
                lt_path_fail(ctx, 40, LT_VERIFY_LIMIT,
                             "the path needs more than %u intermediate certificates",
                             ctx->params->max_intermediates);
                continue;
            }
            e = lt_path_check_issuer(ctx, cand, sub_cas, why, sizeof why);
            if (e != LT_VERIFY_OK) {
                lt_path_fail(ctx, 1 + (int)ctx->depth, e, "%s", why);
                continue;
            }
        }
        e = lt_path_check_signature(ctx, child, cand, why, sizeof why);
        if (e != LT_VERIFY_OK) {
            lt_path_fail(ctx, e == LT_VERIFY_LIMIT ? 100 : 1 + (int)ctx->depth, e, "%s", why);
            continue;
        }
        /* Only now is cand known to be the issuer: the child's key identifier, then (for an
         * anchor, which ends the path) the anchor's own rules. A failing anchor is one more
         * rejected candidate; another anchor or cross-sign may still complete a path. */
        e = lt_profile_check_link(child, cand->cert, why, sizeof why);
        if (e == LT_VERIFY_OK && cand->is_anchor)
            e = lt_profile_check_anchor(cand->cert, ctx->params->time, why, sizeof why);
        if (e == LT_VERIFY_OK && cand->is_anchor && !lt_path_eku_allows(cand->cert, ctx->params->purpose)) {
            char name[128];
            lt_path_name_of(cand->cert, name, sizeof name);
            snprintf(why, sizeof why, "trust anchor '%s' is restricted by extKeyUsage and does not allow %s",
                     name, lt_path_purpose_name(ctx->params->purpose));
            e = LT_VERIFY_PURPOSE;
        }
        if (e != LT_VERIFY_OK) {
            lt_path_fail(ctx, 1 + (int)ctx->depth, e, "%s", why);
            continue;
        }
        ctx->chain[ctx->depth++] = cand;
        if (cand->is_anchor) {
            e = lt_path_check_constraints(ctx, why, sizeof why);
            if (e == LT_VERIFY_OK)
                return 1;
            lt_path_fail(ctx, 50, e, "%s", why);
        } else if (lt_path_build(ctx)) {
            return 1;
        }
        ctx->depth--;
    }
    if (!matched) {
        char name[128], issuer[160];
        lt_path_name_of(child, name, sizeof name);
        if (lt_span_eq(child->issuer, child->subject)) {
            lt_path_fail(ctx, 0, LT_VERIFY_UNKNOWN_ISSUER,
                         "certificate '%s' is self-signed and is not a trusted root", name);
        } else {
            lt_cert issuer_only;
            memset(&issuer_only, 0, sizeof issuer_only);
            issuer_only.subject = child->issuer;
            lt_cert_display_name(&issuer_only, issuer, sizeof issuer);
            lt_path_fail(ctx, 0, LT_VERIFY_UNKNOWN_ISSUER,
                         "could not build a path to a trusted root: issuer '%s' of '%s' not found",
                         issuer, name);
        }
    }
    return 0;
}

static int lt_path_leaf_checks(lt_path_ctx *ctx, lt_path_result *result)
{
    const lt_cert *leaf = ctx->leaf.cert;
    char name[128];
    lt_verify_error e = lt_path_check_cert(ctx, &ctx->leaf, result->reason, sizeof result->reason);
    if (e == LT_VERIFY_OK)
        e = lt_path_check_key(&ctx->leaf, result->reason, sizeof result->reason);
    /* an indirect CRL's issuer signs CRLs, not TLS handshakes: revocation.c holds it to the
     * rules of a CRL issuer (keyUsage cRLSign) instead */
    if (ctx->params->crl_signer) {
        result->error = e;
        return e == LT_VERIFY_OK ? 0 : LT_ERR_VERIFY;
    }
    if (e == LT_VERIFY_OK)
        e = lt_profile_check_leaf(leaf, ctx->params->purpose, result->reason, sizeof result->reason);
    if (e == LT_VERIFY_OK && !lt_path_eku_allows(leaf, ctx->params->purpose)) {
        lt_path_name_of(leaf, name, sizeof name);
        snprintf(result->reason, sizeof result->reason,
                 "certificate '%s' is not valid for %s (its extKeyUsage does not include it)", name,
                 lt_path_purpose_name(ctx->params->purpose));
        e = LT_VERIFY_PURPOSE;
    }
    if (e == LT_VERIFY_OK) {
        bool server = ctx->params->purpose == LT_PURPOSE_SERVER;
        char why[300];
        lt_name_verdict v = lt_name_check_leaf(leaf, server, server ? lt_psl_default() : NULL, why, sizeof why);
        if (v != LT_NAME_OK) {
            lt_path_name_of(leaf, name, sizeof name);
            snprintf(result->reason, sizeof result->reason, "certificate '%s': %s", name, why);
            e = v == LT_NAME_BAD_EXTENSION ? LT_VERIFY_BAD_EXTENSION : LT_VERIFY_BAD_NAME;
        }
    }
    result->error = e;
    return e == LT_VERIFY_OK ? 0 : LT_ERR_VERIFY;
}

static int lt_path_name_check(const lt_path_params *params, const lt_cert *leaf,
                              lt_path_result *result)
{
    char name[128], sans[200], ref[64];
    const lt_name_ref *want = params->name;
    if (want == NULL || lt_name_cert_matches(leaf, want))
        return 0;
    lt_path_name_of(leaf, name, sizeof name);
    lt_name_list_sans(leaf, sans, sizeof sans);
    result->error = LT_VERIFY_HOST_MISMATCH;
    if (want->is_email) {
        snprintf(result->reason, sizeof result->reason,
                 "certificate '%s' is not valid for e-mail address '%s' (SANs: %s)", name, want->email,
                 sans[0] ? sans : "none");
        return LT_ERR_VERIFY;
    }
    if (want->is_ip)
        lt_name_ip_text(want->ip, want->ip_len, ref, sizeof ref);
    if (!leaf->has_subject_alt_name)
        snprintf(result->reason, sizeof result->reason,
                 "certificate '%s' is not valid for %s '%s': it has no subjectAltName (a common name is never used)",
                 name, want->is_ip ? "IP address" : "host", want->is_ip ? ref : want->host);
    else
        snprintf(result->reason, sizeof result->reason,
                 "certificate '%s' is not valid for %s '%s' (SANs: %s)", name,
                 want->is_ip ? "IP address" : "host", want->is_ip ? ref : want->host,
                 sans[0] ? sans : "none of a usable type");
    return LT_ERR_VERIFY;
}

int lt_path_verify(const lt_cert *leaf, const lt_cert *const *intermediates, size_t n_intermediates,
                   const lt_cert *const *anchors, size_t n_anchors, const lt_path_params *params,
                   lt_path_result *result)
{
    lt_path_ctx ctx;
    int rc = LT_ERR_VERIFY;

    memset(result, 0, sizeof *result);
    memset(&ctx, 0, sizeof ctx);
    ctx.params = params;
    ctx.leaf.cert = leaf;
    ctx.leaf.key_rc = 1;
    ctx.best_rank = -1;
    ctx.candidates_left = LT_PATH_MAX_CANDIDATES;
    ctx.signatures_left = LT_PATH_MAX_SIGNATURES;
    if (params->max_intermediates > LT_PATH_MAX_LEN - 2)
        return LT_ERR_INVALID_ARG;
    ctx.n_nodes = n_anchors + n_intermediates;
    ctx.nodes = lt_calloc(ctx.n_nodes ? ctx.n_nodes : 1, sizeof *ctx.nodes);
    if (ctx.nodes == NULL)
        return LT_ERR_NOMEM;
    for (size_t i = 0; i < ctx.n_nodes; i++) {
        ctx.nodes[i].is_anchor = i < n_anchors;
        ctx.nodes[i].cert = i < n_anchors ? anchors[i] : intermediates[i - n_anchors];
        ctx.nodes[i].key_rc = 1;
    }

    if (lt_path_leaf_checks(&ctx, result) < 0)
        goto out;
    ctx.chain[0] = &ctx.leaf;
    ctx.depth = 1;
    if (!lt_path_build(&ctx)) {
        result->error = ctx.error;
        snprintf(result->reason, sizeof result->reason, "%s", ctx.reason);
        goto out;
    }
    result->len = ctx.depth;
    for (size_t i = 0; i < ctx.depth; i++)
        result->path[i] = ctx.chain[i]->cert;
    rc = lt_path_name_check(params, leaf, result);
    /* revocation last: only a path that is valid otherwise is worth the CRL signatures */
    if (rc == 0)
        rc = lt_revocation_check(params->revocation, result->path, result->len, intermediates, n_intermediates,
                                 params, &result->error, result->reason, sizeof result->reason);
    if (rc == 0)
        result->error = LT_VERIFY_OK;
    else
        result->len = 0;
out:
    lt_pubkey_free(ctx.leaf.key);
    for (size_t i = 0; i < ctx.n_nodes; i++)
        lt_pubkey_free(ctx.nodes[i].key);
    lt_free(ctx.nodes);
    return rc;
}

int lt_path_verify_sets(const lt_certset *chain, const lt_certset *anchors, const lt_path_params *params,
                        lt_path_result *result)
{
    /* lt_path_verify takes lists of pointers; the sets hold the certificates themselves */
    const lt_cert **anchor_list = lt_calloc(anchors->count + 1, sizeof *anchor_list);
    const lt_cert **intermediates = lt_calloc(chain->count, sizeof *intermediates);
    int rc = LT_ERR_NOMEM;
    if (anchor_list == NULL || intermediates == NULL)
        goto out;
    for (size_t i = 0; i < anchors->count; i++)
        anchor_list[i] = &anchors->items[i].cert;
    for (size_t i = 1; i < chain->count; i++)
        intermediates[i - 1] = &chain->items[i].cert;
    rc = lt_path_verify(&chain->items[0].cert, intermediates, chain->count - 1, anchor_list, anchors->count,
                        params, result);
out:
    lt_free(anchor_list);
    lt_free(intermediates);
    return rc;
}

const char *lt_path_error_name(lt_verify_error error)
{
    static const char *const names[] = {
        "ok", "expired", "not-yet-valid", "unknown-issuer", "bad-signature", "not-ca",
        "path-length", "key-usage", "purpose", "name-constraints", "host-mismatch", "weak-key",
        "bad-algorithm", "unknown-critical-extension", "malformed", "limit", "bad-extension",
        "bad-name", "revoked", "revocation-unknown",
    };
    if ((unsigned)error >= sizeof names / sizeof names[0])
        return "unknown";
    return names[error];
}
