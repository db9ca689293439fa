/* Configs from memory: identities from PEM text, trust anchors from a shared roots object that
 * several configs hold (the application may free its own reference at once), client roots the
 * same way; and the sentences for what does not fit. */
#include <stdlib.h>

#include "lt_pair.h"
#include "lt_test.h"

/* A whole file as text (caller frees), or NULL. */
static char *lt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)size)) != NULL && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    *len = text != NULL ? (size_t)size : 0;
    fclose(f);
    return text;
}

static void test_identities_and_roots_from_memory(void)
{
    size_t chain_len, key_len, ca_len;
    char *chain = lt_slurp(LT_PKI "p256.pem", &chain_len);
    char *key = lt_slurp(LT_PKI "p256-key.pem", &key_len);
    char *ca = lt_slurp(LT_PKI "ca.pem", &ca_len);
    LT_CHECK(chain != NULL && key != NULL && ca != NULL);
    latch_roots *roots = latch_roots_new();
    LT_CHECK_INT(latch_roots_add_pem(roots, ca, ca_len), LATCH_OK);

    latch_config *server_cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_add_identity_pem(server_cfg, chain, chain_len, key, key_len), LATCH_OK);
    LT_CHECK_INT(latch_config_set_client_roots(server_cfg, roots), LATCH_OK);
    LT_CHECK_INT(latch_config_set_client_auth(server_cfg, LATCH_CLIENT_AUTH_REQUIRE, NULL), LATCH_OK);
    latch_config *client_cfgs[2];
    for (int i = 0; i < 2; i++) {
        client_cfgs[i] = latch_config_new(LATCH_ROLE_CLIENT);
        LT_CHECK_INT(latch_config_set_roots(client_cfgs[i], roots), LATCH_OK);
        LT_CHECK_INT(latch_config_add_identity_pem(client_cfgs[i], chain, chain_len, key, key_len), LATCH_OK);
    }
    latch_roots_free(roots); /* the configs keep theirs */
    for (int i = 0; i < 2; i++) {
        lt_pair p = { 0 };
        LT_CHECK(lt_pair_handshake(&p, client_cfgs[i], server_cfg, "localhost"));
        LT_CHECK_INT(latch_conn_peer_cert_count(p.server), 1);
        lt_pair_free(&p);
        latch_config_free(client_cfgs[i]);
    }
    latch_config_free(server_cfg);

    /* what does not fit, with a sentence */
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    LT_CHECK_INT(latch_config_add_identity_pem(cfg, "junk", 4, key, key_len), LATCH_ERR_DECODE);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "certificate chain given");
    LT_CHECK_INT(latch_config_add_identity_pem(cfg, chain, chain_len, "junk", 4) < 0, 1);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "private key given");
    size_t other_len;
    char *other_key = lt_slurp(LT_PKI "rsa2048-key.pem", &other_len);
    LT_CHECK_INT(latch_config_add_identity_pem(cfg, chain, chain_len, other_key, other_len), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "does not belong to the first certificate");
    latch_roots *empty = latch_roots_new();
    LT_CHECK_INT(latch_config_set_roots(cfg, empty), LATCH_ERR_INVALID_ARG);
    LT_CHECK_STR_CONTAINS(latch_config_error(cfg), "hold no certificate");
    latch_roots_free(empty);
    latch_config_free(cfg);
    free(other_key);
    free(chain);
    free(key);
    free(ca);
}

/* The config's clock decides certificate validity: the test leaf is refused at a time after it
 * expires and before it begins, and accepted now. */
static int64_t lt_fixed_clock(void *arg)
{
    return *(const int64_t *)arg;
}

static void test_clock_decides_validity(void)
{
    static const char *const cert = "p256";
    static const struct { int64_t t; int ok; } times[] = {
        { 0, 1 },               /* now (the clock left at time()) */
        { 946684800, 0 },       /* 2000-01-01: before the test PKI was made */
        { 32503680000LL, 0 },   /* 3000-01-01: after it expires */
    };
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        latch_config *server_cfg = lt_pair_server_config(&cert, 1);
        latch_config *client_cfg = lt_pair_client_config();
        int64_t t = times[i].t;
        if (t != 0)
            LT_CHECK_INT(latch_config_set_clock(client_cfg, lt_fixed_clock, &t), LATCH_OK);
        lt_pair p = { 0 };
        LT_CHECK_INT(lt_pair_handshake(&p, client_cfg, server_cfg, "localhost"), times[i].ok);
        if (!times[i].ok)
            LT_CHECK_STR_CONTAINS(latch_conn_error(p.client), t < 32503680000LL ? "not valid until" : "expired");
        lt_pair_free(&p);
        latch_config_free(client_cfg);
        latch_config_free(server_cfg);
    }
}

int main(void)
{
    LT_RUN(test_clock_decides_validity);
    LT_RUN(test_identities_and_roots_from_memory);
    return lt_test_summary();
}
