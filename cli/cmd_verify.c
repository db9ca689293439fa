/* `latch verify`: verifies a certificate chain for a host name, an IP address or an e-mail
 * address (or no name) at a time.
 * Exit status (a fixed contract scripts rely on): 0 valid, with the path printed one line per
 * certificate; 1 invalid, with one line on stderr ending in "[reason-token]"; 2 bad usage or
 * unreadable input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "latch.h"
#include "readfile.h"

/* An OCSP response is a few kilobytes; this bounds what --ocsp reads. */
#define CLI_OCSP_MAX (64 * 1024)

static const char cli_verify_usage[] =
    "usage: latch verify [--roots FILE|DIR|system] [--intermediates FILE]\n"
    "                    (--host NAME | --ip ADDR | --email ADDR | --no-name)\n"
    "                    [--time UNIX_SECONDS | --time YYYY-MM-DDTHH:MM:SSZ]\n"
    "                    [--purpose server|client|email] [--max-depth N] [--allow-sha1]\n"
    "                    [--crls FILE]... [--require-crl] [--ocsp RESPONSE.der] [--require-ocsp]\n"
    "                    LEAF.pem\n"
    "\n"
    "Verifies LEAF.pem (which may also hold intermediates) for a host name, an IP address or an\n"
    "e-mail address: builds a path to a trusted root through the intermediates, in any order,\n"
    "and checks signatures, validity dates, CA constraints, key usage, purpose, name constraints,\n"
    "the syntax of the leaf's names and the name asked for (subjectAltName only, RFC 9525).\n"
    "With --purpose client the name option may be left out: no name is checked.\n"
    "\n"
    "  --roots FILE|DIR|system  trust anchors (default: the system store)\n"
    "  --intermediates FILE     more candidate intermediate certificates (PEM); with LEAF.pem,\n"
    "                           at most 32 certificates besides the leaf\n"
    "  --host NAME              DNS name the certificate must be valid for\n"
    "  --ip ADDR                IPv4 or IPv6 address instead of a host name\n"
    "  --email ADDR             e-mail address (an rfc822Name SAN) instead; implies\n"
    "                           --purpose email unless --purpose is given\n"
    "  --no-name                check no name (a name checked elsewhere); with --purpose client\n"
    "                           and no name option, no name is checked either\n"
    "  --time T                 validate at this time instead of now\n"
    "  --purpose server|client|email\n"
    "                           required extended key usage: serverAuth (default), clientAuth or\n"
    "                           emailProtection, when the leaf or an intermediate lists usages\n"
    "  --max-depth N            most intermediate CAs between leaf and root (default 6); any N\n"
    "                           is accepted, and N above 14 (the most latch builds) means 14\n"
    "  --allow-sha1             accept SHA-1 signatures (never for the public web)\n"
    "  --crls FILE              CRLs (PEM \"X509 CRL\" blocks or one DER CRL) to check every\n"
    "                           certificate but the root against; repeatable (at most 64)\n"
    "  --require-crl            fail [revocation-unknown] when no usable CRL covers a certificate\n"
    "  --ocsp RESPONSE.der      an OCSP response (DER) for the leaf: revoked fails [revoked];\n"
    "                           an unusable one is reported and ignored\n"
    "  --require-ocsp           fail [revocation-unknown] without a usable response saying good\n"
    "\n"
    "Public suffixes (no wildcard directly above one in a server certificate) come from\n"
    "/usr/share/publicsuffix/public_suffix_list.dat, or the file LATCH_PUBLIC_SUFFIX_LIST\n"
    "names; without it only wildcards over one label (*.com) are refused.\n"
    "\n"
    "Exit status: 0 valid (the path is printed, leaf first); 1 invalid (the reason is on\n"
    "stderr, ending with a token such as [expired] or [host-mismatch]); 2 bad usage or\n"
    "unreadable input.\n";

#define CLI_VERIFY_MAX_CRL_FILES 64

static int cli_verify_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "latch verify: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    fprintf(stderr, "run 'latch verify --help' for usage\n");
    return 2;
}

int cli_verify_main(int argc, char **argv)
{
    const char *roots_path = "system", *intermediates_path = NULL, *leaf_path = NULL;
    int no_name = 0, purpose_given = 0;
    const char *ocsp_path = NULL;
    uint8_t *ocsp = NULL;
    latch_verify_params params;
    latch_verify_result *result = NULL;
    latch_roots *roots = NULL;
    latch_certlist *chain = NULL;
    latch_crls *crls = NULL;
    const char *crl_paths[CLI_VERIFY_MAX_CRL_FILES];
    size_t n_crl_paths = 0;
    int exit_code = 2;

    memset(&params, 0, sizeof params);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int takes_value = 1;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(cli_verify_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--allow-sha1") == 0) {
            params.allow_sha1 = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--no-name") == 0) {
            no_name = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--require-crl") == 0) {
            params.require_crl = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--require-ocsp") == 0) {
            params.require_ocsp = 1;
            takes_value = 0;
        } else if (arg[0] == '-' && arg[1] == '-' && value == NULL) {
            return cli_verify_usage_error("missing value after", arg);
        } else if (strcmp(arg, "--roots") == 0) {
            roots_path = value;
        } else if (strcmp(arg, "--ocsp") == 0) {
            ocsp_path = value;
        } else if (strcmp(arg, "--intermediates") == 0) {
            intermediates_path = value;
        } else if (strcmp(arg, "--crls") == 0) {
            if (n_crl_paths == CLI_VERIFY_MAX_CRL_FILES)
                return cli_verify_usage_error("too many --crls (at most 64):", value);
            crl_paths[n_crl_paths++] = value;
        } else if (strcmp(arg, "--host") == 0) {
            params.host = value;
        } else if (strcmp(arg, "--ip") == 0) {
            params.ip = value;
        } else if (strcmp(arg, "--email") == 0) {
            params.email = value;
        } else if (strcmp(arg, "--time") == 0) {
            if (latch_time_parse(value, &params.time) != LATCH_OK || params.time <= 0)
                return cli_verify_usage_error("--time wants UNIX_SECONDS or YYYY-MM-DDTHH:MM:SSZ, not", value);
        } else if (strcmp(arg, "--purpose") == 0) {
            if (strcmp(value, "server") == 0)
                params.purpose = LATCH_PURPOSE_SERVER;
            else if (strcmp(value, "client") == 0)
                params.purpose = LATCH_PURPOSE_CLIENT;
            else if (strcmp(value, "email") == 0)
                params.purpose = LATCH_PURPOSE_EMAIL;
            else
                return cli_verify_usage_error("--purpose is server, client or email, not", value);
            purpose_given = 1;
        } else if (strcmp(arg, "--max-depth") == 0) {
            char *end;
            errno = 0;
            long n = strtol(value, &end, 10);
            if (end == value || *end != '\0' || n < 0 || errno == ERANGE)
                return cli_verify_usage_error("--max-depth wants a number of 0 or more, not", value);
            /* "no limit" (a large N) is the most the library builds: LATCH_MAX_PATH - 2 */
            if (n > LATCH_MAX_PATH - 2)
                n = LATCH_MAX_PATH - 2;
            params.max_intermediates = n == 0 ? LATCH_NO_INTERMEDIATES : (unsigned)n;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_verify_usage_error("unknown option", arg);
        } else if (leaf_path == NULL) {
            leaf_path = arg;
            takes_value = 0;
        } else {
            return cli_verify_usage_error("more than one certificate file:", arg);
        }
        if (takes_value)
            i++;
    }
    if (leaf_path == NULL)
        return cli_verify_usage_error("no certificate file given", NULL);
    /* a client certificate is verified without a name, as a TLS server does */
    int names = (params.host != NULL) + (params.ip != NULL) + (params.email != NULL) + no_name;
    if (names > 1 || (names == 0 && params.purpose != LATCH_PURPOSE_CLIENT))
        return cli_verify_usage_error("give exactly one of --host NAME, --ip ADDR, --email ADDR or --no-name"
                                      " (none with --purpose client)", NULL);
    if (params.email != NULL && !purpose_given)
        params.purpose = LATCH_PURPOSE_EMAIL;

    roots = latch_roots_new();
    chain = latch_certlist_new();
    crls = latch_crls_new();
    result = calloc(1, sizeof *result);
    if (roots == NULL || chain == NULL || crls == NULL || result == NULL) {
        fprintf(stderr, "latch verify: out of memory\n");
        goto out;
    }
    /* a CRL given that cannot be used is bad input, as an unreadable leaf is: 2 */
    for (size_t i = 0; i < n_crl_paths; i++) {
        if (latch_crls_add_file(crls, crl_paths[i]) != LATCH_OK) {
            fprintf(stderr, "latch verify: %s\n", latch_crls_error(crls));
            goto out;
        }
    }
    params.crls = n_crl_paths > 0 ? crls : NULL;
    latch_status st = strcmp(roots_path, "system") == 0 ? latch_roots_add_system(roots)
                                                         : latch_roots_add_file(roots, roots_path);
    if (st != LATCH_OK || latch_roots_count(roots) == 0) {
        fprintf(stderr, "latch verify: cannot load trust anchors from '%s': %s\n", roots_path,
                st == LATCH_OK       ? "no usable certificate"
                : st == LATCH_ERR_IO ? strerror(errno)
                : st == LATCH_ERR_DECODE ? "no PEM certificate in it"
                                     : latch_status_str(st));
        goto out;
    }
    if (latch_certlist_add_file(chain, leaf_path) != LATCH_OK) {
        fprintf(stderr, "latch verify: cannot read certificates from '%s': %s\n", leaf_path,
                latch_certlist_error(chain));
        goto out;
    }
    if (intermediates_path != NULL && latch_certlist_add_file(chain, intermediates_path) != LATCH_OK) {
        fprintf(stderr, "latch verify: cannot read certificates from '%s': %s\n",
                intermediates_path, latch_certlist_error(chain));
        goto out;
    }
    if (ocsp_path != NULL) {
        if (cli_read_file(ocsp_path, CLI_OCSP_MAX, &ocsp, &params.ocsp_response_len) < 0) {
            fprintf(stderr, "latch verify: cannot read the OCSP response '%s': %s\n", ocsp_path,
                    errno == EFBIG ? "larger than 64 KiB" : strerror(errno));
            goto out;
        }
        params.ocsp_response = ocsp;
    }
    st = latch_verify(roots, chain, &params, result);
    if (st == LATCH_OK) {
        for (size_t i = 0; i < result->path_len; i++) {
            const latch_path_entry *e = &result->path[i];
            printf("%zu: %s%s; key %s, signed with %s, valid %s to %s\n", i, e->subject,
                   e->is_trust_anchor ? " (trust anchor)" : "", e->key, e->signature,
                   e->not_before, e->not_after);
        }
        /* what OCSP said goes with the path; a response that was ignored is a note */
        if (strncmp(result->revocation, "OCSP response: good", 19) == 0)
            printf("%s\n", result->revocation);
        else if (result->revocation[0] != '\0')
            fprintf(stderr, "latch verify: note: %s\n", result->revocation);
        exit_code = 0;
    } else if (st == LATCH_ERR_VERIFY) {
        fprintf(stderr, "latch verify: %s [%s]\n", result->reason,
                latch_verify_error_name(result->error));
        exit_code = 1;
    } else {
        fprintf(stderr, "latch verify: %s\n",
                result->reason[0] ? result->reason : latch_status_str(st));
    }
out:
    free(ocsp);
    free(result);
    latch_certlist_free(chain);
    latch_roots_free(roots);
    latch_crls_free(crls);
    return exit_code;
}
