/* latch: a TLS 1.3 / TLS 1.2 library. This is the whole public API; every type is opaque and
 * every function is documented here. Functions return a latch_status: LATCH_OK (0) on success,
 * a negative value on failure.
 *
 * Pointers latch returns, and how long they live:
 *   - static strings (latch_status_str, latch_version, latch_verify_error_name,
 *     latch_trace_type_name): forever;
 *   - a connection's strings and certificates (latch_conn_suite ... latch_conn_peer_root,
 *     latch_conn_peer_cert, latch_conn_error): until latch_conn_free; the error's text may change
 *     once, from "sending alert X" to "sent alert X", in place;
 *   - latch_config_error, latch_certlist_error: until the object is freed (the text is the last
 *     failure's);
 *   - latch_conn_new_error: until the next latch_conn_new on the same thread;
 *   - latch_net_in_buf: until latch_net_in_commit or any other call on the connection;
 *   - latch_net_out_buf: until latch_net_out_consumed or the next latch_net_out_buf (not moved by
 *     latch_write and other calls that queue more: see there);
 *   - latch_read_view: until the next call on the connection;
 *   - a trace event and its strings: for the callback only;
 *   - latch_conn_user_data: the application's own pointer, as it set it.
 * Pointers the application passes in are not kept after the call returns (strings and buffers
 * are copied), except callback arguments (kept with the config), user data, and a latch_roots
 * given to a config (reference-counted: latch_roots_free may come at any time). */
#ifndef LATCH_H
#define LATCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LATCH_API __attribute__((visibility("default")))
#else
#define LATCH_API
#endif

#define LATCH_VERSION_STRING "0.1.0"

typedef enum {
    LATCH_OK = 0,
    LATCH_WANT_READ = 1,
    LATCH_WANT_WRITE = 2,
    LATCH_CLOSED = 3,
    LATCH_ERR_INVALID_ARG = -1,
    LATCH_ERR_NOMEM = -2,
    LATCH_ERR_IO = -3,
    LATCH_ERR_DECODE = -4,
    LATCH_ERR_CRYPTO = -5,
    LATCH_ERR_UNSUPPORTED = -6,
    LATCH_ERR_VERIFY = -7,
    LATCH_ERR_LIMIT = -8,
    LATCH_ERR_BUFFER = -9,
    LATCH_ERR_INTERNAL = -10,
    LATCH_ERR_PROTOCOL = -11,   /* the handshake failed or the peer broke the protocol */
    LATCH_ERR_PEER_ALERT = -12, /* the peer sent a fatal alert */
} latch_status;

/* A short phrase for a status ("malformed input"); never NULL. */
LATCH_API const char *latch_status_str(latch_status status);

/* The library's version, e.g. "0.1.0". */
LATCH_API const char *latch_version(void);
/* The allocator for all of latch's own memory (libcrypto's is set with its
 * CRYPTO_set_mem_functions). Call it once, before any other latch call: memory is freed with the
 * allocator that made it. NULL for any of the three is LATCH_ERR_INVALID_ARG. */
LATCH_API latch_status latch_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                                           void (*free_fn)(void *));

/* ---------------------------------------------------------------------------------------------
 * Certificates and their verification
 *
 * A latch_roots is a trust store: the certificates a verifier treats as trust anchors. A
 * latch_certlist is an ordered list of certificates (a leaf and the intermediates that came with
 * it, in any order). latch_verify() builds a path from the leaf through the intermediates to a
 * root and checks it as the Web PKI does (RFC 5280 §6, RFC 9525 host names).
 *
 * A wildcard directly above a public suffix ("*.co.uk", "*.github.io") is refused in a server
 * certificate. The suffixes come from the Public Suffix List in
 * /usr/share/publicsuffix/public_suffix_list.dat (Debian's publicsuffix package), or the file the
 * environment variable LATCH_PUBLIC_SUFFIX_LIST names, read once per process on first use; when
 * it is absent or cannot be read (over 4 MiB or 100000 rules), only wildcards over a single
 * label ("*.com") are refused.
 * ------------------------------------------------------------------------------------------- */

typedef struct latch_roots latch_roots;
typedef struct latch_certlist latch_certlist;
typedef struct latch_crls latch_crls;

/* Why a verification failed; each comes with a sentence in latch_verify_result.reason. */
typedef enum {
    LATCH_VERIFY_OK = 0,
    LATCH_VERIFY_EXPIRED,                 /* a certificate's notAfter is before the time */
    LATCH_VERIFY_NOT_YET_VALID,           /* a certificate's notBefore is after the time */
    LATCH_VERIFY_UNKNOWN_ISSUER,          /* no path to a trusted root */
    LATCH_VERIFY_BAD_SIGNATURE,           /* a signature does not verify */
    LATCH_VERIFY_NOT_CA,                  /* an issuer lacks the CA basic constraint */
    LATCH_VERIFY_PATH_LENGTH,             /* an issuer's pathLenConstraint is exceeded */
    LATCH_VERIFY_KEY_USAGE,               /* keyUsage forbids the use (keyCertSign, digitalSignature) */
    LATCH_VERIFY_PURPOSE,                 /* extKeyUsage does not allow serverAuth/clientAuth */
    LATCH_VERIFY_NAME_CONSTRAINTS,        /* a name is outside an issuer's name constraints */
    LATCH_VERIFY_HOST_MISMATCH,           /* the leaf is not valid for the host name or IP */
    LATCH_VERIFY_WEAK_KEY,                /* an RSA key below 2048 bits, or an unsupported curve */
    LATCH_VERIFY_BAD_ALGORITHM,           /* a signature algorithm latch does not accept (SHA-1, ...) */
    LATCH_VERIFY_UNKNOWN_CRITICAL_EXTENSION, /* a critical extension latch does not understand */
    LATCH_VERIFY_MALFORMED,               /* a certificate is not valid DER / X.509 */
    LATCH_VERIFY_LIMIT,                   /* the path is too long or the search budget ran out */
    LATCH_VERIFY_BAD_EXTENSION,           /* an extension missing where required, present where not
                                             allowed, or with the wrong criticality or contents */
    LATCH_VERIFY_BAD_NAME,                /* a name not in valid syntax (a SAN, a subject CN that is
                                             no copy of a SAN, a wildcard over a public suffix) */
    LATCH_VERIFY_REVOKED,                 /* a CRL or OCSP response says a certificate is revoked */
    LATCH_VERIFY_REVOCATION_UNKNOWN,      /* revocation status was required and none could be had */
} latch_verify_error;

/* A short, stable token for an error ("expired", "unknown-issuer", ...): scripts match on it. */
LATCH_API const char *latch_verify_error_name(latch_verify_error error);

/* What the leaf is for: the extendedKeyUsage it must allow when it has one (serverAuth,
 * clientAuth, emailProtection), also required of intermediates that have one. The Web PKI's rules
 * on server certificates' names (a subject CN that is a copy of a SAN, no wildcard directly above
 * a public suffix) apply to LATCH_PURPOSE_SERVER only. */
typedef enum { LATCH_PURPOSE_SERVER = 0, LATCH_PURPOSE_CLIENT = 1, LATCH_PURPOSE_EMAIL = 2 } latch_purpose;

#define LATCH_DEFAULT_MAX_INTERMEDIATES 6
#define LATCH_NO_INTERMEDIATES (~0u)

/* At most one of host, ip and email; with none of them no name is checked (a client certificate,
 * or a leaf whose name the caller checks itself). */
typedef struct {
    const char *host;        /* DNS name the leaf must be valid for, or NULL */
    const char *ip;          /* textual IPv4 or IPv6 address instead of host, or NULL */
    int64_t time;            /* Unix seconds to validate at; 0 means now */
    latch_purpose purpose;   /* server (default) or client authentication */
    unsigned max_intermediates; /* 0 means LATCH_DEFAULT_MAX_INTERMEDIATES;
                                   LATCH_NO_INTERMEDIATES allows none */
    int allow_sha1;          /* accept SHA-1 signatures (off by default: never for the Web PKI) */
    const char *email;       /* e-mail address (an rfc822Name SAN: the local part exactly, the
                                domain without case) instead of host or ip, or NULL */
    const latch_crls *crls;  /* CRLs to check every certificate of the path but the root against,
                                or NULL (docs/revocation.md says which CRLs are used) */
    int require_crl;         /* 1: a certificate that no usable CRL covers fails with
                                LATCH_VERIFY_REVOCATION_UNKNOWN; 0 (default): it passes */
    const uint8_t *ocsp_response; /* a DER OCSPResponse (RFC 6960) for the leaf, or NULL: checked
                                     against the leaf and its issuer on the verified path */
    size_t ocsp_response_len;
    int require_ocsp;        /* 1: fail with LATCH_VERIFY_REVOCATION_UNKNOWN unless a usable
                                response says good (else an unusable one is only noted) */
} latch_verify_params;

#define LATCH_MAX_PATH 16

/* One certificate of a verified path, described for people. */
typedef struct {
    char subject[160];     /* the subject as a one-line RFC 4514 style string */
    char issuer[160];
    char not_before[32];   /* "2026-11-22 00:00:00 UTC" */
    char not_after[32];
    char key[32];          /* "ECDSA P-256", "RSA 2048", ... */
    char signature[32];    /* signature algorithm of this certificate */
    int is_trust_anchor;   /* the last entry of a path is the root it ends at */
} latch_path_entry;

/* Any certificate described for people (latch_cert_describe): what a path entry says, and its
 * names and fingerprint. */
typedef struct {
    latch_path_entry about;      /* subject, issuer, validity, key, signature (is_trust_anchor: 0) */
    char names[400];             /* subjectAltNames: "DNS:example.com, IP:192.0.2.1" ("" if none) */
    char sha256[96];             /* the SHA-256 fingerprint of the DER: "AB:CD:..." */
} latch_cert_info;

/* Describes the certificate in der (as latch_conn_peer_cert gives it). LATCH_ERR_DECODE when it
 * does not parse; info is filled on success. */
LATCH_API latch_status latch_cert_describe(const uint8_t *der, size_t len, latch_cert_info *info);
/* The subject's commonName of the certificate in der (the last one when there are several, as
 * it is the most specific), in out (cap bytes, NUL-terminated, cut to fit; "" when the subject
 * has none): for a program that hands a verified peer's identity on, e.g. in a PROXY protocol
 * header, without parsing the formatted subject, whose values are not escaped.
 * LATCH_ERR_DECODE when it does not parse. */
LATCH_API latch_status latch_cert_common_name(const uint8_t *der, size_t len, char *out, size_t cap);

typedef struct {
    latch_verify_error error;
    char reason[384];                 /* one sentence naming the certificate and the rule */
    size_t path_len;                  /* entries of path[] filled on success (leaf first) */
    latch_path_entry path[LATCH_MAX_PATH];
    char revocation[384];             /* what revocation checking found, for people: "OCSP: good,
                                         produced ..., next update ..." or why a response was
                                         ignored; "" when none was asked for */
} latch_verify_result;

/* A new, empty trust store. */
LATCH_API latch_roots *latch_roots_new(void);
LATCH_API void latch_roots_free(latch_roots *roots);
/* Adds every certificate of a PEM bundle, or every *.pem / *.crt / hash-named file of a
 * directory. A bundle with no certificate at all is LATCH_ERR_DECODE; certificates that fail to
 * parse are skipped and counted (see latch_roots_skipped). */
LATCH_API latch_status latch_roots_add_file(latch_roots *roots, const char *path);
/* Adds the system store: /etc/ssl/certs/ca-certificates.crt, or the /etc/ssl/certs directory. */
LATCH_API latch_status latch_roots_add_system(latch_roots *roots);
LATCH_API latch_status latch_roots_add_pem(latch_roots *roots, const char *pem, size_t len);
LATCH_API size_t latch_roots_count(const latch_roots *roots);
LATCH_API size_t latch_roots_skipped(const latch_roots *roots);

/* A certificate list holds a leaf and at most LATCH_CERTLIST_MAX_INTERMEDIATES more certificates
 * (so a peer cannot make path building slow by sending thousands). */
#define LATCH_CERTLIST_MAX_INTERMEDIATES 32
LATCH_API latch_certlist *latch_certlist_new(void);
LATCH_API void latch_certlist_free(latch_certlist *list);
/* Appends every certificate of a PEM text / file, or one DER certificate. Parsing is strict:
 * a malformed certificate is LATCH_ERR_DECODE and nothing is appended. */
LATCH_API latch_status latch_certlist_add_pem(latch_certlist *list, const char *pem, size_t len);
LATCH_API latch_status latch_certlist_add_file(latch_certlist *list, const char *path);
LATCH_API latch_status latch_certlist_add_der(latch_certlist *list, const uint8_t *der, size_t len);
LATCH_API size_t latch_certlist_count(const latch_certlist *list);
/* A description of why the last add failed ("certificate 2: ...") or "". */
LATCH_API const char *latch_certlist_error(const latch_certlist *list);

/* A set of certificate revocation lists (RFC 5280 §5) for latch_verify(). CRLs are parsed
 * strictly when added; whether one is used for a certificate (its issuer's signature, its
 * thisUpdate/nextUpdate, its scope) is decided when verifying. At most 64 CRLs (LATCH_ERR_LIMIT). */
LATCH_API latch_crls *latch_crls_new(void);
LATCH_API void latch_crls_free(latch_crls *crls);
/* Adds every "X509 CRL" block of a PEM file, or the file as one DER CRL. A malformed CRL is
 * LATCH_ERR_DECODE and nothing of the file is added (latch_crls_error says why). */
LATCH_API latch_status latch_crls_add_file(latch_crls *crls, const char *path);
/* One DER CRL, or PEM text, in memory. */
LATCH_API latch_status latch_crls_add(latch_crls *crls, const uint8_t *data, size_t len);
LATCH_API size_t latch_crls_count(const latch_crls *crls);
/* Why the last add failed ("CRL 2: nextUpdate is before thisUpdate") or "". */
LATCH_API const char *latch_crls_error(const latch_crls *crls);

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (UTC) or a decimal count of Unix seconds into *out. */
LATCH_API latch_status latch_time_parse(const char *text, int64_t *out);
/* Formats Unix seconds as "2026-11-22 00:00:00 UTC". */
LATCH_API void latch_time_format(int64_t t, char *out, size_t cap);

/* Verifies the first certificate of chain (the leaf) using the rest as candidate
 * intermediates. Returns LATCH_OK when valid, LATCH_ERR_VERIFY when not (result says why), or
 * another error for unusable arguments. result is always filled. */
LATCH_API latch_status latch_verify(const latch_roots *roots, const latch_certlist *chain,
                                    const latch_verify_params *params, latch_verify_result *result);

/* ---------------------------------------------------------------------------------------------
 * TLS connections
 *
 * A latch_config holds everything connections share (roots, certificates and keys, suites,
 * groups, ALPN). Build it, latch_config_freeze() it, then create any number of connections from
 * it (from any thread); it is reference-counted, so latch_config_free() may be called while
 * connections still use it.
 *
 * A latch_conn is a sans-I/O engine: it never touches a socket. Bytes from the network go in
 * through latch_net_in_buf() / latch_net_in_commit(); bytes for the network come out of
 * latch_net_out_buf() / latch_net_out_consumed(). The application reads and writes plaintext
 * with latch_read() / latch_write(). A client's ClientHello is ready in the output buffer as
 * soon as latch_conn_new() returns. For sockets, latch_conn_set_fd() + latch_handshake() +
 * latch_fd_read() / latch_fd_write() do the I/O loop for you.
 *
 * Names of suites and groups are IANA names: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
 * TLS_CHACHA20_POLY1305_SHA256; X25519MLKEM768, SecP256r1MLKEM768 (post-quantum hybrids, TLS 1.3
 * only), x25519, secp256r1, secp384r1. Lists are separated by ':' or ','.
 * ------------------------------------------------------------------------------------------- */

typedef struct latch_config latch_config;
typedef struct latch_conn latch_conn;

typedef enum { LATCH_ROLE_CLIENT = 0, LATCH_ROLE_SERVER = 1 } latch_role;

#define LATCH_TLS12 0x0303
#define LATCH_TLS13 0x0304

LATCH_API latch_config *latch_config_new(latch_role role);
/* Drops the caller's reference; the config lives on while connections use it. */
LATCH_API void latch_config_free(latch_config *config);
/* Trust anchors for verifying the peer: a PEM file or directory, or "system" (the default for
 * clients). They are loaded when the config freezes; a path that cannot be read is
 * LATCH_ERR_IO here already, with the reason in latch_config_error. */
LATCH_API latch_status latch_config_set_roots_file(latch_config *config, const char *path);
/* Trust anchors from a roots object (built from files, directories or PEM in memory, and shared
 * by any number of configs): the config keeps a reference, so the caller may
 * latch_roots_free() its own at once. One with no certificate is LATCH_ERR_INVALID_ARG. */
LATCH_API latch_status latch_config_set_roots(latch_config *config, latch_roots *roots);
/* Adds a certificate chain (leaf first, PEM; at most 16 certificates, as latch takes from a
 * peer: LATCH_ERR_LIMIT) and its private key. A server may have several and picks by server name
 * and key type; a client uses one for client authentication. */
LATCH_API latch_status latch_config_add_identity(latch_config *config, const char *chain_pem_path,
                                                 const char *key_pem_path);
/* The same from PEM text in memory (len bytes each; they need not end with a NUL). */
LATCH_API latch_status latch_config_add_identity_pem(latch_config *config, const char *chain_pem, size_t chain_len,
                                                     const char *key_pem, size_t key_len);
/* Server: the application chooses the certificate, knowing the client's server name
 * (latch_conn_server_name()): choose() returns the index of an identity in the order they were
 * added, -1 to let latch choose (by name and key type), or -2 to refuse the client
 * (unrecognized_name). latch still checks that the client takes the chosen key's signatures. */
LATCH_API latch_status latch_config_set_identity_callback(latch_config *config,
                                                         int (*choose)(void *arg, const latch_conn *conn), void *arg);
/* Cipher suites in order of preference (the server's order wins). */
LATCH_API latch_status latch_config_set_suites(latch_config *config, const char *list);
/* Key exchange groups in order of preference (default X25519MLKEM768, x25519, secp256r1,
 * secp384r1). A client sends a key share for the first and, when the first is a post-quantum
 * hybrid, one for the first classical group too; a server takes a hybrid the client supports
 * before any other group, with a HelloRetryRequest when the client sent no share for it. */
LATCH_API latch_status latch_config_set_groups(latch_config *config, const char *list);
/* Server: the application chooses the application protocol from the client's list (RFC 7301
 * wire format: each name a length byte then its bytes; checked well-formed before the call):
 * choose() points *chosen at a name inside list and sets *chosen_len, and returns 0; returns 1
 * when it takes none of them (no_application_protocol), -1 for no ALPN on this connection. It
 * takes the place of latch_config_set_alpn() on a server. (The same shape as OpenSSL's.) */
LATCH_API latch_status latch_config_set_alpn_callback(latch_config *config,
                                                     int (*choose)(void *arg, const latch_conn *conn, const uint8_t *list,
                                                                   size_t len, const uint8_t **chosen,
                                                                   uint8_t *chosen_len),
                                                     void *arg);
/* ALPN protocols in order of preference ("h2,http/1.1"). */
LATCH_API latch_status latch_config_set_alpn(latch_config *config, const char *list);
/* 1 (default): verify the peer's certificate chain and name; 0: accept anything (testing only). */
LATCH_API latch_status latch_config_set_verify(latch_config *config, int verify);
/* CRLs the peer's certificates are checked against when they are verified (a file of PEM
 * "X509 CRL" blocks or one DER CRL, or the same in memory): a revoked certificate fails the
 * handshake with certificate_revoked. A malformed CRL is LATCH_ERR_DECODE here, with the reason in
 * latch_config_error. */
LATCH_API latch_status latch_config_add_crl_file(latch_config *config, const char *path);
LATCH_API latch_status latch_config_add_crl(latch_config *config, const uint8_t *data, size_t len);
/* 1: a peer certificate that no usable CRL covers fails the handshake (revocation-unknown,
 * alert bad_certificate_status_response); 0 (default): it passes. */
LATCH_API latch_status latch_config_set_require_crl(latch_config *config, int require);
/* The application's own check of the peer's certificate, after latch's verification has passed
 * (or in its place: for a client with verification off, for a server with client authentication
 * and no client roots; pinning a self-signed certificate):
 * check() sees the connection (latch_conn_peer_cert() for the chain as sent, latch_conn_peer_root()
 * and latch_conn_server_name()) and returns 0 to go on, or non-zero to refuse with a sentence in
 * why (why_cap bytes): the handshake then fails with certificate_unknown. It may refuse what latch
 * accepted, never accept what latch refused. */
LATCH_API latch_status latch_config_set_verify_callback(latch_config *config,
                                                       int (*check)(void *arg, const latch_conn *conn, char *why,
                                                                    size_t why_cap),
                                                       void *arg);
/* OCSP stapling (RFC 6066 §8 in TLS 1.2, RFC 8446 §4.4.2.1 in TLS 1.3). A verifying client
 * asks for the server's OCSP response by default (ASK) and checks a stapled one against the
 * server's certificate and its issuer on the verified path (RFC 6960): a certificate the response
 * says is revoked fails the handshake (certificate_revoked); a response that cannot be used
 * (wrong certificate, bad signature, out of date) is ignored, as is none at all, unless the
 * certificate demands one (must-staple, the RFC 7633 TLS feature) or REQUIRE is set: then it
 * fails with bad_certificate_status_response [revocation-unknown]. OFF neither asks nor checks
 * (must-staple included). */
typedef enum {
    LATCH_OCSP_ASK = 0,
    LATCH_OCSP_OFF = 1,
    LATCH_OCSP_REQUIRE = 2,
} latch_ocsp_mode;
LATCH_API latch_status latch_config_set_ocsp_stapling(latch_config *config, latch_ocsp_mode mode);
/* Server: staples the OCSP response in path (DER, as `openssl ocsp -respout` writes it) for
 * the identity added last, to clients that ask. The file is read now (it must parse: else
 * LATCH_ERR_DECODE, LATCH_ERR_IO, or LATCH_ERR_LIMIT past 16 KiB) and read again when it changes,
 * looked at once a second at most, so a fresh response reaches new connections without a
 * restart; a new content that does not parse is ignored. No identity yet: LATCH_ERR_INVALID_ARG. */
LATCH_API latch_status latch_config_set_ocsp_file(latch_config *config, const char *path);
/* Server: whether to ask the client for a certificate (mutual TLS). REQUEST takes a client with
 * none (latch_conn_peer_cert_count() is then 0); REQUIRE refuses it (certificate_required in
 * TLS 1.3, handshake_failure in 1.2). Client certificates are verified for clientAuth against
 * roots_path (a PEM bundle or directory; one that cannot be read is LATCH_ERR_IO here), or the
 * roots object given to latch_config_set_client_roots() (then roots_path may be NULL), whose
 * subjects are also sent as the acceptable CA names. With neither (roots_path NULL), the
 * application's verify callback (latch_config_set_verify_callback) is the only check, for
 * certificates it pins itself; latch_config_freeze refuses that without a callback. A client's
 * own certificate is latch_config_add_identity(), as for a server. */
typedef enum {
    LATCH_CLIENT_AUTH_NONE = 0,
    LATCH_CLIENT_AUTH_REQUEST = 1,
    LATCH_CLIENT_AUTH_REQUIRE = 2,
} latch_client_auth;
LATCH_API latch_status latch_config_set_client_auth(latch_config *config, latch_client_auth mode,
                                                    const char *roots_path);
LATCH_API latch_status latch_config_set_client_roots(latch_config *config, latch_roots *roots);
/* Resumption. A server issues tickets (TLS 1.3, and TLS 1.2 per RFC 5077) and remembers TLS 1.2
 * session IDs, valid for `seconds` (default 7200, at most 7 days; 0 turns resumption off). The
 * tickets are sealed with a key latch draws at random and rotates every lifetime; servers that
 * must read each other's tickets set the same 48-byte key (16-byte name, 32-byte AES-256 key) and
 * rotate it themselves. */
LATCH_API latch_status latch_config_set_ticket_lifetime(latch_config *config, uint32_t seconds);
LATCH_API latch_status latch_config_set_ticket_key(latch_config *config, const uint8_t *key, size_t len);
/* Server: several ticket keys, for a fleet of servers behind one name that rotates them
 * together (nginx's ssl_session_ticket_key files, rustls's ticketer): len bytes holding 1 to
 * LATCH_MAX_TICKET_KEYS keys of 48 bytes each (16-byte name, 32-byte AES-256 key). The first
 * seals new tickets; all of them open tickets sealed under their names, so a key retired from
 * sealing still resumes the sessions it sealed while it stays in the list. latch then rotates
 * nothing itself. Unlike the other setters it also works on a frozen config, from any thread,
 * while connections use it: the new keys replace the old ones at once for every connection of
 * the config (a server reloading its key file needs no new config). */
#define LATCH_MAX_TICKET_KEYS 8
LATCH_API latch_status latch_config_set_ticket_keys(latch_config *config, const uint8_t *keys, size_t len);
/* Server: 0 issues no tickets at all and takes none, even one sealed with its own key (TLS 1.2
 * clients then resume by session ID, kept in the server's bounded cache; TLS 1.3 clients do not
 * resume). Default 1. */
LATCH_API latch_status latch_config_set_session_tickets(latch_config *config, int enable);
/* A client remembers the newest session per server name in its config, and its connections to
 * that name offer it. A session exported from a connection (latch_conn_session_export) can be
 * imported into another config, in another process, to resume there. Works on frozen configs.
 * Connections without a server name are kept apart: the config remembers none of their sessions
 * by itself, but offers one the application imported (a session from a nameless connection). */
LATCH_API latch_status latch_config_session_import(latch_config *config, const uint8_t *data, size_t len);
/* Configuration profiles after Mozilla's server-side TLS recommendations (docs/profiles.md lists
 * each one's exact contents and where latch differs): MODERN is TLS 1.3 only; INTERMEDIATE, the
 * default, is TLS 1.3 and TLS 1.2 with ECDHE and AEAD suites; OLD adds, for TLS 1.2 clients from
 * before 2014, the static RSA key exchange, the CBC suites after the AEAD ones (with
 * encrypt-then-MAC, RFC 7366) and, for a client without signature_algorithms, a SHA-1 signed
 * ServerKeyExchange. A profile sets the versions, suites, groups, the RSA key exchange, SHA-1 and
 * the extended master secret policy at once, replacing what was set before; any setter called
 * afterwards overrides its part. */
typedef enum {
    LATCH_PROFILE_INTERMEDIATE = 0,
    LATCH_PROFILE_MODERN = 1,
    LATCH_PROFILE_OLD = 2,
} latch_profile;
LATCH_API latch_status latch_config_set_profile(latch_config *config, latch_profile profile);
/* TLS 1.2 CBC suites: encrypt-then-MAC (RFC 7366), asked for by a client that offers a CBC suite
 * and given by a server that chose one. On by default (and in every profile); 0 keeps the older
 * MAC-then-encrypt, which latch still opens in constant time, for a peer that gets RFC 7366 wrong. */
LATCH_API latch_status latch_config_set_encrypt_then_mac(latch_config *config, int enable);
/* The protocol versions, lowest and highest: LATCH_TLS12 or LATCH_TLS13 (default: both). Older
 * versions do not exist in latch (RFC 8996). */
LATCH_API latch_status latch_config_set_versions(latch_config *config, uint16_t min, uint16_t max);
/* TLS 1.2's static RSA key exchange (TLS_RSA_WITH_AES_*_GCM_*): no forward secrecy, so off by
 * default; on, its suites join the default list after the ECDHE ones. */
LATCH_API latch_status latch_config_set_rsa_key_exchange(latch_config *config, int enable);
/* TLS 1.2 and the extended master secret (RFC 7627). By default a peer without it gets a full
 * handshake, but such a session is never resumed: no ticket or session ID is issued for it, and
 * a client keeps none (§5.3-5.4: the triple handshake attack needs resumption or renegotiation,
 * and latch never renegotiates); latch_conn_extended_master_secret says which it was. 1 refuses
 * peers without it (handshake_failure), for strict deployments. */
LATCH_API latch_status latch_config_set_require_ems(latch_config *config, int require);
/* The largest handshake message taken from a peer, in bytes: 1024 to 16777215, default 65536.
 * Certificate messages are the largest; raise it only for peers with very long chains. A larger
 * message ends the handshake with a decode_error alert. */
LATCH_API latch_status latch_config_set_max_handshake_size(latch_config *config, size_t bytes);
/* The largest record plaintext we accept, advertised with record_size_limit (RFC 8449): 64 to
 * 16384 bytes, default 16384. Peers that support the extension then send records no larger;
 * peers that do not may send full 16384-byte records. latch always honours the peer's limit. */
LATCH_API latch_status latch_config_set_record_size_limit(latch_config *config, size_t bytes);
/* ---- Handshake trace ------------------------------------------------------------------------
 * A callback that sees the handshake as it happens: every handshake message (and TLS 1.2
 * ChangeCipherSpec) sent or received with its parsed fields, each verification step and its
 * result, each key schedule stage (names and lengths, never secret bytes), alerts, and the end.
 * Off by default; when off it costs one pointer test per message. docs/trace.md describes the
 * events and their fields; `latch trace` is built on them. The event and its strings live only
 * for the call. */
typedef enum {
    LATCH_TRACE_MESSAGE = 1, /* a handshake message or ChangeCipherSpec, sent or received */
    LATCH_TRACE_VERIFY = 2,  /* a verification step: certificate chain, signature, Finished */
    LATCH_TRACE_KEYS = 3,    /* a key schedule stage */
    LATCH_TRACE_ALERT = 4,   /* an alert, sent or received */
    LATCH_TRACE_DONE = 5,    /* the handshake completed */
    LATCH_TRACE_DATA = 6,    /* a record of application data, sent or received (its length), in
                                wire order with the alerts and post-handshake messages */
} latch_trace_type;

typedef struct {
    const char *key;   /* "versions", "cipher_suites", "key_share", "subject", ... */
    const char *value;
} latch_trace_field;

typedef struct {
    latch_trace_type type;
    int outgoing;              /* MESSAGE, ALERT: 1 when we sent it */
    const char *name;          /* "ClientHello", "certificate chain", "handshake traffic secrets" */
    const char *summary;       /* one plain sentence about it */
    const char *protection;    /* MESSAGE: "plaintext", "handshake keys", "application keys",
                                * "TLS 1.2 session keys" */
    int ok;                    /* VERIFY: 1 passed, 0 failed */
    int64_t elapsed_us;        /* since the connection was created */
    const latch_trace_field *fields;
    size_t n_fields;
} latch_trace_event;

LATCH_API void latch_config_set_trace(latch_config *config,
                                      void (*cb)(void *arg, const latch_conn *conn,
                                                 const latch_trace_event *event),
                                      void *arg);
/* LATCH_ROLE_CLIENT or LATCH_ROLE_SERVER. */
LATCH_API latch_role latch_conn_role(const latch_conn *conn);
/* "message", "verify", "keys", "alert", "done". */
LATCH_API const char *latch_trace_type_name(latch_trace_type type);

/* Called with each NSS key log line (SSLKEYLOGFILE format), without the newline. */
LATCH_API void latch_config_set_keylog(latch_config *config,
                                       void (*cb)(void *arg, const char *line), void *arg);
/* Validates the configuration and loads what it names (roots, keys). After this the config
 * cannot change. latch_conn_new() freezes an unfrozen config itself. */
LATCH_API latch_status latch_config_freeze(latch_config *config);
/* The clock for certificate validity and session lifetimes: now(arg) returns Unix seconds
 * (default: time()). For tests, simulations and systems whose clock is not the C library's. */
LATCH_API latch_status latch_config_set_clock(latch_config *config, int64_t (*now)(void *arg), void *arg);
/* Why the last call on config failed, as a sentence ("" if none). */
LATCH_API const char *latch_config_error(const latch_config *config);

/* A new connection. server_name is the host a client connects to (SNI and verification; an
 * IP literal is verified against IP SANs); NULL for servers. Any thread may create connections
 * from one config at once (the first freezes it; the others wait for that). Returns NULL on
 * failure, and latch_conn_new_error() then says why, on the thread that called it (out of
 * memory, a config that does not freeze, a verifying client without a server name). */
LATCH_API latch_conn *latch_conn_new(latch_config *config, const char *server_name);
LATCH_API const char *latch_conn_new_error(void);
LATCH_API void latch_conn_free(latch_conn *conn);

/* Network side. latch_net_in_buf() returns where to put received bytes and how many fit;
 * latch_net_in_commit() takes n of them and processes them (handshake, records). It returns
 * LATCH_OK, or an error after which the connection is dead (an alert may wait in the output). */
LATCH_API uint8_t *latch_net_in_buf(latch_conn *conn, size_t *room);
LATCH_API latch_status latch_net_in_commit(latch_conn *conn, size_t n);
/* Bytes waiting to be sent, and how many of them were sent. The window stays valid (its bytes are
 * neither moved nor freed) until latch_net_out_consumed() or the next latch_net_out_buf(), even
 * across latch_write() and other calls that queue more, so an asynchronous write (io_uring,
 * libuv) may use it as it is; then ask latch_net_out_buf() again for what remains. */
LATCH_API const uint8_t *latch_net_out_buf(latch_conn *conn, size_t *len);
LATCH_API void latch_net_out_consumed(latch_conn *conn, size_t n);
/* For event loops: 1 when bytes wait in the output window (after a failure: its alert, which
 * should be written before the socket is closed; latch_conn_error says "sending alert X" until
 * then and "sent alert X" once it has been taken); 1 when more network input is of use (the
 * connection is open for reading and no plaintext waits for latch_read first). */
LATCH_API int latch_conn_wants_write(const latch_conn *conn);
LATCH_API int latch_conn_wants_read(const latch_conn *conn);
/* A pointer the application keeps with a connection (NULL until set). */
LATCH_API void latch_conn_set_user_data(latch_conn *conn, void *user_data);
LATCH_API void *latch_conn_user_data(const latch_conn *conn);

/* 1 once the handshake has completed. */
LATCH_API int latch_conn_handshake_done(const latch_conn *conn);
/* Application side. latch_read() returns LATCH_OK with *n > 0, LATCH_WANT_READ when no
 * plaintext is buffered, LATCH_CLOSED after the peer's close_notify, or an error. Once the
 * handshake is done, a large record (2 KiB or more) waits sealed until it is read and is then
 * decrypted straight into buf (no copy); like data not yet read, it holds back the records
 * behind it, so a record that fails to authenticate is reported by the read.
 * latch_write() returns LATCH_OK with *n bytes taken (maybe fewer than len), or
 * LATCH_WANT_WRITE when the output buffer must be drained first (or the handshake is not done).
 * TLS 1.3 changes keys by itself (a KeyUpdate every 2^24 records). A TLS 1.2 connection cannot,
 * so once it has sealed 2^24 records under one AES-GCM key (or all but the last sequence number
 * with ChaCha20-Poly1305) it queues a close_notify and latch_write() fails with LATCH_ERR_LIMIT
 * and a sentence (latch_conn_error): open a new connection. docs/limits.md lists every bound. */
LATCH_API latch_status latch_read(latch_conn *conn, void *buf, size_t cap, size_t *n);
/* Zero-copy reading (latch_read is these two and a copy): latch_read_view() points *data at the
 * decrypted application data waiting inside the connection's own buffer and sets *len, with the
 * status latch_read() would return (LATCH_OK when *len > 0); latch_read_consume() says n of those
 * bytes were used and goes on to the records behind them. The window is valid until the next
 * call on the connection. */
LATCH_API latch_status latch_read_view(latch_conn *conn, const uint8_t **data, size_t *len);
LATCH_API latch_status latch_read_consume(latch_conn *conn, size_t n);
LATCH_API latch_status latch_write(latch_conn *conn, const void *buf, size_t len, size_t *n);
/* An established connection gives back its record buffers (up to 65 KiB in, 33 KiB out)
 * and its ciphers' expanded keys (about 1 KiB each way) once nothing is buffered either way;
 * they come back with the next record. latch does this by
 * itself after the handshake; an event loop calls it when a connection goes idle, so thousands
 * of idle connections cost little. */
LATCH_API void latch_conn_release_buffers(latch_conn *conn);
/* Queues a close_notify alert; nothing more can be written after it. */
LATCH_API latch_status latch_close_notify(latch_conn *conn);
/* Asks for new traffic keys (TLS 1.3 KeyUpdate); with request_peer, the peer updates too. */
LATCH_API latch_status latch_key_update(latch_conn *conn, int request_peer);

/* Inspection (after the handshake). */
LATCH_API uint16_t latch_conn_version(const latch_conn *conn);      /* LATCH_TLS13, ... */
LATCH_API const char *latch_conn_suite(const latch_conn *conn);     /* IANA name or "" */
LATCH_API const char *latch_conn_group(const latch_conn *conn);     /* "x25519", ... or "" */
LATCH_API const char *latch_conn_signature_scheme(const latch_conn *conn); /* "ecdsa_secp256r1_sha256" */
LATCH_API const char *latch_conn_alpn(const latch_conn *conn);      /* "" when none */
LATCH_API const char *latch_conn_server_name(const latch_conn *conn); /* SNI sent or received */
LATCH_API int latch_conn_hello_retry(const latch_conn *conn);       /* 1 if a HelloRetryRequest happened */
LATCH_API int latch_conn_resumed(const latch_conn *conn);           /* 1 if the session was resumed */
/* Client: what the server's stapled OCSP response did (a revoked one fails the handshake). */
typedef enum {
    LATCH_OCSP_NONE = 0,    /* none stapled, none asked for, or the session was resumed */
    LATCH_OCSP_GOOD = 1,    /* a usable response says good */
    LATCH_OCSP_IGNORED = 2, /* one came but could not be used (or said unknown) and none was required */
} latch_ocsp_status;
LATCH_API latch_ocsp_status latch_conn_ocsp_status(const latch_conn *conn);
/* 1 if the keys are bound to this handshake: TLS 1.3 always, TLS 1.2 with the extended master
 * secret (RFC 7627); 0 for a TLS 1.2 session without it. */
LATCH_API int latch_conn_extended_master_secret(const latch_conn *conn);
/* Client: the session to resume this server with (its newest ticket, or the TLS 1.2 session),
 * as bytes for latch_config_session_import. LATCH_ERR_INVALID_ARG when there is none yet (TLS 1.3
 * tickets arrive after the handshake: export after reading some data or at close);
 * LATCH_ERR_BUFFER when cap is too small (*len says how much is needed). Secret: store it as
 * carefully as a key. */
LATCH_API latch_status latch_conn_session_export(const latch_conn *conn, uint8_t *out, size_t cap, size_t *len);
/* The peer's certificates as sent (leaf first): count, then DER of each. */
LATCH_API size_t latch_conn_peer_cert_count(const latch_conn *conn);
LATCH_API const uint8_t *latch_conn_peer_cert(const latch_conn *conn, size_t i, size_t *len);
/* The verified path's trust anchor and leaf subjects for people ("" when not verified). */
LATCH_API const char *latch_conn_peer_subject(const latch_conn *conn);
LATCH_API const char *latch_conn_peer_root(const latch_conn *conn);
/* A sentence saying what failed and why, naming the alert sent or received ("" if none). */
LATCH_API const char *latch_conn_error(const latch_conn *conn);
/* The TLS alert description sent (>= 0) or -1; and the one received, or -1. */
LATCH_API int latch_conn_alert_sent(const latch_conn *conn);
LATCH_API int latch_conn_alert_received(const latch_conn *conn);

/* RFC 8446 §7.5 exporter (TLS 1.3). */
LATCH_API latch_status latch_export_keying_material(latch_conn *conn, const char *label,
                                                    const uint8_t *context, size_t context_len,
                                                    uint8_t *out, size_t out_len);

/* Socket convenience (blocking or non-blocking fds). latch_handshake() runs the handshake to
 * completion (blocking fd) or as far as it can (non-blocking: LATCH_WANT_READ/WRITE). */
LATCH_API latch_status latch_conn_set_fd(latch_conn *conn, int fd);
LATCH_API latch_status latch_handshake(latch_conn *conn);
LATCH_API latch_status latch_fd_read(latch_conn *conn, void *buf, size_t cap, size_t *n);
LATCH_API latch_status latch_fd_write(latch_conn *conn, const void *buf, size_t len, size_t *n);
/* Sends close_notify and flushes it. */
LATCH_API latch_status latch_fd_close(latch_conn *conn);
/* The pump under all of these, for an application's own event loop over any fd: latch_fd_flush()
 * writes what the connection has queued: LATCH_OK all of it, LATCH_WANT_WRITE when the socket
 * takes no more now (wait for writable), LATCH_ERR_IO when it failed (errno says why).
 * latch_fd_fill() reads once from the socket into the connection and processes it: LATCH_OK
 * (bytes were taken, or unread plaintext must be read with latch_read() first),
 * LATCH_WANT_READ (nothing to read now), LATCH_CLOSED (the peer closed the socket: without its
 * close_notify the data may have been cut), or the error that failed the connection (an alert
 * may then wait: latch_fd_flush() it before closing). */
LATCH_API latch_status latch_fd_flush(latch_conn *conn, int fd);
LATCH_API latch_status latch_fd_fill(latch_conn *conn, int fd);

#ifdef __cplusplus
}
#endif
#endif
