/* lt_file_read(): see file.h. */
#include "base/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/err.h"

int lt_file_read(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t used = 0, cap = 0;
    struct stat st;
    int rc = LT_ERR_IO;

    if (f == NULL)
        return LT_ERR_IO;
    if (fstat(fileno(f), &st) != 0)
        goto out;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto out;
    }
    /* A regular file is read into one allocation of its size, so a key file leaves no stray
     * copies behind in memory given back by realloc. */
    if (S_ISREG(st.st_mode)) {
        if ((uint64_t)st.st_size > LT_FILE_MAX) {
            rc = LT_ERR_LIMIT;
            goto out;
        }
        cap = (size_t)st.st_size + 1;
        buf = lt_malloc(cap + 1);
        if (buf == NULL) {
            rc = LT_ERR_NOMEM;
            goto out;
        }
    }
    for (;;) {
        if (used == cap) {
            size_t next = cap ? cap * 2 : 8192;
            if (cap >= LT_FILE_MAX) {
                rc = LT_ERR_LIMIT;
                goto out;
            }
            uint8_t *grown = lt_realloc(buf, next + 1);
            if (grown == NULL) {
                rc = LT_ERR_NOMEM;
                goto out;
            }
            buf = grown;
            cap = next;
        }
        size_t n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (n == 0) {
            if (ferror(f))
                goto out;
            break;
        }
    }
    if (used > LT_FILE_MAX) {
        rc = LT_ERR_LIMIT;
        goto out;
    }
    buf[used] = 0;
    *out = buf;
    *len = used;
    buf = NULL;
    rc = 0;
out:
    lt_free(buf);
    int saved = errno; /* (the reason, not fclose's) */
    fclose(f);
    errno = saved;
    return rc;
}

int lt_file_check(const char *path, int dir_ok)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return LT_ERR_IO;
    if (S_ISDIR(st.st_mode) && !dir_ok) {
        errno = EISDIR;
        return LT_ERR_IO;
    }
    if (access(path, R_OK) != 0)
        return LT_ERR_IO;
    return 0;
}

const char *lt_file_why(int rc, char *buf, size_t cap)
{
    if (rc == LT_ERR_LIMIT)
        return "larger than 16 MiB";
    if (rc != LT_ERR_IO)
        return lt_err_str(rc);
    int err = errno;
    if (strerror_r(err, buf, cap) != 0)
        snprintf(buf, cap, "error %d", err);
    return buf;
}
