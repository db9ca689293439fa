/* Allocation failures: every allocation latch makes during a whole connection (creation,
 * handshake, data both ways, close) is made to fail once, in turn, in TLS 1.3 and TLS 1.2, and
 * with mutual TLS and resumption. Each run must end cleanly: no crash, either a working
 * connection (the failure was absorbed) or a failed one with a sentence, and no leak (the ASan
 * build's leak checker runs this test). */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

#include "base/alloc.h"
#include "tls/conn.h"

typedef struct {
    const char *name;
    uint16_t version;
    int mtls;
    int resume; /* 0: every connection a full handshake (no tickets, no session IDs) */
} lt_alloc_case;

/* One connection from start to close; returns 1 when it worked both ways. */
static int lt_connection(latch_config *client_cfg, latch_config *server_cfg)
{
    lt_pair p = { 0 };
    int ok = lt_pair_handshake(&p, client_cfg, server_cfg, "localhost");
    if (ok) {
        size_t n = 0;
        uint8_t buf[64];
        ok = latch_write(p.client, "ping", 4, &n) == LATCH_OK && n == 4;
        lt_pair_pump(&p);
        ok = ok && latch_read(p.server, buf, sizeof buf, &n) == LATCH_OK && n == 4;
        ok = ok && latch_write(p.server, "pong", 4, &n) == LATCH_OK;
        lt_pair_pump(&p);
        ok = ok && latch_read(p.client, buf, sizeof buf, &n) == LATCH_OK && n == 4;
        ok = ok && latch_close_notify(p.client) == LATCH_OK;
        lt_pair_pump(&p);
    }
    if (!ok) {
        /* a failure says why, on the side that failed (a NULL connection has no sentence) */
        int said = (p.client != NULL && latch_conn_error(p.client)[0] != '\0') ||
                   (p.server != NULL && latch_conn_error(p.server)[0] != '\0') || p.client == NULL ||
                   p.server == NULL;
        LT_CHECK(said);
        if (!said)
            fprintf(stderr, "  no sentence: client %d '%s' server %d '%s'\n", p.client_status,
                    latch_conn_error(p.client), p.server_status, latch_conn_error(p.server));
    }
    lt_pair_free(&p);
    return ok;
}

static void lt_check_case(const lt_alloc_case *c)
{
    static const char *const cert = "p256";
    latch_config *server_cfg = lt_pair_server_config(&cert, 1);
    latch_config *client_cfg = lt_pair_client_config();
    latch_config_set_versions(client_cfg, c->version, c->version);
    if (!c->resume)
        LT_CHECK_INT(latch_config_set_ticket_lifetime(server_cfg, 0), LATCH_OK);
    if (c->mtls) {
        LT_CHECK_INT(latch_config_set_client_auth(server_cfg, LATCH_CLIENT_AUTH_REQUIRE, LT_PKI "ca.pem"),
                     LATCH_OK);
        LT_CHECK_INT(latch_config_add_identity(client_cfg, LT_PKI "p256.pem", LT_PKI "p256-key.pem"), LATCH_OK);
    }
    LT_CHECK_INT(latch_config_freeze(server_cfg), LATCH_OK);
    LT_CHECK_INT(latch_config_freeze(client_cfg), LATCH_OK);
    LT_CHECK(lt_connection(client_cfg, server_cfg)); /* warms the per-thread objects and caches */
    { /* the connections are what the case says: mutual, resumed or full */
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"));
        LT_CHECK_INT(latch_conn_resumed(p.client), c->resume);
        if (c->mtls)
            LT_CHECK(latch_conn_peer_cert_count(p.server) > 0);
        lt_pair_free(&p);
    }
    lt_alloc_fail_nth(0);
    LT_CHECK(lt_connection(client_cfg, server_cfg));
    unsigned long total = lt_alloc_fail_nth(0);
    LT_CHECK(total > 10);
    unsigned long failed = 0;
    for (unsigned long nth = 1; nth <= total; nth++) {
        lt_alloc_fail_nth(nth);
        failed += !lt_connection(client_cfg, server_cfg);
        lt_alloc_fail_nth(0);
        /* and the configs still work afterwards */
        if (nth % 16 == 0)
            LT_CHECK(lt_connection(client_cfg, server_cfg));
    }
    LT_CHECK(failed > 0);
    printf("  %s: %lu allocations, each failed in turn: %lu connections failed cleanly, the rest absorbed it\n",
           c->name, total, failed);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_every_allocation_fails_cleanly(void)
{
    static const lt_alloc_case cases[] = {
        { "TLS 1.3", LATCH_TLS13, 0, 0 },
        { "TLS 1.2", LATCH_TLS12, 0, 0 },
        { "TLS 1.3 mutual", LATCH_TLS13, 1, 0 },
        { "TLS 1.2 mutual", LATCH_TLS12, 1, 0 },
        { "TLS 1.3 resumed", LATCH_TLS13, 0, 1 },
        { "TLS 1.2 resumed", LATCH_TLS12, 0, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        lt_check_case(&cases[i]);
}

int main(void)
{
    LT_RUN(test_every_allocation_fails_cleanly);
    return lt_test_summary();
}
