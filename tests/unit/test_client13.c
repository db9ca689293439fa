/* Unit tests for the TLS 1.3 client's checks of the ServerHello and HelloRetryRequest
 * (src/tls/client13.c, RFC 8446 §4.1.3, §4.1.4, §4.2.1, §4.2.2, §4.2.8): a real latch client sends
 * its ClientHello, and a hand-made server answer, with one field bent, gets the alert the RFC
 * names and a sentence saying what was wrong. Each bent answer has a well-formed twin that the
 * client takes, so a check that refused everything would fail too. */
#include "lt_hello.h"

/* The well-formed ServerHello is taken; it then waits for EncryptedExtensions. */
static void test_well_formed_server_hello_is_taken(void)
{
    lt_client c;
    LT_CHECK(lt_client_start(&c));
    lt_sh_spec spec = { 0 };
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK_INT(c.conn->version, LATCH_TLS13);
    LT_CHECK_INT(c.conn->group, LT_GROUP_X25519);
    lt_client_end(&c);
}

/* §4.2.1 and §4.1.3: the version fields. */
static void test_server_hello_version_fields(void)
{
    lt_sh_spec spec = { 0 };
    spec.versions = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed supported_versions in the ServerHello"), LT_ALERT_DECODE_ERROR);
    spec.versions = 3;
    LT_CHECK_INT(lt_first_answer(&spec, "supported_versions selects another version, which we did not offer"),
                 LT_ALERT_ILLEGAL_PARAMETER);
    /* the sentinel in a TLS 1.3 client's answer it cannot take: a downgrade, not a version */
    spec.sentinel = LT_DOWNGRADE_TLS12;
    LT_CHECK_INT(lt_first_answer(&spec, "signalled a downgrade from TLS 1.3"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.sentinel = NULL;
    spec.versions = 1; /* no supported_versions, legacy_version TLS 1.1 */
    spec.legacy_version = 0x0302;
    LT_CHECK_INT(lt_first_answer(&spec, "a version older than TLS 1.2, which we did not offer"),
                 LT_ALERT_PROTOCOL_VERSION);
    memset(&spec, 0, sizeof spec); /* TLS 1.3 selected, but legacy_version not 0x0303 */
    spec.legacy_version = 0x0302;
    LT_CHECK_INT(lt_first_answer(&spec, "bad legacy_version or compression method"), LT_ALERT_ILLEGAL_PARAMETER);
    memset(&spec, 0, sizeof spec);
    spec.compression = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "bad legacy_version or compression method"), LT_ALERT_ILLEGAL_PARAMETER);
}

/* §4.1.3: the legacy_session_id is echoed as sent. */
static void test_server_hello_must_echo_session_id(void)
{
    lt_sh_spec spec = { 0 };
    spec.bent_session_id = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "did not echo our legacy_session_id"), LT_ALERT_ILLEGAL_PARAMETER);
}

/* §4.2.8: one share, of the group we sent a share for, that makes a secret. */
static void test_server_hello_key_share(void)
{
    lt_sh_spec spec = { 0 };
    spec.key_share = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "the ServerHello has no key_share"), LT_ALERT_MISSING_EXTENSION);
    spec.key_share = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed key_share in the ServerHello"), LT_ALERT_DECODE_ERROR);
    spec.key_share = 0; /* P-256 is offered in supported_groups, but its share was not sent */
    spec.key_group = LT_GROUP_SECP256R1;
    LT_CHECK_INT(lt_first_answer(&spec, "key share is for group 0x0017, not one we offered"),
                 LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_group = 0; /* the all-zero x25519 point makes an all-zero secret (RFC 7748 §6.1) */
    spec.key_share = 3;
    LT_CHECK_INT(lt_first_answer(&spec, "the server's x25519 key share is invalid"), LT_ALERT_ILLEGAL_PARAMETER);
}

/* §4.1.4: a HelloRetryRequest must change the ClientHello, with a group we support and did not
 * already send a share for, or a cookie of at least one byte. */
static void test_hello_retry_request_checks(void)
{
    lt_sh_spec spec = { 0 };
    spec.hrr = 1;
    spec.key_share = 1;
    LT_CHECK_INT(lt_first_answer(&spec, "HelloRetryRequest would not change the ClientHello"),
                 LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_share = 0; /* x25519 again */
    LT_CHECK_INT(lt_first_answer(&spec, "asks for group 0x001d, which we already sent"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_group = 0x0100; /* ffdhe2048 */
    LT_CHECK_INT(lt_first_answer(&spec, "asks for group 0x0100, which we did not offer"), LT_ALERT_ILLEGAL_PARAMETER);
    spec.key_group = LT_GROUP_SECP256R1;
    spec.key_share = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "malformed key_share in the HelloRetryRequest"), LT_ALERT_DECODE_ERROR);
    spec.key_share = 1;
    spec.cookie = 2;
    LT_CHECK_INT(lt_first_answer(&spec, "HelloRetryRequest carries a malformed extension 44"), LT_ALERT_DECODE_ERROR);

    /* the well-formed ones: a new group, or a cookie alone; each gets a second ClientHello */
    spec.key_share = 0;
    spec.cookie = 0;
    lt_client c;
    size_t len;
    LT_CHECK(lt_client_start(&c));
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK(latch_net_out_buf(c.conn, &len) != NULL && len > 0);
    LT_CHECK_INT(c.conn->hs->kex_group, LT_GROUP_SECP256R1);
    lt_client_end(&c);
    spec.key_share = 1;
    spec.cookie = 1;
    LT_CHECK(lt_client_start(&c));
    LT_CHECK_INT(lt_answer(&c, &spec, NULL), -1);
    LT_CHECK(latch_net_out_buf(c.conn, &len) != NULL && len > 0);
    LT_CHECK_INT(c.conn->hs->cookie_len, 12);
    lt_client_end(&c);
}

/* §4.1.4: after a HelloRetryRequest, the ServerHello keeps its suite and is no second retry. */
static void test_after_hello_retry_request(void)
{
    for (int variant = 0; variant < 3; variant++) {
        lt_client c;
        LT_CHECK(lt_client_start(&c));
        lt_sh_spec hrr = { 0 };
        hrr.hrr = 1;
        hrr.key_group = LT_GROUP_SECP256R1;
        LT_CHECK_INT(lt_answer(&c, &hrr, NULL), -1);
        size_t len;
        if (latch_net_out_buf(c.conn, &len) != NULL)
            latch_net_out_consumed(c.conn, len);
        lt_sh_spec sh = { 0 };
        sh.key_group = LT_GROUP_SECP256R1;
        if (variant == 0) {
            LT_CHECK_INT(lt_answer(&c, &sh, NULL), -1);
            LT_CHECK_INT(c.conn->group, LT_GROUP_SECP256R1);
        } else if (variant == 1) {
            sh.suite = LT_SUITE_AES256;
            LT_CHECK_INT(lt_answer(&c, &sh, "changed its cipher suite after HelloRetryRequest"),
                         LT_ALERT_ILLEGAL_PARAMETER);
        } else {
            LT_CHECK_INT(lt_answer(&c, &hrr, "the server sent a second HelloRetryRequest"),
                         LT_ALERT_UNEXPECTED_MESSAGE);
        }
        lt_client_end(&c);
    }
}

int main(void)
{
    LT_RUN(test_well_formed_server_hello_is_taken);
    LT_RUN(test_server_hello_version_fields);
    LT_RUN(test_server_hello_must_echo_session_id);
    LT_RUN(test_server_hello_key_share);
    LT_RUN(test_hello_retry_request_checks);
    LT_RUN(test_after_hello_retry_request);
    return lt_test_summary();
}
