#include "shim_ocsp.h"
#include "shim_flags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char ocsp_path[4096];

static int b64_value(char c)
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

/* Standard base64 with padding, as the runner writes it. -1 if malformed or over cap. */
static long b64_decode(const char *in, unsigned char *out, size_t cap)
{
    size_t len = strlen(in), o = 0;
    if (len % 4 != 0)
        return -1;
    for (size_t i = 0; i < len; i += 4) {
        int v[4], pad = 0;
        for (int k = 0; k < 4; k++) {
            if (in[i + k] == '=' && i + 4 == len && k >= 2) {
                v[k] = 0;
                pad++;
                continue;
            }
            if (pad > 0 || (v[k] = b64_value(in[i + k])) < 0)
                return -1;
        }
        unsigned long w = ((unsigned long)v[0] << 18) | ((unsigned long)v[1] << 12) | ((unsigned long)v[2] << 6) |
                          (unsigned long)v[3];
        for (int k = 0; k < 3 - pad; k++) {
            if (o == cap)
                return -1;
            out[o++] = (unsigned char)(w >> (16 - 8 * k));
        }
    }
    return (long)o;
}

void shim_ocsp_cleanup(void)
{
    if (ocsp_path[0] != '\0')
        unlink(ocsp_path);
    ocsp_path[0] = '\0';
}

int shim_ocsp_staple(latch_config *cfg, const char *b64)
{
    unsigned char der[16384];
    int rc = 1;
    long n = b64_decode(b64, der, sizeof der);
    if (n < 0) {
        fprintf(stderr, "-ocsp-response: not base64 the shim can hold\n");
        return 1;
    }
    shim_ocsp_cleanup();
    const char *dir = getenv("TMPDIR");
    snprintf(ocsp_path, sizeof ocsp_path, "%s/bogo-ocsp-XXXXXX", dir != NULL && dir[0] != '\0' ? dir : P_tmpdir);
    int fd = mkstemp(ocsp_path);
    if (fd < 0) {
        ocsp_path[0] = '\0';
        perror("-ocsp-response: mkstemp");
        return 1;
    }
    if (write(fd, der, (size_t)n) != n) {
        perror("-ocsp-response: write");
        close(fd);
        goto out;
    }
    close(fd);
    latch_status st = latch_config_set_ocsp_file(cfg, ocsp_path);
    if (st == LATCH_ERR_DECODE) {
        fprintf(stderr, "unimplemented: latch staples only an OCSPResponse that parses: %s\n",
                latch_config_error(cfg));
        rc = SHIM_EXIT_UNIMPLEMENTED;
        goto out;
    }
    if (st != LATCH_OK) {
        fprintf(stderr, "latch refused the OCSP response: %s: %s\n", latch_status_str(st), latch_config_error(cfg));
        goto out;
    }
    return 0; /* latch reads the file again when it changes: it stays until the shim ends */
out:
    shim_ocsp_cleanup();
    return rc;
}
