/* Handshake message codecs (RFC 8446 §4, RFC 5246 §7.4, RFC 8422 §5.4-5.7, RFC 5077 §3.3): each
 * message read into and written from a plain struct, with no connection, no configuration and
 * no allocation, so that each can be tested, round-tripped and fuzzed alone. Where TLS 1.2 and
 * 1.3 share a wire format (ServerHello, CertificateVerify, Finished) there is one codec.
 *
 * A parse takes the whole message, its 4-byte header included (as the dispatcher hands it
 * over), and fills the struct with spans into it: the struct lives no longer than the message.
 * It returns 0, LT_ERR_DECODE for bytes that do not follow the message's syntax, or
 * LT_ERR_PROTOCOL for well-formed bytes the RFC calls an illegal_parameter (a repeated
 * extension, a KeyUpdate request that is neither 0 nor 1): lt_codec_alert names the alert.
 * Meaning (was this suite offered?) is the handler's to check.
 *
 * A write appends the whole message, header included, to a writer; like the writer's own calls
 * it records its first error there (LT_ERR_INVALID_ARG for a struct that its parse would refuse,
 * so what is written always reads back). */
#ifndef LT_TLS_CODEC_H
#define LT_TLS_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/reader.h"
#include "base/span.h"
#include "base/writer.h"
#include "tls/ext.h"
#include "tls/params.h"

/* The alert for a parse's failure: illegal_parameter for LT_ERR_PROTOCOL, else decode_error. */
int lt_codec_alert(int rc);

/* The body of a handshake message of that type: LT_ERR_DECODE unless msg is exactly a header
 * of that type and the body its length announces. (Shared by the codec files.) */
LT_MUST_USE int lt_codec_body(lt_span msg, uint8_t type, lt_reader *body);
/* An extensions vector's contents (block) into list: LT_ERR_PROTOCOL for a type seen twice
 * (§4.2: illegal_parameter), LT_ERR_DECODE for anything else wrong. */
LT_MUST_USE int lt_codec_exts(lt_reader block, lt_ext_list *list);
/* Writes the header of a message of that type; lt_writer_close(w, block) ends the body. */
void lt_codec_open(lt_writer *w, uint8_t type, lt_writer_block *block);

/* ---- codec_hello.c ---- */

/* ServerHello, TLS 1.2's and 1.3's (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3), and the
 * HelloRetryRequest, a ServerHello whose random is lt_hrr_random (§4.1.4). */
typedef struct {
    uint16_t legacy_version;
    lt_span random;              /* 32 bytes */
    lt_span session_id;          /* 0..32 bytes */
    uint16_t cipher_suite;
    uint8_t compression;
    int extensions_present;      /* a TLS 1.2 ServerHello may end before its extensions */
    lt_ext_list exts;            /* no type twice (§4.2) */
    int hello_retry;             /* parse: the random says HelloRetryRequest (write: ignored) */
} lt_server_hello;

LT_MUST_USE int lt_server_hello_parse(lt_span msg, lt_server_hello *sh);
void lt_server_hello_write(lt_writer *w, const lt_server_hello *sh);

/* EncryptedExtensions (RFC 8446 §4.3.1). */
typedef struct {
    lt_ext_list exts;
} lt_encrypted_extensions;

LT_MUST_USE int lt_encrypted_extensions_parse(lt_span msg, lt_encrypted_extensions *ee);
void lt_encrypted_extensions_write(lt_writer *w, const lt_encrypted_extensions *ee);

/* A message with an empty body: ServerHelloDone (RFC 5246 §7.4.5), HelloRequest (§7.4.1.1). */
LT_MUST_USE int lt_empty_msg_parse(lt_span msg, uint8_t type);
void lt_empty_msg_write(lt_writer *w, uint8_t type);

/* ---- codec_auth.c ---- */

/* CertificateRequest in TLS 1.3 (RFC 8446 §4.3.2): a context and extensions, at least one
 * (signature_algorithms must be there: the handler checks which). */
typedef struct {
    lt_span context;             /* 0..255 bytes */
    lt_ext_list exts;            /* 1 or more */
} lt_certificate_request13;

LT_MUST_USE int lt_certificate_request13_parse(lt_span msg, lt_certificate_request13 *cr);
void lt_certificate_request13_write(lt_writer *w, const lt_certificate_request13 *cr);

/* CertificateRequest in TLS 1.2 (RFC 5246 §7.4.4). The lists as they are on the wire. */
typedef struct {
    lt_span cert_types;          /* ClientCertificateType<1..2^8-1> */
    lt_span sigschemes;          /* SignatureAndHashAlgorithm<2..2^16-2>: big-endian pairs */
    lt_span authorities;         /* DistinguishedName<0..2^16-1>, unread */
} lt_certificate_request12;

LT_MUST_USE int lt_certificate_request12_parse(lt_span msg, lt_certificate_request12 *cr);
void lt_certificate_request12_write(lt_writer *w, const lt_certificate_request12 *cr);

/* CertificateVerify, the same in both versions (RFC 8446 §4.4.3, RFC 5246 §7.4.8 with
 * RFC 5246 §4.7's digitally-signed). */
typedef struct {
    uint16_t scheme;
    lt_span signature;           /* 1..2^16-1 bytes */
} lt_certificate_verify;

LT_MUST_USE int lt_certificate_verify_parse(lt_span msg, lt_certificate_verify *cv);
void lt_certificate_verify_write(lt_writer *w, const lt_certificate_verify *cv);

/* Finished (RFC 8446 §4.4.4: the hash's length; RFC 5246 §7.4.9: 12 bytes): the body is the
 * verify_data, of the length the caller expects. */
typedef struct {
    lt_span verify_data;
} lt_finished;

LT_MUST_USE int lt_finished_parse(lt_span msg, size_t verify_len, lt_finished *fin);
void lt_finished_write(lt_writer *w, const lt_finished *fin);

/* ---- codec_kex.c ---- */

/* ServerKeyExchange for ECDHE (RFC 8422 §5.4): named_curve ECParameters, the server's point,
 * and a signature over the randoms and params. */
typedef struct {
    uint16_t group;
    lt_span point;               /* 1..255 bytes */
    lt_span params;              /* parse: curve type, group and point as sent (what is signed) */
    uint16_t scheme;
    lt_span signature;           /* 1..2^16-1 bytes */
} lt_server_key_exchange;

LT_MUST_USE int lt_server_key_exchange_parse(lt_span msg, lt_server_key_exchange *ske);
void lt_server_key_exchange_write(lt_writer *w, const lt_server_key_exchange *ske);
/* The ServerECDHParams of that group and point, as lt_server_key_exchange_write puts them: what
 * the signer signs after the randoms. */
void lt_server_key_exchange_write_params(lt_writer *w, uint16_t group, lt_span point);

/* ClientKeyExchange (RFC 8422 §5.7: the client's point; RFC 5246 §7.4.7.1: the encrypted
 * pre-master secret). Its syntax depends on the key exchange: kx says which. */
typedef struct {
    lt_kx kx;                    /* LT_KX_ECDHE or LT_KX_RSA */
    lt_span exchange;            /* ECDHE: 1..255 bytes; RSA: 1..2^16-1 */
} lt_client_key_exchange;

LT_MUST_USE int lt_client_key_exchange_parse(lt_span msg, lt_kx kx, lt_client_key_exchange *cke);
void lt_client_key_exchange_write(lt_writer *w, const lt_client_key_exchange *cke);

/* ---- codec_post.c ---- */

/* NewSessionTicket in TLS 1.3 (RFC 8446 §4.6.1). The extensions are left to the caller: the only
 * one defined (early_data) is one latch never uses, and unknown ones are to be ignored. */
typedef struct {
    uint32_t lifetime;
    uint32_t age_add;
    lt_span nonce;               /* 0..255 bytes */
    lt_span ticket;              /* 1..2^16-1 bytes */
    lt_span extensions;          /* the extensions<0..2^16-2> vector's contents */
} lt_new_session_ticket13;

LT_MUST_USE int lt_new_session_ticket13_parse(lt_span msg, lt_new_session_ticket13 *nst);
void lt_new_session_ticket13_write(lt_writer *w, const lt_new_session_ticket13 *nst);

/* NewSessionTicket in TLS 1.2 (RFC 5077 §3.3); an empty ticket means "none this time". */
typedef struct {
    uint32_t lifetime_hint;
    lt_span ticket;              /* 0..2^16-1 bytes */
} lt_new_session_ticket12;

LT_MUST_USE int lt_new_session_ticket12_parse(lt_span msg, lt_new_session_ticket12 *nst);
void lt_new_session_ticket12_write(lt_writer *w, const lt_new_session_ticket12 *nst);

/* KeyUpdate (RFC 8446 §4.6.3): request_update 0 (update_not_requested) or 1 (update_requested);
 * any other value is LT_ERR_PROTOCOL (illegal_parameter). */
typedef struct {
    uint8_t request_update;
} lt_key_update;

LT_MUST_USE int lt_key_update_parse(lt_span msg, lt_key_update *ku);
void lt_key_update_write(lt_writer *w, const lt_key_update *ku);

/* ---- codec_client_hello.c ---- */

/* ClientHello, TLS 1.2's and 1.3's (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2). (Not lt_client_hello:
 * that name is the server's reading of one, in clienthello.h.) A parse keeps only the extensions
 * latch knows; the others (GREASE, RFC 8701, or any latch has no use for) are checked and passed
 * over, so writing what was parsed gives the message without them. A write sends every
 * extension in the list, known or not. */
typedef struct {
    uint16_t legacy_version;
    lt_span random;              /* 32 bytes */
    lt_span session_id;          /* 0..32 bytes */
    lt_span cipher_suites;       /* CipherSuite<2..2^16-2>: big-endian pairs */
    lt_span compression_methods; /* 1..255 bytes */
    int extensions_present;      /* a TLS 1.2 ClientHello may end before its extensions */
    lt_ext_list exts;            /* parse: the known ones, in the client's order; no type twice
                                  * (§4.2), known or not */
    uint16_t last_ext_type;      /* parse: the type of the last extension, known or not (0 when
                                  * none): pre_shared_key must be last (§4.2.11). Write: ignored */
} lt_client_hello_msg;

LT_MUST_USE int lt_client_hello_msg_parse(lt_span msg, lt_client_hello_msg *ch);
void lt_client_hello_msg_write(lt_writer *w, const lt_client_hello_msg *ch);

/* ---- codec_certificate.c ---- */

/* The most certificates a Certificate may carry for latch (the peer chain's bound; certmsg.c's
 * LT_MAX_PEER_CHAIN): a longer chain, well-formed, is LT_ERR_LIMIT, not a decode error, so that
 * the handler can say so (bad_certificate) rather than blame the syntax. */
#define LT_CERTIFICATE_MAX_ENTRIES 16

typedef struct {
    lt_span der;                 /* 1..2^24-1 bytes, unparsed */
    lt_span extensions;          /* TLS 1.3: the extensions<0..2^16-1> vector's contents, checked as
                                  * lt_ext_parse reads them (no type twice); TLS 1.2: empty */
} lt_certificate_entry;

/* Certificate in TLS 1.3 (RFC 8446 §4.4.2) and TLS 1.2 (RFC 5246 §7.4.2, §7.4.6), leaf first.
 * An empty list is a client without a certificate; whether that will do is the handler's. */
typedef struct {
    int tls13;                   /* the syntax: parse sets it from its argument */
    lt_span context;             /* certificate_request_context, 0..255 bytes (TLS 1.3 only) */
    lt_certificate_entry entries[LT_CERTIFICATE_MAX_ENTRIES];
    size_t n;
} lt_certificate;

/* tls13 says which syntax to read. LT_ERR_LIMIT for a well-formed message of more than
 * LT_CERTIFICATE_MAX_ENTRIES certificates (ct is then not written): its alert is the handler's
 * (bad_certificate, as certmsg.c sends), not lt_codec_alert's decode_error. */
LT_MUST_USE int lt_certificate_parse(lt_span msg, int tls13, lt_certificate *ct);
void lt_certificate_write(lt_writer *w, const lt_certificate *ct);

/* CertificateStatus (RFC 6066 §8): status_type ocsp (1) and an OCSPResponse<1..2^24-1>, unparsed
 * (x509/ocsp.c reads it). The TLS 1.2 message, and in TLS 1.3 the body of the leaf entry's
 * status_request extension (RFC 8446 §4.4.2.1): _body_parse reads that body alone. */
typedef struct {
    lt_span response;
} lt_certificate_status;

LT_MUST_USE int lt_certificate_status_parse(lt_span msg, lt_certificate_status *cs);
LT_MUST_USE int lt_certificate_status_body_parse(lt_span body, lt_certificate_status *cs);
void lt_certificate_status_write(lt_writer *w, const lt_certificate_status *cs);
/* The body alone (the TLS 1.3 extension's contents). */
void lt_certificate_status_body_write(lt_writer *w, const lt_certificate_status *cs);

/* ---- any of them ---- */

/* A message as its codec read it: the member of its type (the dispatcher's, the fuzzer's). */
typedef union {
    lt_client_hello_msg client_hello;
    lt_certificate certificate;
    lt_certificate_status certificate_status;
    lt_server_hello server_hello;
    lt_encrypted_extensions encrypted_extensions;
    lt_certificate_request13 certificate_request13;
    lt_certificate_request12 certificate_request12;
    lt_certificate_verify certificate_verify;
    lt_finished finished;
    lt_server_key_exchange server_key_exchange;
    lt_client_key_exchange client_key_exchange;
    lt_new_session_ticket13 new_session_ticket13;
    lt_new_session_ticket12 new_session_ticket12;
    lt_key_update key_update;
} lt_parsed;

#endif
