/* Reading a small binary file whole (see readfile.h). */
#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int cli_read_file(const char *path, size_t max, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0;
    int rc = -1, saved = 0;
    if (f == NULL)
        return -1;
    buf = malloc(max + 1);
    if (buf == NULL) {
        saved = ENOMEM;
        goto out;
    }
    /* one byte more than allowed tells a file that is too long */
    n = fread(buf, 1, max + 1, f);
    if (ferror(f)) {
        saved = errno ? errno : EIO;
        goto out;
    }
    if (n > max) {
        saved = EFBIG;
        goto out;
    }
    *out = buf;
    *len = n;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(f);
    if (rc < 0)
        errno = saved;
    return rc;
}
