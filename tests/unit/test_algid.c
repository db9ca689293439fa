/* Unit tests for signature AlgorithmIdentifiers (src/x509/algid.c): RSASSA-PSS parameters (RFC
 * 4055 §3.1) name SHA-256, -384 or -512 for the hash and for MGF1 alike, with a salt of the
 * hash's length, and an optional trailerField of 1; PKCS#1 v1.5 takes NULL or absent parameters
 * (§5), ECDSA and Ed25519 none (RFC 5758 §3.2, RFC 8410 §3); an unknown algorithm is reported by
 * its OID, not as malformed. Identifiers are built here byte by byte. */
#include "lt_test.h"

#include "base/err.h"
#include "base/reader.h"
#include "x509/algid.h"

static const uint8_t oid_pss[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const uint8_t oid_mgf1[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08 };
static const uint8_t oid_sha256[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const uint8_t oid_sha384[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 };
static const uint8_t oid_sha512[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 };
static const uint8_t oid_sha1[] = { 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a };
static const uint8_t oid_rsa_sha256[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const uint8_t oid_ecdsa_sha512[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04 };
static const uint8_t oid_ed25519[] = { 0x06, 0x03, 0x2b, 0x65, 0x70 };
static const uint8_t oid_unknown[] = { 0x06, 0x03, 0x2a, 0x03, 0x04 };
static const uint8_t der_null[] = { 0x05, 0x00 };

/* A growing DER encoding: short lengths only (every value here is under 128 bytes). */
typedef struct {
    uint8_t b[256];
    size_t len;
} lt_der;

static void put(lt_der *d, const uint8_t *p, size_t n)
{
    if (d->len + n <= sizeof d->b) {
        memcpy(d->b + d->len, p, n);
        d->len += n;
    }
}

/* d := tag, length, d */
static void wrap(lt_der *d, uint8_t tag)
{
    lt_der inner = *d;
    d->len = 0;
    uint8_t head[2] = { tag, (uint8_t)inner.len };
    put(d, head, 2);
    put(d, inner.b, inner.len);
}

/* AlgorithmIdentifier { hash OID, NULL? } */
static lt_der hash_alg(const uint8_t *oid, size_t oid_len, int with_null)
{
    lt_der d = { { 0 }, 0 };
    put(&d, oid, oid_len);
    if (with_null)
        put(&d, der_null, sizeof der_null);
    wrap(&d, 0x30);
    return d;
}

typedef struct {
    const uint8_t *hash;      /* NULL: field absent */
    size_t hash_len;
    const uint8_t *mgf_hash;  /* NULL: field absent */
    size_t mgf_hash_len;
    int salt;                 /* -1: field absent */
    int trailer;              /* 0: field absent */
    int extra;                /* a field after the last one */
} lt_pss;

static lt_der pss_alg(const lt_pss *p)
{
    lt_der params = { { 0 }, 0 }, field;
    if (p->hash != NULL) {
        field = hash_alg(p->hash, p->hash_len, 1);
        wrap(&field, 0xa0);
        put(&params, field.b, field.len);
    }
    if (p->mgf_hash != NULL) {
        lt_der inner = hash_alg(p->mgf_hash, p->mgf_hash_len, 0);
        field.len = 0;
        put(&field, oid_mgf1, sizeof oid_mgf1);
        put(&field, inner.b, inner.len);
        wrap(&field, 0x30);
        wrap(&field, 0xa1);
        put(&params, field.b, field.len);
    }
    if (p->salt >= 0) {
        uint8_t salt[] = { 0x02, 0x01, (uint8_t)p->salt };
        field.len = 0;
        put(&field, salt, sizeof salt);
        wrap(&field, 0xa2);
        put(&params, field.b, field.len);
    }
    if (p->trailer) {
        uint8_t trailer[] = { 0x02, 0x01, (uint8_t)p->trailer };
        field.len = 0;
        put(&field, trailer, sizeof trailer);
        wrap(&field, 0xa3);
        put(&params, field.b, field.len);
    }
    if (p->extra)
        put(&params, der_null, sizeof der_null);
    wrap(&params, 0x30);
    lt_der d = { { 0 }, 0 };
    put(&d, oid_pss, sizeof oid_pss);
    put(&d, params.b, params.len);
    wrap(&d, 0x30);
    return d;
}

/* Reads an identifier: its algorithm, or -1 when it is malformed. The reader must be used up. */
static int read_alg(const lt_der *d)
{
    lt_reader r = lt_reader_init(d->b, d->len);
    lt_sig_alg alg = LT_SIG_ED25519;
    lt_span oid = { NULL, 0 };
    lt_algid_read_sig(&r, &alg, &oid);
    if (!lt_reader_done(&r))
        return -1;
    LT_CHECK(oid.p != NULL && oid.len > 0);
    return (int)alg;
}

/* The three SHA-2 hashes, each with MGF1 of the same hash and a salt of its length. */
static void test_pss_params_name_the_hash(void)
{
    lt_pss p = { oid_sha256, sizeof oid_sha256, oid_sha256, sizeof oid_sha256, 32, 0, 0 };
    lt_der d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_RSA_PSS_SHA256);
    p = (lt_pss){ oid_sha384, sizeof oid_sha384, oid_sha384, sizeof oid_sha384, 48, 0, 0 };
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_RSA_PSS_SHA384);
    p = (lt_pss){ oid_sha512, sizeof oid_sha512, oid_sha512, sizeof oid_sha512, 64, 1, 0 };
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_RSA_PSS_SHA512); /* with trailerField 1 */
}

/* Well-formed parameters latch does not accept: the algorithm is none, the reader is fine. */
static void test_pss_params_latch_refuses(void)
{
    /* a salt one byte short or long of the hash's length */
    lt_pss p = { oid_sha384, sizeof oid_sha384, oid_sha384, sizeof oid_sha384, 47, 0, 0 };
    lt_der d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
    p.salt = 49;
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
    /* MGF1 with another hash than the message's */
    p = (lt_pss){ oid_sha256, sizeof oid_sha256, oid_sha384, sizeof oid_sha384, 32, 0, 0 };
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
    /* the defaults: SHA-1 and a salt of 20 */
    p = (lt_pss){ NULL, 0, NULL, 0, -1, 0, 0 };
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
    p = (lt_pss){ oid_sha1, sizeof oid_sha1, oid_sha1, sizeof oid_sha1, 20, 0, 0 };
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
    /* no MGF field: MGF1 with SHA-1 by default, which matches no SHA-2 hash */
    p = (lt_pss){ oid_sha256, sizeof oid_sha256, NULL, 0, 32, 0, 0 };
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
}

/* Malformed parameters fail the reader. */
static void test_pss_params_malformed(void)
{
    lt_pss p = { oid_sha256, sizeof oid_sha256, oid_sha256, sizeof oid_sha256, 32, 2, 0 };
    lt_der d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), -1); /* trailerField 2 */
    p.trailer = 0;
    p.extra = 1;
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), -1); /* a field after the last */
    /* a hash identifier with a parameter that is not NULL */
    p.extra = 0;
    d = pss_alg(&p);
    LT_CHECK_INT(read_alg(&d), LT_SIG_RSA_PSS_SHA256);
    size_t null_at = 2 + sizeof oid_pss + 2 + 2 + 2 + sizeof oid_sha256;
    LT_CHECK(d.b[null_at] == 0x05);
    d.b[null_at] = 0x04; /* an empty OCTET STRING */
    LT_CHECK_INT(read_alg(&d), -1);
}

/* PKCS#1 v1.5 takes NULL or nothing; ECDSA and Ed25519 nothing at all; an unknown OID is none. */
static void test_parameters_by_algorithm(void)
{
    lt_der d = hash_alg(oid_rsa_sha256, sizeof oid_rsa_sha256, 1);
    LT_CHECK_INT(read_alg(&d), LT_SIG_RSA_PKCS1_SHA256);
    d = hash_alg(oid_rsa_sha256, sizeof oid_rsa_sha256, 0);
    LT_CHECK_INT(read_alg(&d), LT_SIG_RSA_PKCS1_SHA256);
    d = hash_alg(oid_ecdsa_sha512, sizeof oid_ecdsa_sha512, 0);
    LT_CHECK_INT(read_alg(&d), LT_SIG_ECDSA_SHA512);
    d = hash_alg(oid_ecdsa_sha512, sizeof oid_ecdsa_sha512, 1);
    LT_CHECK_INT(read_alg(&d), -1);
    d = hash_alg(oid_ed25519, sizeof oid_ed25519, 0);
    LT_CHECK_INT(read_alg(&d), LT_SIG_ED25519);
    d = hash_alg(oid_ed25519, sizeof oid_ed25519, 1);
    LT_CHECK_INT(read_alg(&d), -1);
    d = hash_alg(oid_unknown, sizeof oid_unknown, 1);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
    d = hash_alg(oid_unknown, sizeof oid_unknown, 0);
    LT_CHECK_INT(read_alg(&d), LT_SIG_NONE);
    /* no OID at all */
    d = hash_alg(der_null, sizeof der_null, 0);
    LT_CHECK_INT(read_alg(&d), -1);
}

int main(void)
{
    LT_RUN(test_pss_params_name_the_hash);
    LT_RUN(test_pss_params_latch_refuses);
    LT_RUN(test_pss_params_malformed);
    LT_RUN(test_parameters_by_algorithm);
    return lt_test_summary();
}
