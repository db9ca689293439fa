/* The ClientHello as a server reads it (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2), for both versions:
 * the fields and extensions either version needs, and the version the two sides share. */
#ifndef LT_TLS_CLIENTHELLO_H
#define LT_TLS_CLIENTHELLO_H

#include "base/err.h"
#include "base/reader.h"
#include "tls/conn.h"
#include "tls/ext.h"

/* What the server reads out of a ClientHello. */
typedef struct {
    lt_span random;
    lt_span session_id;
    lt_reader suites;
    lt_ext_list exts;
    uint16_t groups[64];         /* the ones latch knows, in the client's order */
    size_t n_groups;
    int groups_sent;             /* supported_groups was there (RFC 8422 §5.1.1: else any) */
    int sigalgs_sent;            /* signature_algorithms was there (TLS 1.2: else SHA-1 only) */
    struct {
        uint16_t group;
        lt_span key;
    } shares[16];
    size_t n_shares;
    uint16_t legacy_version;
    int tls13;            /* offered in supported_versions */
    int tls12;            /* offered in supported_versions, or legacy_version 0x0303 without it */
    int fallback_scsv;    /* TLS_FALLBACK_SCSV (RFC 7507) */
    int reneg_scsv;       /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746) */
} lt_client_hello;


/* What the server reads out of a ClientHello its codec has read (m). Returns the version to speak
 * (LATCH_TLS13 or LATCH_TLS12, within the config's range), or a negative status after failing the
 * connection with the right alert. A second ClientHello (after a HelloRetryRequest) must be
 * TLS 1.3. */
LT_MUST_USE int lt_client_hello_parse(latch_conn *conn, const lt_client_hello_msg *m, int second,
                                      lt_client_hello *ch);
/* server12.c: the TLS 1.2 server takes over from here (returns the next state). */
LT_MUST_USE int lt_server12_client_hello(latch_conn *conn, const lt_client_hello *ch, const uint8_t *msg, size_t len);
/* server_name and ALPN (server preference, RFC 7301 §3.2) into conn. */
LT_MUST_USE int lt_client_hello_sni_alpn(latch_conn *conn, const lt_client_hello *ch);

#endif
