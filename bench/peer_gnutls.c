/* GnuTLS in bench_tls (see peer.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <gnutls/gnutls.h>

#include "peer.h"

typedef struct {
    gnutls_certificate_credentials_t client_cred, server_cred;
    gnutls_priority_t priority;
    peer_pipe to_server, to_client;
} g_ctx;

typedef struct {
    peer_pipe *in, *out;
    gnutls_session_t session;
} g_end;

static ssize_t g_push(gnutls_transport_ptr_t p, const void *data, size_t len)
{
    g_end *e = p;
    return (ssize_t)peer_pipe_write(e->out, data, len);
}

static ssize_t g_pull(gnutls_transport_ptr_t p, void *data, size_t len)
{
    g_end *e = p;
    size_t n = peer_pipe_read(e->in, data, len);
    if (n == 0) {
        gnutls_transport_set_errno(e->session, EAGAIN);
        return -1;
    }
    return (ssize_t)n;
}

static const char *g_version(void)
{
    return gnutls_check_version(NULL);
}

static void *g_setup(const peer_mode *m)
{
    char cert[600], key[600], ca[600];
    g_ctx *c = calloc(1, sizeof *c);
    const char *prio = m->tls12
        ? (m->rsa_kex ? "NONE:+VERS-TLS1.2:+RSA:+AES-128-GCM:+AEAD:+SIGN-ALL:+COMP-NULL:+GROUP-ALL"
                      : "NONE:+VERS-TLS1.2:+ECDHE-ECDSA:+AES-128-GCM:+AEAD:+SIGN-ALL:+COMP-NULL:+GROUP-X25519:+GROUP-SECP256R1")
        : "NONE:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL:+COMP-NULL:+GROUP-X25519:+GROUP-SECP256R1";
    gnutls_global_init();
    snprintf(cert, sizeof cert, "%s/%s.pem", m->pki, m->cert);
    snprintf(key, sizeof key, "%s/%s-key.pem", m->pki, m->cert);
    snprintf(ca, sizeof ca, "%s/ca.pem", m->pki);
    if (gnutls_certificate_allocate_credentials(&c->client_cred) < 0 ||
        gnutls_certificate_allocate_credentials(&c->server_cred) < 0 ||
        gnutls_certificate_set_x509_trust_file(c->client_cred, ca, GNUTLS_X509_FMT_PEM) <= 0 ||
        gnutls_certificate_set_x509_key_file(c->server_cred, cert, key, GNUTLS_X509_FMT_PEM) < 0 ||
        gnutls_priority_init(&c->priority, prio, NULL) < 0) {
        free(c);
        return NULL;
    }
    return c;
}

static double g_handshakes(void *p, int n)
{
    g_ctx *c = p;
    double start = peer_now();
    for (int i = 0; i < n; i++) {
        g_end ce = { &c->to_client, &c->to_server, NULL }, se = { &c->to_server, &c->to_client, NULL };
        c->to_client.len = c->to_client.off = c->to_server.len = c->to_server.off = 0;
        gnutls_init(&ce.session, GNUTLS_CLIENT | GNUTLS_NO_TICKETS);
        gnutls_init(&se.session, GNUTLS_SERVER | GNUTLS_NO_TICKETS);
        for (int s = 0; s < 2; s++) {
            gnutls_session_t ses = s ? se.session : ce.session;
            gnutls_priority_set(ses, c->priority);
            gnutls_credentials_set(ses, GNUTLS_CRD_CERTIFICATE, s ? c->server_cred : c->client_cred);
            gnutls_transport_set_ptr(ses, s ? (void *)&se : (void *)&ce);
            gnutls_transport_set_push_function(ses, g_push);
            gnutls_transport_set_pull_function(ses, g_pull);
        }
        gnutls_server_name_set(ce.session, GNUTLS_NAME_DNS, "localhost", 9);
        gnutls_session_set_verify_cert(ce.session, "localhost", 0);
        int cd = 0, sd = 0;
        for (int round = 0; round < 40 && !(cd && sd); round++) {
            if (!cd) {
                int r = gnutls_handshake(ce.session);
                if (r == 0)
                    cd = 1;
                else if (gnutls_error_is_fatal(r))
                    break;
            }
            if (!sd) {
                int r = gnutls_handshake(se.session);
                if (r == 0)
                    sd = 1;
                else if (gnutls_error_is_fatal(r))
                    break;
            }
        }
        gnutls_deinit(ce.session);
        gnutls_deinit(se.session);
        if (!cd || !sd)
            return 0;
    }
    return (double)n / (peer_now() - start);
}

static void g_teardown(void *p)
{
    g_ctx *c = p;
    gnutls_priority_deinit(c->priority);
    gnutls_certificate_free_credentials(c->client_cred);
    gnutls_certificate_free_credentials(c->server_cred);
    free(c);
}

const peer_lib peer_gnutls = { "GnuTLS", g_version, g_setup, g_handshakes, g_teardown, NULL, NULL };
