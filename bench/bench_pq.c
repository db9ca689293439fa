/* Post-quantum key agreement figures: ML-KEM-768 keygen, encaps and decaps per second beside
 * X25519's key generation and derivation (libcrypto's, through latch's kex); each side of the
 * hybrid X25519MLKEM768 exchange; full TLS 1.3 handshakes per second between a latch client and
 * a latch server in memory (both sides in this one thread, ECDSA P-256 certificate) with
 * X25519MLKEM768 against x25519; and the peak of latch's own heap during one such handshake.
 * Runs alternate the two groups; medians of the runs are printed with min-max, and, when valgrind
 * is there, the instructions of one handshake of each (callgrind: steady where times on a shared
 * machine are not). With --markdown FILE the tables are appended to FILE as a section (make bench
 * adds them to docs/benchmarks.md after bench_tls wrote it). A program, never a test.
 *
 *   bench_pq [--quick] [--pki DIR] [--markdown FILE]
 *   bench_pq --one x25519|X25519MLKEM768   (one handshake, to count under callgrind)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/kex.h"
#include "crypto/mlkem.h"
#include "latch.h"

static char pki[512] = "tests/vectors/pki";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#define RUNS 5
typedef struct {
    const char *name;
    double rate[RUNS];
} figure;

static double median(figure *f)
{
    double sorted[RUNS];
    memcpy(sorted, f->rate, sizeof sorted);
    qsort(sorted, RUNS, sizeof sorted[0], cmp_double);
    return sorted[RUNS / 2];
}

static double min_of(const figure *f)
{
    double m = f->rate[0];
    for (int i = 1; i < RUNS; i++)
        m = f->rate[i] < m ? f->rate[i] : m;
    return m;
}

static double max_of(const figure *f)
{
    double m = f->rate[0];
    for (int i = 1; i < RUNS; i++)
        m = f->rate[i] > m ? f->rate[i] : m;
    return m;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_pq: %s failed\n", what);
    exit(1);
}

/* ---- the primitives ---- */

static uint8_t ek[LT_MLKEM768_EK_LEN], dk[LT_MLKEM768_DK_LEN], ct[LT_MLKEM768_CT_LEN];

static void op_mlkem_keygen(void)
{
    if (lt_mlkem768_keygen(ek, dk) < 0)
        die("ML-KEM keygen");
}

static void op_mlkem_encaps(void)
{
    uint8_t ss[32];
    if (lt_mlkem768_encaps(ek, sizeof ek, ct, ss) < 0)
        die("ML-KEM encaps");
}

static void op_mlkem_decaps(void)
{
    uint8_t ss[32];
    if (lt_mlkem768_decaps(dk, sizeof dk, ct, sizeof ct, ss) < 0)
        die("ML-KEM decaps");
}

static uint8_t x25519_peer[32];

static void op_x25519_keygen(void)
{
    lt_kex *kex = NULL;
    if (lt_kex_generate(LT_GROUP_X25519, &kex) < 0)
        die("X25519 keygen");
    lt_kex_free(kex);
}

static lt_kex *x25519_ours;

static void op_x25519_derive(void)
{
    uint8_t secret[32];
    size_t n = 0;
    if (lt_kex_derive(x25519_ours, x25519_peer, 32, secret, sizeof secret, &n) < 0)
        die("X25519 derive");
}

static uint8_t hybrid_share[LT_KEX_MAX_PUBLIC], hybrid_response[LT_KEX_MAX_PUBLIC];
static lt_kex *hybrid_client;

/* the client's first step: a key pair of each kind and the 1216-byte share */
static void op_hybrid_client_share(void)
{
    lt_kex *kex = NULL;
    size_t n = 0;
    if (lt_kex_generate(LT_GROUP_X25519MLKEM768, &kex) < 0 || lt_kex_public(kex, hybrid_share, sizeof hybrid_share, &n) < 0)
        die("hybrid client share");
    lt_kex_free(kex);
}

/* the server's: encapsulation, X25519, the 1120-byte response */
static void op_hybrid_server(void)
{
    lt_kex *kex = NULL;
    uint8_t secret[64];
    size_t n = 0;
    if (lt_kex_generate_responder(LT_GROUP_X25519MLKEM768, &kex) < 0 ||
        lt_kex_accept(kex, hybrid_share, lt_kex_public_len(LT_GROUP_X25519MLKEM768), secret, sizeof secret, &n) < 0 ||
        lt_kex_public(kex, hybrid_response, sizeof hybrid_response, &n) < 0)
        die("hybrid server");
    lt_kex_free(kex);
}

/* the client's last: decapsulation and X25519 */
static void op_hybrid_client_finish(void)
{
    uint8_t secret[64];
    size_t n = 0;
    if (lt_kex_derive(hybrid_client, hybrid_response, lt_kex_response_len(LT_GROUP_X25519MLKEM768), secret,
                      sizeof secret, &n) < 0)
        die("hybrid client finish");
}

/* operations per second of op over about seconds */
static double rate_of(void (*op)(void), double seconds)
{
    long n = 0;
    double start = now_s(), t;
    do {
        for (int i = 0; i < 20; i++)
            op();
        n += 20;
        t = now_s() - start;
    } while (t < seconds);
    return (double)n / t;
}

/* ---- handshakes ---- */

static latch_config *server_cfg[2], *client_cfg[2];
static const char *const group_lists[2] = { "x25519", "X25519MLKEM768" };

static void make_configs(void)
{
    char cert[600], key[600], roots[600];
    snprintf(cert, sizeof cert, "%s/p256.pem", pki);
    snprintf(key, sizeof key, "%s/p256-key.pem", pki);
    snprintf(roots, sizeof roots, "%s/ca.pem", pki);
    for (int g = 0; g < 2; g++) {
        server_cfg[g] = latch_config_new(LATCH_ROLE_SERVER);
        client_cfg[g] = latch_config_new(LATCH_ROLE_CLIENT);
        if (server_cfg[g] == NULL || client_cfg[g] == NULL ||
            latch_config_add_identity(server_cfg[g], cert, key) != LATCH_OK ||
            latch_config_set_roots_file(client_cfg[g], roots) != LATCH_OK ||
            latch_config_set_groups(server_cfg[g], group_lists[g]) != LATCH_OK ||
            latch_config_set_groups(client_cfg[g], group_lists[g]) != LATCH_OK ||
            latch_config_set_versions(client_cfg[g], LATCH_TLS13, LATCH_TLS13) != LATCH_OK ||
            latch_config_set_ticket_lifetime(server_cfg[g], 0) != LATCH_OK)
            die("configuration (run from the source tree, or --pki DIR)");
    }
}

static void move(latch_conn *from, latch_conn *to)
{
    size_t len, room;
    const uint8_t *out;
    while ((out = latch_net_out_buf(from, &len)) != NULL && len > 0) {
        uint8_t *in = latch_net_in_buf(to, &room);
        if (in == NULL || room == 0)
            return;
        size_t n = len < room ? len : room;
        memcpy(in, out, n);
        latch_net_out_consumed(from, n);
        if (latch_net_in_commit(to, n) < 0)
            return;
    }
}

static int group_now;

/* heap_now before the pair's handshake, and after it with both still open */
static long idle_before, idle_after;
static long heap_now, heap_high;

static void op_handshake(void)
{
    idle_before = heap_now;
    latch_conn *client = latch_conn_new(client_cfg[group_now], "localhost");
    latch_conn *server = latch_conn_new(server_cfg[group_now], NULL);
    for (int round = 0; round < 10 && !(latch_conn_handshake_done(client) && latch_conn_handshake_done(server)); round++) {
        move(client, server);
        move(server, client);
    }
    if (!latch_conn_handshake_done(client) || strcmp(latch_conn_group(client), group_lists[group_now]) != 0)
        die("handshake");
    idle_after = heap_now;
    latch_conn_free(client);
    latch_conn_free(server);
}

/* One handshake, for `valgrind --tool=callgrind --toggle-collect=measured_handshake bench_pq
 * --one GROUP`: instruction counts are steady where times on a shared machine are not. */
__attribute__((noinline)) void measured_handshake(void);
__attribute__((noinline)) void measured_handshake(void)
{
    op_handshake();
}

/* Instructions of one handshake of group g, counted by callgrind running this program with
 * --one; 0 without valgrind. */
static long callgrind_count(const char *self, int g)
{
    char out[] = "/tmp/bench_pq_cg.XXXXXX", cmd[2048], line[256];
    int fd = mkstemp(out);
    long count = 0;
    if (fd < 0)
        return 0;
    close(fd);
    snprintf(cmd, sizeof cmd,
             "valgrind --tool=callgrind --collect-atstart=no --toggle-collect=measured_handshake "
             "--callgrind-out-file=%s '%s' --one %s --pki '%s' >/dev/null 2>&1",
             out, self, group_lists[g], pki);
    if (system("valgrind --version >/dev/null 2>&1") == 0 && system(cmd) == 0) {
        FILE *f = fopen(out, "r");
        while (f != NULL && fgets(line, sizeof line, f) != NULL)
            if (strncmp(line, "summary: ", 9) == 0)
                count = atol(line + 9);
        if (f != NULL)
            fclose(f);
    }
    unlink(out);
    return count;
}

/* latch's own heap, counted through latch_set_allocator */

static void *count_malloc(size_t n)
{
    void *p = malloc(n);
    if (p != NULL && (heap_now += (long)malloc_usable_size(p)) > heap_high)
        heap_high = heap_now;
    return p;
}

static void *count_realloc(void *p, size_t n)
{
    long before = p ? (long)malloc_usable_size(p) : 0;
    void *q = realloc(p, n);
    if (q != NULL && (heap_now += (long)malloc_usable_size(q) - before) > heap_high)
        heap_high = heap_now;
    return q;
}

static void count_free(void *p)
{
    if (p != NULL)
        heap_now -= (long)malloc_usable_size(p);
    free(p);
}

/* the peak of latch's heap over one handshake, both ends live, above what it was before */
static long handshake_peak(int g)
{
    group_now = g;
    op_handshake(); /* warm: one-time tables */
    heap_high = heap_now;
    long base = heap_now;
    op_handshake();
    return heap_high - base;
}

int main(int argc, char **argv)
{
    const char *markdown = NULL, *one = NULL;
    double seconds = 0.4;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            seconds = 0.1;
        else if (strcmp(argv[i], "--pki") == 0 && i + 1 < argc)
            snprintf(pki, sizeof pki, "%s", argv[++i]);
        else if (strcmp(argv[i], "--markdown") == 0 && i + 1 < argc)
            markdown = argv[++i];
        else if (strcmp(argv[i], "--one") == 0 && i + 1 < argc)
            one = argv[++i];
        else {
            fprintf(stderr, "usage: bench_pq [--quick] [--pki DIR] [--markdown FILE] [--one x25519|X25519MLKEM768]\n");
            return 2;
        }
    }
    if (latch_set_allocator(count_malloc, count_realloc, count_free) != LATCH_OK)
        die("latch_set_allocator");
    if (one != NULL) {
        make_configs();
        group_now = strcmp(one, group_lists[1]) == 0;
        for (int i = 0; i < 3; i++)
            op_handshake();
        measured_handshake();
        return 0;
    }

    /* the fixed inputs: a key, a ciphertext, an X25519 peer, a hybrid share and response */
    lt_kex *peer = NULL;
    size_t n = 0;
    op_mlkem_keygen();
    op_mlkem_encaps();
    if (lt_kex_generate(LT_GROUP_X25519, &peer) < 0 || lt_kex_public(peer, x25519_peer, 32, &n) < 0 ||
        lt_kex_generate(LT_GROUP_X25519, &x25519_ours) < 0 || lt_kex_generate(LT_GROUP_X25519MLKEM768, &hybrid_client) < 0 ||
        lt_kex_public(hybrid_client, hybrid_share, sizeof hybrid_share, &n) < 0)
        die("set-up");
    lt_kex_free(peer);
    op_hybrid_server();

    static const struct {
        const char *name;
        void (*op)(void);
    } prims[] = {
        { "ML-KEM-768 keygen", op_mlkem_keygen },
        { "ML-KEM-768 encaps (with the modulus check)", op_mlkem_encaps },
        { "ML-KEM-768 decaps (with the key hash check)", op_mlkem_decaps },
        { "X25519 keygen", op_x25519_keygen },
        { "X25519 derive", op_x25519_derive },
        { "X25519MLKEM768 client share (both key pairs)", op_hybrid_client_share },
        { "X25519MLKEM768 server (encaps + X25519 keygen and derive)", op_hybrid_server },
        { "X25519MLKEM768 client finish (decaps + X25519 derive)", op_hybrid_client_finish },
    };
    enum { N_PRIMS = sizeof prims / sizeof prims[0] };
    figure prim[N_PRIMS], hs[2];
    for (int r = 0; r < RUNS; r++)
        for (int i = 0; i < N_PRIMS; i++)
            prim[i].rate[r] = rate_of(prims[i].op, seconds);

    make_configs();
    for (int r = 0; r < RUNS; r++)
        for (int g = 0; g < 2; g++) {
            group_now = g;
            hs[g].rate[r] = rate_of(op_handshake, 2 * seconds);
        }
    long peak[2], idle[2];
    for (int g = 0; g < 2; g++) {
        peak[g] = handshake_peak(g);
        idle[g] = idle_after - idle_before;
    }
    long instructions[2] = { callgrind_count(argv[0], 0), callgrind_count(argv[0], 1) };

    printf("%-60s %12s %22s\n", "operation", "per second", "(min-max)");
    for (int i = 0; i < N_PRIMS; i++)
        printf("%-60s %12.0f %10.0f-%-10.0f\n", prims[i].name, median(&prim[i]), min_of(&prim[i]), max_of(&prim[i]));
    printf("\nfull TLS 1.3 handshakes per second, latch to latch in memory (both sides, ECDSA P-256):\n");
    for (int g = 0; g < 2; g++)
        printf("  %-16s %8.0f (%0.f-%0.f)\n", group_lists[g], median(&hs[g]), min_of(&hs[g]), max_of(&hs[g]));
    double cost = median(&hs[0]) / median(&hs[1]) - 1.0;
    printf("  the hybrid costs %.1f %% more time per handshake\n", 100.0 * cost);
    printf("\npeak of latch's own heap during one handshake (client and server together):\n");
    for (int g = 0; g < 2; g++)
        printf("  %-16s %8ld bytes, %ld held by the two connections once it is done\n", group_lists[g], peak[g], idle[g]);
    if (instructions[0] > 0 && instructions[1] > 0) {
        printf("\ninstructions of one handshake (callgrind, client and server together):\n");
        for (int g = 0; g < 2; g++)
            printf("  %-16s %10ld\n", group_lists[g], instructions[g]);
        printf("  the hybrid costs %.1f %% more instructions\n",
               100.0 * ((double)instructions[1] / (double)instructions[0] - 1.0));
    }

    if (markdown != NULL) {
        FILE *f = fopen(markdown, "a");
        time_t t = time(NULL);
        char date[32];
        strftime(date, sizeof date, "%Y-%m-%d", gmtime(&t));
        if (f == NULL)
            die("writing the markdown file");
        fprintf(f, "\n## Post-quantum key agreement\n\n`bench/bench_pq.c` (run of %s): ML-KEM-768, latch's "
                   "own (FIPS 203), beside X25519 (libcrypto's, through latch's kex); each side of "
                   "X25519MLKEM768; full TLS 1.3 handshakes between a latch client and a latch server "
                   "in one thread (ECDSA P-256 certificate, no tickets) with the hybrid and with x25519, "
                   "and the peak of latch's own heap (`latch_set_allocator`) during one.\n\n", date);
        fprintf(f, "| operation | per second (median of %d) | min-max |\n| --- | ---: | ---: |\n", RUNS);
        for (int i = 0; i < N_PRIMS; i++)
            fprintf(f, "| %s | %.0f | %.0f-%.0f |\n", prims[i].name, median(&prim[i]), min_of(&prim[i]), max_of(&prim[i]));
        fprintf(f, "\n| full TLS 1.3 handshake, latch to latch (both sides) | per second | peak latch heap | "
                   "held once done |\n| --- | ---: | ---: | ---: |\n");
        for (int g = 0; g < 2; g++)
            fprintf(f, "| %s | %.0f | %ld bytes | %ld bytes |\n", group_lists[g], median(&hs[g]), peak[g], idle[g]);
        fprintf(f, "\nThe hybrid costs %.1f %% more time per handshake than x25519", 100.0 * cost);
        if (instructions[0] > 0 && instructions[1] > 0)
            fprintf(f, " and %.1f %% more instructions (callgrind: %ld against %ld, both sides)",
                    100.0 * ((double)instructions[1] / (double)instructions[0] - 1.0), instructions[1],
                    instructions[0]);
        fprintf(f, ".\n");
        fclose(f);
    }
    lt_kex_free(x25519_ours);
    lt_kex_free(hybrid_client);
    for (int g = 0; g < 2; g++) {
        latch_config_free(server_cfg[g]);
        latch_config_free(client_cfg[g]);
    }
    return 0;
}
