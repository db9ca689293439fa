/* The application's allocator: set first, it makes and frees all of latch's memory. Every
 * block carries a mark; a free of a block it did not make (memory from the C library's malloc,
 * or freed twice) is counted, and must never happen. Connections of every kind are made twice:
 * what stays allocated between the two rounds (caches) does not grow. */
#include <stdint.h>
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#define LT_MARK 0x6c61746368UL /* "latch" */

static long lt_live, lt_made, lt_foreign;

typedef struct {
    unsigned long mark;
    size_t size;
    max_align_t align;
} lt_block;

static void *lt_test_malloc(size_t n)
{
    lt_block *b = malloc(sizeof *b + n);
    if (b == NULL)
        return NULL;
    b->mark = LT_MARK;
    b->size = n;
    __atomic_add_fetch(&lt_live, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&lt_made, 1, __ATOMIC_RELAXED);
    return b + 1;
}

static void lt_test_free(void *p)
{
    if (p == NULL)
        return;
    lt_block *b = (lt_block *)p - 1;
    if (b->mark != LT_MARK) {
        __atomic_add_fetch(&lt_foreign, 1, __ATOMIC_RELAXED);
        return; /* not ours: leaked rather than freed wrongly */
    }
    b->mark = 0;
    __atomic_sub_fetch(&lt_live, 1, __ATOMIC_RELAXED);
    free(b);
}

static void *lt_test_realloc(void *p, size_t n)
{
    if (p == NULL)
        return lt_test_malloc(n);
    lt_block *b = (lt_block *)p - 1;
    if (b->mark != LT_MARK) {
        __atomic_add_fetch(&lt_foreign, 1, __ATOMIC_RELAXED);
        return NULL;
    }
    void *fresh = lt_test_malloc(n);
    if (fresh != NULL) {
        memcpy(fresh, p, b->size < n ? b->size : n);
        lt_test_free(p);
    }
    return fresh;
}

static void lt_round(void)
{
    static const char *const certs[] = { "p256", "rsa2048" };
    for (int version = 0; version < 2; version++) {
        latch_config *server_cfg = lt_pair_server_config(certs, 2);
        latch_config *client_cfg = lt_pair_client_config();
        latch_config_set_versions(client_cfg, version ? LATCH_TLS12 : LATCH_TLS13, version ? LATCH_TLS12 : LATCH_TLS13);
        latch_config_set_client_auth(server_cfg, LATCH_CLIENT_AUTH_REQUIRE, LT_PKI "ca.pem");
        latch_config_add_identity(client_cfg, LT_PKI "p256.pem", LT_PKI "p256-key.pem");
        for (int i = 0; i < 2; i++) { /* full, then resumed */
            lt_pair p = { 0 };
            LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
            size_t n;
            uint8_t buf[8];
            LT_CHECK_INT(latch_write(p.client, "ping", 4, &n), LATCH_OK);
            lt_pair_pump(&p);
            LT_CHECK_INT(latch_read(p.server, buf, sizeof buf, &n), LATCH_OK);
            LT_CHECK_INT(latch_conn_resumed(p.client), i);
            lt_pair_free(&p);
        }
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

static void test_application_allocator(void)
{
    LT_CHECK_INT(latch_set_allocator(NULL, lt_test_realloc, lt_test_free), LATCH_ERR_INVALID_ARG);
    LT_CHECK_INT(latch_set_allocator(lt_test_malloc, lt_test_realloc, lt_test_free), LATCH_OK);
    lt_round();
    long after_first = lt_live;
    lt_round();
    LT_CHECK(lt_made > 100);             /* latch's memory came from it */
    LT_CHECK_INT(lt_foreign, 0);         /* and went back to it only */
    LT_CHECK_INT(lt_live, after_first);  /* the second round left nothing more behind */
    printf("  %ld blocks made; %ld still held by caches after both rounds\n", lt_made, lt_live);
}

int main(void)
{
    LT_RUN(test_application_allocator);
    return lt_test_summary();
}
