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

#endif
