/* latch against OpenSSL's libssl, in memory, one thread, the same certificates and the same
 * libcrypto (so the ratios measure protocol code): full handshakes in four modes, resumed
 * handshakes in three, bulk throughput through the record layer with two AEADs (and `openssl
 * speed` of the same AEAD as the limit), and heap held per idle connection. Runs interleave
 * latch and OpenSSL; medians of the runs are printed with min-max and the ratio. With
 * --markdown FILE it also writes the tables (docs/benchmarks.md) and --svg FILE a bar chart.
 * A program, never a test: timings depend on the machine.
 *
 *   bench_tls [--quick] [--pki DIR] [--markdown FILE] [--svg FILE]
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "callgrind_split.h"
#include "latch.h"
#ifdef BENCH_PEERS
#include "peer.h"
static const peer_lib *const peers[] = { &peer_gnutls, &peer_mbedtls, &peer_wolfssl };
#define N_PEERS 3
#else
#define N_PEERS 0
#endif

static char pki[512] = "tests/vectors/pki";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *pki_file(char *buf, size_t cap, const char *file)
{
    snprintf(buf, cap, "%s/%s", pki, file);
    return buf;
}

static void die(const char *what)
{
    ERR_print_errors_fp(stderr);
    fprintf(stderr, "bench_tls: %s\n", what);
    exit(1);
}

/* ---- the modes -------------------------------------------------------------------------- */

typedef enum { RES_NONE, RES_TICKET, RES_ID } resumption;

typedef struct {
    const char *label;
    int tls12;
    const char *latch_suite, *ossl_cipher; /* ossl_cipher: 1.2 list, or 1.3 ciphersuite */
    const char *cert;                      /* p256, rsa2048 */
    int rsa_kex;
    resumption res;
} mode;

static const mode modes[] = {
    { "TLS 1.3 ECDSA P-256 + x25519", 0, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", "p256", 0, RES_NONE },
    { "TLS 1.3 RSA-2048 (PSS) + x25519", 0, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", "rsa2048", 0, RES_NONE },
    { "TLS 1.2 ECDHE-ECDSA-AES128-GCM", 1, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256",
      "p256", 0, RES_NONE },
    { "TLS 1.2 RSA key exchange AES128-GCM", 1, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", "rsa2048", 1,
      RES_NONE },
    { "resumed TLS 1.3 ticket (psk_dhe_ke)", 0, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", "p256", 0, RES_TICKET },
    { "resumed TLS 1.2 ticket", 1, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "p256", 0,
      RES_TICKET },
    { "resumed TLS 1.2 session ID", 1, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "p256",
      0, RES_ID },
};
#define N_MODES (sizeof modes / sizeof modes[0])

/* ---- latch ------------------------------------------------------------------------------ */

typedef struct {
    latch_config *client, *server;
} latch_setup;

static latch_setup latch_setup_mode(const mode *m, const char *suite)
{
    char chain[600], key[600], ca[600], file[64];
    latch_setup s = { latch_config_new(LATCH_ROLE_CLIENT), latch_config_new(LATCH_ROLE_SERVER) };
    uint16_t v = m->tls12 ? LATCH_TLS12 : LATCH_TLS13;
    snprintf(file, sizeof file, "%s.pem", m->cert);
    pki_file(chain, sizeof chain, file);
    snprintf(file, sizeof file, "%s-key.pem", m->cert);
    pki_file(key, sizeof key, file);
    if (latch_config_set_roots_file(s.client, pki_file(ca, sizeof ca, "ca.pem")) != LATCH_OK ||
        latch_config_set_versions(s.client, v, v) != LATCH_OK ||
        latch_config_set_rsa_key_exchange(s.client, m->rsa_kex) != LATCH_OK ||
        latch_config_set_rsa_key_exchange(s.server, m->rsa_kex) != LATCH_OK ||
        latch_config_set_suites(s.client, suite ? suite : m->latch_suite) != LATCH_OK ||
        latch_config_set_groups(s.client, "x25519,secp256r1") != LATCH_OK)
        die("latch config");
    if (latch_config_add_identity(s.server, chain, key) != LATCH_OK)
        die(latch_config_error(s.server));
    /* full handshakes stay full: no tickets (OpenSSL's side issues none either) */
    if (m->res == RES_NONE)
        latch_config_set_ticket_lifetime(s.server, 0);
    if (m->res == RES_ID)
        latch_config_set_session_tickets(s.server, 0);
    if (latch_config_freeze(s.client) != LATCH_OK || latch_config_freeze(s.server) != LATCH_OK)
        die("latch freeze");
    return s;
}

static int latch_move(latch_conn *from, latch_conn *to)
{
    size_t len, room;
    const uint8_t *out;
    int moved = 0;
    while ((out = latch_net_out_buf(from, &len)) != NULL && len > 0) {
        uint8_t *in = latch_net_in_buf(to, &room);
        size_t n = len < room ? len : room;
        if (in == NULL || n == 0)
            return moved;
        memcpy(in, out, n);
        latch_net_out_consumed(from, n);
        if (latch_net_in_commit(to, n) < 0)
            return -1;
        moved = 1;
    }
    return moved;
}

static void latch_pump(latch_conn *c, latch_conn *s)
{
    int a, b;
    do {
        a = latch_move(c, s);
        b = latch_move(s, c);
    } while ((a > 0 || b > 0) && a >= 0 && b >= 0);
}

static void latch_pair(latch_setup *s, latch_conn **client, latch_conn **server, int want_resumed)
{
    *client = latch_conn_new(s->client, "localhost");
    *server = latch_conn_new(s->server, NULL);
    latch_pump(*client, *server);
    if (!latch_conn_handshake_done(*client) || !latch_conn_handshake_done(*server))
        die("latch handshake failed");
    if (want_resumed && !latch_conn_resumed(*client))
        die("latch did not resume");
}

static double latch_handshakes(latch_setup *s, int n, int resumed)
{
    double start = now_s();
    for (int i = 0; i < n; i++) {
        latch_conn *c, *sv;
        latch_pair(s, &c, &sv, resumed);
        latch_conn_free(c);
        latch_conn_free(sv);
    }
    return (double)n / (now_s() - start);
}

/* MB/s of application data, client to server, 16 KiB writes, read with latch_read (a copy into
 * the application's buffer, as SSL_read does) or in place (latch_read_view). */
static double latch_bulk(latch_setup *s, size_t total, int in_place)
{
    static uint8_t buf[16384], got[16384];
    latch_conn *c, *sv;
    latch_pair(s, &c, &sv, 0);
    double start = now_s();
    for (size_t done = 0; done < total;) {
        size_t n = 0, r;
        const uint8_t *view;
        if (latch_write(c, buf, sizeof buf, &n) != LATCH_OK)
            die("latch write");
        done += n;
        latch_move(c, sv);
        if (in_place)
            while (latch_read_view(sv, &view, &r) == LATCH_OK && latch_read_consume(sv, r) == LATCH_OK)
                ;
        else
            while (latch_read(sv, got, sizeof got, &r) == LATCH_OK)
                ;
    }
    double mbs = (double)total / (now_s() - start) / 1e6;
    latch_conn_free(c);
    latch_conn_free(sv);
    return mbs;
}

static void latch_memory(latch_setup *s, int n, double *client_b, double *server_b)
{
    latch_conn **cs = calloc((size_t)n, sizeof *cs), **ss = calloc((size_t)n, sizeof *ss);
    struct mallinfo2 before = mallinfo2();
    for (int i = 0; i < n; i++)
        latch_pair(s, &cs[i], &ss[i], 0);
    struct mallinfo2 both = mallinfo2();
    for (int i = 0; i < n; i++)
        latch_conn_free(ss[i]);
    struct mallinfo2 clients = mallinfo2();
    *client_b = ((double)clients.uordblks - (double)before.uordblks) / n;
    *server_b = ((double)both.uordblks - (double)clients.uordblks) / n;
    for (int i = 0; i < n; i++)
        latch_conn_free(cs[i]);
    free(cs);
    free(ss);
}

/* ---- OpenSSL ----------------------------------------------------------------------------- */

typedef struct {
    SSL_CTX *client, *server;
    SSL_SESSION *session;
    int resume;
} ossl_setup;

static long ossl_not_resumed; /* OpenSSL handshakes meant to resume that did not */

static ossl_setup ossl_setup_mode(const mode *m, const char *suite13, const char *cipher12)
{
    char buf[600];
    ossl_setup s = { SSL_CTX_new(TLS_client_method()), SSL_CTX_new(TLS_server_method()), NULL, m->res != RES_NONE };
    int v = m->tls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
    for (int i = 0; i < 2; i++) {
        SSL_CTX *ctx = i ? s.server : s.client;
        SSL_CTX_set_min_proto_version(ctx, v);
        SSL_CTX_set_max_proto_version(ctx, v);
        if (m->tls12)
            SSL_CTX_set_cipher_list(ctx, cipher12 ? cipher12 : m->ossl_cipher);
        else
            SSL_CTX_set_ciphersuites(ctx, suite13 ? suite13 : m->ossl_cipher);
        SSL_CTX_set1_groups_list(ctx, "X25519:P-256");
    }
    pki_file(buf, sizeof buf, m->cert[0] == 'p' ? "p256.pem" : "rsa2048.pem");
    if (SSL_CTX_use_certificate_chain_file(s.server, buf) != 1)
        die("OpenSSL certificate");
    pki_file(buf, sizeof buf, m->cert[0] == 'p' ? "p256-key.pem" : "rsa2048-key.pem");
    if (SSL_CTX_use_PrivateKey_file(s.server, buf, SSL_FILETYPE_PEM) != 1)
        die("OpenSSL key");
    if (SSL_CTX_load_verify_locations(s.client, pki_file(buf, sizeof buf, "ca.pem"), NULL) != 1)
        die("OpenSSL roots");
    SSL_CTX_set_verify(s.client, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_session_cache_mode(s.client, m->res != RES_NONE ? SSL_SESS_CACHE_CLIENT : SSL_SESS_CACHE_OFF);
    if (m->res == RES_NONE) {
        SSL_CTX_set_num_tickets(s.server, 0);
        SSL_CTX_set_session_cache_mode(s.server, SSL_SESS_CACHE_OFF);
    } else {
        SSL_CTX_set_num_tickets(s.server, 1);
        SSL_CTX_set_session_cache_mode(s.server, SSL_SESS_CACHE_SERVER);
        SSL_CTX_set_session_id_context(s.server, (const unsigned char *)"bench", 5);
        if (m->res == RES_ID)
            SSL_CTX_set_options(s.server, SSL_OP_NO_TICKET);
    }
    return s;
}

static void ossl_pair(ossl_setup *s, SSL **client, SSL **server, int want_resumed)
{
    *client = SSL_new(s->client);
    *server = SSL_new(s->server);
    BIO *cb, *sb;
    BIO_new_bio_pair(&cb, 65536, &sb, 65536);
    SSL_set_bio(*client, cb, cb);
    SSL_set_bio(*server, sb, sb);
    SSL_set1_host(*client, "localhost");
    SSL_set_tlsext_host_name(*client, "localhost");
    if (s->session != NULL)
        SSL_set_session(*client, s->session);
    SSL_set_connect_state(*client);
    SSL_set_accept_state(*server);
    int cd = 0, sd = 0;
    for (int round = 0; round < 20 && !(cd && sd); round++) {
        if (!cd)
            cd = SSL_do_handshake(*client) == 1;
        if (!sd)
            sd = SSL_do_handshake(*server) == 1;
    }
    if (!cd || !sd)
        die("OpenSSL handshake failed");
    if (want_resumed && !SSL_session_reused(*client))
        ossl_not_resumed++; /* reported: the figure is then not a resumption */
    if (s->resume) {
        char b;
        SSL_read(*client, &b, 1); /* takes a TLS 1.3 NewSessionTicket in */
        SSL_SESSION *fresh = SSL_get1_session(*client);
        if (fresh != NULL && SSL_SESSION_is_resumable(fresh)) {
            SSL_SESSION_free(s->session);
            s->session = fresh;
        } else {
            SSL_SESSION_free(fresh);
        }
    }
}

static double ossl_handshakes(ossl_setup *s, int n, int resumed)
{
    double start = now_s();
    for (int i = 0; i < n; i++) {
        SSL *c, *sv;
        ossl_pair(s, &c, &sv, resumed);
        if (s->resume) { /* OpenSSL drops sessions of connections freed without a shutdown */
            SSL_shutdown(c);
            SSL_shutdown(sv);
        }
        SSL_free(c);
        SSL_free(sv);
    }
    return (double)n / (now_s() - start);
}

static double ossl_bulk(ossl_setup *s, size_t total)
{
    static uint8_t buf[16384], got[16384];
    SSL *c, *sv;
    ossl_pair(s, &c, &sv, 0);
    double start = now_s();
    for (size_t done = 0; done < total;) {
        int n = SSL_write(c, buf, sizeof buf);
        if (n <= 0)
            die("OpenSSL write");
        done += (size_t)n;
        while (SSL_read(sv, got, sizeof got) > 0)
            ;
    }
    double mbs = (double)total / (now_s() - start) / 1e6;
    SSL_free(c);
    SSL_free(sv);
    return mbs;
}

static void ossl_memory(ossl_setup *s, int n, double *client_b, double *server_b)
{
    SSL **cs = calloc((size_t)n, sizeof *cs), **ss = calloc((size_t)n, sizeof *ss);
    struct mallinfo2 before = mallinfo2();
    for (int i = 0; i < n; i++)
        ossl_pair(s, &cs[i], &ss[i], 0);
    struct mallinfo2 both = mallinfo2();
    for (int i = 0; i < n; i++)
        SSL_free(ss[i]);
    struct mallinfo2 clients = mallinfo2();
    *client_b = ((double)clients.uordblks - (double)before.uordblks) / n;
    *server_b = ((double)both.uordblks - (double)clients.uordblks) / n;
    for (int i = 0; i < n; i++)
        SSL_free(cs[i]);
    free(cs);
    free(ss);
}

/* ---- one handshake: instruction counts (callgrind) and peak heap (bench_heap) -------------- */

#ifdef BENCH_HEAP_HOOK
void heap_hook_mark(void);
long heap_hook_peak(void);
#endif

#define N_LIBS (2 + N_PEERS)
static const char *const lib_names[5] = { "latch", "OpenSSL", "GnuTLS", "mbedTLS", "wolfSSL" };

typedef struct {
    int lib;     /* index in lib_names */
    int resumed; /* the handshakes resume the previous one's session */
    latch_setup ls;
    ossl_setup os;
    void *peer;
} one_setup;

static void one_handshake(one_setup *o)
{
    if (o->lib == 0)
        latch_handshakes(&o->ls, 1, o->resumed);
    else if (o->lib == 1)
        ossl_handshakes(&o->os, 1, o->resumed);
#ifdef BENCH_PEERS
    else if (peers[o->lib - 2]->handshakes(o->peer, 1) <= 0)
        die("peer handshake failed");
#endif
}

/* The handshake callgrind counts (--toggle-collect names this function) and bench_heap watches. */
__attribute__((noinline)) void bench_measured_handshake(one_setup *o)
{
    one_handshake(o);
}

/* The mode of the one-handshake figures: TLS 1.3 ECDSA, or TLS 1.2 ECDHE-ECDSA for mbedTLS 2.28. */
static const mode *one_mode(int lib)
{
    return lib == 3 ? &modes[2] : &modes[0];
}

/* bench_tls --one LIB: sets LIB up, warms it with three handshakes, then does one more in
 * bench_measured_handshake (or --repeat N more, for perf; --only MODE for another mode than
 * one_mode's). bench_heap prints the peak heap. */
static int run_one(const char *name, int repeat, const char *only)
{
    one_setup o = { -1, 0, { NULL, NULL }, { NULL, NULL, NULL, 0 }, NULL };
    for (int i = 0; i < N_LIBS; i++)
        if (strcasecmp(name, lib_names[i]) == 0)
            o.lib = i;
    if (o.lib < 0) {
        fprintf(stderr, "bench_tls: --one takes latch, OpenSSL%s\n", N_PEERS ? ", GnuTLS, mbedTLS or wolfSSL" : "");
        return 2;
    }
    const mode *m = one_mode(o.lib);
    for (size_t i = 0; only != NULL && i < N_MODES; i++)
        if (strstr(modes[i].label, only) != NULL)
            m = &modes[i];
    if (o.lib == 0)
        o.ls = latch_setup_mode(m, NULL);
    else if (o.lib == 1)
        o.os = ossl_setup_mode(m, NULL, NULL);
#ifdef BENCH_PEERS
    else {
        peer_mode pm = { m->tls12, m->cert, m->rsa_kex, pki,
                         m->res == RES_TICKET ? PEER_RESUME_TICKET : m->res == RES_ID ? PEER_RESUME_ID : PEER_FULL, 0 };
        if ((o.peer = peers[o.lib - 2]->setup(&pm)) == NULL)
            die("peer setup");
    }
#endif
    for (int i = 0; i < 3; i++) {
        one_handshake(&o); /* the first one makes the session the others resume */
        o.resumed = m->res != RES_NONE;
    }
#ifdef BENCH_HEAP_HOOK
    heap_hook_mark();
#endif
    for (int i = 0; i < repeat; i++)
        bench_measured_handshake(&o);
#ifdef BENCH_HEAP_HOOK
    printf("peak heap: %ld\n", heap_hook_peak());
#endif
    return 0;
}

typedef struct {
    double ir[CG_COLUMNS]; /* callgrind instructions by column; ir[0] < 0: not measured */
    long peak;             /* peak heap bytes, < 0: not measured */
} one_result;

/* Runs this program under callgrind, and bench_heap beside it, with --one for each library. */
static void measure_one(const char *self, one_result *out)
{
    char cmd[2048], dir[1024], file[64], line[256];
    snprintf(dir, sizeof dir, "%s", self);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int have_valgrind = system("valgrind --version >/dev/null 2>&1") == 0;
    if (!have_valgrind)
        printf("  (valgrind is not installed: no instruction counts)\n");
    for (int lib = 0; lib < N_LIBS; lib++) {
        out[lib].peak = -1;
        snprintf(file, sizeof file, "/tmp/bench_tls.callgrind.%d", (int)getpid());
        snprintf(cmd, sizeof cmd,
                 "valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bench_measured_handshake "
                 "--callgrind-out-file=%s '%s' --one %s --pki '%s' >/dev/null 2>&1",
                 file, self, lib_names[lib], pki);
        int counted = have_valgrind && system(cmd) == 0 && callgrind_split(file, self, out[lib].ir) == 0;
        if (!counted) {
            if (have_valgrind)
                fprintf(stderr, "bench_tls: no callgrind count for %s\n", lib_names[lib]);
            for (int c = 0; c < CG_COLUMNS; c++)
                out[lib].ir[c] = 0;
            out[lib].ir[0] = -1;
        }
        unlink(file);
        snprintf(cmd, sizeof cmd, "'%s/bench_heap' --one %s --pki '%s' 2>/dev/null", dir, lib_names[lib], pki);
        FILE *p = popen(cmd, "r");
        while (p != NULL && fgets(line, sizeof line, p) != NULL)
            sscanf(line, "peak heap: %ld", &out[lib].peak);
        if (p != NULL)
            pclose(p);
        double total = 0;
        for (int c = 0; c < CG_COLUMNS; c++)
            total += out[lib].ir[c];
        printf("  one %-28s %-7s", one_mode(lib)->label, lib_names[lib]);
        if (out[lib].ir[0] >= 0)
            printf(" %8.2f M instructions (crypto %.2f M, TLS code %.2f M, libc %.2f M, other %.2f M)", total / 1e6,
                   out[lib].ir[CG_CRYPTO] / 1e6, out[lib].ir[CG_TLS] / 1e6, out[lib].ir[CG_LIBC] / 1e6,
                   out[lib].ir[CG_OTHER] / 1e6);
        if (out[lib].peak >= 0)
            printf("  peak heap %ld B", out[lib].peak);
        printf("\n");
        fflush(stdout);
    }
}

/* ---- runs ------------------------------------------------------------------------------- */

typedef struct {
    char label[80];
    const char *unit;
    double latch[3], ossl[3]; /* median, min, max */
    double peer[3];           /* medians for GnuTLS, mbedTLS, wolfSSL, 0: n/a */
    int has_peers;
} result;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void stats(double *v, int runs, double out[3])
{
    qsort(v, (size_t)runs, sizeof *v, cmp_double);
    out[0] = v[runs / 2];
    out[1] = v[0];
    out[2] = v[runs - 1];
}

static void print_result(const result *r)
{
    printf("  %-38s latch %9.0f [%.0f-%.0f]  OpenSSL %9.0f [%.0f-%.0f] %s  ratio %.2f\n", r->label, r->latch[0],
           r->latch[1], r->latch[2], r->ossl[0], r->ossl[1], r->ossl[2], r->unit, r->latch[0] / r->ossl[0]);
    fflush(stdout);
}

/* `openssl speed -evp` of an AEAD at 16 KiB, in MB/s: the limit for bulk data. */
static double openssl_speed(const char *cipher)
{
    char cmd[200], line[512];
    double best = 0;
    snprintf(cmd, sizeof cmd, "openssl speed -evp %s -bytes 16384 -seconds 1 2>/dev/null", cipher);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return 0;
    while (fgets(line, sizeof line, p) != NULL) {
        for (char *c = line; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        const char *k = strrchr(line, ' ');
        /* the result line ends with the rate in 1000s of bytes per second, e.g. "3514521.60k" */
        if (strstr(line, cipher) != NULL && k != NULL && strchr(k, 'k') != NULL)
            best = atof(k + 1) / 1000.0;
    }
    pclose(p);
    return best;
}

/* What libcrypto itself allows per 16 KiB TLS 1.3 record, sealed and opened in one thread through
 * EVP as any record layer must (a fresh nonce, 5 bytes of additional data, the tag): MB/s of
 * application data. `openssl speed` instead streams one EVP_EncryptUpdate after another on one
 * nonce, without the per-record set-up and tag. */
static double evp_record_ceiling(const char *cipher_name)
{
    static uint8_t buf[16384 + 1 + 16];
    uint8_t key[32] = { 1 }, iv[12] = { 2 }, aad[5] = { 23, 3, 3, 0x40, 0x11 }, tag[16];
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, cipher_name, NULL);
    EVP_CIPHER_CTX *seal = EVP_CIPHER_CTX_new(), *open = EVP_CIPHER_CTX_new();
    double best = 0;
    int n;
    if (cipher == NULL || seal == NULL || open == NULL || !EVP_EncryptInit_ex2(seal, cipher, key, iv, NULL) ||
        !EVP_DecryptInit_ex2(open, cipher, key, iv, NULL))
        die("EVP record ceiling");
    for (int run = 0; run < 9; run++) { /* the best of nine: noise only slows a run down */
        int records = 8000;
        double start = now_s();
        for (int i = 0; i < records; i++) {
            iv[11] = (uint8_t)i;
            int ok = EVP_EncryptInit_ex2(seal, NULL, NULL, iv, NULL) && EVP_EncryptUpdate(seal, NULL, &n, aad, 5) &&
                     EVP_EncryptUpdate(seal, buf, &n, buf, 16385) && EVP_EncryptFinal_ex(seal, buf + 16385, &n) &&
                     EVP_CIPHER_CTX_ctrl(seal, EVP_CTRL_AEAD_GET_TAG, 16, tag) &&
                     EVP_DecryptInit_ex2(open, NULL, NULL, iv, NULL) &&
                     EVP_CIPHER_CTX_ctrl(open, EVP_CTRL_AEAD_SET_TAG, 16, tag) &&
                     EVP_DecryptUpdate(open, NULL, &n, aad, 5) && EVP_DecryptUpdate(open, buf, &n, buf, 16385) &&
                     EVP_DecryptFinal_ex(open, buf + 16385, &n);
            if (!ok)
                die("EVP record ceiling");
        }
        double mbs = 16384.0 * records / (now_s() - start) / 1e6;
        if (mbs > best)
            best = mbs;
    }
    EVP_CIPHER_CTX_free(seal);
    EVP_CIPHER_CTX_free(open);
    EVP_CIPHER_free(cipher);
    return best;
}

/* The crypto-only floor of a TLS 1.3 ECDSA P-256 + x25519 handshake, from `openssl speed`: one
 * ECDSA signature (server), two verifications (client: the CA's signature on the leaf, and the
 * CertificateVerify), four X25519 operations (a key generation and a shared secret per side).
 * Seconds per handshake, or 0 when openssl speed cannot be read. */
static double crypto_floor(void)
{
    char line[512];
    double sign = 0, verify = 0, x25519 = 0;
    FILE *p = popen("openssl speed -seconds 1 ecdsap256 ecdhx25519 2>/dev/null", "r");
    if (p == NULL)
        return 0;
    while (fgets(line, sizeof line, p) != NULL) {
        double a, b, c, d;
        if (strstr(line, "ecdsa (nistp256)") && sscanf(strchr(line, ')') + 1, "%lfs %lfs %lf %lf", &a, &b, &c, &d) == 4) {
            sign = c;
            verify = d;
        }
        if (strstr(line, "ecdh (X25519)") && sscanf(strchr(line, ')') + 1, "%lfs %lf", &a, &b) == 2)
            x25519 = b;
    }
    pclose(p);
    if (sign <= 0 || verify <= 0 || x25519 <= 0)
        return 0;
    return 1 / sign + 2 / verify + 4 / x25519;
}

static double floor_s; /* crypto floor per TLS 1.3 ECDSA handshake, seconds */
static double st_floor[3]; /* its median, min and max over three openssl speed runs */

/* How far a time per handshake (seconds) is above a floor, in % */
static double pct_above(double t, double floor_t)
{
    return 100.0 * (t - floor_t) / floor_t;
}

static void write_markdown(const char *path, const result *res, size_t n, const double mem[][2],
                           const double speed[2], const double record_ceiling[2], const double in_place[2][3],
                           const one_result *one, int runs, int per_run)
{
    FILE *f = fopen(path, "w");
    struct utsname u;
    char cpu[256] = "unknown CPU", line[512];
    FILE *ci = fopen("/proc/cpuinfo", "r");
    while (ci != NULL && fgets(line, sizeof line, ci) != NULL)
        if (strncmp(line, "model name", 10) == 0) {
            snprintf(cpu, sizeof cpu, "%s", strchr(line, ':') + 2);
            cpu[strcspn(cpu, "\n")] = '\0';
            break;
        }
    if (ci)
        fclose(ci);
    uname(&u);
    time_t t = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&t));
    if (f == NULL)
        die("cannot write the markdown");
    fprintf(f, "# Benchmarks\n\n`make bench` runs `bench/bench_tls.c` and writes this file and `docs/benchmarks.svg`. "
               "Client and server run in one thread with bytes handed over in memory, on the certificates of "
               "`tests/vectors/pki/`, the client verifying the chain and the host name. latch and OpenSSL's "
               "libssl use the same libcrypto, so the ratios measure protocol code. Runs interleave the "
               "libraries; figures are medians with min-max. Timings are never tests.\n\n");
    fprintf(f, "Run of %s: %s, %s %s, %d runs x %d, latch %s, %s.\n\n", date, cpu, u.sysname, u.release, runs,
            per_run, latch_version(), OpenSSL_version(OPENSSL_VERSION));
    fprintf(f, "![latch / OpenSSL ratios](benchmarks.svg)\n\n");
    fprintf(f, "| benchmark | latch | OpenSSL | latch / OpenSSL |\n| --- | ---: | ---: | ---: |\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "| %s (%s) | %.0f [%.0f-%.0f] | %.0f [%.0f-%.0f] | %.2f |\n", res[i].label, res[i].unit,
                res[i].latch[0], res[i].latch[1], res[i].latch[2], res[i].ossl[0], res[i].ossl[1], res[i].ossl[2],
                res[i].latch[0] / res[i].ossl[0]);
    if (N_PEERS > 0) {
        fprintf(f, "\nAll five libraries, medians from the same runs (n/a: the mode is not supported by that "
                   "library as Debian builds it; mbedTLS 2.28 has no TLS 1.3, so its bulk figures are over TLS 1.2 "
                   "with the same AEAD; the other libraries' bulk runs move a quarter as much data):\n\n"
                   "| benchmark | latch | OpenSSL | GnuTLS | mbedTLS | wolfSSL |\n"
                   "| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (size_t i = 0; i < n; i++) {
            if (!res[i].has_peers)
                continue;
            fprintf(f, "| %s (%s) | %.0f | %.0f |", res[i].label, res[i].unit, res[i].latch[0], res[i].ossl[0]);
            for (int k = 0; k < 3; k++) {
                if (res[i].peer[k] > 0)
                    fprintf(f, " %.0f |", res[i].peer[k]);
                else
                    fprintf(f, " n/a |");
            }
            fputc('\n', f);
        }
    }
    if (floor_s > 0)
        fprintf(f, "\nCrypto-only floor of a TLS 1.3 ECDSA P-256 + x25519 handshake (`openssl speed`: 1 ECDSA "
                   "signature, 2 verifications, 4 X25519 operations; median of three runs, %.0f-%.0f us): %.0f us, "
                   "i.e. at most %.0f handshakes/s. latch takes %.0f us per handshake (client and server together; "
                   "%.0f-%.0f us across its runs): %.0f %% above the floor. On a shared machine noise only adds "
                   "time, so the fastest run of each is the steadier comparison: %.0f us against %.0f us, %.0f %% "
                   "above.\n",
                st_floor[1] * 1e6, st_floor[2] * 1e6, floor_s * 1e6, 1 / floor_s, 1e6 / res[0].latch[0],
                1e6 / res[0].latch[2], 1e6 / res[0].latch[1], pct_above(1 / res[0].latch[0], floor_s),
                1e6 / res[0].latch[2], st_floor[1] * 1e6, pct_above(1 / res[0].latch[2], st_floor[1]));
    for (int b = 0; b < 2; b++) {
        const result *r = &res[n - 2 + b];
        fprintf(f, "%sBulk, %s: `openssl speed -evp` at 16 KiB does %.0f MB/s in one pass; the loop seals and opens "
                   "every byte in one thread (two passes), so its ceiling is %.0f MB/s. latch reaches %.0f MB/s "
                   "(%.0f %%) reading with `latch_read` (a copy into the application's buffer, as `SSL_read` "
                   "does) and %.0f MB/s (%.0f %%) reading in place with `latch_read_view`. libcrypto's own record "
                   "loop (a nonce, 5 bytes of additional data and a tag per 16 KiB record through EVP, nothing "
                   "else) reaches %.0f MB/s: latch at %.0f %% and %.0f %% of it.\n",
                "\n", b ? "ChaCha20-Poly1305" : "AES-128-GCM", speed[b], speed[b] / 2, r->latch[0],
                speed[b] > 0 ? 200.0 * r->latch[0] / speed[b] : 0, in_place[b][0],
                speed[b] > 0 ? 200.0 * in_place[b][0] / speed[b] : 0, record_ceiling[b],
                100.0 * r->latch[0] / record_ceiling[b], 100.0 * in_place[b][0] / record_ceiling[b]);
    }
    fprintf(f, "\n");
    fprintf(f, "Heap held per established idle connection (glibc mallinfo2 over 1000 connections, after the "
               "handshake, nothing buffered):\n\n| library | mode | client | server |\n| --- | --- | ---: | ---: |\n");
    for (int lib = 0; lib < N_LIBS; lib++) {
        fprintf(f, "| %s | %s |", lib_names[lib], lib == 3 ? "TLS 1.2" : "TLS 1.3");
        if (mem[lib][0] >= 0)
            fprintf(f, " %.0f B | %.0f B |\n", mem[lib][0], mem[lib][1]);
        else
            fprintf(f, " n/a | n/a |\n");
    }
    fprintf(f, "\nOne full handshake, client and server together, after three warm-up handshakes: instructions "
               "counted by `valgrind --tool=callgrind` (valgrind's virtual CPU: no AVX-512) split by where they ran "
               "(crypto: libcrypto, or Nettle/GMP for GnuTLS, mbedcrypto for mbedTLS; TLS code: the library itself, "
               "wolfSSL with its own crypto inside), and the peak heap growth during it (every allocation counted by "
               "`bench_heap`, the same program with malloc hooked):\n\n"
               "| library | mode | instructions | crypto | TLS code | libc | other | peak heap |\n"
               "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int lib = 0; lib < N_LIBS; lib++) {
        double total = 0;
        for (int c = 0; c < CG_COLUMNS; c++)
            total += one[lib].ir[c];
        fprintf(f, "| %s | %s |", lib_names[lib], one_mode(lib)->label);
        if (one[lib].ir[0] >= 0)
            fprintf(f, " %.2f M | %.2f M (%.0f %%) | %.2f M (%.0f %%) | %.2f M | %.2f M |", total / 1e6,
                    one[lib].ir[CG_CRYPTO] / 1e6, 100 * one[lib].ir[CG_CRYPTO] / total, one[lib].ir[CG_TLS] / 1e6,
                    100 * one[lib].ir[CG_TLS] / total, one[lib].ir[CG_LIBC] / 1e6, one[lib].ir[CG_OTHER] / 1e6);
        else
            fprintf(f, " n/a | | | | |");
        if (one[lib].peak >= 0)
            fprintf(f, " %.1f KiB |\n", one[lib].peak / 1024.0);
        else
            fprintf(f, " n/a |\n");
    }
    fclose(f);
}

static void write_svg(const char *path, const result *res, size_t n)
{
    FILE *f = fopen(path, "w");
    int h = 60 + (int)n * 34;
    if (f == NULL)
        die("cannot write the chart");
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"%d\" font-family=\"system-ui,sans-serif\" "
               "font-size=\"13\"><rect width=\"900\" height=\"%d\" fill=\"#fff\"/>\n"
               "<text x=\"20\" y=\"28\" font-size=\"16\" font-weight=\"600\">latch / OpenSSL (1.0 = as fast; more is "
               "better for latch)</text>\n", h, h);
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (res[i].latch[0] / res[i].ossl[0] > max)
            max = res[i].latch[0] / res[i].ossl[0];
    double scale = 520.0 / (max > 1.5 ? max : 1.5);
    int one = 340 + (int)scale;
    fprintf(f, "<line x1=\"%d\" y1=\"44\" x2=\"%d\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>"
               "<text x=\"%d\" y=\"%d\" fill=\"#555\" font-size=\"11\">1.0</text>\n", one, one, h - 10, one - 8, h - 2);
    for (size_t i = 0; i < n; i++) {
        double r = res[i].latch[0] / res[i].ossl[0];
        int y = 50 + (int)i * 34;
        fprintf(f, "<text x=\"330\" y=\"%d\" text-anchor=\"end\">%s</text>"
                   "<rect x=\"340\" y=\"%d\" width=\"%.0f\" height=\"22\" fill=\"%s\"/>"
                   "<text x=\"%.0f\" y=\"%d\" fill=\"#222\">%.2f</text>\n",
                y + 15, res[i].label, y, r * scale, r >= 1 ? "#2da44e" : "#cf222e", 346 + r * scale, y + 15, r);
    }
    fputs("</svg>\n", f);
    fclose(f);
}

int main(int argc, char **argv)
{
    int quick = 0, runs = 5, per_run = 500, repeat = 1;
    const char *markdown = NULL, *svg = NULL, *only = NULL, *one = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--pki") == 0 && i + 1 < argc)
            snprintf(pki, sizeof pki, "%s", argv[++i]);
        else if (strcmp(argv[i], "--markdown") == 0 && i + 1 < argc)
            markdown = argv[++i];
        else if (strcmp(argv[i], "--svg") == 0 && i + 1 < argc)
            svg = argv[++i];
        else if (strcmp(argv[i], "--one") == 0 && i + 1 < argc)
            one = argv[++i]; /* one handshake of one library (under callgrind or as bench_heap) */
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i]; /* one handshake mode (a part of its label) or "bulk", for profiling */
        else {
            fprintf(stderr, "usage: bench_tls [--quick] [--pki DIR] [--markdown FILE] [--svg FILE] [--only MODE] [--one LIB [--repeat N]]\n");
            return 2;
        }
    }
    if (one != NULL)
        return run_one(one, repeat, only);
    if (quick) {
        runs = 3;
        per_run = 100;
    }
    result res[N_MODES + 2];
    size_t nres = 0;
    printf("latch %s vs %s, %d runs, median [min-max]\n", latch_version(), OpenSSL_version(OPENSSL_VERSION), runs);
    for (size_t m = 0; m < N_MODES; m++) {
        const mode *md = &modes[m];
        if (only != NULL && strstr(md->label, only) == NULL)
            continue;
        latch_setup ls = latch_setup_mode(md, NULL);
        ossl_setup os = ossl_setup_mode(md, NULL, NULL);
        int resumed = md->res != RES_NONE;
        int n = md->cert[0] == 'r' && !resumed ? per_run / 2 : per_run;
        if (resumed) { /* a first full handshake makes the session */
            latch_conn *c, *s;
            latch_pair(&ls, &c, &s, 0);
            latch_pump(c, s);
            latch_conn_free(c);
            latch_conn_free(s);
            SSL *oc, *osv;
            ossl_pair(&os, &oc, &osv, 0);
            SSL_shutdown(oc);
            SSL_shutdown(osv);
            SSL_free(oc);
            SSL_free(osv);
        }
        latch_handshakes(&ls, n / 10 + 1, resumed); /* warm-up */
        ossl_handshakes(&os, n / 10 + 1, resumed);
        double lv[20], ov[20], pv[3][20];
        void *pctx[3] = { NULL, NULL, NULL };
#ifdef BENCH_PEERS
        peer_mode pm = { md->tls12, md->cert, md->rsa_kex, pki,
                         md->res == RES_TICKET ? PEER_RESUME_TICKET : md->res == RES_ID ? PEER_RESUME_ID : PEER_FULL, 0 };
        for (int k = 0; k < N_PEERS; k++) {
            pctx[k] = peers[k]->setup(&pm);
            if (pctx[k] != NULL && peers[k]->handshakes(pctx[k], n / 10 + 1) <= 0) {
                fprintf(stderr, "bench_tls: %s failed its handshakes in this mode\n", peers[k]->name);
                peers[k]->teardown(pctx[k]);
                pctx[k] = NULL;
            }
        }
#endif
        for (int r = 0; r < runs; r++) {
            lv[r] = latch_handshakes(&ls, n, resumed);
            ov[r] = ossl_handshakes(&os, n, resumed);
#ifdef BENCH_PEERS
            for (int k = 0; k < N_PEERS; k++)
                pv[k][r] = pctx[k] ? peers[k]->handshakes(pctx[k], n) : 0;
#endif
        }
        result *out = &res[nres++];
        snprintf(out->label, sizeof out->label, "%s%s", md->label,
                 ossl_not_resumed ? " (OpenSSL: full handshakes, it did not resume here)" : "");
        ossl_not_resumed = 0;
        out->unit = "handshakes/s";
        stats(lv, runs, out->latch);
        stats(ov, runs, out->ossl);
        print_result(out);
        out->has_peers = N_PEERS > 0;
        for (int k = 0; k < N_PEERS; k++) {
            double st[3] = { 0, 0, 0 };
            if (pctx[k] != NULL)
                stats(pv[k], runs, st);
            out->peer[k] = st[0];
#ifdef BENCH_PEERS
            if (pctx[k] != NULL) {
                printf("  %-38s %-7s %9.0f [%.0f-%.0f] handshakes/s  (%s)\n", "", peers[k]->name, st[0], st[1], st[2],
                       peers[k]->version());
                peers[k]->teardown(pctx[k]);
            } else {
                printf("  %-38s %-7s n/a (not supported in this mode)\n", "", peers[k]->name);
            }
#endif
        }
        latch_config_free(ls.client);
        latch_config_free(ls.server);
        SSL_SESSION_free(os.session);
        SSL_CTX_free(os.client);
        SSL_CTX_free(os.server);
    }
    int bulk_only = only != NULL && strcmp(only, "bulk") == 0;
    /* the floor is printed whenever the TLS 1.3 ECDSA mode ran (also alone, with --only) */
    if (nres > 0 && strcmp(res[0].label, modes[0].label) == 0) {
        /* openssl speed moves by 5-10 % from one run to the next on a shared machine: the median of three */
        double floors[3];
        for (int i = 0; i < 3; i++)
            floors[i] = crypto_floor();
        stats(floors, 3, st_floor);
        floor_s = st_floor[0];
    }
    if (floor_s > 0)
        printf("  crypto floor of a TLS 1.3 ECDSA handshake (openssl speed, median of 3): %.0f us [%.0f-%.0f]; latch "
               "%.0f us, %.0f %% above it; fastest runs of each (noise only adds time): %.0f us vs %.0f us, %.0f %%\n",
               floor_s * 1e6, st_floor[1] * 1e6, st_floor[2] * 1e6, 1e6 / res[0].latch[0],
               pct_above(1 / res[0].latch[0], floor_s), 1e6 / res[0].latch[2], st_floor[1] * 1e6,
               pct_above(1 / res[0].latch[2], st_floor[1]));
    if (only != NULL && !bulk_only)
        return 0;
    /* bulk: TLS 1.3 with each AEAD */
    static const char *const bulk_suites[2] = { "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256" };
    static const char *const speed_names[2] = { "aes-128-gcm", "chacha20-poly1305" };
    static const char *const evp_names[2] = { "AES-128-GCM", "ChaCha20-Poly1305" };
    double speed[2], record_ceiling[2], in_place[2][3];
    for (int b = 0; b < 2; b++) {
        latch_setup ls = latch_setup_mode(&modes[0], bulk_suites[b]);
        ossl_setup os = ossl_setup_mode(&modes[0], bulk_suites[b], NULL);
        size_t total = (quick ? 64u : 256u) << 20;
        double lv[20], ov[20], iv[20];
        for (int r = 0; r < runs; r++) {
            lv[r] = latch_bulk(&ls, total, 0);
            ov[r] = ossl_bulk(&os, total);
            iv[r] = latch_bulk(&ls, total, 1);
        }
        stats(iv, runs, in_place[b]);
        result *out = &res[nres++];
        snprintf(out->label, sizeof out->label, "bulk %s, 16 KiB writes", b ? "ChaCha20-Poly1305" : "AES-128-GCM");
        out->unit = "MB/s";
        stats(lv, runs, out->latch);
        stats(ov, runs, out->ossl);
        print_result(out);
        out->has_peers = N_PEERS > 0;
#ifdef BENCH_PEERS
        /* the others over TLS 1.3 (mbedTLS 2.28: TLS 1.2), less data: some are far slower */
        for (int k = 0; k < N_PEERS; k++) {
            double pv[20], st[3] = { 0, 0, 0 };
            int tls12 = peers[k] == &peer_mbedtls;
            peer_mode pm = { tls12, "p256", 0, pki, PEER_FULL, b };
            void *ctx = peers[k]->bulk ? peers[k]->setup(&pm) : NULL;
            for (int r = 0; ctx != NULL && r < runs; r++)
                pv[r] = peers[k]->bulk(ctx, total / 4);
            if (ctx != NULL) {
                stats(pv, runs, st);
                peers[k]->teardown(ctx);
                printf("  %-38s %-7s %9.0f [%.0f-%.0f] MB/s%s\n", "", peers[k]->name, st[0], st[1], st[2],
                       tls12 ? " (TLS 1.2)" : "");
            }
            out->peer[k] = st[0];
        }
#endif
        speed[b] = openssl_speed(speed_names[b]);
        /* the bulk loop seals and opens every byte in one thread: two AEAD passes per byte, so its
         * ceiling is half of what `openssl speed` (one pass) reports */
        printf("  %-38s openssl speed -evp %s at 16 KiB: %.0f MB/s one pass; latch at %.0f %% of the "
               "two-pass ceiling (%.0f MB/s)\n", "", speed_names[b], speed[b],
               speed[b] > 0 ? 200.0 * out->latch[0] / speed[b] : 0, speed[b] / 2);
        printf("  %-38s latch reading in place (latch_read_view): %.0f [%.0f-%.0f] MB/s, %.0f %% of the two-pass "
               "ceiling\n", "", in_place[b][0], in_place[b][1], in_place[b][2],
               speed[b] > 0 ? 200.0 * in_place[b][0] / speed[b] : 0);
        record_ceiling[b] = evp_record_ceiling(evp_names[b]);
        printf("  %-38s libcrypto sealing and opening 16 KiB records through EVP: %.0f MB/s; latch at %.0f %% of it "
               "(%.0f %% reading in place)\n", "", record_ceiling[b], 100.0 * out->latch[0] / record_ceiling[b],
               100.0 * in_place[b][0] / record_ceiling[b]);
        latch_config_free(ls.client);
        latch_config_free(ls.server);
        SSL_CTX_free(os.client);
        SSL_CTX_free(os.server);
    }
    if (bulk_only)
        return 0;
    /* memory per idle connection */
    double mem[N_LIBS][2]; /* client, server; < 0: not measured */
    {
        latch_setup ls = latch_setup_mode(&modes[0], NULL);
        ossl_setup os = ossl_setup_mode(&modes[0], NULL, NULL);
        latch_memory(&ls, 1000, &mem[0][0], &mem[0][1]);
        ossl_memory(&os, 1000, &mem[1][0], &mem[1][1]);
        latch_config_free(ls.client);
        latch_config_free(ls.server);
        SSL_CTX_free(os.client);
        SSL_CTX_free(os.server);
#ifdef BENCH_PEERS
        for (int k = 0; k < N_PEERS; k++) {
            peer_mode pm = { peers[k] == &peer_mbedtls, "p256", 0, pki, PEER_FULL, 0 };
            void *ctx = peers[k]->idle_memory ? peers[k]->setup(&pm) : NULL;
            mem[2 + k][0] = mem[2 + k][1] = -1;
            if (ctx != NULL && peers[k]->idle_memory(ctx, 1000, &mem[2 + k][0], &mem[2 + k][1]) != 0)
                mem[2 + k][0] = mem[2 + k][1] = -1;
            if (ctx != NULL)
                peers[k]->teardown(ctx);
        }
#endif
        for (int lib = 0; lib < N_LIBS; lib++)
            printf("  heap per idle %s connection, %-7s client %6.0f B, server %6.0f B\n",
                   lib == 3 ? "TLS 1.2" : "TLS 1.3", lib_names[lib], mem[lib][0], mem[lib][1]);
    }
    /* one handshake per library: instructions and peak heap */
    one_result one_res[N_LIBS];
    char self[1024];
    ssize_t self_len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (self_len <= 0)
        die("cannot find this program's path");
    self[self_len] = '\0';
    measure_one(self, one_res);
    if (markdown != NULL)
        write_markdown(markdown, res, nres, mem, speed, record_ceiling, in_place, one_res, runs, per_run);
    if (svg != NULL)
        write_svg(svg, res, nres);
    return 0;
}
