/* Signature AlgorithmIdentifier decoding (see algid.h for the rules and RFC sections). */
#include "x509/algid.h"

#include "base/err.h"
#include "x509/der.h"
#include "x509/oid.h"

/* A hash AlgorithmIdentifier inside PSS parameters: SHA-2 OID with NULL or absent params. */
static lt_hash_id lt_algid_read_hash(lt_reader *r)
{
    lt_reader alg = lt_der_enter(r, LT_DER_SEQUENCE);
    lt_span oid = lt_der_expect(&alg, LT_DER_OID);
    if (!lt_reader_empty(&alg))
        lt_der_read_null(&alg);
    if (!lt_reader_done(&alg)) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return LT_HASH_NONE;
    }
    if (LT_OID_IS(oid, LT_OID_SHA256))
        return LT_HASH_SHA256;
    if (LT_OID_IS(oid, LT_OID_SHA384))
        return LT_HASH_SHA384;
    if (LT_OID_IS(oid, LT_OID_SHA512))
        return LT_HASH_SHA512;
    return LT_HASH_NONE;
}

/* RSASSA-PSS-params (RFC 4055 §3.1). Defaults (SHA-1, salt 20) are not acceptable, so every
 * field latch needs must be present. */
static lt_sig_alg lt_algid_read_pss(lt_reader *params)
{
    lt_reader p = lt_der_enter(params, LT_DER_SEQUENCE);
    lt_hash_id hash = LT_HASH_NONE, mgf_hash = LT_HASH_NONE;
    uint64_t salt = 20;

    if (lt_der_peek(&p, LT_DER_CONTEXT_CONS(0))) {
        lt_reader h = lt_der_enter(&p, LT_DER_CONTEXT_CONS(0));
        hash = lt_algid_read_hash(&h);
        if (!lt_reader_done(&h))
            lt_reader_fail(&p, LT_ERR_DECODE);
    }
    if (lt_der_peek(&p, LT_DER_CONTEXT_CONS(1))) {
        lt_reader m = lt_der_enter(&p, LT_DER_CONTEXT_CONS(1));
        lt_reader mgf = lt_der_enter(&m, LT_DER_SEQUENCE);
        lt_span mgf_oid = lt_der_expect(&mgf, LT_DER_OID);
        lt_hash_id h = lt_algid_read_hash(&mgf);
        if (!lt_reader_done(&mgf) || !lt_reader_done(&m))
            lt_reader_fail(&p, LT_ERR_DECODE);
        if (LT_OID_IS(mgf_oid, LT_OID_MGF1))
            mgf_hash = h;
    }
    if (lt_der_peek(&p, LT_DER_CONTEXT_CONS(2))) {
        lt_reader s = lt_der_enter(&p, LT_DER_CONTEXT_CONS(2));
        salt = lt_der_read_uint(&s, 1024);
        if (!lt_reader_done(&s))
            lt_reader_fail(&p, LT_ERR_DECODE);
    }
    if (lt_der_peek(&p, LT_DER_CONTEXT_CONS(3))) {
        lt_reader t = lt_der_enter(&p, LT_DER_CONTEXT_CONS(3));
        if (lt_der_read_uint(&t, 255) != 1 || !lt_reader_done(&t))
            lt_reader_fail(&p, LT_ERR_DECODE);
    }
    if (!lt_reader_done(&p)) {
        lt_reader_fail(params, LT_ERR_DECODE);
        return LT_SIG_NONE;
    }
    if (hash == LT_HASH_NONE || mgf_hash != hash || salt != lt_hash_len(hash))
        return LT_SIG_NONE;
    switch (hash) {
    case LT_HASH_SHA256: return LT_SIG_RSA_PSS_SHA256;
    case LT_HASH_SHA384: return LT_SIG_RSA_PSS_SHA384;
    case LT_HASH_SHA512: return LT_SIG_RSA_PSS_SHA512;
    default: return LT_SIG_NONE;
    }
}

void lt_algid_read_sig(lt_reader *r, lt_sig_alg *alg, lt_span *oid_out)
{
    lt_reader a = lt_der_enter(r, LT_DER_SEQUENCE);
    lt_span oid = lt_der_expect(&a, LT_DER_OID);
    lt_sig_alg found = LT_SIG_NONE;
    bool null_params_allowed = false, params_forbidden = true;

    *alg = LT_SIG_NONE;
    *oid_out = oid;
    if (!lt_reader_ok(&a)) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return;
    }
    if (LT_OID_IS(oid, LT_OID_SHA256_WITH_RSA))
        found = LT_SIG_RSA_PKCS1_SHA256;
    else if (LT_OID_IS(oid, LT_OID_SHA384_WITH_RSA))
        found = LT_SIG_RSA_PKCS1_SHA384;
    else if (LT_OID_IS(oid, LT_OID_SHA512_WITH_RSA))
        found = LT_SIG_RSA_PKCS1_SHA512;
    else if (LT_OID_IS(oid, LT_OID_SHA1_WITH_RSA))
        found = LT_SIG_RSA_PKCS1_SHA1;
    else if (LT_OID_IS(oid, LT_OID_ECDSA_SHA256))
        found = LT_SIG_ECDSA_SHA256;
    else if (LT_OID_IS(oid, LT_OID_ECDSA_SHA384))
        found = LT_SIG_ECDSA_SHA384;
    else if (LT_OID_IS(oid, LT_OID_ECDSA_SHA512))
        found = LT_SIG_ECDSA_SHA512;
    else if (LT_OID_IS(oid, LT_OID_ECDSA_SHA1))
        found = LT_SIG_ECDSA_SHA1;
    else if (LT_OID_IS(oid, LT_OID_ED25519))
        found = LT_SIG_ED25519;

    if (LT_OID_IS(oid, LT_OID_RSASSA_PSS)) {
        found = lt_algid_read_pss(&a);
        params_forbidden = false;
    } else if (found >= LT_SIG_RSA_PKCS1_SHA1 && found <= LT_SIG_RSA_PKCS1_SHA512) {
        /* RFC 4055 §5: NULL parameters; some encoders omit them, which is harmless. */
        null_params_allowed = true;
    } else if (found == LT_SIG_NONE) {
        /* Unknown algorithm: skip its parameters, the caller reports it by OID. */
        params_forbidden = false;
        if (!lt_reader_empty(&a))
            lt_der_read(&a);
    }
    if (null_params_allowed && !lt_reader_empty(&a))
        lt_der_read_null(&a);
    if (!lt_reader_done(&a) && params_forbidden) {
        /* ECDSA and Ed25519 identifiers carry no parameters at all (RFC 5758, RFC 8410). */
        lt_reader_fail(r, LT_ERR_DECODE);
        return;
    }
    if (!lt_reader_done(&a)) {
        lt_reader_fail(r, LT_ERR_DECODE);
        return;
    }
    *alg = found;
}
