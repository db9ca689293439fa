/* The protocol options the client and the server share (see tlsopts.h). */
#include "tlsopts.h"

#include <string.h>

void cli_tlsopts_init(cli_tlsopts *o)
{
    o->min_version = LATCH_TLS12;
    o->max_version = LATCH_TLS13;
    o->rsa_kex = 0;
    o->allow_no_ems = 0;
}

int cli_tlsopts_parse(cli_tlsopts *o, const char *arg)
{
    if (strcmp(arg, "--tls12") == 0)
        o->min_version = o->max_version = LATCH_TLS12;
    else if (strcmp(arg, "--tls13") == 0)
        o->min_version = o->max_version = LATCH_TLS13;
    else if (strcmp(arg, "--rsa-kex") == 0)
        o->rsa_kex = 1;
    else if (strcmp(arg, "--allow-no-ems") == 0)
        o->allow_no_ems = 1;
    else
        return 0;
    return 1;
}

latch_status cli_tlsopts_apply(const cli_tlsopts *o, latch_config *cfg)
{
    latch_status st = latch_config_set_versions(cfg, o->min_version, o->max_version);
    if (st == LATCH_OK)
        st = latch_config_set_rsa_key_exchange(cfg, o->rsa_kex);
    if (st == LATCH_OK)
        st = latch_config_set_require_ems(cfg, !o->allow_no_ems);
    return st;
}

const char *cli_version_name(uint16_t version)
{
    return version == LATCH_TLS13 ? "TLS 1.3" : version == LATCH_TLS12 ? "TLS 1.2" : "(none)";
}

const char *cli_group_name(const latch_conn *conn)
{
    const char *group = latch_conn_group(conn);
    return group[0] ? group : "RSA key exchange";
}

const char *cli_scheme_name(const latch_conn *conn)
{
    const char *scheme = latch_conn_signature_scheme(conn);
    return scheme[0] ? scheme : "none (RSA key exchange)";
}
