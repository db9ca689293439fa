/* Unit tests for src/x509/pem.c: RFC 7468 framing and strict base64. */
#include "lt_test.h"

#include <stdlib.h>

#include "base/err.h"
#include "x509/pem.h"

static int decode(const char *b64, uint8_t *out, size_t *n)
{
    return lt_base64_decode(b64, strlen(b64), out, n);
}

static void test_base64_decodes_with_and_without_padding(void)
{
    uint8_t out[16];
    size_t n;
    LT_CHECK_INT(decode("TWFu", out, &n), 0);
    LT_CHECK(n == 3 && memcmp(out, "Man", 3) == 0);
    LT_CHECK_INT(decode("TWE=", out, &n), 0);
    LT_CHECK(n == 2 && memcmp(out, "Ma", 2) == 0);
    LT_CHECK_INT(decode("TQ==", out, &n), 0);
    LT_CHECK(n == 1 && out[0] == 'M');
    LT_CHECK_INT(decode("TW\nFu\r\n TQ==\n", out, &n), 0);
    LT_CHECK(n == 4 && memcmp(out, "ManM", 4) == 0);
}

static void test_base64_is_strict(void)
{
    uint8_t out[16];
    size_t n;
    LT_CHECK_INT(decode("TWF", out, &n), LT_ERR_DECODE);    /* not a whole quad */
    LT_CHECK_INT(decode("TW=u", out, &n), LT_ERR_DECODE);   /* data after padding */
    LT_CHECK_INT(decode("T===", out, &n), LT_ERR_DECODE);   /* too much padding */
    LT_CHECK_INT(decode("TWE=TWFu", out, &n), LT_ERR_DECODE);
    LT_CHECK_INT(decode("TW-u", out, &n), LT_ERR_DECODE);   /* URL alphabet */
    LT_CHECK_INT(decode("TR==", out, &n), LT_ERR_DECODE);   /* non-zero bits under padding */
    LT_CHECK_INT(decode("", out, &n), LT_ERR_DECODE);
}

static void test_pem_finds_blocks_among_text(void)
{
    const char *text = "Subject: something\nexplanatory text\n"
                       "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n"
                       "-----BEGIN PRIVATE KEY-----\nTQ==\n-----END PRIVATE KEY-----\n"
                       "more text\n-----BEGIN CERTIFICATE-----\nTWE=\n-----END CERTIFICATE-----\n";
    size_t pos = 0, n;
    uint8_t *der;
    LT_CHECK_INT(lt_pem_next(text, strlen(text), &pos, "CERTIFICATE", &der, &n), 1);
    LT_CHECK(n == 3 && memcmp(der, "Man", 3) == 0);
    free(der);
    LT_CHECK_INT(lt_pem_next(text, strlen(text), &pos, "CERTIFICATE", &der, &n), 1);
    LT_CHECK(n == 2 && memcmp(der, "Ma", 2) == 0);
    free(der);
    LT_CHECK_INT(lt_pem_next(text, strlen(text), &pos, "CERTIFICATE", &der, &n), 0);
}

static void test_pem_missing_end_or_mismatched_label(void)
{
    const char *cut = "-----BEGIN CERTIFICATE-----\nTWFu\n";
    const char *mismatch = "-----BEGIN CERTIFICATE-----\nTWFu\n-----END PRIVATE KEY-----\n";
    const char *nested = "-----BEGIN CERTIFICATE-----\nTWFu\n-----BEGIN CERTIFICATE-----\nTWFu\n"
                         "-----END CERTIFICATE-----\n";
    size_t pos = 0, n;
    uint8_t *der = NULL;
    LT_CHECK_INT(lt_pem_next(cut, strlen(cut), &pos, "CERTIFICATE", &der, &n), LT_ERR_DECODE);
    pos = 0;
    LT_CHECK_INT(lt_pem_next(mismatch, strlen(mismatch), &pos, "CERTIFICATE", &der, &n), LT_ERR_DECODE);
    pos = 0;
    LT_CHECK_INT(lt_pem_next(nested, strlen(nested), &pos, "CERTIFICATE", &der, &n), LT_ERR_DECODE);
    /* the caller may skip the bad block and find the good one after it */
    LT_CHECK_INT(lt_pem_next(nested, strlen(nested), &pos, "CERTIFICATE", &der, &n), 1);
    free(der);
}

static void test_pem_bad_base64_in_block(void)
{
    const char *text = "-----BEGIN CERTIFICATE-----\nTW!u\n-----END CERTIFICATE-----\n";
    size_t pos = 0, n;
    uint8_t *der = NULL;
    LT_CHECK_INT(lt_pem_next(text, strlen(text), &pos, "CERTIFICATE", &der, &n), LT_ERR_DECODE);
    LT_CHECK_INT(lt_pem_next(text, strlen(text), &pos, "CERTIFICATE", &der, &n), 0);
}

int main(void)
{
    LT_RUN(test_base64_decodes_with_and_without_padding);
    LT_RUN(test_base64_is_strict);
    LT_RUN(test_pem_finds_blocks_among_text);
    LT_RUN(test_pem_missing_end_or_mismatched_label);
    LT_RUN(test_pem_bad_base64_in_block);
    return lt_test_summary();
}
