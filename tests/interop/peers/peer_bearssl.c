/* An interop peer on BearSSL 0.6 (Debian's libbearssl-dev): a client or a server, TLS 1.2 only
 * (BearSSL has no TLS 1.3), a chosen suite (static RSA key exchange included), mutual TLS
 * (br_x509_minimal checks the client's chain) and resumption by session ID over two connections
 * (BearSSL has no session tickets). BearSSL never sends extended_master_secret, so it is a no-EMS
 * peer whatever --no-ems says. The engine is sans-I/O: this file moves its records to and from a
 * non-blocking socket. A client sees a resumption in the server echoing the session ID it offered,
 * a server in its session cache finding the client's.
 * Usage: see peer_common.h; prints one fact a line on stdout. */
#define _POSIX_C_SOURCE 200809L
#include <bearssl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer_common.h"

/* ---- PEM files: certificates, a private key, trust anchors ---------------------------------- */
typedef struct {
    unsigned char *data;
    size_t len, cap;
} b_vec;

static void vec_append(void *ctx, const void *data, size_t len)
{
    b_vec *v = ctx;
    if (v->len + len > v->cap) {
        v->cap = (v->len + len) * 2;
        v->data = realloc(v->data, v->cap);
        if (v->data == NULL)
            abort();
    }
    memcpy(v->data + v->len, data, len);
    v->len += len;
}

/* the DER objects of a PEM file, with their names; the count, or -1 */
static int read_pem(const char *path, b_vec *objs, char names[][128], int max)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return peer_fail("cannot open %s", path);
    b_vec file = { 0 };
    unsigned char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        vec_append(&file, chunk, n);
    fclose(f);
    vec_append(&file, "\n", 1); /* the decoder needs the last line's end */
    br_pem_decoder_context pc;
    br_pem_decoder_init(&pc);
    int count = 0, inside = 0;
    size_t off = 0;
    while (off < file.len) {
        off += br_pem_decoder_push(&pc, file.data + off, file.len - off);
        switch (br_pem_decoder_event(&pc)) {
        case BR_PEM_BEGIN_OBJ:
            if (count == max) {
                free(file.data);
                return peer_fail("too many objects in %s", path);
            }
            snprintf(names[count], 128, "%s", br_pem_decoder_name(&pc));
            objs[count] = (b_vec){ 0 };
            br_pem_decoder_setdest(&pc, vec_append, &objs[count]);
            inside = 1;
            break;
        case BR_PEM_END_OBJ:
            if (inside)
                count++;
            inside = 0;
            break;
        case BR_PEM_ERROR:
            free(file.data);
            return peer_fail("bad PEM in %s", path);
        }
    }
    free(file.data);
    return count;
}

static br_x509_certificate chain[8];
static size_t chain_len;
static br_skey_decoder_context key_decoder; /* holds the key's bytes for the whole run */
static br_x509_trust_anchor anchors[8];
static size_t anchors_len;

static int load_chain(const char *path)
{
    b_vec objs[8];
    char names[8][128];
    int n = read_pem(path, objs, names, 8);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "CERTIFICATE") == 0)
            chain[chain_len++] = (br_x509_certificate){ objs[i].data, objs[i].len };
        else
            free(objs[i].data);
    }
    return chain_len > 0 ? 0 : peer_fail("no certificate in %s", path);
}

static int load_key(const char *path)
{
    b_vec objs[4];
    char names[4][128];
    int n = read_pem(path, objs, names, 4);
    if (n < 1)
        return peer_fail("no key in %s", path);
    br_skey_decoder_init(&key_decoder);
    br_skey_decoder_push(&key_decoder, objs[0].data, objs[0].len);
    int err = br_skey_decoder_last_error(&key_decoder);
    for (int i = 0; i < n; i++)
        free(objs[i].data);
    return err == 0 ? 0 : peer_fail("BearSSL cannot decode the key in %s (%d)", path, err);
}

static unsigned char *copy(const unsigned char *p, size_t len)
{
    unsigned char *q = malloc(len ? len : 1);
    if (q == NULL)
        abort();
    memcpy(q, p, len);
    return q;
}

static int load_anchors(const char *path)
{
    b_vec objs[8];
    char names[8][128];
    int n = read_pem(path, objs, names, 8);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "CERTIFICATE") != 0 || anchors_len == 8) {
            free(objs[i].data);
            continue;
        }
        b_vec dn = { 0 };
        br_x509_decoder_context dc;
        br_x509_decoder_init(&dc, vec_append, &dn);
        br_x509_decoder_push(&dc, objs[i].data, objs[i].len);
        br_x509_pkey *pk = br_x509_decoder_get_pkey(&dc);
        if (pk == NULL)
            return peer_fail("BearSSL cannot decode the certificate in %s (%d)", path,
                             br_x509_decoder_last_error(&dc));
        br_x509_trust_anchor *ta = &anchors[anchors_len++];
        ta->dn = (br_x500_name){ dn.data, dn.len };
        ta->flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
        ta->pkey = *pk;
        if (pk->key_type == BR_KEYTYPE_RSA) {
            ta->pkey.key.rsa.n = copy(pk->key.rsa.n, pk->key.rsa.nlen);
            ta->pkey.key.rsa.e = copy(pk->key.rsa.e, pk->key.rsa.elen);
        } else {
            ta->pkey.key.ec.q = copy(pk->key.ec.q, pk->key.ec.qlen);
        }
        free(objs[i].data); /* the name and the key are copies */
    }
    return anchors_len > 0 ? 0 : peer_fail("no certificate in %s", path);
}

/* ---- the engine over a non-blocking socket ------------------------------------------------ */
typedef struct {
    peer_tls t;
    br_ssl_engine_context *eng;
    int closing;
} b_conn;

/* Moves records until the engine is in one of the wanted states (0), or says what it waits for. */
static int b_step(b_conn *c, unsigned wanted)
{
    for (;;) {
        unsigned st = br_ssl_engine_current_state(c->eng);
        if (st & BR_SSL_CLOSED) {
            int err = br_ssl_engine_last_error(c->eng);
            if (err == 0)
                return PEER_CLOSED;
            peer_fail("BearSSL error %d", err);
            return PEER_ERROR;
        }
        if (st & BR_SSL_SENDREC) {
            size_t len;
            unsigned char *buf = br_ssl_engine_sendrec_buf(c->eng, &len);
            ssize_t n = send(c->t.fd, buf, len, MSG_NOSIGNAL);
            if (n > 0) {
                br_ssl_engine_sendrec_ack(c->eng, (size_t)n);
                continue;
            }
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                peer_fail("send: %s", strerror(errno));
                return PEER_ERROR;
            }
            if (st & wanted)
                return 0;
            return PEER_WANT_WRITE;
        }
        if (st & wanted)
            return 0;
        if (st & BR_SSL_RECVREC) {
            size_t len;
            unsigned char *buf = br_ssl_engine_recvrec_buf(c->eng, &len);
            ssize_t n = recv(c->t.fd, buf, len, 0);
            if (n > 0) {
                br_ssl_engine_recvrec_ack(c->eng, (size_t)n);
                continue;
            }
            if (n == 0) {
                peer_fail("the connection ended without close_notify");
                return PEER_ERROR;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                peer_fail("recv: %s", strerror(errno));
                return PEER_ERROR;
            }
            return PEER_WANT_READ;
        }
        peer_fail("BearSSL engine stuck in state %u", st);
        return PEER_ERROR;
    }
}

static int b_handshake(peer_tls *t)
{
    return b_step((b_conn *)t, BR_SSL_SENDAPP);
}

static int b_read(peer_tls *t, uint8_t *buf, size_t cap)
{
    b_conn *c = (b_conn *)t;
    int rc = b_step(c, BR_SSL_RECVAPP);
    if (rc != 0)
        return rc;
    size_t len;
    unsigned char *app = br_ssl_engine_recvapp_buf(c->eng, &len);
    if (len > cap)
        len = cap;
    memcpy(buf, app, len);
    br_ssl_engine_recvapp_ack(c->eng, len);
    return (int)len;
}

static int b_write(peer_tls *t, const uint8_t *buf, size_t len)
{
    b_conn *c = (b_conn *)t;
    int rc = b_step(c, BR_SSL_SENDAPP);
    if (rc != 0)
        return rc;
    size_t room;
    unsigned char *app = br_ssl_engine_sendapp_buf(c->eng, &room);
    if (len > room)
        len = room;
    memcpy(app, buf, len);
    br_ssl_engine_sendapp_ack(c->eng, len);
    br_ssl_engine_flush(c->eng, 0);
    return (int)len;
}

static int b_close(peer_tls *t)
{
    b_conn *c = (b_conn *)t;
    if (!c->closing) {
        br_ssl_engine_close(c->eng);
        c->closing = 1;
    }
    /* sent once nothing is left to send; the other side's close_notify is not waited for here */
    unsigned st = br_ssl_engine_current_state(c->eng);
    if (!(st & BR_SSL_SENDREC))
        return 0;
    int rc = b_step(c, BR_SSL_CLOSED | BR_SSL_RECVREC);
    return rc == PEER_CLOSED ? 0 : rc == 0 ? (br_ssl_engine_current_state(c->eng) & BR_SSL_SENDREC ? PEER_WANT_WRITE : 0) : rc;
}

/* ---- a session cache that says when it found the client's session ---------------------- */
typedef struct {
    const br_ssl_session_cache_class *vtable;
    br_ssl_session_cache_lru lru;
    int hits;
} b_cache;

static void cache_save(const br_ssl_session_cache_class **ctx, br_ssl_server_context *sc,
                       const br_ssl_session_parameters *params)
{
    b_cache *cache = (b_cache *)(void *)ctx;
    cache->lru.vtable->save(&cache->lru.vtable, sc, params);
}

static int cache_load(const br_ssl_session_cache_class **ctx, br_ssl_server_context *sc,
                      br_ssl_session_parameters *params)
{
    b_cache *cache = (b_cache *)(void *)ctx;
    int found = cache->lru.vtable->load(&cache->lru.vtable, sc, params);
    cache->hits += found != 0;
    return found;
}

static const br_ssl_session_cache_class cache_class = { sizeof(b_cache), cache_save, cache_load };

/* ---- the run -------------------------------------------------------------------------- */
static b_cache cache = { &cache_class, { 0 }, 0 };
static int cache_hits_before;         /* server: the cache's hits when the connection began */
static br_ssl_session_parameters offered; /* client: the session offered, if offering */
static int offering, server_role;
static br_name_element client_cn;     /* the client certificate's common name, when asked for */

static void b_report(peer_tls *t)
{
    b_conn *c = (b_conn *)t;
    unsigned version = br_ssl_engine_get_version(c->eng);
    const char *name = peer_suite_name(c->eng->session.cipher_suite);
    int resumed;
    if (server_role) {
        resumed = cache.hits > cache_hits_before;
    } else {
        br_ssl_session_parameters now;
        br_ssl_engine_get_session_parameters(c->eng, &now);
        resumed = offering && offered.session_id_len > 0 && now.session_id_len == offered.session_id_len &&
                  memcmp(now.session_id, offered.session_id, now.session_id_len) == 0;
    }
    printf("handshake: %s, %s, %s\n", version == BR_TLS12 ? "TLS 1.2" : "other version",
           name ? name : "other suite", resumed ? "resumed" : "new");
    if (client_cn.oid != NULL && client_cn.status > 0)
        printf("client certificate verified: CN=%s\n", client_cn.buf);
}

int main(int argc, char **argv)
{
    peer_args a;
    peer_parse_args(&a, argc, argv, "peer_bearssl");
    if (a.version == 13 || a.hrr || a.key_update) {
        printf("unsupported: TLS 1.3 (not in BearSSL)\n");
        return 3;
    }
    if ((a.cert != NULL && (load_chain(a.cert) < 0 || load_key(a.key) < 0)) ||
        (a.ca != NULL && load_anchors(a.ca) < 0))
        return 1;
    static br_ssl_server_context sc;
    static br_ssl_client_context cc;
    static br_x509_minimal_context xc;
    static unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
    static unsigned char cache_store[100 * 16];
    static char cn_buf[256];
    static const unsigned char cn_oid[] = { 3, 0x55, 0x04, 0x03 };
    server_role = a.server;
    br_ssl_engine_context *eng = a.server ? &sc.eng : &cc.eng;
    int key_type = a.cert != NULL ? br_skey_decoder_key_type(&key_decoder) : 0;
    if (a.server) {
        if (key_type == BR_KEYTYPE_RSA)
            br_ssl_server_init_full_rsa(&sc, chain, chain_len, br_skey_decoder_get_rsa(&key_decoder));
        else
            br_ssl_server_init_full_ec(&sc, chain, chain_len, BR_KEYTYPE_EC, br_skey_decoder_get_ec(&key_decoder));
        br_ssl_session_cache_lru_init(&cache.lru, cache_store, sizeof cache_store);
        br_ssl_server_set_cache(&sc, &cache.vtable);
        if (a.require_client_cert) {
            /* asks for a certificate under these names and checks the chain with br_x509_minimal,
             * which refuses an empty one */
            br_ssl_server_set_trust_anchor_names_alt(&sc, anchors, anchors_len);
            br_x509_minimal_init(&xc, &br_sha256_vtable, anchors, anchors_len);
            br_x509_minimal_set_hash(&xc, br_sha1_ID, &br_sha1_vtable);
            br_x509_minimal_set_hash(&xc, br_sha224_ID, &br_sha224_vtable);
            br_x509_minimal_set_hash(&xc, br_sha256_ID, &br_sha256_vtable);
            br_x509_minimal_set_hash(&xc, br_sha384_ID, &br_sha384_vtable);
            br_x509_minimal_set_hash(&xc, br_sha512_ID, &br_sha512_vtable);
            br_x509_minimal_set_rsa(&xc, br_rsa_pkcs1_vrfy_get_default());
            br_x509_minimal_set_ecdsa(&xc, br_ec_get_default(), br_ecdsa_vrfy_asn1_get_default());
            client_cn = (br_name_element){ cn_oid, cn_buf, sizeof cn_buf, 0 };
            br_x509_minimal_set_name_elements(&xc, &client_cn, 1);
            br_ssl_engine_set_x509(&sc.eng, &xc.vtable);
            br_ssl_engine_set_default_rsavrfy(&sc.eng);
            br_ssl_engine_set_default_ecdsa(&sc.eng);
        }
    } else {
        br_ssl_client_init_full(&cc, &xc, anchors, anchors_len);
        if (key_type == BR_KEYTYPE_RSA)
            br_ssl_client_set_single_rsa(&cc, chain, chain_len, br_skey_decoder_get_rsa(&key_decoder),
                                         br_rsa_pkcs1_sign_get_default());
        else if (key_type == BR_KEYTYPE_EC)
            br_ssl_client_set_single_ec(&cc, chain, chain_len, br_skey_decoder_get_ec(&key_decoder),
                                        BR_KEYTYPE_SIGN, BR_KEYTYPE_EC, br_ec_get_default(),
                                        br_ecdsa_sign_asn1_get_default());
    }
    br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
    if (a.suite != NULL) {
        uint16_t suite = peer_suite_code(a.suite);
        br_ssl_engine_set_suites(eng, &suite, 1);
    }
    br_ssl_engine_set_buffer(eng, iobuf, sizeof iobuf, 1);

    int listen_fd = a.server ? peer_listen(a.port) : -1;
    if (a.server && listen_fd < 0)
        return 1;
    int rc = 0;
    for (int i = 0; i < a.conns && rc == 0; i++) {
        b_conn c = { .t = { .handshake = b_handshake, .read = b_read, .write = b_write, .close = b_close },
                     .eng = eng };
        c.t.fd = a.server ? peer_accept(listen_fd) : peer_connect(a.port);
        if (c.t.fd < 0) {
            rc = 1;
            break;
        }
        int started;
        if (a.server) {
            cache_hits_before = cache.hits;
            started = br_ssl_server_reset(&sc);
        } else {
            if (offering)
                br_ssl_engine_set_session_parameters(eng, &offered);
            started = br_ssl_client_reset(&cc, "localhost", offering);
        }
        if (!started)
            rc = peer_fail("BearSSL cannot start connection %d (%d)", i + 1, br_ssl_engine_last_error(eng));
        else if (peer_run(&c.t, &a, b_report) < 0)
            rc = 1;
        else if (!a.server && a.resume) {
            br_ssl_engine_get_session_parameters(eng, &offered);
            offering = 1;
        }
        close(c.t.fd);
    }
    if (listen_fd >= 0)
        close(listen_fd);
    printf("%s\n", rc == 0 ? "done" : "failed");
    return rc;
}
