/* The development CA's files on disk (for `latch certs`): making the private directory,
 * writing files with a given mode, and reading back the CA certificate latch wrote. Reading
 * ca.pem decodes only the strict PEM that x509/pem_write.c produces (RFC 7468 §3's strict
 * form: one base64 block in lines, no headers); general PEM input is x509/pem.c's job. */
#ifndef LT_X509_DEVCA_H
#define LT_X509_DEVCA_H

#include <stddef.h>
#include <stdint.h>

#define LT_DEVCA_CERT_FILE "ca.pem"
#define LT_DEVCA_KEY_FILE "ca-key.pem"

/* Creates dir and any missing parents with mode 0700; an existing directory is fine.
 * LT_ERR_IO with errno set on failure. */
int lt_devca_make_dirs(const char *dir);

/* 1 if path names an existing file (of any kind), else 0. */
int lt_devca_exists(const char *path);

/* Writes data to path with the given mode: exclusive refuses an existing file; otherwise an
 * existing file is truncated and its mode reset to mode. A partial file is removed on failure.
 * LT_ERR_IO with errno set on failure. */
int lt_devca_write_file(const char *path, const void *data, size_t len, unsigned mode,
                        int exclusive);

#endif
