/* `latch certs`: make a local development CA and issue leaf certificates from it, like mkcert.
 * Parses the command line and calls lt_devca_* (devca/devca.h, the tool's own code, not the
 * library's); everything it prints comes from there. Exit codes: 0 done, 1 failed, 2 bad usage. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devca/devca.h"
#include "devca/ocsp_respond.h"
#include "devca/revoke.h"
#include "devca/trust.h"
#include "latch.h"

#define CERTS_EXIT_OK 0
#define CERTS_EXIT_FAILED 1
#define CERTS_EXIT_USAGE 2

static void certs_usage(FILE *out)
{
    char dir[1024];
    if (lt_devca_default_dir(dir, sizeof dir) != LATCH_OK)
        strcpy(dir, "(unset: give --dir)");
    fprintf(out,
            "usage: latch certs ca [--dir DIR] [--rsa]\n"
            "       latch certs path\n"
            "       latch certs issue NAME_OR_IP... [--client] [--days N] [--rsa] [--out PREFIX]\n"
            "                         [--p12] [--dir DIR]\n"
            "       latch certs install [--system] [--nss DB]... [--dir DIR]\n"
            "       latch certs uninstall [--system] [--nss DB]... [--dir DIR]\n"
            "       latch certs revoke CERT.pem|SERIAL [--reason REASON] [--dir DIR]\n"
            "       latch certs crl [--out FILE] [--days N] [--dir DIR]\n"
            "       latch certs ocsp LEAF.pem [--out FILE] [--days N] [--dir DIR]\n"
            "\n"
            "Makes a local certificate authority for development and issues certificates for\n"
            "host names and IP addresses from it. Trust DIR/ca.pem in the clients you test with.\n"
            "\n"
            "  ca        make the CA (DIR/ca.pem and DIR/ca-key.pem); does nothing if it exists\n"
            "  issue     issue PREFIX.pem and PREFIX-key.pem for the names given\n"
            "  path      print the default CA directory (where ca and issue look without --dir)\n"
            "  install   trust the CA on this machine: the system store (Debian's\n"
            "            update-ca-certificates, Fedora's update-ca-trust; needs root) and the NSS\n"
            "            databases of Chromium (~/.pki/nssdb) and Firefox (needs certutil, from\n"
            "            libnss3-tools); says what it changed\n"
            "  uninstall take the CA out of the same stores\n"
            "  revoke    mark a certificate of this CA revoked (DIR/revoked): a certificate file\n"
            "            (or PREFIX for PREFIX.pem) that the CA issued, or a serial number in hex\n"
            "  crl       write the CA's CRL listing what is revoked (default DIR/ca.crl, PEM)\n"
            "  ocsp      write the CA's OCSP response for LEAF.pem (DER, default LEAF.ocsp.der):\n"
            "            revoked if DIR/revoked lists it, else good; for latch server --ocsp\n"
            "\n"
            "  --dir DIR      the CA directory (default: %s;\n"
            "                 set by LATCH_CA_DIR, else XDG_DATA_HOME/latch, else\n"
            "                 HOME/.local/share/latch)\n"
            "  --rsa          RSA keys (CA: RSA-3072, certificate: RSA-2048) instead of ECDSA P-256\n"
            "  --client       a certificate for client authentication too\n"
            "  --days N       validity of the certificate in days (default %d, at most %d)\n"
            "  --out PREFIX   file prefix (default: the first name, e.g. ./localhost+2)\n"
            "  --p12          also write PREFIX.p12, a PKCS#12 bundle of the key, the certificate\n"
            "                 and the CA for Java (keytool) and Windows; its alias is the first\n"
            "                 name and its password \"%s\", or LATCH_P12_PASSWORD when set (an\n"
            "                 environment variable: command lines show in ps)\n"
            "  --reason R     revoke: unspecified (default), keyCompromise, cACompromise,\n"
            "                 affiliationChanged, superseded, cessationOfOperation,\n"
            "                 certificateHold, privilegeWithdrawn or aACompromise (RFC 5280)\n"
            "  --out FILE     crl: where to write the CRL (default DIR/ca.crl)\n"
            "  --days N       crl, ocsp: nextUpdate N days after now (default 7, at most 366)\n"
            "  --system       install/uninstall: the system store only (with --nss: it too)\n"
            "  --nss DB       install/uninstall: this NSS database directory only (made if\n"
            "                 missing; repeatable). Neither option: the system store and every\n"
            "                 NSS database found under HOME\n"
            "\n"
            "Exit status: 0 done, 1 failed (install: some store was not changed), 2 bad usage or\n"
            "input (an invalid name, no CA in DIR, say).\n",
            dir, LT_DEVCA_DEFAULT_DAYS, LT_DEVCA_MAX_DAYS, LT_DEVCA_P12_PASSWORD);
}

static int certs_bad_usage(const char *what, const char *arg)
{
    fprintf(stderr, "latch certs: %s%s%s (see 'latch certs --help').\n", what,
            arg != NULL ? " " : "", arg != NULL ? arg : "");
    return CERTS_EXIT_USAGE;
}

static int certs_parse_days(const char *text, unsigned *days)
{
    char *end = NULL;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || value == 0 ||
        value > UINT_MAX)
        return -1;
    *days = (unsigned)value;
    return 0;
}

static int certs_report(latch_status status, const char *msg)
{
    if (status != LATCH_OK) {
        fprintf(stderr, "latch certs: %s.\n", msg[0] != '\0' ? msg : latch_status_str(status));
        /* what the user gave is not usable (a name that is not one, a half-made CA directory):
         * 2, as for any bad input; 1 is for what failed doing the work */
        return status == LATCH_ERR_INVALID_ARG ? CERTS_EXIT_USAGE : CERTS_EXIT_FAILED;
    }
    fputs(msg, stdout);
    return CERTS_EXIT_OK;
}

/* latch certs install|uninstall [--system] [--nss DB]... [--dir DIR] */
static int certs_trust_main(int argc, char **argv, int install)
{
    lt_devca_trust_targets targets = { 0 };
    const char *dir = NULL;
    const char **dbs = calloc((size_t)argc, sizeof *dbs);
    int exit_code = -1;
    if (dbs == NULL) {
        fprintf(stderr, "latch certs: out of memory.\n");
        return CERTS_EXIT_FAILED;
    }
    for (int i = 2; i < argc && exit_code < 0; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            certs_usage(stdout);
            exit_code = CERTS_EXIT_OK;
        } else if (strcmp(arg, "--system") == 0) {
            targets.system = 1;
        } else if (strcmp(arg, "--nss") == 0 || strcmp(arg, "--dir") == 0) {
            if (i + 1 >= argc)
                exit_code = certs_bad_usage(arg[2] == 'n' ? "--nss needs an NSS database directory"
                                                          : "--dir needs a directory", NULL);
            else if (arg[2] == 'n')
                dbs[targets.n_nss_dbs++] = argv[++i];
            else
                dir = argv[++i];
        } else {
            exit_code = certs_bad_usage(arg[0] == '-' ? "unknown option" : "unexpected", arg);
        }
    }
    if (exit_code < 0) {
        char msg[8192];
        targets.nss_dbs = dbs;
        latch_status status = lt_devca_trust(dir, &targets, install, msg, sizeof msg);
        /* every line says what happened to one store, the failed ones too: all on stdout, and a
         * closing line on stderr when something was not done */
        fputs(msg, status == LATCH_ERR_INVALID_ARG ? stderr : stdout);
        if (status == LATCH_ERR_IO)
            fprintf(stderr, "latch certs: the CA was not %s everywhere (see above).\n",
                    install ? "installed" : "uninstalled");
        exit_code = status == LATCH_OK ? CERTS_EXIT_OK
                    : status == LATCH_ERR_INVALID_ARG ? CERTS_EXIT_USAGE : CERTS_EXIT_FAILED;
    }
    free(dbs);
    return exit_code;
}

/* latch certs revoke CERT|SERIAL [--reason R] [--dir DIR], latch certs crl [--out F] [--days N]
 * [--dir DIR], latch certs ocsp LEAF [--out F] [--days N] [--dir DIR] (ocsp: revoke is -1) */
static int certs_revocation_main(int argc, char **argv, int revoke)
{
    int ocsp = revoke < 0;
    if (ocsp)
        revoke = 0;
    const char *dir = NULL, *what = NULL, *out = NULL;
    int reason = 0;
    unsigned days = 0;
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            certs_usage(stdout);
            return CERTS_EXIT_OK;
        } else if (arg[0] != '-' && (revoke || ocsp) && what == NULL) {
            what = arg;
            continue;
        } else if (arg[0] != '-') {
            return certs_bad_usage("unexpected", arg);
        } else if (value == NULL) {
            return certs_bad_usage("missing value after", arg);
        } else if (strcmp(arg, "--dir") == 0) {
            dir = value;
        } else if (revoke && strcmp(arg, "--reason") == 0) {
            if ((reason = lt_devca_reason_code(value)) < 0)
                return certs_bad_usage("--reason is an RFC 5280 reason name (keyCompromise, ...), not", value);
        } else if (!revoke && strcmp(arg, "--out") == 0) {
            out = value;
        } else if (!revoke && strcmp(arg, "--days") == 0) {
            if (certs_parse_days(value, &days) < 0 || days > LT_DEVCA_CRL_MAX_DAYS)
                return certs_bad_usage("--days wants a whole number of days from 1 to 366, not", value);
        } else {
            return certs_bad_usage("unknown option", arg);
        }
        i++;
    }
    if (revoke && what == NULL)
        return certs_bad_usage("'certs revoke' needs a certificate file or a serial number", NULL);
    if (ocsp && what == NULL)
        return certs_bad_usage("'certs ocsp' needs the certificate file it answers for", NULL);
    char msg[2048];
    latch_status status = ocsp     ? lt_devca_ocsp(dir, what, out, days, 0, msg, sizeof msg)
                          : revoke ? lt_devca_revoke(dir, what, reason, 0, msg, sizeof msg)
                                   : lt_devca_crl(dir, out, days, 0, msg, sizeof msg);
    return certs_report(status, msg);
}

int cli_certs_main(int argc, char **argv)
{
    if (argc < 2)
        return certs_bad_usage("missing the command: 'ca', 'issue', 'path', 'install', 'uninstall', 'revoke', 'crl' or 'ocsp'", NULL);
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
        strcmp(command, "help") == 0) {
        certs_usage(stdout);
        return CERTS_EXIT_OK;
    }
    if (strcmp(command, "path") == 0) {
        char dir[1024];
        if (argc > 2)
            return certs_bad_usage("'certs path' takes nothing more; unexpected", argv[2]);
        latch_status st = lt_devca_default_dir(dir, sizeof dir);
        if (st != LATCH_OK) {
            fprintf(stderr, "latch certs: no default CA directory: set LATCH_CA_DIR, XDG_DATA_HOME or HOME.\n");
            return CERTS_EXIT_USAGE;
        }
        printf("%s\n", dir);
        return CERTS_EXIT_OK;
    }
    if (strcmp(command, "install") == 0 || strcmp(command, "uninstall") == 0)
        return certs_trust_main(argc, argv, command[0] == 'i');
    if (strcmp(command, "revoke") == 0 || strcmp(command, "crl") == 0)
        return certs_revocation_main(argc, argv, command[0] == 'r');
    if (strcmp(command, "ocsp") == 0)
        return certs_revocation_main(argc, argv, -1);
    int issuing = strcmp(command, "issue") == 0;
    if (!issuing && strcmp(command, "ca") != 0)
        return certs_bad_usage("unknown command", command);

    lt_devca_options options = { 0 };
    const char *dir = NULL, *out_prefix = NULL;
    const char **names = calloc((size_t)argc, sizeof *names);
    if (names == NULL) {
        fprintf(stderr, "latch certs: out of memory.\n");
        return CERTS_EXIT_FAILED;
    }
    size_t n_names = 0;
    int exit_code = -1;
    int only_names = 0;
    for (int i = 2; i < argc && exit_code < 0; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        if (only_names || arg[0] != '-') {
            if (!issuing)
                exit_code = certs_bad_usage("'certs ca' takes no names; unexpected", arg);
            else
                names[n_names++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_names = 1;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            certs_usage(stdout);
            exit_code = CERTS_EXIT_OK;
        } else if (strcmp(arg, "--rsa") == 0) {
            options.rsa = 1;
        } else if (strcmp(arg, "--dir") == 0) {
            if (!has_value)
                exit_code = certs_bad_usage("--dir needs a directory", NULL);
            else
                dir = argv[++i];
        } else if (issuing && strcmp(arg, "--client") == 0) {
            options.client = 1;
        } else if (issuing && strcmp(arg, "--p12") == 0) {
            options.p12 = 1;
        } else if (issuing && strcmp(arg, "--out") == 0) {
            if (!has_value)
                exit_code = certs_bad_usage("--out needs a file prefix", NULL);
            else
                out_prefix = argv[++i];
        } else if (issuing && strcmp(arg, "--days") == 0) {
            if (!has_value || certs_parse_days(argv[i + 1], &options.days) < 0)
                exit_code = certs_bad_usage("--days needs a whole number of days from 1 to",
                                            "3650");
            else if (options.days > LT_DEVCA_MAX_DAYS)
                exit_code = certs_bad_usage("--days is at most", "3650");
            i++;
        } else {
            exit_code = certs_bad_usage("unknown option", arg);
        }
    }
    if (exit_code < 0 && issuing && n_names == 0)
        exit_code = certs_bad_usage("'certs issue' needs at least one host name or IP address",
                                    NULL);
    if (exit_code < 0) {
        char msg[8192];
        msg[0] = '\0';
        latch_status status =
            issuing ? lt_devca_issue(dir, names, n_names, &options, out_prefix, msg, sizeof msg)
                    : lt_devca_make_ca(dir, &options, msg, sizeof msg);
        exit_code = certs_report(status, msg);
    }
    free(names);
    return exit_code;
}
