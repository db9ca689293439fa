/* Unit tests for the trust store's loading (src/x509/roots.c): a directory store reads *.pem,
 * *.crt and OpenSSL's hash-named links (exactly 8 lowercase hex digits, a dot, a digit) and
 * nothing else, keeps a certificate found twice once, and is an error when it yields no
 * certificate; the system store is SSL_CERT_FILE, else SSL_CERT_DIR, as OpenSSL reads them. */
#include "lt_test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/err.h"
#include "x509/roots.h"

#define LT_PKI "vectors/pki/"

static int copy_file(const char *from, const char *dir, const char *name)
{
    char path[512], buf[4096];
    size_t n;
    int rc = 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *in = fopen(from, "rb"), *out = fopen(path, "wb");
    if (in == NULL || out == NULL)
        rc = -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (in != NULL)
        fclose(in);
    if (out != NULL && fclose(out) != 0)
        rc = -1;
    return rc;
}

static int write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
}

/* Whether the store holds the certificate of a one-certificate PEM file, compared by DER. */
static int holds(const lt_roots *roots, const char *pem_path)
{
    lt_roots *one = lt_roots_new();
    int found = 0;
    if (one == NULL || lt_roots_add_file(one, pem_path) != 0 || one->set.count != 1) {
        fprintf(stderr, "  cannot read %s\n", pem_path);
        lt_roots_free(one);
        return -1;
    }
    for (size_t i = 0; i < roots->set.count; i++)
        if (roots->set.items[i].len == one->set.items[0].len &&
            memcmp(roots->set.items[i].der, one->set.items[0].der, one->set.items[0].len) == 0)
            found++;
    lt_roots_free(one);
    return found;
}

/* Which names a directory store reads: the suffixes, and the hash link's form at its edges (7,
 * 8 and 9 hex digits; a capital; a letter past f; a suffix that is not a digit). */
static void test_dir_reads_pem_crt_and_hash_links_only(void)
{
    char dir[] = "/tmp/latch-roots-XXXXXX";
    LT_CHECK(mkdtemp(dir) != NULL);
    LT_CHECK_INT(copy_file(LT_PKI "ca.pem", dir, "ca.pem"), 0);
    LT_CHECK_INT(copy_file(LT_PKI "other-ca.pem", dir, "other.crt"), 0);
    LT_CHECK_INT(copy_file(LT_PKI "p256.pem", dir, "0a1b2c3d.0"), 0);
    LT_CHECK_INT(copy_file(LT_PKI "ca.pem", dir, "copy-of-ca.pem"), 0);     /* kept once */
    LT_CHECK_INT(copy_file(LT_PKI "p384.pem", dir, "p384.txt"), 0);
    LT_CHECK_INT(copy_file(LT_PKI "p384.pem", dir, "0a1b2c3.0"), 0);        /* 7 hex digits */
    LT_CHECK_INT(copy_file(LT_PKI "p384.pem", dir, "0a1b2c3d4.0"), 0);      /* 9 hex digits */
    LT_CHECK_INT(copy_file(LT_PKI "rsa2048.pem", dir, "0A1B2C3D.0"), 0);    /* capitals */
    LT_CHECK_INT(copy_file(LT_PKI "rsa2048.pem", dir, "0a1b2c3g.0"), 0);    /* not hex */
    LT_CHECK_INT(copy_file(LT_PKI "ed25519.pem", dir, "0a1b2c3d.x"), 0);    /* not a digit */
    LT_CHECK_INT(copy_file(LT_PKI "ed25519.pem", dir, ".pem"), 0);          /* no name */
    LT_CHECK_INT(copy_file(LT_PKI "ed25519.pem", dir, "ca.pem.bak"), 0);

    lt_roots *roots = lt_roots_new();
    LT_CHECK(roots != NULL);
    LT_CHECK_INT(lt_roots_add_file(roots, dir), 0);
    LT_CHECK_INT(roots->set.count, 3);
    LT_CHECK_INT(holds(roots, LT_PKI "ca.pem"), 1);
    LT_CHECK_INT(holds(roots, LT_PKI "other-ca.pem"), 1);
    LT_CHECK_INT(holds(roots, LT_PKI "p256.pem"), 1);
    LT_CHECK_INT(holds(roots, LT_PKI "p384.pem"), 0);
    LT_CHECK_INT(holds(roots, LT_PKI "rsa2048.pem"), 0);
    LT_CHECK_INT(holds(roots, LT_PKI "ed25519.pem"), 0);
    lt_roots_free(roots);
    remove_dir(dir);
}

/* A directory that yields no certificate is a store that trusts nothing: an error, not an empty
 * success; a file in it that is not PEM is passed over, and one that is adds its certificate. */
static void test_dir_without_certificates_is_an_error(void)
{
    char dir[] = "/tmp/latch-roots-XXXXXX";
    LT_CHECK(mkdtemp(dir) != NULL);
    lt_roots *roots = lt_roots_new();
    LT_CHECK_INT(lt_roots_add_file(roots, dir), LT_ERR_DECODE);
    LT_CHECK_INT(write_file(dir, "junk.pem", "not a certificate\n"), 0);
    LT_CHECK_INT(lt_roots_add_file(roots, dir), LT_ERR_DECODE);
    LT_CHECK_INT(roots->set.count, 0);
    LT_CHECK_INT(copy_file(LT_PKI "ca.pem", dir, "ca.crt"), 0);
    LT_CHECK_INT(lt_roots_add_file(roots, dir), 0);
    LT_CHECK_INT(roots->set.count, 1);
    lt_roots_free(roots);
    remove_dir(dir);

    roots = lt_roots_new();
    LT_CHECK_INT(lt_roots_add_file(roots, dir), LT_ERR_IO); /* gone */
    LT_CHECK_INT(roots->set.count, 0);
    lt_roots_free(roots);
}

/* The system store honours OpenSSL's variables: SSL_CERT_FILE first, then SSL_CERT_DIR. */
static void test_system_store_honours_ssl_cert_file_then_dir(void)
{
    char dir[] = "/tmp/latch-roots-XXXXXX";
    LT_CHECK(mkdtemp(dir) != NULL);
    LT_CHECK_INT(copy_file(LT_PKI "ca.pem", dir, "ca.pem"), 0);
    LT_CHECK_INT(copy_file(LT_PKI "other-ca.pem", dir, "1234abcd.0"), 0);

    LT_CHECK_INT(setenv("SSL_CERT_FILE", "", 1), 0);
    LT_CHECK_INT(setenv("SSL_CERT_DIR", dir, 1), 0);
    lt_roots *roots = lt_roots_new();
    LT_CHECK_INT(lt_roots_add_system(roots), 0);
    LT_CHECK_INT(roots->set.count, 2);
    LT_CHECK_INT(holds(roots, LT_PKI "other-ca.pem"), 1);
    lt_roots_free(roots);

    LT_CHECK_INT(setenv("SSL_CERT_FILE", LT_PKI "p256.pem", 1), 0);
    roots = lt_roots_new();
    LT_CHECK_INT(lt_roots_add_system(roots), 0);
    LT_CHECK_INT(roots->set.count, 1);
    LT_CHECK_INT(holds(roots, LT_PKI "p256.pem"), 1);
    lt_roots_free(roots);

    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    remove_dir(dir);
}

int main(void)
{
    LT_RUN(test_dir_reads_pem_crt_and_hash_links_only);
    LT_RUN(test_dir_without_certificates_is_an_error);
    LT_RUN(test_system_store_honours_ssl_cert_file_then_dir);
    return lt_test_summary();
}
