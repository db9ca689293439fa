/* The stapled OCSP response of a server certificate (see staple.h). */
#include "tls/staple.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/clock.h"
#include "base/file.h"
#include "x509/ocsp.h"

struct lt_staple {
    pthread_mutex_t lock;   /* connections of every thread take the response */
    char *path;
    uint8_t *der;
    size_t len;
    int64_t looked_s;       /* monotonic second the file was last looked at */
    struct timespec mtime;  /* what it was then */
    off_t size;
};

/* Reads and checks the file's content: 0 with the new bytes in *der, or an error (why). */
static int lt_staple_read(const char *path, uint8_t **der, size_t *len, char *why, size_t why_cap)
{
    uint8_t *bytes = NULL;
    size_t n = 0;
    lt_ocsp_response resp;
    const char *problem = NULL;
    char reason[128];
    int rc = lt_file_read(path, &bytes, &n);
    if (rc < 0) {
        snprintf(why, why_cap, "cannot read the OCSP response '%s': %s", path, lt_file_why(rc, reason, sizeof reason));
        return rc;
    }
    if (n > LT_STAPLE_MAX) {
        lt_free(bytes);
        snprintf(why, why_cap, "the OCSP response '%s' is larger than %d bytes", path, LT_STAPLE_MAX);
        return LT_ERR_LIMIT;
    }
    rc = lt_ocsp_parse(bytes, n, &resp, &problem);
    if (rc < 0) {
        lt_free(bytes);
        snprintf(why, why_cap, "'%s' is not a usable OCSP response (DER): %s", path, problem ? problem : "malformed");
        return LT_ERR_DECODE;
    }
    *der = bytes;
    *len = n;
    return 0;
}

int lt_staple_open(const char *path, lt_staple **out, char *why, size_t why_cap)
{
    struct stat st;
    lt_staple *s = lt_calloc(1, sizeof *s);
    size_t path_len = strlen(path);
    int rc = LT_ERR_NOMEM;
    if (s == NULL || (s->path = lt_malloc(path_len + 1)) == NULL) {
        snprintf(why, why_cap, "out of memory");
        goto fail;
    }
    memcpy(s->path, path, path_len + 1);
    /* stat first: a change between it and the read is seen at the next look */
    if (stat(path, &st) == 0) {
        s->mtime = st.st_mtim;
        s->size = st.st_size;
    }
    rc = lt_staple_read(path, &s->der, &s->len, why, why_cap);
    if (rc < 0)
        goto fail;
    s->looked_s = lt_clock_monotonic_us() / 1000000;
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return 0;
fail:
    if (s != NULL)
        lt_free(s->path);
    lt_free(s);
    return rc;
}

void lt_staple_free(lt_staple *s)
{
    if (s == NULL)
        return;
    pthread_mutex_destroy(&s->lock);
    lt_free(s->der);
    lt_free(s->path);
    lt_free(s);
}

/* Under the lock: reads the file again if it changed since it was last looked at. */
static void lt_staple_refresh(lt_staple *s)
{
    struct stat st;
    uint8_t *der = NULL;
    size_t len = 0;
    char why[256];
    int64_t now_s = lt_clock_monotonic_us() / 1000000;
    if (now_s == s->looked_s)
        return;
    s->looked_s = now_s;
    if (stat(s->path, &st) != 0)
        return; /* gone for now (being replaced): keep what we have */
    if (st.st_mtim.tv_sec == s->mtime.tv_sec && st.st_mtim.tv_nsec == s->mtime.tv_nsec && st.st_size == s->size)
        return;
    if (lt_staple_read(s->path, &der, &len, why, sizeof why) < 0)
        return; /* half written, or garbage: the old response stays until a good one comes */
    s->mtime = st.st_mtim;
    s->size = st.st_size;
    lt_free(s->der);
    s->der = der;
    s->len = len;
}

int lt_staple_take(lt_staple *s, uint8_t **out, size_t *len)
{
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    lt_staple_refresh(s);
    uint8_t *copy = lt_malloc(s->len);
    if (copy == NULL) {
        rc = LT_ERR_NOMEM;
    } else {
        memcpy(copy, s->der, s->len);
        *out = copy;
        *len = s->len;
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}
