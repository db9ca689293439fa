/* Unit tests for the TLS 1.2 client's checks of the ServerHello (src/tls/client12.c): the suite
 * and compression it offered, secure renegotiation (RFC 5746 §3.4), the extended master secret
 * (RFC 7627: an empty extension, required when the configuration says so), uncompressed points
 * (RFC 8422 §5.2), an empty status_request (RFC 6066 §8), a record_size_limit of at least 64
 * (RFC 8449 §4); and the TLS 1.3 downgrade sentinel in a TLS 1.2 answer (RFC 8446 §4.1.3). A
 * real latch client gets hand-made answers, each bent in one field, next to the well-formed one
 * it takes. */
#include "lt_hello.h"

static void test_well_formed_tls12_server_hello_is_taken(void)
{
    lt_client c;
    LT_CHECK(lt_client_start(&c));
    lt_sh_spec spec = lt_sh12();
    spec.point_formats = 1;
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK_INT(c.conn->version, LATCH_TLS12);
    LT_CHECK(c.conn->hs->ems);
    lt_client_end(&c);
}

/* §4.1.3: a client that offered TLS 1.3 aborts on the sentinel in a TLS 1.2 ServerHello. */
static void test_downgrade_sentinel_is_refused(void)
{
    lt_sh_spec spec = lt_sh12();
    spec.sentinel = LT_DOWNGRADE_TLS12;
    LT_CHECK_INT(lt_first_answer(&spec, "signalled a downgrade from TLS 1.3"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.sentinel = LT_DOWNGRADE_TLS11;
    LT_CHECK_INT(lt_first_answer(&spec, "signalled a downgrade from TLS 1.3"), LT_ALERT_ILLEGAL_PARAMETER);
}

static void test_suite_and_compression_offered(void)
{
    lt_sh_spec spec = lt_sh12();
    spec.suite = 0x1301; /* a TLS 1.3 suite in a TLS 1.2 ServerHello */
    LT_CHECK_INT(lt_first_answer(&spec, "the server chose cipher suite 0x1301 or compression 0"),
                 LT_ALERT_ILLEGAL_PARAMETER);
    spec.suite = 0x000a; /* TLS_RSA_WITH_3DES_EDE_CBC_SHA: never offered */
    LT_CHECK_INT(lt_first_answer(&spec, "cipher suite 0x000a or compression 0"), LT_ALERT_ILLEGAL_PARAMETER);
    spec = lt_sh12();
    spec.compression = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "or compression 1, which we did not offer for TLS 1.2"),
                 LT_ALERT_ILLEGAL_PARAMETER);
}

/* RFC 5746 §3.4: no renegotiation_info, or one that is not empty, ends the handshake. */
static void test_secure_renegotiation_is_required(void)
{
    lt_sh_spec spec = lt_sh12();
    spec.reneg = 0;
    LT_CHECK_INT(lt_first_answer(&spec, "does not support secure renegotiation"), LT_ALERT_HANDSHAKE_FAILURE);
    spec.reneg = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "renegotiation_info is not empty"), LT_ALERT_HANDSHAKE_FAILURE);
}

/* RFC 7627: the extended master secret's extension is empty; a server without it is taken for a
 * full handshake (never resumed: RFC 7627 §5.4) unless the configuration requires it. */
static void test_extended_master_secret(void)
{
    lt_sh_spec spec = lt_sh12();
    spec.ems = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed extension 23"), LT_ALERT_DECODE_ERROR);
    spec.ems = 0;
    lt_client c;
    LT_CHECK(lt_client_start(&c));
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK(!c.conn->hs->ems);
    lt_client_end(&c);
    latch_config *cfg = lt_pair_client_config();
    LT_CHECK_INT(latch_config_set_require_ems(cfg, 1), LATCH_OK);
    LT_CHECK(lt_client_start_with(&c, cfg));
    LT_CHECK_INT(lt_answer(&c, &spec, "does not support the extended master secret (RFC 7627), which we require"),
                 LT_ALERT_HANDSHAKE_FAILURE);
    lt_client_end(&c);
}

/* RFC 8422 §5.2: the server's point formats include uncompressed. */
static void test_point_formats_include_uncompressed(void)
{
    lt_sh_spec spec = lt_sh12();
    spec.point_formats = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "does not take uncompressed points"), LT_ALERT_ILLEGAL_PARAMETER);
}

/* RFC 6066 §8: the client asks for a staple; the server's status_request is empty, and promises
 * a CertificateStatus. */
static void test_status_request_answer(void)
{
    lt_sh_spec spec = lt_sh12();
    spec.status = 1;
    lt_client c;
    LT_CHECK(lt_client_start(&c));
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK(c.conn->hs->staple_promised);
    lt_client_end(&c);
    spec.status = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "status_request is not empty"), LT_ALERT_DECODE_ERROR);
}

/* RFC 8449 §4: the server's record_size_limit is at least 64, and then bounds what we send. */
static void test_record_size_limit_answer(void)
{
    lt_sh_spec spec = lt_sh12();
    for (int value = 63; value <= 65; value++) {
        spec.record_limit = value;
        lt_client c;
        LT_CHECK(lt_client_start(&c));
        if (value < 64) {
            LT_CHECK_INT(lt_answer(&c, &spec, "the peer's record_size_limit is below 64 bytes"),
                         LT_ALERT_ILLEGAL_PARAMETER);
        } else {
            LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
            LT_CHECK_INT(c.conn->send_limit, value);
        }
        lt_client_end(&c);
    }
    spec.record_limit = -1;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed"), LT_ALERT_DECODE_ERROR);
}

int main(void)
{
    LT_RUN(test_well_formed_tls12_server_hello_is_taken);
    LT_RUN(test_downgrade_sentinel_is_refused);
    LT_RUN(test_suite_and_compression_offered);
    LT_RUN(test_secure_renegotiation_is_required);
    LT_RUN(test_extended_master_secret);
    LT_RUN(test_point_formats_include_uncompressed);
    LT_RUN(test_status_request_answer);
    LT_RUN(test_record_size_limit_answer);
    return lt_test_summary();
}
