/* The development CA's files on disk (for `latch certs`): making the private directory and
 * writing files with a given mode. Reading them back is the library's job (base/file.c,
 * x509/pem.c, crypto/privkey.c). */
#ifndef LT_DEVCA_FILES_H
#define LT_DEVCA_FILES_H

#include <stddef.h>
#include <stdint.h>

/* Creates dir and any missing parents with mode 0700; an existing directory is fine.
 * LT_ERR_IO with errno set on failure. */
int lt_files_make_dirs(const char *dir);

/* 1 if path names an existing file (of any kind), else 0. */
int lt_files_exists(const char *path);

/* Writes data to path with the given mode: exclusive refuses an existing file; otherwise an
 * existing file is truncated and its mode reset to mode. A partial file is removed on failure.
 * LT_ERR_IO with errno set on failure. */
int lt_files_write(const char *path, const void *data, size_t len, unsigned mode, int exclusive);

#endif
