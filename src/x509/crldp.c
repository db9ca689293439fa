/* CRL distribution points (see crldp.h). */
#include "x509/crldp.h"

#include "x509/cert.h"
#include "x509/der.h"

int lt_crldp_check_names(lt_span names)
{
    lt_reader r = lt_reader_from_span(names);
    unsigned tag;
    lt_span value;
    int count = 0, rc;
    /* SIZE (1..MAX), and latch's bound */
    while ((rc = lt_general_names_next(&r, &tag, &value)) == 1)
        if (++count > LT_CRLDP_MAX_NAMES)
            return LT_ERR_DECODE;
    return rc < 0 || count == 0 ? LT_ERR_DECODE : 0;
}

int lt_crldp_read_name(lt_span dp_name, lt_span *full_name, bool *relative)
{
    lt_reader r = lt_reader_from_span(dp_name);
    *full_name = lt_span_make(NULL, 0);
    *relative = false;
    /* DistributionPointName ::= CHOICE { fullName [0] GeneralNames,
     *                                    nameRelativeToCRLIssuer [1] RelativeDistinguishedName } */
    if (lt_der_peek(&r, LT_DER_CONTEXT_CONS(0))) {
        *full_name = lt_der_expect(&r, LT_DER_CONTEXT_CONS(0));
        if (lt_reader_ok(&r) && lt_crldp_check_names(*full_name) < 0)
            return LT_ERR_DECODE;
    } else {
        lt_span rdn = lt_der_expect(&r, LT_DER_CONTEXT_CONS(1));
        if (lt_reader_ok(&r) && rdn.len == 0) /* SET SIZE (1..MAX) */
            return LT_ERR_DECODE;
        *relative = true;
    }
    return lt_reader_done(&r) ? 0 : LT_ERR_DECODE;
}

int lt_crldp_next(lt_reader *list, lt_crldp *dp)
{
    if (!lt_reader_ok(list))
        return LT_ERR_DECODE;
    if (lt_reader_empty(list))
        return 0;
    *dp = (lt_crldp){ { NULL, 0 }, false, false, { NULL, 0 } };
    lt_reader r = lt_der_enter(list, LT_DER_SEQUENCE);
    bool has_name = false;
    if (lt_der_peek(&r, LT_DER_CONTEXT_CONS(0))) {
        lt_span name = lt_der_expect(&r, LT_DER_CONTEXT_CONS(0));
        if (!lt_reader_ok(&r) || lt_crldp_read_name(name, &dp->full_name, &dp->relative_name) < 0)
            return LT_ERR_DECODE;
        has_name = true;
    }
    if (lt_der_peek(&r, LT_DER_CONTEXT(1))) {
        /* ReasonFlags, IMPLICIT BIT STRING: at least one flag, a valid unused-bits count */
        lt_span v = lt_der_expect(&r, LT_DER_CONTEXT(1));
        if (lt_reader_ok(&r) && (v.len < 2 || v.p[0] > 7))
            return LT_ERR_DECODE;
        dp->has_reasons = true;
    }
    if (lt_der_peek(&r, LT_DER_CONTEXT_CONS(2))) {
        dp->crl_issuer = lt_der_expect(&r, LT_DER_CONTEXT_CONS(2));
        if (!lt_reader_ok(&r) || lt_crldp_check_names(dp->crl_issuer) < 0)
            return LT_ERR_DECODE;
    }
    /* "either distributionPoint or cRLIssuer MUST be present" (§4.2.1.13) */
    if (!lt_reader_done(&r) || (!has_name && dp->crl_issuer.len == 0))
        return LT_ERR_DECODE;
    return 1;
}

int lt_crldp_parse_list(lt_span value, lt_span *list)
{
    lt_reader r = lt_reader_from_span(value);
    lt_span body = lt_der_expect(&r, LT_DER_SEQUENCE);
    if (!lt_reader_done(&r) || body.len == 0)
        return LT_ERR_DECODE;
    lt_reader dps = lt_reader_from_span(body);
    lt_crldp dp;
    int rc, count = 0;
    while ((rc = lt_crldp_next(&dps, &dp)) == 1)
        if (++count > LT_CRLDP_MAX)
            return LT_ERR_DECODE;
    if (rc < 0)
        return rc;
    *list = body;
    return 0;
}

bool lt_crldp_names_meet(lt_span a, lt_span b)
{
    lt_reader ra = lt_reader_from_span(a);
    unsigned tag_a, tag_b;
    lt_span va, vb;
    while (lt_general_names_next(&ra, &tag_a, &va) == 1) {
        lt_reader rb = lt_reader_from_span(b);
        while (lt_general_names_next(&rb, &tag_b, &vb) == 1)
            if (tag_a == tag_b && lt_span_eq(va, vb))
                return true;
    }
    return false;
}

bool lt_crldp_names_have_directory(lt_span names, lt_span name)
{
    lt_reader r = lt_reader_from_span(names);
    unsigned tag;
    lt_span value;
    while (lt_general_names_next(&r, &tag, &value) == 1)
        if (tag == LT_GN_DIRECTORY && lt_span_eq(value, name))
            return true;
    return false;
}
