/* Reading a whole file into memory, with a size limit so a wrong path (a device, a huge file)
 * cannot exhaust memory. */
#ifndef LT_BASE_FILE_H
#define LT_BASE_FILE_H

#include "base/err.h"
#include <stddef.h>
#include <stdint.h>

#define LT_FILE_MAX (16u * 1024u * 1024u)

/* Reads path into a malloc'd buffer with a NUL after the last byte (not counted in *len).
 * Returns 0, LT_ERR_IO (cannot open or read), LT_ERR_LIMIT (larger than LT_FILE_MAX) or
 * LT_ERR_NOMEM. */
LT_MUST_USE int lt_file_read(const char *path, uint8_t **out, size_t *len);
/* Why lt_file_read (or lt_file_check) failed with rc, for a sentence: the system's reason for
 * LT_ERR_IO ("No such file or directory", "Is a directory", ...; errno as the call left it),
 * else the size limit or the error's phrase. Call it right after the failing call. */
const char *lt_file_why(int rc, char *buf, size_t cap);
/* Whether path names something that can be read: a file, or a directory when dir_ok.
 * 0 or LT_ERR_IO (errno says why). */
LT_MUST_USE int lt_file_check(const char *path, int dir_ok);

#endif
