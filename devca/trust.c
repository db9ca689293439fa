/* Adding the development CA to this machine's trust stores and taking it out (see trust.h). The
 * stores' own tools do the work (update-ca-certificates, update-ca-trust, certutil), run with an
 * argument vector, never through a shell; what they print is kept for the message when they fail. */
#include "devca/trust.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/file.h"
#include "devca/devca.h"
#include "devca/files.h"
#include "devca/report.h"
#include "x509/cert.h"
#include "x509/pem.h"

extern char **environ;

#define TRUST_PATH_MAX 4096
#define TRUST_OUTPUT_MAX 2048
#define TRUST_MAX_DBS 32

/* A distribution's system store: where anchors go, and the command that rebuilds the bundle
 * after one was added, and after one was removed (Debian's needs --fresh to drop the hash links of
 * a removed anchor: without it they are left dangling). */
typedef struct {
    const char *dir;
    const char *suffix;
    const char *tool, *add_arg, *remove_arg;
} trust_system_store;

static const trust_system_store trust_system_stores[] = {
    {"/usr/local/share/ca-certificates", ".crt", "update-ca-certificates", NULL, "--fresh"},
    {"/etc/pki/ca-trust/source/anchors", ".pem", "update-ca-trust", "extract", "extract"},
};

/* The CA as the stores need it: its PEM text and its subject CN (the nickname, the file name). */
typedef struct {
    char pem_path[TRUST_PATH_MAX];
    uint8_t *pem;
    size_t pem_len;
    char cn[256];
} trust_ca;

/* The full path of a program: from PATH, else the sbin directories a user's PATH often lacks. */
static int trust_find_program(const char *name, char out[TRUST_PATH_MAX])
{
    const char *path = getenv("PATH");
    char dirs[TRUST_PATH_MAX];
    snprintf(dirs, sizeof dirs, "%s:/usr/sbin:/sbin:/usr/bin", path != NULL ? path : "");
    for (char *save = NULL, *dir = strtok_r(dirs, ":", &save); dir != NULL;
         dir = strtok_r(NULL, ":", &save)) {
        int n = snprintf(out, TRUST_PATH_MAX, "%s/%s", dir, name);
        if (n > 0 && n < TRUST_PATH_MAX && access(out, X_OK) == 0)
            return 0;
    }
    return -1;
}

/* Runs argv (argv[0] a full path) with its output (stdout and stderr) kept in output: its exit
 * status, or -1 when it could not be run (errno says why). */
static int trust_run(char *const argv[], char output[TRUST_OUTPUT_MAX])
{
    int pipe_fds[2], status = -1;
    output[0] = '\0';
    if (pipe(pipe_fds) != 0)
        return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", 0, 0); /* certutil may ask */
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (rc != 0) {
        close(pipe_fds[0]);
        errno = rc;
        return -1;
    }
    size_t used = 0;
    for (ssize_t n; (n = read(pipe_fds[0], output + used, TRUST_OUTPUT_MAX - 1 - used)) != 0;) {
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0)
            used += (size_t)n;
        if (used == TRUST_OUTPUT_MAX - 1) { /* keep the start; drain the rest */
            char sink[512];
            while (read(pipe_fds[0], sink, sizeof sink) > 0) {
            }
            break;
        }
    }
    output[used] = '\0';
    close(pipe_fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The first line of a tool's output, for a message ("" when it printed nothing). */
static const char *trust_first_line(char *output)
{
    output[strcspn(output, "\n")] = '\0';
    return output;
}

static int trust_load_ca(const char *ca_dir, trust_ca *ca, char *msg, size_t cap)
{
    uint8_t *der = NULL;
    size_t der_len = 0, pos = 0;
    lt_cert cert;
    snprintf(ca->pem_path, sizeof ca->pem_path, "%s/ca.pem", ca_dir);
    int rc = lt_file_read(ca->pem_path, &ca->pem, &ca->pem_len);
    if (rc < 0) {
        char why[128];
        lt_report_add(msg, cap, "there is no development CA in %s (%s: %s; make one with 'latch certs "
                  "ca')\n", ca_dir, ca->pem_path, lt_file_why(rc, why, sizeof why));
        return LT_ERR_INVALID_ARG;
    }
    rc = lt_pem_next((const char *)ca->pem, ca->pem_len, &pos, "CERTIFICATE", &der, &der_len);
    rc = rc > 0 ? lt_cert_parse(der, der_len, &cert, NULL) : LT_ERR_DECODE;
    if (rc < 0) {
        lt_report_add(msg, cap, "%s does not hold a certificate latch can read\n", ca->pem_path);
        rc = LT_ERR_INVALID_ARG;
        goto out;
    }
    lt_cert_display_name(&cert, ca->cn, sizeof ca->cn);
    rc = 0;
out:
    lt_free(der);
    return rc;
}

/* The system store of this machine, or NULL when latch knows none of its layouts. */
static const trust_system_store *trust_find_system(trust_system_store *custom)
{
    const char *dir = getenv("LATCH_SYSTEM_CA_DIR");
    if (dir != NULL && dir[0] != '\0') {
        *custom = trust_system_stores[0];
        custom->dir = dir;
        return custom;
    }
    struct stat st;
    for (size_t i = 0; i < sizeof trust_system_stores / sizeof trust_system_stores[0]; i++)
        if (stat(trust_system_stores[i].dir, &st) == 0 && S_ISDIR(st.st_mode))
            return &trust_system_stores[i];
    return NULL;
}

/* The system store: the anchor file written or removed, then the bundle rebuilt. */
static int trust_system(const char *ca_dir, const trust_ca *ca, int install, char *msg, size_t cap)
{
    trust_system_store custom;
    const trust_system_store *store = trust_find_system(&custom);
    if (store == NULL) {
        lt_report_add(msg, cap, "system store: not found (latch knows Debian's "
                  "/usr/local/share/ca-certificates and Fedora's /etc/pki/ca-trust): add %s to "
                  "it by hand\n", ca->pem_path);
        return LT_ERR_IO;
    }
    char file[TRUST_PATH_MAX], tool[TRUST_PATH_MAX], output[TRUST_OUTPUT_MAX];
    int n = snprintf(file, sizeof file, "%s/", store->dir);
    for (const char *c = ca->cn; *c != '\0' && n > 0 && (size_t)n < sizeof file - 8; c++)
        file[n++] = (*c == ' ' || *c == '/') ? '-' : *c; /* "latch-development-CA-1a2b3c4d" */
    snprintf(file + n, sizeof file - (size_t)n, "%s", store->suffix);

    uint8_t *existing = NULL;
    size_t existing_len = 0;
    int present = lt_file_read(file, &existing, &existing_len) == 0;
    int same = present && existing_len == ca->pem_len && memcmp(existing, ca->pem, ca->pem_len) == 0;
    lt_free(existing);
    if (install ? same : !present) {
        lt_report_add(msg, cap, "system store: %s %s\n", install ? "already has the CA as" : "was not in it:", file);
        return 0;
    }
    int rc = install ? lt_files_write(file, ca->pem, ca->pem_len, 0644, 0) : (unlink(file) == 0 ? 0 : LT_ERR_IO);
    if (rc < 0) {
        if (errno == EACCES || errno == EPERM)
            lt_report_add(msg, cap, "system store: %s needs root: run 'sudo latch certs %s --system --dir %s'\n",
                      store->dir, install ? "install" : "uninstall", ca_dir);
        else
            lt_report_add(msg, cap, "system store: cannot %s %s: %s\n", install ? "write" : "remove", file,
                      strerror(errno));
        return LT_ERR_IO;
    }
    if (trust_find_program(store->tool, tool) < 0) {
        lt_report_add(msg, cap, "system store: %s %s, but %s is not installed to rebuild the bundle\n",
                  install ? "wrote" : "removed", file, store->tool);
        return LT_ERR_IO;
    }
    char *argv[] = {tool, (char *)(install ? store->add_arg : store->remove_arg), NULL};
    int status = trust_run(argv, output);
    if (status != 0) {
        lt_report_add(msg, cap, "system store: %s %s, but %s failed: %s\n", install ? "wrote" : "removed",
                  file, store->tool, status < 0 ? strerror(errno) : trust_first_line(output));
        return LT_ERR_IO;
    }
    lt_report_add(msg, cap, "system store: %s %s (%s rebuilt the bundle)\n", install ? "added" : "removed", file,
              store->tool);
    return 0;
}

/* One NSS database: the CA added (trusted to issue TLS server certificates) or deleted. */
static int trust_nss(const char *certutil, const char *db, int make, const trust_ca *ca, int install,
                     char *msg, size_t cap)
{
    char where[TRUST_PATH_MAX + 8], output[TRUST_OUTPUT_MAX];
    snprintf(where, sizeof where, "sql:%s", db);
    if (make && install && access(db, F_OK) != 0) {
        char *argv[] = {(char *)certutil, "-N", "-d", where, "--empty-password", NULL};
        if (lt_files_make_dirs(db) < 0 || trust_run(argv, output) != 0) {
            lt_report_add(msg, cap, "NSS %s: cannot make the database: %s\n", db,
                      output[0] ? trust_first_line(output) : strerror(errno));
            return LT_ERR_IO;
        }
    }
    char *list[] = {(char *)certutil, "-L", "-d", where, "-n", (char *)ca->cn, NULL};
    int present = trust_run(list, output) == 0;
    if (install == present) {
        lt_report_add(msg, cap, "NSS %s: %s\n", db, install ? "already has the CA" : "does not have the CA");
        return 0;
    }
    char *add[] = {(char *)certutil, "-A", "-d", where, "-t", "C,,", "-n", (char *)ca->cn,
                   "-i", (char *)ca->pem_path, NULL};
    char *del[] = {(char *)certutil, "-D", "-d", where, "-n", (char *)ca->cn, NULL};
    int status = trust_run(install ? add : del, output);
    if (status != 0) {
        lt_report_add(msg, cap, "NSS %s: certutil could not %s the CA: %s\n", db, install ? "add" : "delete",
                  status < 0 ? strerror(errno) : trust_first_line(output));
        return LT_ERR_IO;
    }
    lt_report_add(msg, cap, "NSS %s: %s '%s'\n", db, install ? "added" : "removed", ca->cn);
    return 0;
}

/* The NSS databases of this user: Chromium's and each Firefox profile's (that exist). */
static size_t trust_find_nss(char found[TRUST_MAX_DBS][TRUST_PATH_MAX])
{
    const char *home = getenv("HOME");
    size_t n = 0;
    if (home == NULL || home[0] == '\0')
        return 0;
    static const char *const patterns[] = {"/.pki/nssdb/cert9.db", "/.mozilla/firefox/*/cert9.db",
                                           "/snap/firefox/common/.mozilla/firefox/*/cert9.db"};
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        char pattern[TRUST_PATH_MAX];
        snprintf(pattern, sizeof pattern, "%s%s", home, patterns[p]);
        glob_t g;
        if (glob(pattern, 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc && n < TRUST_MAX_DBS; i++) {
                snprintf(found[n], TRUST_PATH_MAX, "%s", g.gl_pathv[i]);
                *strrchr(found[n++], '/') = '\0'; /* the directory, not cert9.db */
            }
        }
        globfree(&g);
    }
    return n;
}

latch_status lt_devca_trust(const char *ca_dir, const lt_devca_trust_targets *targets, int install,
                            char *msg, size_t msg_cap)
{
    char default_dir[TRUST_PATH_MAX], certutil[TRUST_PATH_MAX];
    char(*found)[TRUST_PATH_MAX] = NULL;
    trust_ca ca = {0};
    int failed = 0;
    latch_status status = LATCH_ERR_INVALID_ARG;
    if (msg != NULL && msg_cap > 0)
        msg[0] = '\0';
    if (ca_dir == NULL) {
        if (lt_devca_default_dir(default_dir, sizeof default_dir) != LATCH_OK) {
            lt_report_add(msg, msg_cap, "no default CA directory: set LATCH_CA_DIR, XDG_DATA_HOME or HOME\n");
            goto out;
        }
        ca_dir = default_dir;
    }
    if (trust_load_ca(ca_dir, &ca, msg, msg_cap) < 0)
        goto out;
    status = LATCH_ERR_NOMEM;
    if ((found = lt_malloc(TRUST_MAX_DBS * sizeof *found)) == NULL)
        goto out;
    int everywhere = !targets->system && targets->n_nss_dbs == 0;
    if ((everywhere || targets->system) && trust_system(ca_dir, &ca, install, msg, msg_cap) < 0)
        failed = 1;
    size_t n_dbs = everywhere ? trust_find_nss(found) : targets->n_nss_dbs;
    int have_certutil = trust_find_program("certutil", certutil) == 0;
    if (n_dbs > 0 && !have_certutil) {
        lt_report_add(msg, msg_cap, "NSS (Chromium, Firefox): certutil is not installed (Debian: apt install "
                  "libnss3-tools): %zu database%s left as %s\n", n_dbs, n_dbs == 1 ? "" : "s",
                  n_dbs == 1 ? "it was" : "they were");
        failed = 1;
    }
    for (size_t i = 0; i < n_dbs && have_certutil; i++) {
        const char *db = everywhere ? found[i] : targets->nss_dbs[i];
        if (trust_nss(certutil, db, !everywhere, &ca, install, msg, msg_cap) < 0)
            failed = 1;
    }
    if (everywhere && n_dbs == 0)
        lt_report_add(msg, msg_cap, "NSS (Chromium, Firefox): no database under %s (Chromium makes "
                  "~/.pki/nssdb when it first runs; then run this again)\n",
                  getenv("HOME") != NULL ? getenv("HOME") : "HOME");
    status = failed ? LATCH_ERR_IO : LATCH_OK;
out:
    lt_free(found);
    lt_free(ca.pem);
    return status;
}
