/* Trace events (see latch.h and docs/trace.md): the observer of tls/note.h. Each message is
 * described from its own bytes through the bounds-checked reader; a message too odd to describe
 * is still reported, with what could be read. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/reader.h"
#include "crypto/kex.h"
#include "tls/codec.h"
#include "tls/conn.h"
#include "tls/machine.h"
#include "tls/params.h"
#include "tls/proto.h"
#include "x509/cert.h"
#include "x509/dn.h"
#include "x509/name.h"
#include "x509/time.h"

#define LT_TRACE_MAX_FIELDS 24
#define LT_TRACE_TEXT 6144

/* An event being built: fields whose strings live in one buffer. */
typedef struct {
    latch_trace_event ev;
    latch_trace_field fields[LT_TRACE_MAX_FIELDS];
    char text[LT_TRACE_TEXT];
    size_t used;
    char summary[768];
} lt_trace_builder;

static void lt_tb_init(lt_trace_builder *b, const latch_conn *conn, latch_trace_type type, const char *name)
{
    memset(&b->ev, 0, sizeof b->ev);
    b->ev.type = type;
    b->ev.name = name;
    b->ev.fields = b->fields;
    b->ev.summary = b->summary;
    b->ev.elapsed_us = lt_clock_monotonic_us() - conn->created_us;
    b->used = 0;
    b->summary[0] = '\0';
}

static void lt_tb_field(lt_trace_builder *b, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void lt_tb_field(lt_trace_builder *b, const char *key, const char *fmt, ...)
{
    va_list ap;
    if (b->ev.n_fields == LT_TRACE_MAX_FIELDS || b->used >= sizeof b->text - 1)
        return;
    char *at = b->text + b->used;
    va_start(ap, fmt);
    int n = vsnprintf(at, sizeof b->text - b->used, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof b->text - b->used ? (size_t)n : sizeof b->text - b->used - 1;
    b->used += len + 1;
    b->fields[b->ev.n_fields].key = key;
    b->fields[b->ev.n_fields].value = at;
    b->ev.n_fields++;
}

static void lt_tb_summary(lt_trace_builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lt_tb_summary(lt_trace_builder *b, const char *fmt, ...)
{
    va_list ap;
    size_t have = strlen(b->summary);
    va_start(ap, fmt);
    vsnprintf(b->summary + have, sizeof b->summary - have, fmt, ap);
    va_end(ap);
}

static void lt_tb_emit(lt_trace_builder *b, const latch_conn *conn)
{
    conn->config->trace(conn->config->trace_arg, conn, &b->ev);
}

/* ---- names ---- */

static const char *lt_version_name(uint16_t v)
{
    switch (v) {
    case 0x0304: return "TLS 1.3";
    case 0x0303: return "TLS 1.2";
    case 0x0302: return "TLS 1.1";
    case 0x0301: return "TLS 1.0";
    case 0x0300: return "SSL 3.0";
    default: return "?";
    }
}

static const char *lt_suite_label(uint16_t id, char *buf, size_t cap)
{
    const lt_suite *s = lt_suite_find(id);
    if (s != NULL)
        return s->name;
    snprintf(buf, cap, "0x%04x", id);
    return buf;
}

static const char *lt_group_label(uint16_t id, char *buf, size_t cap)
{
    if (lt_group_name((lt_group)id) != NULL)
        return lt_group_name((lt_group)id);
    snprintf(buf, cap, "0x%04x", id);
    return buf;
}

/* "X25519MLKEM768 (1216 bytes: ML-KEM-768 encapsulation key + x25519)": a hybrid's share says
 * what it is made of, a curve's its length */
static int lt_share_label(char *out, size_t cap, uint16_t id, size_t len, int response)
{
    char tmp[16];
    if (lt_group_is_hybrid((lt_group)id))
        return snprintf(out, cap, "%s (%zu bytes: %s)", lt_group_label(id, tmp, sizeof tmp), len,
                        lt_group_share_parts((lt_group)id, response));
    return snprintf(out, cap, "%s (%zu bytes)", lt_group_label(id, tmp, sizeof tmp), len);
}

static const char *lt_scheme_label(uint16_t id, char *buf, size_t cap)
{
    const lt_sigscheme *s = lt_sigscheme_find(id);
    if (s != NULL)
        return s->name;
    snprintf(buf, cap, "0x%04x", id);
    return buf;
}

static const char *lt_ext_name(uint16_t type)
{
    switch (type) {
    case LT_EXT_SERVER_NAME: return "server_name";
    case LT_EXT_STATUS_REQUEST: return "status_request";
    case LT_EXT_SUPPORTED_GROUPS: return "supported_groups";
    case LT_EXT_EC_POINT_FORMATS: return "ec_point_formats";
    case LT_EXT_SIGNATURE_ALGORITHMS: return "signature_algorithms";
    case LT_EXT_ALPN: return "application_layer_protocol_negotiation";
    case LT_EXT_SCT: return "signed_certificate_timestamp";
    case LT_EXT_PADDING: return "padding";
    case LT_EXT_ENCRYPT_THEN_MAC: return "encrypt_then_mac";
    case LT_EXT_EXTENDED_MASTER_SECRET: return "extended_master_secret";
    case LT_EXT_RECORD_SIZE_LIMIT: return "record_size_limit";
    case LT_EXT_SESSION_TICKET: return "session_ticket";
    case LT_EXT_PRE_SHARED_KEY: return "pre_shared_key";
    case LT_EXT_EARLY_DATA: return "early_data";
    case LT_EXT_SUPPORTED_VERSIONS: return "supported_versions";
    case LT_EXT_COOKIE: return "cookie";
    case LT_EXT_PSK_KEY_EXCHANGE_MODES: return "psk_key_exchange_modes";
    case LT_EXT_CERTIFICATE_AUTHORITIES: return "certificate_authorities";
    case LT_EXT_SIGNATURE_ALGORITHMS_CERT: return "signature_algorithms_cert";
    case LT_EXT_KEY_SHARE: return "key_share";
    case LT_EXT_RENEGOTIATION_INFO: return "renegotiation_info";
    default: return lt_is_grease(type) ? "GREASE" : "unknown";
    }
}

static const char *lt_message_name(uint8_t type, const latch_conn *conn, const uint8_t *msg, size_t len)
{
    switch (type) {
    case LT_HS_CLIENT_HELLO: return "ClientHello";
    case LT_HS_SERVER_HELLO:
        return len >= 38 && memcmp(msg + 6, lt_hrr_random, 32) == 0 ? "HelloRetryRequest" : "ServerHello";
    case LT_HS_NEW_SESSION_TICKET: return "NewSessionTicket";
    case LT_HS_END_OF_EARLY_DATA: return "EndOfEarlyData";
    case LT_HS_ENCRYPTED_EXTENSIONS: return "EncryptedExtensions";
    case LT_HS_CERTIFICATE: return "Certificate";
    case LT_HS_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
    case LT_HS_CERTIFICATE_REQUEST: return "CertificateRequest";
    case LT_HS_SERVER_HELLO_DONE: return "ServerHelloDone";
    case LT_HS_CERTIFICATE_VERIFY: return "CertificateVerify";
    case LT_HS_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
    case LT_HS_FINISHED: return "Finished";
    case LT_HS_KEY_UPDATE: return "KeyUpdate";
    case LT_HS_CERTIFICATE_STATUS: return "CertificateStatus";
    case 0: return "HelloRequest";
    default: (void)conn; return "unknown handshake message";
    }
}

/* ---- messages ---- */

/* One extension of a hello (or EncryptedExtensions): what matters from it, into fields. The
 * message's codec has read the extension block; its contents are read here through the reader. */
/* A peer's bytes as text for people: anything outside printable ASCII becomes '?', as in names
 * (x509/dn.c), since a trace is printed to a terminal and written as JSON lines, where a control
 * character or bytes that are not UTF-8 from the peer would forge output or break the reader. */
static void lt_peer_text(char *out, size_t cap, const uint8_t *bytes, size_t len)
{
    size_t n = len < cap - 1 ? len : cap - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '?');
    out[n] = '\0';
}

static void lt_describe_extension(lt_trace_builder *b, uint16_t type, lt_reader data, int client_hello,
                                  uint16_t *version)
{
    char tmp[32];
    char list[512] = "";
    size_t ll = 0;
    switch (type) {
    case LT_EXT_SUPPORTED_VERSIONS:
        if (client_hello) {
            lt_reader v = lt_reader_vec8(&data, 2, 254);
            while (lt_reader_ok(&v) && !lt_reader_empty(&v)) {
                uint16_t ver = lt_reader_u16(&v);
                if (!lt_is_grease(ver))
                    ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s%s", ll ? ", " : "",
                                           lt_version_name(ver));
                if (*version == 0 && !lt_is_grease(ver))
                    *version = ver;
            }
            lt_tb_field(b, "versions", "%s", list);
        } else {
            *version = lt_reader_u16(&data);
        }
        break;
    case LT_EXT_SUPPORTED_GROUPS: {
        lt_reader g = lt_reader_vec16(&data, 2, 0xfffe);
        while (lt_reader_ok(&g) && !lt_reader_empty(&g) && ll < sizeof list - 40) {
            uint16_t id = lt_reader_u16(&g);
            if (!lt_is_grease(id))
                ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s%s", ll ? ", " : "",
                                       lt_group_label(id, tmp, sizeof tmp));
        }
        lt_tb_field(b, "groups", "%s", list);
        break;
    }
    case LT_EXT_KEY_SHARE:
        if (client_hello) {
            lt_reader shares = lt_reader_vec16(&data, 0, 0xffff);
            while (lt_reader_ok(&shares) && !lt_reader_empty(&shares) && ll < sizeof list - 100) {
                uint16_t id = lt_reader_u16(&shares);
                lt_reader key = lt_reader_vec16(&shares, 0, 0xffff);
                if (lt_is_grease(id))
                    continue;
                if (ll > 0)
                    ll += (size_t)snprintf(list + ll, sizeof list - ll, ", ");
                ll += (size_t)lt_share_label(list + ll, sizeof list - ll, id, key.len, 0);
            }
        } else {
            uint16_t id = lt_reader_u16(&data);
            if (lt_reader_empty(&data)) /* HelloRetryRequest: the group alone */
                snprintf(list, sizeof list, "%s", lt_group_label(id, tmp, sizeof tmp));
            else {
                lt_reader key = lt_reader_vec16(&data, 0, 0xffff);
                lt_share_label(list, sizeof list, id, key.len, 1);
            }
        }
        lt_tb_field(b, "key_share", "%s", list);
        break;
    case LT_EXT_SERVER_NAME:
        if (data.len > 5) {
            lt_reader l = lt_reader_vec16(&data, 1, 0xffff);
            lt_reader_u8(&l);
            lt_reader host = lt_reader_vec16(&l, 1, 255);
            char host_text[256];
            lt_peer_text(host_text, sizeof host_text, host.p, host.len);
            if (lt_reader_ok(&l))
                lt_tb_field(b, "server_name", "%s", host_text);
        }
        break;
    case LT_EXT_ALPN: {
        lt_reader l = lt_reader_vec16(&data, 2, 0xffff);
        while (lt_reader_ok(&l) && !lt_reader_empty(&l) && ll < sizeof list - 260) {
            lt_reader p = lt_reader_vec8(&l, 1, 255);
            char protocol[256];
            lt_peer_text(protocol, sizeof protocol, p.p, p.len);
            if (lt_reader_ok(&l))
                ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s%s", ll ? ", " : "", protocol);
        }
        lt_tb_field(b, "alpn", "%s", list);
        break;
    }
    case LT_EXT_SIGNATURE_ALGORITHMS: {
        lt_reader l = lt_reader_vec16(&data, 2, 0xfffe);
        lt_tb_field(b, "signature_algorithms", "%zu schemes", l.len / 2);
        break;
    }
    case LT_EXT_PRE_SHARED_KEY:
        lt_tb_field(b, "pre_shared_key", "%s", client_hello ? "a resumption ticket offered" : "the ticket accepted");
        break;
    case LT_EXT_SESSION_TICKET:
        if (data.len > 0)
            lt_tb_field(b, "session_ticket", "a ticket of %zu bytes offered", data.len);
        break;
    case LT_EXT_EXTENDED_MASTER_SECRET:
        lt_tb_field(b, "extended_master_secret", "yes");
        break;
    default:
        break;
    }
}

/* The names of a block's extensions, in order, as the "extensions" field. */
static void lt_ext_names_add(char *names, size_t cap, size_t *nl, uint16_t type)
{
    *nl += (size_t)snprintf(names + *nl, *nl < cap ? cap - *nl : 0, "%s%s", *nl ? ", " : "", lt_ext_name(type));
    if (*nl >= cap)
        *nl = cap - 1;
}

/* Extensions as the codec read them: the names, and what matters from each. */
static void lt_describe_ext_list(lt_trace_builder *b, const lt_ext_list *exts, int client_hello, uint16_t *version)
{
    char names[1024] = "";
    size_t nl = 0;
    for (size_t i = 0; i < exts->n; i++) {
        lt_ext_names_add(names, sizeof names, &nl, exts->items[i].type);
        lt_describe_extension(b, exts->items[i].type, lt_reader_from_span(exts->items[i].data), client_hello,
                              version);
    }
    lt_tb_field(b, "extensions", "%s", names);
}

/* The value of a field the extensions put in (from index first on), or NULL. */
static const char *lt_tb_find(const lt_trace_builder *b, size_t first, const char *key)
{
    for (size_t i = first; i < b->ev.n_fields; i++)
        if (strcmp(b->fields[i].key, key) == 0)
            return b->fields[i].value;
    return NULL;
}

/* The ClientHello, as its codec read it (the extensions latch knows; GREASE and the others
 * were passed over). */
static void lt_describe_client_hello(lt_trace_builder *b, const lt_client_hello_msg *ch)
{
    uint16_t version = 0;
    char tmp[32], list[1024] = "";
    size_t n_suites = 0, ll = 0;
    lt_reader suites = lt_reader_from_span(ch->cipher_suites);
    while (lt_reader_ok(&suites) && !lt_reader_empty(&suites)) {
        uint16_t id = lt_reader_u16(&suites);
        if (lt_is_grease(id) || id == LT_SUITE_EMPTY_RENEGOTIATION_INFO_SCSV || id == 0x5600)
            continue;
        n_suites++;
        if (ll < sizeof list - 60)
            ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s%s", ll ? ", " : "",
                                   lt_suite_label(id, tmp, sizeof tmp));
    }
    lt_tb_field(b, "cipher_suites", "%s", list);
    lt_tb_field(b, "random", "%zu bytes", ch->random.len);
    lt_tb_field(b, "session_id", "%zu bytes", ch->session_id.len);
    size_t first = b->ev.n_fields;
    lt_describe_ext_list(b, &ch->exts, 1, &version);
    const char *share = lt_tb_find(b, first, "key_share"), *name = lt_tb_find(b, first, "server_name");
    const char *versions = lt_tb_find(b, first, "versions");
    lt_tb_summary(b, "offered %s, %zu cipher suite%s", versions ? versions : lt_version_name(ch->legacy_version),
                  n_suites, n_suites == 1 ? "" : "s");
    if (share != NULL)
        lt_tb_summary(b, ", key share %s", share);
    if (name != NULL)
        lt_tb_summary(b, ", server name '%s'", name);
    if (lt_tb_find(b, first, "pre_shared_key") != NULL || lt_tb_find(b, first, "session_ticket") != NULL)
        lt_tb_summary(b, ", and a session to resume");
}

/* The ServerHello or HelloRetryRequest, as its codec read it. */
static void lt_describe_server_hello(lt_trace_builder *b, const lt_server_hello *sh)
{
    uint16_t version = 0;
    char tmp[32];
    lt_tb_field(b, "cipher_suite", "%s", lt_suite_label(sh->cipher_suite, tmp, sizeof tmp));
    lt_tb_field(b, "random", "%zu bytes", sh->random.len);
    lt_tb_field(b, "session_id", "%zu bytes", sh->session_id.len);
    size_t first = b->ev.n_fields;
    lt_describe_ext_list(b, &sh->exts, 0, &version);
    if (version == 0)
        version = sh->legacy_version;
    const char *share = lt_tb_find(b, first, "key_share");
    if (sh->hello_retry) {
        lt_tb_summary(b, "asks the client to retry with a %s key share", share ? share : "different");
        return;
    }
    lt_tb_summary(b, "chose %s, %s", lt_version_name(version), lt_suite_label(sh->cipher_suite, tmp, sizeof tmp));
    if (share != NULL)
        lt_tb_summary(b, ", key share %s", share);
    if (lt_tb_find(b, first, "pre_shared_key") != NULL)
        lt_tb_summary(b, ", resuming the session with its ticket");
    lt_tb_field(b, "version", "%s", lt_version_name(version));
}

/* The Certificate, as its codec read it: each certificate parsed for people (subject, issuer,
 * validity, names). */
static void lt_describe_certificate(lt_trace_builder *b, const lt_certificate *ct)
{
    size_t count = 0;
    char first_subject[160] = "", first_issuer[160] = "";
    static const char *const keys[] = { "certificate_1", "certificate_2", "certificate_3", "certificate_4",
                                        "certificate_5", "certificate_6" };
    for (size_t i = 0; i < ct->n; i++) {
        lt_cert cert;
        const char *problem = NULL;
        char subject[160], issuer[200], from[40], to[40], sans[400];
        if (lt_cert_parse(ct->entries[i].der.p, ct->entries[i].der.len, &cert, &problem) < 0) {
            if (count < 6)
                lt_tb_field(b, keys[count], "(does not parse: %s)", problem ? problem : "malformed");
            count++;
            continue;
        }
        lt_cert_display_name(&cert, subject, sizeof subject);
        lt_dn_format(cert.issuer, issuer, sizeof issuer);
        char issuer_cn[160];
        if (lt_dn_common_name(cert.issuer, issuer_cn, sizeof issuer_cn) < 0)
            snprintf(issuer_cn, sizeof issuer_cn, "%s", issuer);
        lt_time_format(cert.not_before, from, sizeof from);
        lt_time_format(cert.not_after, to, sizeof to);
        lt_name_list_sans(&cert, sans, sizeof sans);
        if (count < 6)
            lt_tb_field(b, keys[count], "'%s' issued by '%s', valid %.10s to %.10s%s%s", subject, issuer_cn,
                        from, to, sans[0] ? ", SANs " : "", sans);
        if (count == 0) {
            snprintf(first_subject, sizeof first_subject, "%s", subject);
            snprintf(first_issuer, sizeof first_issuer, "%s", issuer_cn);
        }
        count++;
    }
    lt_tb_field(b, "count", "%zu", count);
    /* TLS 1.3 staples the OCSP response in the leaf's entry (RFC 8446 §4.4.2.1) */
    lt_ext_list exts;
    lt_certificate_status staple;
    const lt_ext *status = NULL;
    if (ct->n > 0 && lt_ext_parse(ct->entries[0].extensions, &exts) == 0)
        status = lt_ext_find(&exts, LT_EXT_STATUS_REQUEST);
    if (status != NULL && lt_certificate_status_body_parse(status->data, &staple) == 0)
        lt_tb_field(b, "ocsp_response", "%zu bytes", staple.response.len);
    else
        status = NULL;
    if (count == 0)
        lt_tb_summary(b, "no certificate");
    else
        lt_tb_summary(b, "%zu certificate%s: '%s' issued by '%s'%s", count, count == 1 ? "" : "s", first_subject,
                      first_issuer, status != NULL ? ", with a stapled OCSP response" : "");
}

/* A message its codec has read (lt_codec_for, or the dispatcher's edge): what it says. */
static void lt_describe_parsed(lt_trace_builder *b, const latch_conn *conn, uint16_t type, const lt_parsed *p,
                               size_t len)
{
    char tmp[32], s2[32];
    switch (type) {
    case LT_HS_CLIENT_HELLO:
        lt_describe_client_hello(b, &p->client_hello);
        break;
    case LT_HS_CERTIFICATE:
        lt_describe_certificate(b, &p->certificate);
        break;
    case LT_HS_SERVER_HELLO:
        lt_describe_server_hello(b, &p->server_hello);
        break;
    case LT_HS_ENCRYPTED_EXTENSIONS: {
        uint16_t version = 0;
        lt_describe_ext_list(b, &p->encrypted_extensions.exts, 0, &version);
        const char *names = b->ev.n_fields ? b->fields[b->ev.n_fields - 1].value : "";
        lt_tb_summary(b, "%s", names[0] ? names : "no extensions");
        break;
    }
    case LT_HS_CERTIFICATE_VERIFY: {
        const lt_certificate_verify *cv = &p->certificate_verify;
        lt_tb_field(b, "signature_scheme", "%s", lt_scheme_label(cv->scheme, tmp, sizeof tmp));
        lt_tb_field(b, "signature", "%zu bytes", cv->signature.len);
        lt_tb_summary(b, "signed %s with %s (%zu bytes)",
                      conn->version == LATCH_TLS12 ? "the handshake messages" : "the transcript hash",
                      lt_scheme_label(cv->scheme, tmp, sizeof tmp), cv->signature.len);
        break;
    }
    case LT_HS_FINISHED:
        lt_tb_field(b, "verify_data", "%zu bytes", p->finished.verify_data.len);
        lt_tb_summary(b, "verify_data (%zu bytes): a MAC over the whole handshake with the new keys",
                      p->finished.verify_data.len);
        break;
    case LT_HS_SERVER_KEY_EXCHANGE: {
        const lt_server_key_exchange *ske = &p->server_key_exchange;
        const char *scheme_name = lt_scheme_label(ske->scheme, s2, sizeof s2);
        lt_tb_field(b, "group", "%s", lt_group_label(ske->group, tmp, sizeof tmp));
        lt_tb_field(b, "public_key", "%zu bytes", ske->point.len);
        lt_tb_field(b, "signature_scheme", "%s", scheme_name);
        lt_tb_summary(b, "ECDHE %s public key (%zu bytes), signed with %s (%zu bytes)",
                      lt_group_label(ske->group, tmp, sizeof tmp), ske->point.len, scheme_name, ske->signature.len);
        break;
    }
    case LT_HS_CLIENT_KEY_EXCHANGE:
        if (p->client_key_exchange.kx == LT_KX_RSA) {
            lt_tb_field(b, "encrypted_pre_master_secret", "%zu bytes", p->client_key_exchange.exchange.len);
            lt_tb_summary(b, "pre-master secret (48 bytes) encrypted with the server's RSA-%zu public key",
                          p->client_key_exchange.exchange.len * 8);
        } else {
            lt_tb_field(b, "public_key", "%zu bytes", p->client_key_exchange.exchange.len);
            lt_tb_summary(b, "ECDHE public key (%zu bytes)", p->client_key_exchange.exchange.len);
        }
        break;
    case LT_HS_CERTIFICATE_REQUEST:
        lt_tb_summary(b, "asks for a client certificate");
        break;
    case LT_HS_SERVER_HELLO_DONE:
        lt_tb_summary(b, "the server's flight is complete");
        break;
    case LT_HS_CERTIFICATE_STATUS:
        lt_tb_field(b, "ocsp_response", "%zu bytes", p->certificate_status.response.len);
        lt_tb_summary(b, "an OCSP response (%zu bytes) stapled to the certificate", p->certificate_status.response.len);
        break;
    case LT_HS_NEW_SESSION_TICKET: {
        int tls12 = conn->version == LATCH_TLS12;
        uint32_t lifetime = tls12 ? p->new_session_ticket12.lifetime_hint : p->new_session_ticket13.lifetime;
        lt_tb_field(b, "ticket", "%zu bytes",
                    tls12 ? p->new_session_ticket12.ticket.len : p->new_session_ticket13.ticket.len);
        lt_tb_field(b, "lifetime", "%u s", lifetime);
        lt_tb_summary(b, "a session ticket valid for %u s, to resume later", lifetime);
        break;
    }
    case LT_HS_KEY_UPDATE:
        lt_tb_summary(b, "new traffic keys from here on%s",
                      p->key_update.request_update ? ", and asks for an update back" : "");
        break;
    default:
        lt_tb_summary(b, "%zu bytes", len - 4);
        break;
    }
}

static const char *lt_protection(const latch_conn *conn, int outgoing)
{
    const lt_record_keys *keys = outgoing ? &conn->write_keys : &conn->read_keys;
    if (!lt_record_keys_on(keys))
        return "plaintext";
    if (keys->tls12)
        return "TLS 1.2 session keys";
    return conn->state == LT_ST_CONNECTED ? "application keys" : "handshake keys";
}

static void lt_trace_message(latch_conn *conn, int outgoing, const uint8_t *msg, size_t len)
{
    lt_trace_builder b;
    if (msg == NULL) {
        lt_tb_init(&b, conn, LATCH_TRACE_MESSAGE, "ChangeCipherSpec");
        b.ev.outgoing = outgoing;
        b.ev.protection = "plaintext";
        lt_tb_summary(&b, conn->version == LATCH_TLS12 ? "switch to the new keys from here on"
                                                       : "(compatibility mode, RFC 8446 §D.4: ignored)");
        lt_tb_emit(&b, conn);
        return;
    }
    if (len < 4)
        return;
    lt_tb_init(&b, conn, LATCH_TRACE_MESSAGE, lt_message_name(msg[0], conn, msg, len));
    b.ev.outgoing = outgoing;
    b.ev.protection = lt_protection(conn, outgoing);
    lt_tb_field(&b, "length", "%zu", len);
    /* what we send (and what arrives out of order) is read by the message's own codec */
    lt_parse_fn *parse = lt_codec_for(msg[0], conn->version);
    lt_parsed parsed;
    if (parse != NULL && parse(conn, lt_span_make(msg, len), &parsed) == 0)
        lt_describe_parsed(&b, conn, msg[0], &parsed, len);
    else
        lt_tb_summary(&b, "%s (%zu bytes)", parse != NULL ? "malformed" : "not read", len - 4);
    lt_tb_emit(&b, conn);
}

/* A received message the dispatcher's codec has read: described from what it read. */
static void lt_trace_received(latch_conn *conn, uint16_t type, const void *parsed, const uint8_t *msg, size_t len)
{
    lt_trace_builder b;
    lt_tb_init(&b, conn, LATCH_TRACE_MESSAGE, lt_message_name((uint8_t)type, conn, msg, len));
    b.ev.outgoing = 0;
    b.ev.protection = lt_protection(conn, 0);
    lt_tb_field(&b, "length", "%zu", len);
    lt_describe_parsed(&b, conn, type, parsed, len);
    lt_tb_emit(&b, conn);
}

static void lt_trace_verify(latch_conn *conn, const char *name, int ok, const char *summary, va_list fields)
{
    lt_trace_builder b;
    lt_tb_init(&b, conn, LATCH_TRACE_VERIFY, name);
    b.ev.ok = ok;
    lt_tb_summary(&b, "%s", summary);
    for (const char *key = va_arg(fields, const char *); key != NULL; key = va_arg(fields, const char *))
        lt_tb_field(&b, key, "%s", va_arg(fields, const char *));
    lt_tb_emit(&b, conn);
}

static void lt_trace_keys(latch_conn *conn, const char *name, const char *summary, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void lt_trace_keys(latch_conn *conn, const char *name, const char *summary, va_list ap)
{
    lt_trace_builder b;
    lt_tb_init(&b, conn, LATCH_TRACE_KEYS, name);
    vsnprintf(b.summary, sizeof b.summary, summary, ap);
    lt_tb_emit(&b, conn);
}

static void lt_trace_alert(latch_conn *conn, int outgoing, int level, int description)
{
    lt_trace_builder b;
    lt_tb_init(&b, conn, LATCH_TRACE_ALERT, lt_alert_name(description));
    b.ev.outgoing = outgoing;
    b.ev.protection = lt_protection(conn, outgoing);
    lt_tb_field(&b, "level", "%s", level == 1 ? "warning" : "fatal");
    lt_tb_field(&b, "description", "%s (%d)", lt_alert_name(description), description);
    lt_tb_summary(&b, "%s alert %s", level == 1 ? "warning" : "fatal", lt_alert_name(description));
    lt_tb_emit(&b, conn);
}

static void lt_trace_data(latch_conn *conn, int outgoing, size_t len)
{
    lt_trace_builder b;
    lt_tb_init(&b, conn, LATCH_TRACE_DATA, "application data");
    b.ev.outgoing = outgoing;
    b.ev.protection = lt_protection(conn, outgoing);
    lt_tb_field(&b, "length", "%zu", len);
    lt_tb_summary(&b, "%zu bytes", len);
    lt_tb_emit(&b, conn);
}

static void lt_trace_done(latch_conn *conn)
{
    lt_trace_builder b;
    char tmp[32];
    lt_tb_init(&b, conn, LATCH_TRACE_DONE, "handshake complete");
    lt_tb_field(&b, "version", "%s", lt_version_name(conn->version));
    lt_tb_field(&b, "cipher_suite", "%s", conn->suite ? conn->suite->name : "");
    if (conn->group)
        lt_tb_field(&b, "group", "%s", lt_group_label(conn->group, tmp, sizeof tmp));
    lt_tb_field(&b, "resumed", "%s", conn->resumed ? "yes" : "no");
    int no_ems = conn->version == LATCH_TLS12 && !conn->ems;
    if (conn->version == LATCH_TLS12)
        lt_tb_field(&b, "extended_master_secret", "%s", no_ems ? "no" : "yes");
    lt_tb_summary(&b, "%s with %s%s%s", lt_version_name(conn->version), conn->suite ? conn->suite->name : "",
                  conn->resumed ? ", session resumed" : "",
                  no_ems ? ", no extended master secret (the session will not be resumed)" : "");
    lt_tb_emit(&b, conn);
}

LATCH_API const char *latch_trace_type_name(latch_trace_type type)
{
    switch (type) {
    case LATCH_TRACE_MESSAGE: return "message";
    case LATCH_TRACE_VERIFY: return "verify";
    case LATCH_TRACE_KEYS: return "keys";
    case LATCH_TRACE_ALERT: return "alert";
    case LATCH_TRACE_DONE: return "done";
    case LATCH_TRACE_DATA: return "data";
    default: return "unknown";
    }
}

LATCH_API latch_role latch_conn_role(const latch_conn *conn)
{
    return conn->role;
}

static const lt_note_ops lt_trace_notes = {
    lt_trace_message, lt_trace_received, lt_trace_verify, lt_trace_keys, lt_trace_alert, lt_trace_data, lt_trace_done,
};

LATCH_API void latch_config_set_trace(latch_config *cfg,
                                      void (*cb)(void *arg, const latch_conn *conn,
                                                 const latch_trace_event *event),
                                      void *arg)
{
    if (cfg == NULL || cfg->frozen)
        return;
    cfg->trace = cb;
    cfg->trace_arg = arg;
    cfg->notes = cb != NULL ? &lt_trace_notes : NULL;
}
