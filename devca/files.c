/* The development CA's files (see files.h): POSIX file I/O with explicit modes, so private
 * keys are never readable by others even for a moment. */
#include "devca/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/err.h"

static int files_make_one_dir(const char *path)
{
    if (mkdir(path, 0700) == 0)
        return 0;
    struct stat st;
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    if (errno == EEXIST)
        errno = ENOTDIR;
    return LT_ERR_IO;
}

int lt_files_make_dirs(const char *dir)
{
    size_t len = strlen(dir);
    if (len == 0) {
        errno = ENOENT;
        return LT_ERR_IO;
    }
    char *path = lt_malloc(len + 1);
    if (path == NULL)
        return LT_ERR_NOMEM;
    memcpy(path, dir, len + 1);
    int rc = 0;
    for (size_t i = 1; i <= len && rc == 0; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        if (path[i - 1] == '/')
            continue;
        char saved = path[i];
        path[i] = '\0';
        rc = files_make_one_dir(path);
        path[i] = saved;
    }
    lt_free(path);
    return rc;
}

int lt_files_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int lt_files_write(const char *path, const void *data, size_t len, unsigned mode, int exclusive)
{
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
    int fd = open(path, flags, (mode_t)mode);
    if (fd < 0)
        return LT_ERR_IO;
    /* an existing file keeps its old mode through open(); a key file must not */
    if (fchmod(fd, (mode_t)mode) != 0)
        goto fail;
    const uint8_t *at = data;
    while (len > 0) {
        ssize_t written = write(fd, at, len);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            goto fail;
        at += written;
        len -= (size_t)written;
    }
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return 0;
fail:;
    int saved_errno = errno;
    if (fd >= 0)
        close(fd);
    unlink(path);
    errno = saved_errno;
    return LT_ERR_IO;
}
