/* The PROXY protocol version 2 header (haproxy's proxy-protocol.txt §2.2): sent to the backend
 * before the client's first byte, so that it sees the client's address and what the TLS
 * handshake established: the ALPN protocol (PP2_TYPE_ALPN), the server name (PP2_TYPE_AUTHORITY),
 * and PP2_TYPE_SSL with the version, the cipher suite and, for a verified client certificate,
 * its subject's commonName (PP2_SUBTYPE_SSL_CN). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "prx.h"

#define PRX_PP2_MAX 1536
#define PP2_TYPE_ALPN 0x01
#define PP2_TYPE_AUTHORITY 0x02
#define PP2_TYPE_SSL 0x20
#define PP2_SUBTYPE_SSL_VERSION 0x21
#define PP2_SUBTYPE_SSL_CN 0x22
#define PP2_SUBTYPE_SSL_CIPHER 0x23
#define PP2_CLIENT_SSL 0x01
#define PP2_CLIENT_CERT_CONN 0x02

typedef struct {
    uint8_t bytes[PRX_PP2_MAX];
    size_t len;
    int overflow;
} prx_pp2;

static void prx_pp2_put(prx_pp2 *h, const void *data, size_t len)
{
    if (len > sizeof h->bytes - h->len) {
        h->overflow = 1;
        return;
    }
    memcpy(h->bytes + h->len, data, len);
    h->len += len;
}

static void prx_pp2_u8(prx_pp2 *h, unsigned v)
{
    uint8_t b = (uint8_t)v;
    prx_pp2_put(h, &b, 1);
}

static void prx_pp2_u16(prx_pp2 *h, size_t v)
{
    prx_pp2_u8(h, (unsigned)(v >> 8) & 0xff);
    prx_pp2_u8(h, (unsigned)v & 0xff);
}

/* A TLV whose value is a string; an empty one is left out. */
static void prx_pp2_tlv(prx_pp2 *h, unsigned type, const char *value)
{
    size_t len = strlen(value);
    if (len == 0)
        return;
    prx_pp2_u8(h, type);
    prx_pp2_u16(h, len);
    prx_pp2_put(h, value, len);
}

/* The length field at offset at: the bytes written after it. */
static void prx_pp2_patch_len(prx_pp2 *h, size_t at)
{
    size_t len = h->len - at - 2;
    h->bytes[at] = (uint8_t)(len >> 8);
    h->bytes[at + 1] = (uint8_t)len;
}

/* The addresses block: the client's (source) and the one it connected to (destination). */
static int prx_pp2_addresses(prx_pp2 *h, int fd)
{
    struct sockaddr_storage src, dst;
    socklen_t src_len = sizeof src, dst_len = sizeof dst;
    if (getpeername(fd, (struct sockaddr *)&src, &src_len) < 0 ||
        getsockname(fd, (struct sockaddr *)&dst, &dst_len) < 0 || src.ss_family != dst.ss_family)
        return -1;
    if (src.ss_family == AF_INET) {
        const struct sockaddr_in *s = (const void *)&src, *d = (const void *)&dst;
        prx_pp2_u8(h, 0x11); /* TCP over IPv4 */
        prx_pp2_u16(h, 0);   /* (the length, patched) */
        prx_pp2_put(h, &s->sin_addr, 4);
        prx_pp2_put(h, &d->sin_addr, 4);
        prx_pp2_put(h, &s->sin_port, 2); /* (already in network order) */
        prx_pp2_put(h, &d->sin_port, 2);
        return 0;
    }
    if (src.ss_family == AF_INET6) {
        const struct sockaddr_in6 *s = (const void *)&src, *d = (const void *)&dst;
        prx_pp2_u8(h, 0x21); /* TCP over IPv6 */
        prx_pp2_u16(h, 0);
        prx_pp2_put(h, &s->sin6_addr, 16);
        prx_pp2_put(h, &d->sin6_addr, 16);
        prx_pp2_put(h, &s->sin6_port, 2);
        prx_pp2_put(h, &d->sin6_port, 2);
        return 0;
    }
    return -1;
}

int prx_header_write(cli_queue *q, int client_fd, const latch_conn *conn)
{
    static const uint8_t signature[12] = { 0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a };
    prx_pp2 h = { .len = 0 };
    prx_pp2_put(&h, signature, sizeof signature);
    prx_pp2_u8(&h, 0x21); /* version 2, PROXY */
    if (prx_pp2_addresses(&h, client_fd) < 0)
        return -1;
    size_t len_at = sizeof signature + 2;
    prx_pp2_tlv(&h, PP2_TYPE_ALPN, latch_conn_alpn(conn));
    prx_pp2_tlv(&h, PP2_TYPE_AUTHORITY, latch_conn_server_name(conn));
    /* the client certificate: latch verified it when there is one (a connection whose
     * certificate failed does not get here), so verify is 0 with it, 1 without */
    char common_name[256] = "";
    size_t leaf_len = 0;
    const uint8_t *leaf = latch_conn_peer_cert_count(conn) > 0 ? latch_conn_peer_cert(conn, 0, &leaf_len) : NULL;
    if (leaf != NULL && latch_cert_common_name(leaf, leaf_len, common_name, sizeof common_name) != LATCH_OK)
        common_name[0] = '\0';
    prx_pp2_u8(&h, PP2_TYPE_SSL);
    size_t ssl_len_at = h.len;
    prx_pp2_u16(&h, 0);
    prx_pp2_u8(&h, PP2_CLIENT_SSL | (leaf ? PP2_CLIENT_CERT_CONN : 0));
    const uint8_t verify[4] = { 0, 0, 0, leaf ? 0 : 1 };
    prx_pp2_put(&h, verify, sizeof verify);
    prx_pp2_tlv(&h, PP2_SUBTYPE_SSL_VERSION, latch_conn_version(conn) == LATCH_TLS13 ? "TLSv1.3" : "TLSv1.2");
    prx_pp2_tlv(&h, PP2_SUBTYPE_SSL_CIPHER, latch_conn_suite(conn));
    prx_pp2_tlv(&h, PP2_SUBTYPE_SSL_CN, common_name);
    if (h.overflow)
        return -1;
    prx_pp2_patch_len(&h, ssl_len_at);
    prx_pp2_patch_len(&h, len_at);
    return cli_queue_push(q, h.bytes, h.len);
}
