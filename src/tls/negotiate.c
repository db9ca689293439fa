#include "tls/negotiate.h"

#include <string.h>

#include "base/err.h"
#include "tls/params.h"
#include "x509/name.h"

int lt_neg_has(const uint16_t *list, size_t n, uint16_t v)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return 1;
    return 0;
}

int lt_neg_wire_has(lt_reader list, uint16_t v)
{
    while (lt_reader_ok(&list) && !lt_reader_empty(&list))
        if (lt_reader_u16(&list) == v)
            return 1;
    return 0;
}

int lt_neg_config_suite(const latch_config *cfg, uint16_t suite)
{
    return lt_neg_has(cfg->suites, cfg->n_suites, suite);
}

int lt_neg_config_group(const latch_config *cfg, uint16_t group)
{
    return lt_neg_has(cfg->groups, cfg->n_groups, group);
}

int lt_neg_config_cbc(const latch_config *cfg)
{
    if (cfg->min_version > LATCH_TLS12)
        return 0;
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const lt_suite *s = lt_suite_find(cfg->suites[i]);
        if (s != NULL && lt_suite_is_cbc(s))
            return 1;
    }
    return 0;
}

int lt_neg_our_sigscheme(uint16_t version, uint16_t scheme)
{
    return version == LATCH_TLS12 ? lt_neg_has(lt_sigschemes12, lt_sigschemes12_count, scheme)
                                  : lt_neg_has(lt_sigschemes13, lt_sigschemes13_count, scheme);
}

uint16_t lt_neg_suite13(const latch_config *cfg, lt_reader client_suites)
{
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const lt_suite *ours = lt_suite_find(cfg->suites[i]);
        if (ours != NULL && ours->version == LATCH_TLS13 && lt_neg_wire_has(client_suites, ours->id))
            return ours->id;
    }
    return 0;
}

uint16_t lt_neg_group13(const latch_config *cfg, const lt_client_hello *ch)
{
    /* a post-quantum hybrid the client supports is worth a HelloRetryRequest: traffic recorded
     * now stays safe from a future quantum computer; among the rest, a group with a share
     * saves the round trip */
    for (size_t i = 0; i < cfg->n_groups; i++)
        if (lt_group_is_hybrid((lt_group)cfg->groups[i]) && lt_neg_has(ch->groups, ch->n_groups, cfg->groups[i]))
            return cfg->groups[i];
    for (size_t i = 0; i < cfg->n_groups; i++)
        for (size_t j = 0; j < ch->n_shares; j++)
            if (ch->shares[j].group == cfg->groups[i] && lt_neg_has(ch->groups, ch->n_groups, cfg->groups[i]))
                return cfg->groups[i];
    for (size_t i = 0; i < cfg->n_groups; i++)
        if (lt_neg_has(ch->groups, ch->n_groups, cfg->groups[i]))
            return cfg->groups[i];
    return 0;
}

uint16_t lt_neg_group12(const latch_config *cfg, const lt_client_hello *ch)
{
    /* the hybrids are TLS 1.3's alone (draft-ietf-tls-ecdhe-mlkem) */
    for (size_t i = 0; i < cfg->n_groups; i++)
        if (!lt_group_is_hybrid((lt_group)cfg->groups[i]) &&
            (!ch->groups_sent || lt_neg_has(ch->groups, ch->n_groups, cfg->groups[i])))
            return cfg->groups[i];
    return 0;
}

int lt_neg_alpn(const latch_config *cfg, lt_reader offered, const uint8_t **chosen, size_t *chosen_len)
{
    lt_reader ours = lt_reader_init(cfg->alpn_wire, cfg->alpn_wire_len);
    while (lt_reader_ok(&ours) && !lt_reader_empty(&ours)) {
        lt_reader mine = lt_reader_vec8(&ours, 1, 255);
        lt_reader theirs = offered;
        while (lt_reader_ok(&theirs) && !lt_reader_empty(&theirs)) {
            lt_reader p = lt_reader_vec8(&theirs, 1, 255);
            if (lt_reader_ok(&theirs) && p.len == mine.len && memcmp(p.p, mine.p, p.len) == 0) {
                *chosen = p.p;
                *chosen_len = p.len;
                return 1;
            }
        }
        if (!lt_reader_ok(&theirs))
            return LT_ERR_DECODE;
    }
    return 0;
}

int lt_neg_alpn_offered(const latch_config *cfg, const uint8_t *name, size_t len)
{
    lt_reader ours = lt_reader_init(cfg->alpn_wire, cfg->alpn_wire_len);
    while (lt_reader_ok(&ours) && !lt_reader_empty(&ours)) {
        lt_reader p = lt_reader_vec8(&ours, 1, 255);
        if (lt_reader_ok(&ours) && p.len == len && memcmp(p.p, name, len) == 0)
            return 1;
    }
    return 0;
}

const lt_identity *lt_neg_identity(const latch_config *cfg, const char *name, int only, lt_neg_fit *fit,
                                   const void *ctx, uint16_t *scheme)
{
    lt_name_ref ref;
    int have_name = name != NULL && name[0] != '\0' && lt_name_ref_host(name, &ref) == 0;
    /* two passes: first a certificate valid for the name, then any that fits */
    for (int pass = have_name ? 0 : 1; pass < 2; pass++)
        for (size_t i = 0; i < cfg->n_identities; i++) {
            const lt_identity *id = &cfg->identities[i];
            uint16_t s = 0;
            if (only >= 0 && (size_t)only != i)
                continue;
            if (!fit(id, ctx, &s))
                continue;
            if (pass == 0 && !lt_name_cert_matches(&id->chain.items[0].cert, &ref))
                continue;
            *scheme = s;
            return id;
        }
    return NULL;
}
