/* `latch server`'s TLS configuration, built from its files: at the start, and again on SIGHUP
 * (certificates, keys, OCSP responses, client roots, ticket keys), where a file that does not
 * load leaves the running configuration as it is. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "narrate.h"
#include "readfile.h"
#include "srv.h"
#include "tlsopts.h"

#define SRV_TICKET_KEY_LEN 48
#define SRV_TICKET_FILE_MAX 8192

/* --trace: the narration of each connection's handshake, its lines prefixed by the peer. */
static void srv_trace(void *arg, const latch_conn *conn, const latch_trace_event *ev)
{
    (void)arg;
    srv_conn *c = srv_conn_of(conn);
    if (c == NULL)
        return;
    char prefix[80];
    snprintf(prefix, sizeof prefix, "[%s] ", c->peer);
    cli_narrate(stderr, prefix, LATCH_ROLE_SERVER, ev, &c->trace_step);
}

static int srv_hex_digit(int ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* --ticket-keys FILE: one key a line, 96 hex digits (a 16-byte name, then a 32-byte AES-256
 * key: `openssl rand -hex 48`), the current key first; blank lines and lines starting with '#'
 * are skipped. 0 and the keys in out (*len bytes), or -1 with why. */
static int srv_ticket_keys_parse(const char *path, uint8_t *out, size_t cap, size_t *len, char *why,
                                 size_t why_cap)
{
    uint8_t *text = NULL;
    size_t text_len = 0, n = 0, line_no = 0;
    int rc = -1;
    if (cli_read_file(path, SRV_TICKET_FILE_MAX, &text, &text_len) < 0) {
        snprintf(why, why_cap, "--ticket-keys %s: %s", path,
                 errno == EFBIG ? "longer than 8 KiB: not a ticket key file" : strerror(errno));
        return -1;
    }
    for (size_t pos = 0; pos < text_len;) {
        size_t end = pos;
        while (end < text_len && text[end] != '\n')
            end++;
        line_no++;
        size_t a = pos, b = end;
        while (a < b && isspace(text[a]))
            a++;
        while (b > a && isspace(text[b - 1]))
            b--;
        pos = end + 1;
        if (a == b || text[a] == '#')
            continue;
        if (b - a != 2 * SRV_TICKET_KEY_LEN) {
            snprintf(why, why_cap, "--ticket-keys %s: line %zu is not 96 hex digits (a key is 48 bytes: "
                     "openssl rand -hex 48)", path, line_no);
            goto out;
        }
        if (n + SRV_TICKET_KEY_LEN > cap) {
            snprintf(why, why_cap, "--ticket-keys %s: more than %zu keys", path, cap / SRV_TICKET_KEY_LEN);
            goto out;
        }
        for (size_t i = 0; i < SRV_TICKET_KEY_LEN; i++) {
            int hi = srv_hex_digit(text[a + 2 * i]), lo = srv_hex_digit(text[a + 2 * i + 1]);
            if (hi < 0 || lo < 0) {
                snprintf(why, why_cap, "--ticket-keys %s: line %zu has a character that is not a hex digit",
                         path, line_no);
                goto out;
            }
            out[n++] = (uint8_t)(hi << 4 | lo);
        }
    }
    if (n == 0) {
        snprintf(why, why_cap, "--ticket-keys %s: no key in it", path);
        goto out;
    }
    *len = n;
    rc = 0;
out:
    memset(text, 0, text_len);
    free(text);
    if (rc < 0)
        memset(out, 0, cap);
    return rc;
}

latch_status srv_config_protocol(const srv_tls_files *f, latch_config *cfg)
{
    if (cli_tlsopts_apply(f->tlsopts, cfg) != LATCH_OK ||
        (f->suites && latch_config_set_suites(cfg, f->suites) != LATCH_OK) ||
        (f->groups && latch_config_set_groups(cfg, f->groups) != LATCH_OK) ||
        (f->alpn && latch_config_set_alpn(cfg, f->alpn) != LATCH_OK))
        return LATCH_ERR_INVALID_ARG;
    return latch_config_freeze(cfg);
}

latch_config *srv_config_build(const srv_tls_files *f, char *why, size_t why_cap, int *usage_error)
{
    latch_config *cfg = latch_config_new(LATCH_ROLE_SERVER);
    uint8_t keys[LATCH_MAX_TICKET_KEYS * SRV_TICKET_KEY_LEN];
    size_t keys_len = 0;
    *usage_error = 0;
    why[0] = '\0';
    if (cfg == NULL) {
        snprintf(why, why_cap, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < f->n_certs; i++) {
        latch_status st = latch_config_add_identity(cfg, f->certs[i], f->keys[i]);
        if (st == LATCH_OK && f->ocsps[i] != NULL && (st = latch_config_set_ocsp_file(cfg, f->ocsps[i])) != LATCH_OK)
            *usage_error = 1; /* (an OCSP response that cannot be read or used) */
        if (st == LATCH_ERR_IO || st == LATCH_ERR_DECODE)
            *usage_error = 1; /* (input that cannot be read, or is not what it should be) */
        if (st != LATCH_OK)
            goto config_error;
    }
    if (f->trace)
        latch_config_set_trace(cfg, srv_trace, NULL);
    if (f->choose_identity && latch_config_set_identity_callback(cfg, f->choose_identity, f->choose_arg) != LATCH_OK)
        goto config_error;
    if (f->client_roots) {
        latch_status st = latch_config_set_client_auth(cfg, (latch_client_auth)f->client_auth, f->client_roots);
        if (st == LATCH_ERR_IO)
            *usage_error = 1; /* (unreadable input) */
        if (st != LATCH_OK)
            goto config_error;
    }
    if (f->ticket_keys != NULL) {
        if (srv_ticket_keys_parse(f->ticket_keys, keys, sizeof keys, &keys_len, why, why_cap) < 0) {
            *usage_error = 1;
            goto fail;
        }
        latch_status st = latch_config_set_ticket_keys(cfg, keys, keys_len);
        memset(keys, 0, sizeof keys);
        if (st != LATCH_OK)
            goto config_error;
    }
    if (srv_config_protocol(f, cfg) != LATCH_OK)
        goto config_error;
    return cfg;
config_error:
    snprintf(why, why_cap, "%s", latch_config_error(cfg));
fail:
    latch_config_free(cfg);
    return NULL;
}
