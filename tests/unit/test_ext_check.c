/* The extension table (src/tls/ext.c, lt_ext_check): which extension may come in which message,
 * answering what, of which length, and the alert RFC 8446 §4.2 asks for otherwise. */
#include <string.h>

#include "lt_test.h"

#include "tls/ext.h"
#include "tls/proto.h"

static const uint8_t lt_zeros[300];

/* The offered set for these tests: what latch's ClientHello carries, and early_data never. */
static int lt_offered(const void *ctx, uint16_t type)
{
    (void)ctx;
    return type != LT_EXT_EARLY_DATA && type != LT_EXT_STATUS_REQUEST && type != LT_EXT_SCT &&
           type != LT_EXT_COOKIE && type != 0x1234;
}

/* One extension of that type and length in that message: 0 or the alert. */
static int lt_check_one(lt_ext_msg where, uint16_t type, size_t len)
{
    lt_ext_list list;
    uint16_t bad = 0;
    list.n = 1;
    list.items[0].type = type;
    list.items[0].data = lt_span_make(lt_zeros, len);
    int alert = lt_ext_check(&list, where, lt_offered, NULL, &bad);
    if (alert != 0 && bad != type)
        return -1;
    return alert;
}

static void test_where(void)
{
    /* allowed there and asked for */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH, LT_EXT_KEY_SHARE, 36), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_HRR, LT_EXT_KEY_SHARE, 2), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_ALPN, 5), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_SERVER_NAME, 0), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, LT_EXT_EXTENDED_MASTER_SECRET, 0), 0);
    /* a TLS 1.2 server's echo of the supported_groups we sent is no unsolicited answer */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, LT_EXT_SUPPORTED_GROUPS, 4), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_CR, LT_EXT_SIGNATURE_ALGORITHMS, 4), 0);
    /* known, but not for that message: illegal_parameter in TLS 1.3 (§4.2) */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_KEY_SHARE, 36), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_SIGNATURE_ALGORITHMS, 4), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH, LT_EXT_ALPN, 5), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_HRR, LT_EXT_PRE_SHARED_KEY, 2), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_CR, LT_EXT_KEY_SHARE, 36), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_CT, LT_EXT_ALPN, 5), LT_ALERT_ILLEGAL_PARAMETER);
    /* ... and what a TLS 1.2 ServerHello may not carry is one the client did not ask for there */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, LT_EXT_KEY_SHARE, 36), LT_ALERT_UNSUPPORTED_EXTENSION);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, LT_EXT_SUPPORTED_VERSIONS, 2), LT_ALERT_UNSUPPORTED_EXTENSION);
    /* allowed there, but not asked for: unsupported_extension (§4.2) */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_EARLY_DATA, 0), LT_ALERT_UNSUPPORTED_EXTENSION);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_CT, LT_EXT_STATUS_REQUEST, 0), LT_ALERT_UNSUPPORTED_EXTENSION);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_CT, LT_EXT_SCT, 0), LT_ALERT_UNSUPPORTED_EXTENSION);
    /* the HelloRetryRequest's cookie is the one answer to nothing */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_HRR, LT_EXT_COOKIE, 3), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_COOKIE, 3), LT_ALERT_ILLEGAL_PARAMETER);
    /* unknown: unsupported_extension where only answers come, ignored in a CertificateRequest or
     * a NewSessionTicket */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH, 0x1234, 0), LT_ALERT_UNSUPPORTED_EXTENSION);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, 0x1234, 0), LT_ALERT_UNSUPPORTED_EXTENSION);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, 0x1234, 0), LT_ALERT_UNSUPPORTED_EXTENSION);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_CR, 0x1234, 0), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_NST, 0x1234, 7), 0);
    /* ClientHello-only ones, anywhere else */
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_PADDING, 0), LT_ALERT_ILLEGAL_PARAMETER);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH, LT_EXT_PSK_KEY_EXCHANGE_MODES, 2), LT_ALERT_ILLEGAL_PARAMETER);
}

/* Lengths at the limit, one below and one above. */
static void test_lengths(void)
{
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_RECORD_SIZE_LIMIT, 1), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_RECORD_SIZE_LIMIT, 2), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_RECORD_SIZE_LIMIT, 3), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH, LT_EXT_SUPPORTED_VERSIONS, 1), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH, LT_EXT_SUPPORTED_VERSIONS, 2), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH, LT_EXT_SUPPORTED_VERSIONS, 3), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, LT_EXT_EXTENDED_MASTER_SECRET, 1), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_SERVER_NAME, 1), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_ALPN, 3), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_ALPN, 4), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_ALPN, 258), 0);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_EE, LT_EXT_ALPN, 259), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, LT_EXT_RENEGOTIATION_INFO, 0), LT_ALERT_DECODE_ERROR);
    LT_CHECK_INT(lt_check_one(LT_EXT_IN_SH12, LT_EXT_RENEGOTIATION_INFO, 1), 0);
}

/* The first offending extension is the one named; an empty block passes. */
static void test_block(void)
{
    lt_ext_list list;
    uint16_t bad = 0;
    list.n = 0;
    LT_CHECK_INT(lt_ext_check(&list, LT_EXT_IN_EE, lt_offered, NULL, &bad), 0);
    list.n = 3;
    list.items[0].type = LT_EXT_ALPN;
    list.items[0].data = lt_span_make(lt_zeros, 5);
    list.items[1].type = LT_EXT_EARLY_DATA;
    list.items[1].data = lt_span_make(lt_zeros, 0);
    list.items[2].type = LT_EXT_KEY_SHARE;
    list.items[2].data = lt_span_make(lt_zeros, 36);
    LT_CHECK_INT(lt_ext_check(&list, LT_EXT_IN_EE, lt_offered, NULL, &bad), LT_ALERT_UNSUPPORTED_EXTENSION);
    LT_CHECK_INT(bad, LT_EXT_EARLY_DATA);
}

int main(void)
{
    LT_RUN(test_where);
    LT_RUN(test_lengths);
    LT_RUN(test_block);
    return lt_test_summary();
}
