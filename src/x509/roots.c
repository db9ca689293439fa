/* The trust store (see roots.h). Certificates that fail to parse in a bundle are skipped and
 * counted rather than failing the whole bundle, since system stores carry the odd certificate a
 * strict parser refuses. The directory form reads *.pem, *.crt and OpenSSL's hash-named links
 * (8 hex digits, a dot, a digit); duplicates are kept once. */
#include "x509/roots.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/file.h"

#define LT_SYSTEM_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define LT_SYSTEM_DIR "/etc/ssl/certs"

static int lt_roots_add_bundle(lt_roots *roots, const char *path)
{
    uint8_t *text = NULL;
    size_t len = 0;
    int rc = lt_file_read(path, &text, &len);
    if (rc < 0)
        return rc;
    rc = lt_roots_add_pem(roots, (const char *)text, len);
    lt_free(text);
    return rc;
}

static int lt_roots_name_wanted(const char *name)
{
    size_t n = strlen(name);
    if (n > 4 && (strcmp(name + n - 4, ".pem") == 0 || strcmp(name + n - 4, ".crt") == 0))
        return 1;
    /* OpenSSL c_rehash links: 8 hex digits, '.', a digit */
    if (n == 10 && name[8] == '.' && name[9] >= '0' && name[9] <= '9' &&
        strspn(name, "0123456789abcdef") == 8)
        return 1;
    return 0;
}

static int lt_roots_add_dir(lt_roots *roots, const char *path)
{
    DIR *dir = opendir(path);
    struct dirent *entry;
    size_t before = roots->set.count;
    if (dir == NULL)
        return LT_ERR_IO;
    while ((entry = readdir(dir)) != NULL) {
        char file[4096];
        if (!lt_roots_name_wanted(entry->d_name))
            continue;
        if (snprintf(file, sizeof file, "%s/%s", path, entry->d_name) >= (int)sizeof file)
            continue;
        /* a file with no certificate in it is not the store's problem */
        int rc = lt_roots_add_bundle(roots, file);
        if (rc == LT_ERR_NOMEM) {
            closedir(dir);
            return rc;
        }
    }
    closedir(dir);
    return roots->set.count > before ? 0 : LT_ERR_DECODE;
}

lt_roots *lt_roots_new(void)
{
    lt_roots *roots = lt_calloc(1, sizeof *roots);
    if (roots != NULL) {
        roots->refs = 1;
        roots->set.dedupe = 1;
    }
    return roots;
}

void lt_roots_ref(lt_roots *roots)
{
    __atomic_add_fetch(&roots->refs, 1, __ATOMIC_RELAXED);
}

void lt_roots_free(lt_roots *roots)
{
    if (roots == NULL || __atomic_sub_fetch(&roots->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    lt_certset_clear(&roots->set);
    lt_free(roots);
}

int lt_roots_add_pem(lt_roots *roots, const char *pem, size_t len)
{
    size_t added, skipped;
    char why[160];
    int rc = lt_certset_add_pem(&roots->set, pem, len, 1, &added, &skipped, why, sizeof why);
    if (rc < 0)
        return rc;
    roots->skipped += skipped;
    return 0;
}

int lt_roots_add_file(lt_roots *roots, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return LT_ERR_IO;
    if (S_ISDIR(st.st_mode))
        return lt_roots_add_dir(roots, path);
    return lt_roots_add_bundle(roots, path);
}

int lt_roots_add_system(lt_roots *roots)
{
    const char *file = getenv("SSL_CERT_FILE");
    const char *dir = getenv("SSL_CERT_DIR");
    if (file != NULL && file[0] != '\0')
        return lt_roots_add_file(roots, file);
    if (dir != NULL && dir[0] != '\0')
        return lt_roots_add_file(roots, dir);
    if (lt_roots_add_file(roots, LT_SYSTEM_BUNDLE) == 0)
        return 0;
    return lt_roots_add_file(roots, LT_SYSTEM_DIR);
}
