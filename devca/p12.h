/* The PKCS#12 bundle of `latch certs issue --p12` (RFC 7292), for Java keystores and Windows'
 * certificate import, which take a key and its chain in one password-protected file. Made the
 * way OpenSSL 3's `openssl pkcs12 -export` makes it by default, which Java 17's keytool and
 * current Windows read:
 *  - the certificates (the leaf, then the CA) in certBags, encrypted as one EncryptedData,
 *  - the key in a pkcs8ShroudedKeyBag,
 *  both encrypted with PBES2 (RFC 8018 §6.2): PBKDF2-HMAC-SHA256 with a 16-byte random salt
 *  and 2048 iterations, AES-256-CBC with a random IV; the leaf's bag and the key's carry the same
 *  friendlyName and localKeyId (the SHA-1 of the leaf's DER) so tools pair them;
 *  - a MacData: HMAC-SHA256 over the AuthenticatedSafe, keyed by the PKCS#12 KDF (Appendix B)
 *  with a 16-byte random salt and 2048 iterations.
 * No file I/O here: the caller writes the DER where it wants. */
#ifndef LT_DEVCA_P12_H
#define LT_DEVCA_P12_H

#include <stddef.h>
#include <stdint.h>

#include "base/span.h"
#include "crypto/pkey.h"

#define LT_P12_ITERATIONS 2048 /* OpenSSL 3's PKCS12_DEFAULT_ITER */
#define LT_P12_SALT_LEN 16
#define LT_P12_MAX_NAME 256      /* characters of the friendly name */
#define LT_P12_MAX_PASSWORD 1024 /* bytes of the password's UTF-8 */

typedef struct {
    lt_span leaf;              /* the leaf certificate's DER */
    lt_span ca;                /* its issuer's certificate DER */
    const lt_privkey *key;     /* the leaf's private key */
    const char *friendly_name; /* UTF-8: the alias Java and Windows show */
    const char *password;      /* UTF-8, not empty */
} lt_p12_input;

/* Builds the PFX DER; *der is malloc'd (the caller frees it; it holds only encrypted secrets).
 * LT_ERR_INVALID_ARG for an empty or too long password or name, or one that is not UTF-8 of
 * characters in the Basic Multilingual Plane (a BMPString carries no others). */
int lt_p12_build(const lt_p12_input *in, uint8_t **der, size_t *der_len);

#endif
