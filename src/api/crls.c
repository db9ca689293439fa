/* latch_crls: the public set of CRLs, a handle on x509/crlset.c's set (the same object: its
 * struct carries the public type's tag), and the config's CRLs (latch_config_add_crl*), which
 * the handshake checks the peer's certificates against. */
#include <stdio.h>
#include <string.h>

#include "latch.h"

#include "api/status.h"
#include "base/alloc.h"
#include "base/err.h"
#include "base/file.h"
#include "tls/conn.h"
#include "x509/crlset.h"

LATCH_API latch_crls *latch_crls_new(void)
{
    return lt_calloc(1, sizeof(latch_crls));
}

LATCH_API void latch_crls_free(latch_crls *crls)
{
    if (crls == NULL)
        return;
    lt_crlset_clear(crls);
    lt_free(crls);
}

LATCH_API latch_status latch_crls_add(latch_crls *crls, const uint8_t *data, size_t len)
{
    if (crls == NULL || data == NULL)
        return LATCH_ERR_INVALID_ARG;
    return lt_status_public(lt_crlset_add_data(crls, data, len, crls->error, sizeof crls->error));
}

/* Reads path and adds what it holds; why gets a sentence naming the file on failure. */
static int lt_crls_add_file(lt_crlset *set, const char *path, char *why, size_t cap)
{
    uint8_t *data = NULL;
    size_t len = 0;
    char reason[160];
    int rc = lt_file_read(path, &data, &len);
    if (rc < 0) {
        snprintf(why, cap, "cannot read CRL file '%s': %s", path, lt_file_why(rc, reason, sizeof reason));
        return rc;
    }
    rc = lt_crlset_add_data(set, data, len, reason, sizeof reason);
    if (rc < 0)
        snprintf(why, cap, "'%s' is not a usable CRL file: %s", path, reason);
    lt_free(data);
    return rc;
}

LATCH_API latch_status latch_crls_add_file(latch_crls *crls, const char *path)
{
    if (crls == NULL || path == NULL)
        return LATCH_ERR_INVALID_ARG;
    return lt_status_public(lt_crls_add_file(crls, path, crls->error, sizeof crls->error));
}

LATCH_API size_t latch_crls_count(const latch_crls *crls)
{
    return crls ? crls->count : 0;
}

LATCH_API const char *latch_crls_error(const latch_crls *crls)
{
    return crls ? crls->error : "";
}

/* The config's CRLs: added before it freezes, read by every handshake after. */
static latch_status lt_config_crl_mutable(latch_config *cfg)
{
    if (cfg == NULL)
        return LATCH_ERR_INVALID_ARG;
    if (cfg->frozen) {
        snprintf(cfg->error, sizeof cfg->error, "the configuration is frozen");
        return LATCH_ERR_INVALID_ARG;
    }
    return LATCH_OK;
}

LATCH_API latch_status latch_config_add_crl_file(latch_config *cfg, const char *path)
{
    latch_status st = lt_config_crl_mutable(cfg);
    if (st != LATCH_OK || path == NULL)
        return st != LATCH_OK ? st : LATCH_ERR_INVALID_ARG;
    return lt_status_public(lt_crls_add_file(&cfg->crls, path, cfg->error, sizeof cfg->error));
}

LATCH_API latch_status latch_config_add_crl(latch_config *cfg, const uint8_t *data, size_t len)
{
    char reason[160];
    latch_status st = lt_config_crl_mutable(cfg);
    if (st != LATCH_OK || data == NULL)
        return st != LATCH_OK ? st : LATCH_ERR_INVALID_ARG;
    int rc = lt_crlset_add_data(&cfg->crls, data, len, reason, sizeof reason);
    if (rc < 0)
        snprintf(cfg->error, sizeof cfg->error, "not a usable CRL: %s", reason);
    return lt_status_public(rc);
}

LATCH_API latch_status latch_config_set_require_crl(latch_config *cfg, int require)
{
    latch_status st = lt_config_crl_mutable(cfg);
    if (st != LATCH_OK)
        return st;
    cfg->require_crl = require != 0;
    return LATCH_OK;
}
