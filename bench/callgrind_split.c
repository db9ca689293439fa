/* Reads a callgrind output file and splits its instruction count by the object the instructions
 * ran in: the cryptographic libraries, the TLS library's own code, libc, and the rest. Self cost
 * only: a cost line that follows a "calls=" line is the inclusive cost of that call and is
 * skipped. Format: valgrind's "Callgrind Format Specification" (names compressed as "(id) name",
 * later "(id)"). */
#include "callgrind_split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CG_MAX_OBJECTS 256

/* Which column an object's instructions count in, by its file name. */
static int cg_category(const char *object, const char *program)
{
    static const char *const crypto[] = { "libcrypto.so", "libnettle.so", "libhogweed.so", "libgmp.so",
                                          "libmbedcrypto.so" };
    static const char *const tls[] = { "libssl.so", "libgnutls.so", "libtasn1.so", "libmbedtls.so",
                                       "libmbedx509.so", "libwolfssl.so" };
    const char *base = strrchr(object, '/');
    base = base ? base + 1 : object;
    for (size_t i = 0; i < sizeof crypto / sizeof crypto[0]; i++)
        if (strncmp(base, crypto[i], strlen(crypto[i])) == 0)
            return CG_CRYPTO;
    for (size_t i = 0; i < sizeof tls / sizeof tls[0]; i++)
        if (strncmp(base, tls[i], strlen(tls[i])) == 0)
            return CG_TLS;
    if (strncmp(base, "libc.so", 7) == 0)
        return CG_LIBC;
    /* the benchmark program itself: latch is linked into it statically */
    const char *prog = strrchr(program, '/');
    prog = prog ? prog + 1 : program;
    if (strcmp(base, prog) == 0)
        return CG_TLS;
    return CG_OTHER;
}

int callgrind_split(const char *path, const char *program, double out[CG_COLUMNS])
{
    static char *names[CG_MAX_OBJECTS];
    char line[4096];
    int current = CG_OTHER, skip_next = 0, rc = -1;
    double total = -1;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    for (int i = 0; i < CG_COLUMNS; i++)
        out[i] = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        int is_ob = strncmp(line, "ob=", 3) == 0, is_cob = strncmp(line, "cob=", 4) == 0;
        if (is_ob || is_cob) {
            /* "ob=(id) name" (or "cob=", the called function's object) defines id, "ob=(id)"
             * refers to it; only ob= says where the following costs ran */
            char *p = line + (is_ob ? 3 : 4), *end;
            long id = -1;
            if (*p == '(') {
                id = strtol(p + 1, &end, 10);
                p = strchr(p, ')');
                p = p ? p + 1 : end;
                while (*p == ' ')
                    p++;
            }
            if (id >= 0 && id < CG_MAX_OBJECTS && *p != '\0') {
                free(names[id]);
                names[id] = strdup(p);
            }
            const char *name = id >= 0 && id < CG_MAX_OBJECTS && names[id] ? names[id] : p;
            if (is_ob)
                current = cg_category(name, program);
        } else if (strncmp(line, "calls=", 6) == 0) {
            skip_next = 1;
        } else if ((line[0] >= '0' && line[0] <= '9') || line[0] == '+' || line[0] == '-' || line[0] == '*') {
            char *cost = strchr(line, ' ');
            if (skip_next)
                skip_next = 0;
            else if (cost != NULL)
                out[current] += strtod(cost + 1, NULL);
        } else if (strncmp(line, "totals:", 7) == 0 || strncmp(line, "summary:", 8) == 0) {
            total = strtod(strchr(line, ':') + 1, NULL);
        }
    }
    fclose(f);
    for (int i = 0; i < CG_MAX_OBJECTS; i++) {
        free(names[i]);
        names[i] = NULL;
    }
    double sum = 0;
    for (int i = 0; i < CG_COLUMNS; i++)
        sum += out[i];
    /* the self costs must add up to callgrind's own total, or the file was not understood */
    if (total > 0 && sum == total)
        rc = 0;
    return rc;
}
