/* Idle connections (latch_conn_release_buffers): an established connection with nothing buffered
 * holds its struct and little more (no record buffers, no expanded cipher keys), for every AEAD
 * in both versions; and a connection that goes idle again and again keeps its traffic intact
 * both ways at once, through KeyUpdates made while its ciphers sleep. */
#include <malloc.h>
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "tls/conn.h"

static const struct {
    uint16_t version;
    const char *suite;
} modes[] = {
    { LATCH_TLS13, "TLS_AES_128_GCM_SHA256" },
    { LATCH_TLS13, "TLS_AES_256_GCM_SHA384" },
    { LATCH_TLS13, "TLS_CHACHA20_POLY1305_SHA256" },
    { LATCH_TLS12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
    { LATCH_TLS12, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
    { LATCH_TLS12, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
};
#define N_MODES (sizeof modes / sizeof modes[0])

/* What an idle server connection may hold beyond its struct: the two AEAD handles with their
 * keys, and the allocator's headers. An expanded AES-GCM key alone is over 1 KiB. */
#define LT_IDLE_EXTRA_MAX 400

static int lt_configs(size_t m, latch_config **client_cfg, latch_config **server_cfg)
{
    static const char *const cert = "p256";
    *server_cfg = lt_pair_server_config(&cert, 1);
    *client_cfg = lt_pair_client_config();
    if (*server_cfg == NULL || *client_cfg == NULL)
        return 0;
    return latch_config_set_versions(*client_cfg, modes[m].version, modes[m].version) == LATCH_OK &&
           latch_config_set_suites(*client_cfg, modes[m].suite) == LATCH_OK;
}

static uint32_t lt_rand_state = 12345;
static uint32_t lt_rand(void)
{
    lt_rand_state = lt_rand_state * 1103515245u + 12345u;
    return lt_rand_state >> 8;
}

typedef struct {
    uint64_t sent_sum, got_sum; /* a checksum of each direction's bytes */
    size_t sent, got;
} lt_dir;

static uint64_t lt_sum(uint64_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sum = (sum + p[i]) * 1099511628211ull;
    return sum;
}

/* Writes what it can of len pseudo-random bytes from conn, counting them into d. */
static void lt_push(latch_conn *conn, lt_dir *d, size_t *left)
{
    uint8_t buf[4096];
    while (*left > 0) {
        size_t want = 1 + lt_rand() % (sizeof buf);
        if (want > *left)
            want = *left;
        for (size_t i = 0; i < want; i++)
            buf[i] = (uint8_t)lt_rand();
        size_t n = 0;
        if (latch_write(conn, buf, want, &n) != LATCH_OK || n == 0)
            return;
        d->sent_sum = lt_sum(d->sent_sum, buf, n);
        d->sent += n;
        *left -= n;
        if (n < want) /* the output is full: the rest is never sent, and not counted */
            return;
    }
}

static void lt_pull(latch_conn *conn, lt_dir *d)
{
    uint8_t buf[3000];
    size_t n;
    while (latch_read(conn, buf, 1 + lt_rand() % sizeof buf, &n) == LATCH_OK && n > 0) {
        d->got_sum = lt_sum(d->got_sum, buf, n);
        d->got += n;
    }
}

/* Both directions busy at once: `each` bytes each way, random write and read sizes and chunks. */
static int lt_both_ways(lt_pair *p, lt_dir *up, lt_dir *down, size_t each)
{
    size_t up_left = each, down_left = each;
    size_t up_goal = up->sent + each, down_goal = down->sent + each;
    for (int quiet = 0; quiet < 3;) {
        size_t before = up->got + down->got + up->sent + down->sent;
        p->chunk = 1 + lt_rand() % 20000;
        lt_push(p->client, up, &up_left);
        lt_push(p->server, down, &down_left);
        size_t moved = lt_pair_pump(p);
        lt_pull(p->server, up);
        lt_pull(p->client, down);
        quiet = (moved == 0 && before == up->got + down->got + up->sent + down->sent) ? quiet + 1 : 0;
    }
    return up->got == up_goal && down->got == down_goal && up->got_sum == up->sent_sum &&
           down->got_sum == down->sent_sum && p->client_status == LATCH_OK && p->server_status == LATCH_OK;
}

/* The heap an idle server connection holds (glibc's count, over n connections), per mode. */
static void test_idle_heap(void)
{
    enum { n = 48 };
    for (size_t m = 0; m < N_MODES; m++) {
        latch_config *client_cfg = NULL, *server_cfg = NULL;
        LT_CHECK(lt_configs(m, &client_cfg, &server_cfg));
        static lt_pair pairs[n];
        int ok = 1;
        for (int i = 0; i < n; i++) {
            lt_dir up = { 0 }, down = { 0 };
            ok &= lt_pair_handshake(&pairs[i], client_cfg, server_cfg, "localhost");
            ok &= lt_both_ways(&pairs[i], &up, &down, 20000); /* buffers grown: kept while busy */
            latch_conn_release_buffers(pairs[i].client);
            latch_conn_release_buffers(pairs[i].server);
        }
        LT_CHECK(ok);
        struct mallinfo2 all = mallinfo2();
        for (int i = 0; i < n; i++) {
            latch_conn_free(pairs[i].server);
            pairs[i].server = NULL;
        }
        struct mallinfo2 clients = mallinfo2();
        double per = ((double)all.uordblks - (double)clients.uordblks) / n;
        double extra = per - (double)sizeof(latch_conn);
        if (extra > LT_IDLE_EXTRA_MAX)
            fprintf(stderr, "  %s: an idle server connection holds %.0f bytes, %.0f beyond its struct\n",
                    modes[m].suite, per, extra);
        LT_CHECK(extra <= LT_IDLE_EXTRA_MAX);
        for (int i = 0; i < n; i++)
            lt_pair_free(&pairs[i]);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

/* Idle, busy, idle again: the traffic each way stays whole, with KeyUpdates asked while idle. */
static void test_traffic_after_idle(void)
{
    for (size_t m = 0; m < N_MODES; m++) {
        latch_config *client_cfg = NULL, *server_cfg = NULL;
        lt_pair p = { 0 };
        lt_dir up = { 0 }, down = { 0 };
        LT_CHECK(lt_configs(m, &client_cfg, &server_cfg));
        LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
        for (int round = 0; round < 24 && p.client != NULL; round++) {
            latch_conn_release_buffers(p.client);
            latch_conn_release_buffers(p.server);
            if (modes[m].version == LATCH_TLS13 && round % 4 == 3) {
                /* keys change while the ciphers sleep: ours now, the peer's when it answers */
                LT_CHECK_INT(latch_key_update(round % 8 == 3 ? p.client : p.server, 1), LATCH_OK);
            }
            size_t each = round % 3 == 0 ? 1 + lt_rand() % 16 : lt_rand() % 70000;
            if (!lt_both_ways(&p, &up, &down, each)) {
                fprintf(stderr, "  %s round %d: up %zu/%zu, down %zu/%zu: client '%s', server '%s'\n",
                        modes[m].suite, round, up.got, up.sent, down.got, down.sent, latch_conn_error(p.client),
                        latch_conn_error(p.server));
                LT_CHECK(0);
                break;
            }
        }
        LT_CHECK(strcmp(latch_conn_suite(p.client), modes[m].suite) == 0);
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

int main(void)
{
    LT_RUN(test_idle_heap);
    LT_RUN(test_traffic_after_idle);
    return lt_test_summary();
}
