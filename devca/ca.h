/* The development CA as the other devca files use it (revoke.c, crl_write.c): where it lives and
 * loading it, exactly as issuing a certificate does (devca.c). */
#ifndef LT_DEVCA_CA_H
#define LT_DEVCA_CA_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/pkey.h"
#include "devca/issue.h"

/* The CA directory: dir, or the default one (devca.h) when dir is NULL. LT_ERR_INVALID_ARG with
 * a sentence in msg when there is none or it does not fit in cap. */
int lt_devca_ca_dir(const char *dir, char *out, size_t cap, char *msg, size_t msg_cap);

/* Loads the CA of ca_dir: its key (*key), a copy of its subject Name (*subject_der), its
 * certificate's DER (*cert_der), and issuer filled for signing; all malloc'd, the caller frees
 * them (lt_privkey_free, lt_free). LT_ERR_INVALID_ARG when there is no CA there, with msg. */
int lt_devca_ca_load(const char *ca_dir, lt_privkey **key, uint8_t **subject_der, uint8_t **cert_der,
                     size_t *cert_der_len, lt_issue_issuer *issuer, char *msg, size_t msg_cap);

/* Both: the CA directory (into ca_dir) and the CA in it. */
int lt_devca_ca_open(const char *dir, char *ca_dir, size_t ca_dir_cap, lt_privkey **key, uint8_t **subject_der,
                     uint8_t **cert_der, size_t *cert_der_len, lt_issue_issuer *issuer, char *msg,
                     size_t msg_cap);

#endif
