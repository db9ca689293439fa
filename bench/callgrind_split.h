/* The instruction count of a callgrind run, split by where the instructions ran. */
#ifndef BENCH_CALLGRIND_SPLIT_H
#define BENCH_CALLGRIND_SPLIT_H

enum {
    CG_CRYPTO, /* libcrypto, Nettle/Hogweed/GMP (GnuTLS), mbedcrypto */
    CG_TLS,    /* the TLS library: libssl, libgnutls (+libtasn1), mbedtls/x509, wolfSSL (its crypto
                * included: it is one library), or latch linked into the benchmark program */
    CG_LIBC,   /* malloc, memcpy and the rest of libc */
    CG_OTHER,  /* the dynamic loader, the rest */
    CG_COLUMNS
};

/* Fills out[] with the self instruction counts (Ir) per column from the callgrind output file at
 * path; program is the benchmark executable's path (its object holds latch). 0 when the columns
 * add up to callgrind's total, -1 otherwise. */
int callgrind_split(const char *path, const char *program, double out[CG_COLUMNS]);

#endif
