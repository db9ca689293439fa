/* The development CA's files (see devca.h): POSIX file I/O with explicit modes, so private
 * keys are never readable by others even for a moment, and the strict PEM (RFC 7468 §3) reader
 * for the CA certificate latch wrote itself. */
#include "x509/devca.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"

static int devca_make_one_dir(const char *path)
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

int lt_devca_make_dirs(const char *dir)
{
    size_t len = strlen(dir);
    if (len == 0) {
        errno = ENOENT;
        return LT_ERR_IO;
    }
    char *path = malloc(len + 1);
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
        rc = devca_make_one_dir(path);
        path[i] = saved;
    }
    free(path);
    return rc;
}

int lt_devca_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int lt_devca_write_file(const char *path, const void *data, size_t len, unsigned mode,
                        int exclusive)
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

int lt_devca_read_file(const char *path, size_t max, char **out, size_t *out_len)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return LT_ERR_IO;
    char *buf = malloc(max + 1);
    int rc = LT_ERR_NOMEM;
    if (buf == NULL)
        goto out;
    size_t len = fread(buf, 1, max + 1, file);
    if (ferror(file)) {
        rc = LT_ERR_IO;
        goto out;
    }
    if (len > max) {
        rc = LT_ERR_LIMIT;
        goto out;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(file);
    return rc;
}

static int devca_base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int lt_devca_cert_from_pem(const char *pem, size_t pem_len, uint8_t **der, size_t *der_len)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    static const char end[] = "-----END CERTIFICATE-----";
    const char *text_end = pem + pem_len;
    const char *start = NULL;
    for (const char *p = pem; (size_t)(text_end - p) >= sizeof begin - 1; p++) {
        if (memcmp(p, begin, sizeof begin - 1) == 0) {
            start = p + sizeof begin - 1;
            break;
        }
    }
    if (start == NULL)
        return LT_ERR_DECODE;
    uint8_t *out = malloc((size_t)(text_end - start) / 4 * 3 + 3);
    if (out == NULL)
        return LT_ERR_NOMEM;
    size_t out_len = 0, padding = 0;
    uint32_t group = 0;
    unsigned group_fill = 0;
    const char *p = start;
    for (; p < text_end; p++) {
        char c = *p;
        if (c == '\n' || c == '\r')
            continue;
        if (c == '-')
            break;
        if (c == '=' && padding < 2) {
            padding++;
            c = 'A';
        } else if (padding > 0) {
            goto malformed;
        }
        int value = devca_base64_value(c);
        if (value < 0)
            goto malformed;
        group = group << 6 | (uint32_t)value;
        if (++group_fill == 4) {
            out[out_len++] = (uint8_t)(group >> 16);
            out[out_len++] = (uint8_t)(group >> 8);
            out[out_len++] = (uint8_t)group;
            group = 0;
            group_fill = 0;
        }
    }
    if (group_fill != 0 || out_len < padding || (size_t)(text_end - p) < sizeof end - 1 ||
        memcmp(p, end, sizeof end - 1) != 0)
        goto malformed;
    *der = out;
    *der_len = out_len - padding;
    return 0;
malformed:
    free(out);
    return LT_ERR_DECODE;
}
