/* TLS 1.2 CBC suites (issue 17), two figures. A program, never a test: timings depend on the
 * machine.
 *
 * 1. Bulk throughput of TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 and _AES_128_CBC_SHA through a
 *    connection, 16 KiB records from client to server in memory, latch beside OpenSSL's libssl on
 *    the same suite and the same libcrypto, MAC-then-encrypt and encrypt-then-MAC (RFC 7366).
 *    Medians of interleaved runs, with min-max and the ratio.
 *
 * 2. The timing spread of opening bad MAC-then-encrypt records (Lucky Thirteen): records of one
 *    length with a good MAC and padding, every kind of wrong padding, the longest padding (255),
 *    a padding longer than the record, a flipped MAC bit. Each is opened many times through
 *    lt_record12_open; the median time per kind is printed and the spread between the fastest
 *    and the slowest kind, which should be within the noise of the repeated good record.
 *
 *   bench_cbc [--quick] [--pki DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>

#include "latch.h"
#include "tls/proto.h"
#include "tls/record.h"

static char pki[512] = "tests/vectors/pki";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_cbc: %s\n", what);
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- 1. throughput ------------------------------------------------------------------------ */

static void latch_move(latch_conn *from, latch_conn *to)
{
    size_t len, room;
    const uint8_t *out;
    while ((out = latch_net_out_buf(from, &len)) != NULL && len > 0) {
        uint8_t *in = latch_net_in_buf(to, &room);
        if (in == NULL || room == 0)
            return;
        size_t n = len < room ? len : room;
        memcpy(in, out, n);
        latch_net_out_consumed(from, n);
        if (latch_net_in_commit(to, n) != LATCH_OK)
            return;
    }
}

static double latch_bulk(const char *suite, int etm, size_t total)
{
    char chain[600], key[600], ca[600];
    snprintf(chain, sizeof chain, "%s/rsa2048.pem", pki);
    snprintf(key, sizeof key, "%s/rsa2048-key.pem", pki);
    snprintf(ca, sizeof ca, "%s/ca.pem", pki);
    latch_config *s = latch_config_new(LATCH_ROLE_SERVER), *c = latch_config_new(LATCH_ROLE_CLIENT);
    if (latch_config_add_identity(s, chain, key) != LATCH_OK || latch_config_set_roots_file(c, ca) != LATCH_OK)
        die("latch: cannot load the test PKI (--pki DIR)");
    latch_config *both[2] = { s, c };
    for (int i = 0; i < 2; i++)
        if (latch_config_set_profile(both[i], LATCH_PROFILE_OLD) != LATCH_OK ||
            latch_config_set_suites(both[i], suite) != LATCH_OK ||
            latch_config_set_encrypt_then_mac(both[i], etm) != LATCH_OK ||
            latch_config_set_versions(both[i], LATCH_TLS12, LATCH_TLS12) != LATCH_OK)
            die("latch: config");
    latch_conn *client = latch_conn_new(c, "localhost"), *server = latch_conn_new(s, NULL);
    for (int i = 0; i < 20 && !(latch_conn_handshake_done(client) && latch_conn_handshake_done(server)); i++) {
        latch_move(client, server);
        latch_move(server, client);
    }
    if (!latch_conn_handshake_done(client) || !latch_conn_handshake_done(server)) {
        fprintf(stderr, "bench_cbc: latch: no handshake: %s / %s\n", latch_conn_error(client), latch_conn_error(server));
        exit(1);
    }
    static uint8_t data[16384], got[16384];
    memset(data, 0x61, sizeof data);
    double t0 = now_s();
    for (size_t sent = 0; sent < total;) {
        size_t n = 0, r = 0;
        if (latch_write(client, data, sizeof data, &n) != LATCH_OK && n == 0)
            die("latch: write");
        sent += n;
        latch_move(client, server);
        while (latch_read(server, got, sizeof got, &r) == LATCH_OK && r > 0)
            ;
    }
    double t = now_s() - t0;
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(c);
    latch_config_free(s);
    return (double)total / t / 1e6;
}

static void ossl_move(SSL *from, BIO *from_out, BIO *to_in)
{
    (void)from;
    char buf[65536];
    int n;
    while ((n = BIO_read(from_out, buf, sizeof buf)) > 0)
        BIO_write(to_in, buf, n);
}

static double ossl_bulk(const char *cipher, int etm, size_t total)
{
    char chain[600], key[600];
    snprintf(chain, sizeof chain, "%s/rsa2048.pem", pki);
    snprintf(key, sizeof key, "%s/rsa2048-key.pem", pki);
    SSL_CTX *sc = SSL_CTX_new(TLS_server_method()), *cc = SSL_CTX_new(TLS_client_method());
    SSL_CTX *ctxs[2] = { sc, cc };
    for (int i = 0; i < 2; i++) {
        SSL_CTX_set_min_proto_version(ctxs[i], TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(ctxs[i], TLS1_2_VERSION);
        SSL_CTX_set_cipher_list(ctxs[i], cipher);
        if (!etm)
            SSL_CTX_set_options(ctxs[i], SSL_OP_NO_ENCRYPT_THEN_MAC);
    }
    if (SSL_CTX_use_certificate_chain_file(sc, chain) != 1 || SSL_CTX_use_PrivateKey_file(sc, key, SSL_FILETYPE_PEM) != 1)
        die("OpenSSL: cannot load the test PKI (--pki DIR)");
    SSL *client = SSL_new(cc), *server = SSL_new(sc);
    BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
    BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
    SSL_set_bio(client, c_in, c_out);
    SSL_set_bio(server, s_in, s_out);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    for (int i = 0; i < 20; i++) {
        int a = SSL_do_handshake(client);
        ossl_move(client, c_out, s_in);
        int b = SSL_do_handshake(server);
        ossl_move(server, s_out, c_in);
        if (a == 1 && b == 1)
            break;
    }
    static uint8_t data[16384], got[16384];
    memset(data, 0x61, sizeof data);
    double t0 = now_s();
    for (size_t sent = 0; sent < total;) {
        int n = SSL_write(client, data, sizeof data);
        if (n <= 0)
            die("OpenSSL: write");
        sent += (size_t)n;
        ossl_move(client, c_out, s_in);
        while (SSL_read(server, got, sizeof got) > 0)
            ;
    }
    double t = now_s() - t0;
    SSL_free(client);
    SSL_free(server);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    return (double)total / t / 1e6;
}

static void throughput(int runs, size_t total)
{
    static const struct {
        const char *iana, *openssl;
    } suites[] = {
        { "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256" },
        { "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA" },
    };
    printf("Bulk throughput, 16 KiB records client to server in memory, MB/s (median of %d, min-max)\n\n", runs);
    printf("| suite | records | latch | OpenSSL | latch / OpenSSL |\n| --- | --- | --- | --- | --- |\n");
    for (size_t k = 0; k < 2; k++)
        for (int etm = 0; etm < 2; etm++) {
            double l[32], o[32];
            for (int r = 0; r < runs; r++) { /* interleaved */
                l[r] = latch_bulk(suites[k].iana, etm, total);
                o[r] = ossl_bulk(suites[k].openssl, etm, total);
            }
            qsort(l, (size_t)runs, sizeof l[0], cmp_double);
            qsort(o, (size_t)runs, sizeof o[0], cmp_double);
            printf("| %s | %s | %.0f (%.0f-%.0f) | %.0f (%.0f-%.0f) | %.2f |\n", suites[k].iana,
                   etm ? "encrypt-then-MAC" : "MAC-then-encrypt", l[runs / 2], l[0], l[runs - 1], o[runs / 2], o[0],
                   o[runs - 1], l[runs / 2] / o[runs / 2]);
        }
    printf("\n");
}

/* ---- 2. the timing spread of bad records --------------------------------------------------- */

static uint8_t key[16], mac_key[48];

/* A MAC-then-encrypt record (sequence number 0, application_data) of data[0..len), padded with
 * pad_len + 1 bytes; then `kind` spoils it. Returns its length. */
static size_t craft(const EVP_MD *md, size_t mac_len, size_t len, size_t pad_len, int kind, uint8_t *out)
{
    uint8_t body[4096], joined[4096], ad[13] = { 0, 0, 0, 0, 0, 0, 0, 0, LT_CT_APPLICATION_DATA, 3, 3, 0, 0 };
    unsigned int out_len = 0;
    memset(body, 0x42, len);
    ad[11] = (uint8_t)(len >> 8);
    ad[12] = (uint8_t)len;
    memcpy(joined, ad, 13);
    memcpy(joined + 13, body, len);
    HMAC(md, mac_key, (int)mac_len, joined, 13 + len, body + len, &out_len);
    size_t n = len + mac_len;
    memset(body + n, (int)pad_len, pad_len + 1);
    n += pad_len + 1;
    switch (kind) {
    case 2: body[n - 1 - pad_len / 2] ^= 1; break; /* a padding byte in the middle */
    case 3: body[n - 1 - pad_len] ^= 1; break;     /* the first padding byte */
    case 4: body[n - 1] = 255; break;              /* a padding longer than the record */
    case 5: body[len] ^= 0x80; break;              /* a MAC bit */
    case 6: body[n - 1] = (uint8_t)(pad_len - 1); break; /* a padding one short: the MAC moves */
    }
    uint8_t iv[16] = { 1, 2, 3 };
    EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
    int outl = 0;
    EVP_EncryptInit_ex(e, EVP_aes_128_cbc(), NULL, key, iv);
    EVP_CIPHER_CTX_set_padding(e, 0);
    EVP_EncryptUpdate(e, out + 21, &outl, body, (int)n);
    EVP_CIPHER_CTX_free(e);
    memcpy(out + 5, iv, 16);
    size_t fragment = 16 + n;
    out[0] = LT_CT_APPLICATION_DATA;
    out[1] = out[2] = 3;
    out[3] = (uint8_t)(fragment >> 8);
    out[4] = (uint8_t)fragment;
    return 5 + fragment;
}

static void spread(int samples)
{
    static const char *const kinds[] = { "good, short padding", "good, padding 255", "wrong padding byte (middle)",
                                         "wrong padding byte (first)", "padding longer than the record",
                                         "MAC off by one bit", "padding one short" };
    static const struct {
        const char *name;
        lt_hash_id id;
        size_t len;
    } macs[] = { { "HMAC-SHA1", LT_HASH_SHA1, 20 }, { "HMAC-SHA256", LT_HASH_SHA256, 32 } };
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i + 1);
    for (size_t i = 0; i < sizeof mac_key; i++)
        mac_key[i] = (uint8_t)(0x80 + i);
    for (size_t m = 0; m < 2; m++) {
        const EVP_MD *md = macs[m].id == LT_HASH_SHA1 ? EVP_sha1() : EVP_sha256();
        /* every record is 16 + 288 bytes after its header: 288 - MAC - 256 bytes of data with the
         * longest padding, or more data with the shortest */
        static uint8_t rec[7][400], work[400];
        size_t rec_len[7];
        size_t body = 288, long_data = body - macs[m].len - 256;
        size_t short_pad = 0; /* the shortest padding: its length byte alone */
        for (int k = 0; k < 7; k++) {
            size_t len = k == 1 ? long_data : body - macs[m].len - (short_pad + 1);
            size_t pad = k == 1 ? 255 : short_pad;
            if (k == 2 || k == 3 || k == 6) { /* a long padding to spoil */
                len = long_data;
                pad = 255;
            }
            rec_len[k] = craft(md, macs[m].len, len, pad, k == 0 || k == 1 ? 0 : k, rec[k]);
            if (rec_len[k] != rec_len[0])
                die("records of different lengths");
        }
        double t[7][4096];
        lt_record_keys keys;
        memset(&keys, 0, sizeof keys);
        if (lt_record_keys_set12_cbc(&keys, LT_CBC_AES_128, macs[m].id, key, mac_key, 0, 0) < 0)
            die("keys");
        int verdict[7];
        for (int s = 0; s < samples; s++)
            for (int k = 0; k < 7; k++) { /* interleaved, so drift hits every kind alike */
                size_t off = 0, plain_len = 0;
                double t0 = now_s();
                for (int rep = 0; rep < 32; rep++) {
                    memcpy(work, rec[k], rec_len[k]);
                    keys.seq = 0;
                    verdict[k] = lt_record12_open(&keys, work, rec_len[k], &off, &plain_len);
                }
                t[k][s] = (now_s() - t0) / 32 * 1e9;
            }
        lt_record_keys_clear(&keys);
        printf("Opening one MAC-then-encrypt record of 16 + %zu bytes, AES-128-CBC with %s, ns (median of %d x 32)\n\n",
               body, macs[m].name, samples);
        printf("| record | verdict | median | p10-p90 |\n| --- | --- | --- | --- |\n");
        double lo = 1e18, hi = 0, noise = 0;
        for (int k = 0; k < 7; k++) {
            qsort(t[k], (size_t)samples, sizeof t[k][0], cmp_double);
            double med = t[k][samples / 2], p10 = t[k][samples / 10], p90 = t[k][samples * 9 / 10];
            printf("| %s | %s | %.0f | %.0f-%.0f |\n", kinds[k], verdict[k] == 0 ? "opens" : "bad_record_mac", med, p10,
                   p90);
            lo = med < lo ? med : lo;
            hi = med > hi ? med : hi;
            if (k == 0)
                noise = p90 - p10;
        }
        printf("\nspread of the medians: %.0f ns (%.1f%% of the fastest); the good record's own p10-p90: %.0f ns\n\n",
               hi - lo, 100.0 * (hi - lo) / lo, noise);
    }
}

int main(int argc, char **argv)
{
    int quick = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--pki") == 0 && i + 1 < argc)
            snprintf(pki, sizeof pki, "%s", argv[++i]);
        else {
            fprintf(stderr, "usage: bench_cbc [--quick] [--pki DIR]\n");
            return 2;
        }
    }
    throughput(quick ? 3 : 7, (quick ? 64u : 256u) << 20);
    spread(quick ? 501 : 4001);
    return 0;
}
