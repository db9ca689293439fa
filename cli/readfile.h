/* Reading a small binary file whole (an OCSP response) for the tool. */
#ifndef LATCH_CLI_READFILE_H
#define LATCH_CLI_READFILE_H

#include <stddef.h>
#include <stdint.h>

/* Reads path into a malloc'd buffer. 0 on success; -1 with errno set when it cannot be read,
 * or with errno EFBIG when it is longer than max bytes. */
int cli_read_file(const char *path, size_t max, uint8_t **out, size_t *len);

#endif
