/* A PKCS#12 PFX for `latch certs issue --p12` (see p12.h): RFC 7292 §4 (PFX, AuthenticatedSafe,
 * MacData), §4.2 (SafeBag, CertBag, PKCS8ShroudedKeyBag), Appendix B (the MAC key), with PBES2
 * (RFC 8018 §6.2, Appendix A.2 and A.4) protecting the bags, written with the DER writer. */
#include "devca/p12.h"

#include <string.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/wipe.h"
#include "base/writer.h"
#include "crypto/hash.h"
#include "crypto/pbe.h"
#include "crypto/rand.h"
#include "x509/derw.h"
#include "x509/oid.h"

#define P12_TAG_BMP_STRING 0x1e
#define P12_KEY_ID_LEN 20   /* SHA-1 */
#define P12_ATTRS_SLACK 128 /* the attributes' DER around the name and key id */
#define P12_DER_SLACK 1024  /* every header of the nested structures, and more */

/* RFC 2315 §14 (PKCS #7 content types), RFC 7292 Appendix D, RFC 8018 Appendix A/B, RFC 2985 */
static const uint8_t oid_data[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01 };
static const uint8_t oid_encrypted_data[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06 };
static const uint8_t oid_shrouded_key_bag[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
                                                0x01, 0x0c, 0x0a, 0x01, 0x02 };
static const uint8_t oid_cert_bag[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x03 };
static const uint8_t oid_x509_certificate[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x01 };
static const uint8_t oid_friendly_name[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x14 };
static const uint8_t oid_local_key_id[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x15 };
static const uint8_t oid_pbes2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d };
static const uint8_t oid_pbkdf2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c };
static const uint8_t oid_hmac_sha256[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09 };
static const uint8_t oid_aes256_cbc[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a };

/* UTF-8 text to big-endian UCS-2, the content of a BMPString (X.680 §41): RFC 7292 B.1 formats
 * the MAC password this way, and friendlyName is one. Malformed UTF-8 (overlong forms,
 * surrogates) and characters past U+FFFF, which UCS-2 cannot carry, are LT_ERR_INVALID_ARG. */
static int p12_bmp_from_utf8(const char *text, size_t max_chars, uint8_t **out, size_t *out_len)
{
    size_t len = strlen(text), chars = 0;
    uint8_t *bmp = lt_malloc(2 * len + 2);
    if (bmp == NULL)
        return LT_ERR_NOMEM;
    const uint8_t *p = (const uint8_t *)text, *end = p + len;
    int rc = 0;
    while (p < end && rc == 0) {
        uint32_t c = *p++;
        if (c >= 0x80) {
            size_t more = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : 3;
            uint32_t min = more == 1 ? 0x80 : 0x800;
            c &= more == 1 ? 0x1f : 0x0f;
            if (more == 3 || (size_t)(end - p) < more) {
                rc = LT_ERR_INVALID_ARG; /* four-byte forms are past the BMP */
                break;
            }
            for (size_t i = 0; i < more; i++) {
                if ((p[i] & 0xc0) != 0x80)
                    rc = LT_ERR_INVALID_ARG;
                c = c << 6 | (p[i] & 0x3fu);
            }
            p += more;
            if (c < min || (c >= 0xd800 && c <= 0xdfff))
                rc = LT_ERR_INVALID_ARG;
        }
        bmp[2 * chars] = (uint8_t)(c >> 8);
        bmp[2 * chars + 1] = (uint8_t)c;
        chars++;
    }
    if (rc == 0 && (chars == 0 || chars > max_chars))
        rc = LT_ERR_INVALID_ARG;
    if (rc < 0) {
        lt_wipe(bmp, 2 * len + 2);
        lt_free(bmp);
        return rc;
    }
    *out = bmp;
    *out_len = 2 * chars;
    return 0;
}

/* PKCS12Attribute (RFC 7292 §4.2): SEQUENCE { attrId, SET { value } }. */
static void p12_write_attribute(lt_writer *w, const uint8_t *oid, size_t oid_len, uint8_t tag,
                                const uint8_t *value, size_t value_len)
{
    lt_derw_block attribute, values;
    lt_derw_open_sequence(w, &attribute);
    lt_derw_oid(w, oid, oid_len);
    lt_derw_open_set(w, &values);
    lt_derw_tlv(w, tag, value, value_len);
    lt_derw_close(w, &values);
    lt_derw_close(w, &attribute);
}

/* bagAttributes: friendlyName and localKeyId, as a SET OF in DER order (X.690 §11.6: the
 * encodings ascending, the shorter padded with zeros), which depends on the name's length. */
static void p12_write_bag_attributes(lt_writer *w, lt_span name_bmp,
                                     const uint8_t key_id[P12_KEY_ID_LEN])
{
    uint8_t id_der[P12_ATTRS_SLACK];
    lt_writer id = lt_writer_init(id_der, sizeof id_der);
    p12_write_attribute(&id, oid_local_key_id, sizeof oid_local_key_id, LT_DER_OCTET_STRING,
                        key_id, P12_KEY_ID_LEN);
    size_t name_cap = name_bmp.len + P12_ATTRS_SLACK;
    uint8_t *name_der = lt_malloc(name_cap);
    if (name_der == NULL) {
        lt_writer_fail(w, LT_ERR_NOMEM);
        return;
    }
    lt_writer name = lt_writer_init(name_der, name_cap);
    p12_write_attribute(&name, oid_friendly_name, sizeof oid_friendly_name, P12_TAG_BMP_STRING,
                        name_bmp.p, name_bmp.len);
    if (id.err || name.err) {
        lt_writer_fail(w, id.err ? id.err : name.err);
    } else {
        size_t common = id.len < name.len ? id.len : name.len;
        int cmp = memcmp(name.buf, id.buf, common);
        int name_first = cmp < 0 || (cmp == 0 && name.len <= id.len);
        lt_derw_block set;
        lt_derw_open_set(w, &set);
        lt_derw_raw(w, name_first ? name.buf : id.buf, name_first ? name.len : id.len);
        lt_derw_raw(w, name_first ? id.buf : name.buf, name_first ? id.len : name.len);
        lt_derw_close(w, &set);
    }
    lt_free(name_der);
}

/* The PBES2 AlgorithmIdentifier (RFC 8018 A.4, A.2, B.2.5) and then plain encrypted under it, as
 * an element with content_tag: [0] IMPLICIT in an EncryptedContentInfo, OCTET STRING in an
 * EncryptedPrivateKeyInfo. The key is PBKDF2 of the password's UTF-8, as OpenSSL 3 and Java do
 * for PBES2 (unlike the MAC's BMPString). */
static void p12_write_pbes2(lt_writer *w, const char *password, uint8_t content_tag,
                            const uint8_t *plain, size_t plain_len)
{
    uint8_t salt[LT_P12_SALT_LEN], iv[LT_AES_BLOCK_LEN], key[LT_AES256_KEY_LEN];
    if (w->err)
        return; /* no key to derive for a message that already failed */
    int rc = lt_random(salt, sizeof salt);
    if (rc == 0)
        rc = lt_random(iv, sizeof iv);
    if (rc == 0)
        rc = lt_pbkdf2(LT_HASH_SHA256, password, strlen(password), salt, sizeof salt,
                       LT_P12_ITERATIONS, key, sizeof key);
    if (rc < 0) {
        lt_writer_fail(w, rc);
        goto out;
    }
    lt_derw_block algorithm, params, kdf, kdf_params, prf, scheme, content;
    lt_derw_open_sequence(w, &algorithm);
    lt_derw_oid(w, oid_pbes2, sizeof oid_pbes2);
    lt_derw_open_sequence(w, &params);
    lt_derw_open_sequence(w, &kdf);
    lt_derw_oid(w, oid_pbkdf2, sizeof oid_pbkdf2);
    lt_derw_open_sequence(w, &kdf_params);
    lt_derw_octet_string(w, salt, sizeof salt);
    lt_derw_integer_u64(w, LT_P12_ITERATIONS);
    /* keyLength left out: AES-256 fixes it (A.2 makes it optional); the prf is written since
     * its DEFAULT is hmacWithSHA1, with NULL parameters as OpenSSL writes them */
    lt_derw_open_sequence(w, &prf);
    lt_derw_oid(w, oid_hmac_sha256, sizeof oid_hmac_sha256);
    lt_derw_null(w);
    lt_derw_close(w, &prf);
    lt_derw_close(w, &kdf_params);
    lt_derw_close(w, &kdf);
    lt_derw_open_sequence(w, &scheme);
    lt_derw_oid(w, oid_aes256_cbc, sizeof oid_aes256_cbc);
    lt_derw_octet_string(w, iv, sizeof iv);
    lt_derw_close(w, &scheme);
    lt_derw_close(w, &params);
    lt_derw_close(w, &algorithm);

    lt_derw_open(w, content_tag, &content);
    size_t cipher_len = lt_aes_cbc_padded_len(plain_len);
    uint8_t *cipher = lt_writer_reserve(w, cipher_len);
    if (cipher != NULL) {
        rc = lt_aes256_cbc_encrypt(key, iv, plain, plain_len, cipher, &cipher_len);
        if (rc < 0)
            lt_writer_fail(w, rc);
    }
    lt_derw_close(w, &content);
out:
    lt_wipe(key, sizeof key);
}

/* SafeBag { certBag, [0] CertBag { x509Certificate, [0] OCTET STRING cert } } (§4.2.3). */
static void p12_write_cert_bag(lt_writer *w, lt_span cert, const lt_span *name_bmp,
                               const uint8_t *key_id)
{
    lt_derw_block bag, value, cert_bag, cert_value;
    lt_derw_open_sequence(w, &bag);
    lt_derw_oid(w, oid_cert_bag, sizeof oid_cert_bag);
    lt_derw_open_explicit(w, 0, &value);
    lt_derw_open_sequence(w, &cert_bag);
    lt_derw_oid(w, oid_x509_certificate, sizeof oid_x509_certificate);
    lt_derw_open_explicit(w, 0, &cert_value);
    lt_derw_octet_string(w, cert.p, cert.len);
    lt_derw_close(w, &cert_value);
    lt_derw_close(w, &cert_bag);
    lt_derw_close(w, &value);
    if (name_bmp != NULL)
        p12_write_bag_attributes(w, *name_bmp, key_id);
    lt_derw_close(w, &bag);
}

/* AuthenticatedSafe (§4.1): the certificates' SafeContents encrypted (EncryptedData, RFC 2315
 * §13, version 0), then the key's SafeContents in plain Data, its one bag encrypted itself. */
static int p12_write_auth_safe(lt_writer *w, const lt_p12_input *in, lt_span name_bmp,
                               const uint8_t key_id[P12_KEY_ID_LEN], lt_span key_der)
{
    size_t certs_cap = in->leaf.len + in->ca.len + name_bmp.len + P12_DER_SLACK;
    uint8_t *certs_der = lt_malloc(certs_cap);
    if (certs_der == NULL)
        return LT_ERR_NOMEM;
    lt_writer certs = lt_writer_init(certs_der, certs_cap);
    lt_derw_block safe_contents;
    lt_derw_open_sequence(&certs, &safe_contents);
    p12_write_cert_bag(&certs, in->leaf, &name_bmp, key_id);
    p12_write_cert_bag(&certs, in->ca, NULL, NULL);
    lt_derw_close(&certs, &safe_contents);
    if (certs.err) {
        lt_free(certs_der);
        return certs.err;
    }

    lt_derw_block auth_safe, info, explicit_content, encrypted_data, encrypted_info;
    lt_derw_open_sequence(w, &auth_safe);
    lt_derw_open_sequence(w, &info);
    lt_derw_oid(w, oid_encrypted_data, sizeof oid_encrypted_data);
    lt_derw_open_explicit(w, 0, &explicit_content);
    lt_derw_open_sequence(w, &encrypted_data);
    lt_derw_integer_u64(w, 0);
    lt_derw_open_sequence(w, &encrypted_info);
    lt_derw_oid(w, oid_data, sizeof oid_data);
    p12_write_pbes2(w, in->password, LT_DER_CONTEXT(0), certs_der, certs.len);
    lt_derw_close(w, &encrypted_info);
    lt_derw_close(w, &encrypted_data);
    lt_derw_close(w, &explicit_content);
    lt_derw_close(w, &info);

    lt_derw_block data, octets, key_contents, bag, value, epki;
    lt_derw_open_sequence(w, &info);
    lt_derw_oid(w, oid_data, sizeof oid_data);
    lt_derw_open_explicit(w, 0, &data);
    lt_derw_open(w, LT_DER_OCTET_STRING, &octets);
    lt_derw_open_sequence(w, &key_contents);
    lt_derw_open_sequence(w, &bag);
    lt_derw_oid(w, oid_shrouded_key_bag, sizeof oid_shrouded_key_bag);
    lt_derw_open_explicit(w, 0, &value);
    lt_derw_open_sequence(w, &epki); /* EncryptedPrivateKeyInfo, RFC 5208 §6 */
    p12_write_pbes2(w, in->password, LT_DER_OCTET_STRING, key_der.p, key_der.len);
    lt_derw_close(w, &epki);
    lt_derw_close(w, &value);
    p12_write_bag_attributes(w, name_bmp, key_id);
    lt_derw_close(w, &bag);
    lt_derw_close(w, &key_contents);
    lt_derw_close(w, &octets);
    lt_derw_close(w, &data);
    lt_derw_close(w, &info);
    lt_derw_close(w, &auth_safe);
    lt_free(certs_der);
    return w->err;
}

/* MacData (§4, Appendix B): HMAC-SHA256 over the AuthenticatedSafe's DER, keyed with 32 bytes
 * of the PKCS#12 KDF (ID 3) of the password as a BMPString with its two zero bytes (B.1). */
static void p12_write_mac_data(lt_writer *w, const char *password, const uint8_t *auth_safe,
                               size_t auth_safe_len)
{
    uint8_t salt[LT_P12_SALT_LEN], mac_key[32], mac[32];
    uint8_t *password_bmp = NULL;
    size_t password_bmp_len = 0;
    int rc = p12_bmp_from_utf8(password, LT_P12_MAX_PASSWORD, &password_bmp, &password_bmp_len);
    if (rc == 0) {
        password_bmp[password_bmp_len] = 0; /* p12_bmp_from_utf8 leaves room for them */
        password_bmp[password_bmp_len + 1] = 0;
        rc = lt_random(salt, sizeof salt);
    }
    if (rc == 0)
        rc = lt_pkcs12_kdf(LT_HASH_SHA256, LT_PKCS12_KDF_MAC, password_bmp, password_bmp_len + 2,
                           salt, sizeof salt, LT_P12_ITERATIONS, mac_key, sizeof mac_key);
    if (rc == 0)
        rc = lt_hmac(LT_HASH_SHA256, mac_key, sizeof mac_key, auth_safe, auth_safe_len, mac);
    if (rc < 0) {
        lt_writer_fail(w, rc);
        goto out;
    }
    lt_derw_block mac_data, digest_info, algorithm;
    lt_derw_open_sequence(w, &mac_data);
    lt_derw_open_sequence(w, &digest_info);
    lt_derw_open_sequence(w, &algorithm);
    lt_derw_oid(w, LT_OID_SHA256, sizeof LT_OID_SHA256);
    lt_derw_null(w);
    lt_derw_close(w, &algorithm);
    lt_derw_octet_string(w, mac, sizeof mac);
    lt_derw_close(w, &digest_info);
    lt_derw_octet_string(w, salt, sizeof salt);
    lt_derw_integer_u64(w, LT_P12_ITERATIONS); /* DEFAULT 1, so written: it is not 1 */
    lt_derw_close(w, &mac_data);
out:
    if (password_bmp != NULL) {
        lt_wipe(password_bmp, password_bmp_len + 2);
        lt_free(password_bmp);
    }
    lt_wipe(mac_key, sizeof mac_key);
}

int lt_p12_build(const lt_p12_input *in, uint8_t **der, size_t *der_len)
{
    uint8_t *name_bmp = NULL, *key_der = NULL, *auth_safe_der = NULL, *pfx_der = NULL;
    size_t name_bmp_len = 0, key_der_len = 0;
    uint8_t key_id[P12_KEY_ID_LEN];
    if (in == NULL || der == NULL || der_len == NULL || in->key == NULL || in->leaf.p == NULL ||
        in->ca.p == NULL || in->friendly_name == NULL || in->password == NULL ||
        strlen(in->password) > LT_P12_MAX_PASSWORD)
        return LT_ERR_INVALID_ARG;
    /* the password is checked before any work; the MAC converts it again */
    int rc = p12_bmp_from_utf8(in->password, LT_P12_MAX_PASSWORD, &name_bmp, &name_bmp_len);
    if (rc == 0) {
        lt_wipe(name_bmp, name_bmp_len);
        lt_free(name_bmp);
        name_bmp = NULL;
        rc = p12_bmp_from_utf8(in->friendly_name, LT_P12_MAX_NAME, &name_bmp, &name_bmp_len);
    }
    /* the localKeyId OpenSSL gives a key and its certificate: an identifier, not a signature */
    if (rc == 0)
        rc = lt_hash(LT_HASH_SHA1, in->leaf.p, in->leaf.len, key_id);
    if (rc == 0)
        rc = lt_privkey_to_der(in->key, &key_der, &key_der_len);
    if (rc < 0)
        goto out;

    size_t auth_safe_cap = lt_aes_cbc_padded_len(in->leaf.len + in->ca.len + name_bmp_len +
                                                 P12_DER_SLACK) +
                           lt_aes_cbc_padded_len(key_der_len) + 2 * name_bmp_len + 2 * P12_DER_SLACK;
    auth_safe_der = lt_malloc(auth_safe_cap);
    if (auth_safe_der == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    lt_writer auth_safe = lt_writer_init(auth_safe_der, auth_safe_cap);
    rc = p12_write_auth_safe(&auth_safe, in, lt_span_make(name_bmp, name_bmp_len), key_id,
                             lt_span_make(key_der, key_der_len));
    if (rc < 0)
        goto out;

    size_t pfx_cap = auth_safe.len + P12_DER_SLACK;
    pfx_der = lt_malloc(pfx_cap);
    if (pfx_der == NULL) {
        rc = LT_ERR_NOMEM;
        goto out;
    }
    lt_writer pfx = lt_writer_init(pfx_der, pfx_cap);
    lt_derw_block pfx_seq, auth_info, content;
    lt_derw_open_sequence(&pfx, &pfx_seq);
    lt_derw_integer_u64(&pfx, 3); /* v3 */
    lt_derw_open_sequence(&pfx, &auth_info);
    lt_derw_oid(&pfx, oid_data, sizeof oid_data);
    lt_derw_open_explicit(&pfx, 0, &content);
    lt_derw_octet_string(&pfx, auth_safe.buf, auth_safe.len);
    lt_derw_close(&pfx, &content);
    lt_derw_close(&pfx, &auth_info);
    p12_write_mac_data(&pfx, in->password, auth_safe.buf, auth_safe.len);
    lt_derw_close(&pfx, &pfx_seq);
    rc = pfx.err;
    if (rc < 0)
        goto out;
    *der = pfx_der;
    *der_len = pfx.len;
    pfx_der = NULL;
out:
    if (key_der != NULL) {
        lt_wipe(key_der, key_der_len);
        lt_free(key_der);
    }
    lt_free(pfx_der);
    lt_free(auth_safe_der);
    lt_free(name_bmp);
    return rc;
}
