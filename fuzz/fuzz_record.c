/* libFuzzer harness: the record layer alone (src/tls/record.c, record12.c, crypto/aead.c,
 * crypto/cbc.c) opening records under fixed, real keys: the fuzzing build's transparent AEAD is
 * switched off here, so decryption, tags, MACs and CBC padding are the real ones.
 *
 * The first input byte picks a profile (TLS 1.3 or TLS 1.2, each AEAD, each CBC suite's cipher
 * and MAC, MAC-then-encrypt or encrypt-then-MAC); the rest is a list of operations. Most build a
 * record with the harness's own sealer, written here straight on libcrypto (RFC 8446 §5.2-§5.4,
 * RFC 5246 §6.2.3, RFC 5288, RFC 7905, RFC 7366), from a content type, a length (edges included),
 * padding (right or wrong) and a corruption (a flipped bit, a cut, extra bytes), and check that
 * latch's verdict is the one the harness expects and the plaintext the one sealed. Others hand
 * raw bytes to the opener, which must refuse them. As on a connection, the first refused record
 * ends the input. Any disagreement aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/aead.h"
#include "tls/proto.h"
#include "tls/record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { V13, V12_AEAD, V12_CBC };

typedef struct {
    const char *name;
    int kind;
    lt_aead_id aead;
    lt_cbc_id cbc;
    lt_hash_id mac;
    int etm;
} profile;

static const profile profiles[] = {
    { "TLS 1.3 AES-128-GCM", V13, LT_AEAD_AES_128_GCM, LT_CBC_NONE, LT_HASH_NONE, 0 },
    { "TLS 1.3 AES-256-GCM", V13, LT_AEAD_AES_256_GCM, LT_CBC_NONE, LT_HASH_NONE, 0 },
    { "TLS 1.3 ChaCha20-Poly1305", V13, LT_AEAD_CHACHA20_POLY1305, LT_CBC_NONE, LT_HASH_NONE, 0 },
    { "TLS 1.2 AES-128-GCM", V12_AEAD, LT_AEAD_AES_128_GCM, LT_CBC_NONE, LT_HASH_NONE, 0 },
    { "TLS 1.2 AES-256-GCM", V12_AEAD, LT_AEAD_AES_256_GCM, LT_CBC_NONE, LT_HASH_NONE, 0 },
    { "TLS 1.2 ChaCha20-Poly1305", V12_AEAD, LT_AEAD_CHACHA20_POLY1305, LT_CBC_NONE, LT_HASH_NONE, 0 },
    { "TLS 1.2 AES-128-CBC HMAC-SHA1", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_128, LT_HASH_SHA1, 0 },
    { "TLS 1.2 AES-256-CBC HMAC-SHA1", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_256, LT_HASH_SHA1, 0 },
    { "TLS 1.2 AES-128-CBC HMAC-SHA256", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_128, LT_HASH_SHA256, 0 },
    { "TLS 1.2 AES-256-CBC HMAC-SHA256", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_256, LT_HASH_SHA256, 0 },
    { "TLS 1.2 AES-256-CBC HMAC-SHA384", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_256, LT_HASH_SHA384, 0 },
    { "TLS 1.2 AES-128-CBC HMAC-SHA1 encrypt-then-MAC", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_128, LT_HASH_SHA1, 1 },
    { "TLS 1.2 AES-256-CBC HMAC-SHA1 encrypt-then-MAC", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_256, LT_HASH_SHA1, 1 },
    { "TLS 1.2 AES-128-CBC HMAC-SHA256 encrypt-then-MAC", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_128, LT_HASH_SHA256, 1 },
    { "TLS 1.2 AES-256-CBC HMAC-SHA256 encrypt-then-MAC", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_256, LT_HASH_SHA256, 1 },
    { "TLS 1.2 AES-256-CBC HMAC-SHA384 encrypt-then-MAC", V12_CBC, LT_AEAD_NONE, LT_CBC_AES_256, LT_HASH_SHA384, 1 },
};
#define PROFILES (sizeof profiles / sizeof profiles[0])

/* the fixed keys: any bytes do, the same on every run */
static uint8_t fixed_key[32], fixed_mac_key[48], fixed_iv[12];

/* content lengths worth trying: around the blocks, the MACs and the 2^14 limit */
static const size_t edge_lengths[] = { 0, 1, 15, 16, 17, 31, 32, 47, 48, 255, 256, 1024,
                                       LT_MAX_PLAINTEXT - 256, LT_MAX_PLAINTEXT - 1, LT_MAX_PLAINTEXT,
                                       LT_MAX_PLAINTEXT + 1 };

/* expected outcomes (latch's codes: LT_ERR_VERIFY bad_record_mac, LT_ERR_LIMIT record_overflow,
 * LT_ERR_DECODE no content type) */
#define OK 0

typedef struct {
    const uint8_t *p;
    size_t left;
} input;

static uint8_t next8(input *in)
{
    if (in->left == 0)
        return 0;
    in->left--;
    return *in->p++;
}

static size_t next16(input *in)
{
    size_t hi = next8(in);
    return hi << 8 | next8(in);
}

static void fail(const profile *prof, const char *what, long got, long want)
{
    fprintf(stderr, "fuzz_record: %s: %s (latch: %ld, harness: %ld)\n", prof->name, what, got, want);
    abort();
}

static const EVP_CIPHER *aead_cipher(lt_aead_id id)
{
    return id == LT_AEAD_AES_128_GCM ? EVP_aes_128_gcm()
         : id == LT_AEAD_AES_256_GCM ? EVP_aes_256_gcm() : EVP_chacha20_poly1305();
}

static const EVP_MD *mac_md(lt_hash_id id)
{
    return id == LT_HASH_SHA1 ? EVP_sha1() : id == LT_HASH_SHA256 ? EVP_sha256() : EVP_sha384();
}

/* The harness's own AEAD sealing (in place, tag after the data). */
static void aead_seal(lt_aead_id id, const uint8_t nonce[12], const uint8_t *aad, size_t aad_len, uint8_t *data,
                      size_t len, uint8_t *tag)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0;
    if (ctx == NULL || !EVP_EncryptInit_ex(ctx, aead_cipher(id), NULL, fixed_key, nonce) ||
        !EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aad_len) ||
        (len > 0 && !EVP_EncryptUpdate(ctx, data, &n, data, (int)len)) || !EVP_EncryptFinal_ex(ctx, data + len, &n) ||
        !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag))
        abort();
    EVP_CIPHER_CTX_free(ctx);
}

static void cbc_encrypt(lt_cbc_id id, const uint8_t iv[16], uint8_t *data, size_t len)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0;
    if (ctx == NULL ||
        !EVP_EncryptInit_ex(ctx, id == LT_CBC_AES_128 ? EVP_aes_128_cbc() : EVP_aes_256_cbc(), NULL, fixed_key, iv) ||
        !EVP_CIPHER_CTX_set_padding(ctx, 0) || !EVP_EncryptUpdate(ctx, data, &n, data, (int)len))
        abort();
    EVP_CIPHER_CTX_free(ctx);
}

/* HMAC(mac key, seq || type || 0x0303 || length || body) (RFC 5246 §6.2.3.1, RFC 7366 §3) */
static void record_mac(const profile *prof, uint64_t seq, uint8_t type, const uint8_t *body, size_t len, uint8_t *out)
{
    uint8_t *msg = malloc(13 + len);
    unsigned int out_len = 0;
    if (msg == NULL)
        abort();
    for (int i = 0; i < 8; i++)
        msg[i] = (uint8_t)(seq >> (56 - 8 * i));
    msg[8] = type;
    msg[9] = 3;
    msg[10] = 3;
    msg[11] = (uint8_t)(len >> 8);
    msg[12] = (uint8_t)len;
    if (len > 0)
        memcpy(msg + 13, body, len);
    if (HMAC(mac_md(prof->mac), fixed_mac_key, EVP_MD_get_size(mac_md(prof->mac)), msg, 13 + len, out, &out_len) == NULL)
        abort();
    free(msg);
}

static void header(uint8_t *rec, uint8_t type, size_t fragment)
{
    rec[0] = type;
    rec[1] = 3;
    rec[2] = 3;
    rec[3] = (uint8_t)(fragment >> 8);
    rec[4] = (uint8_t)fragment;
}

static void seq_nonce(const uint8_t iv[12], uint64_t seq, uint8_t nonce[12])
{
    memcpy(nonce, iv, 12);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(seq >> (8 * i));
}

/* What the harness sealed, and what latch should make of it. */
typedef struct {
    uint8_t *rec;
    size_t len;
    uint8_t type;        /* the content type latch should report */
    const uint8_t *plain; /* the plaintext it should find (points into rec's copy) */
    size_t plain_len;
    int verdict;         /* OK or the error expected when nothing is corrupted */
} sealed;

/* TLS 1.3: header || AEAD(content || type || zeros). The expected verdict is worked out from
 * the inner plaintext as RFC 8446 §5.4 reads it: the last non-zero byte is the type. */
static void seal13(const profile *prof, uint64_t seq, const uint8_t *content, size_t len, uint8_t type, size_t pad,
                   sealed *s, uint8_t **copy)
{
    size_t inner = len + 1 + pad, fragment = inner + 16;
    uint8_t nonce[12];
    s->len = 5 + fragment;
    s->rec = calloc(1, s->len);
    *copy = malloc(inner);
    if (s->rec == NULL || *copy == NULL)
        abort();
    memcpy(s->rec + 5, content, len);
    s->rec[5 + len] = type;
    memcpy(*copy, s->rec + 5, inner);
    header(s->rec, LT_CT_APPLICATION_DATA, fragment);
    seq_nonce(fixed_iv, seq, nonce);
    aead_seal(prof->aead, nonce, s->rec, 5, s->rec + 5, inner, s->rec + 5 + inner);
    size_t end = inner;
    while (end > 0 && (*copy)[end - 1] == 0)
        end--;
    s->plain = *copy;
    if (end == 0) {
        s->verdict = LT_ERR_DECODE;
    } else {
        s->type = (*copy)[end - 1];
        s->plain_len = end - 1;
        s->verdict = s->plain_len > LT_MAX_PLAINTEXT ? LT_ERR_LIMIT : OK;
    }
}

/* TLS 1.2 AEAD: header || explicit nonce (AES-GCM: 8 bytes the sender chooses) || ciphertext ||
 * tag, the additional data seq || type || version || plaintext length. */
static void seal12_aead(const profile *prof, uint64_t seq, const uint8_t *content, size_t len, uint8_t type,
                        const uint8_t explicit_nonce[8], sealed *s)
{
    int gcm = prof->aead != LT_AEAD_CHACHA20_POLY1305;
    size_t off = 5 + (gcm ? 8 : 0);
    uint8_t nonce[12], aad[13];
    s->len = off + len + 16;
    s->rec = calloc(1, s->len);
    if (s->rec == NULL)
        abort();
    header(s->rec, type, s->len - 5);
    if (gcm) {
        memcpy(nonce, fixed_iv, 4);
        memcpy(nonce + 4, explicit_nonce, 8);
        memcpy(s->rec + 5, explicit_nonce, 8);
    } else {
        seq_nonce(fixed_iv, seq, nonce);
    }
    for (int i = 0; i < 8; i++)
        aad[i] = (uint8_t)(seq >> (56 - 8 * i));
    aad[8] = type;
    aad[9] = 3;
    aad[10] = 3;
    aad[11] = (uint8_t)(len >> 8);
    aad[12] = (uint8_t)len;
    memcpy(s->rec + off, content, len);
    aead_seal(prof->aead, nonce, aad, sizeof aad, s->rec + off, len, s->rec + off + len);
    s->type = type;
    s->plain = content;
    s->plain_len = len;
    s->verdict = len > LT_MAX_PLAINTEXT ? LT_ERR_LIMIT : OK;
}

/* TLS 1.2 CBC: header || IV || E(content || MAC || padding) (MAC-then-encrypt), or
 * header || IV || E(content || padding) || MAC (encrypt-then-MAC). The padding is pad + 1 bytes
 * of value pad; bad_pad spoils it (a byte of another value, or a length byte past the record),
 * and the verdict says whether latch must still take the record: with encrypt-then-MAC a spoilt
 * padding that reads as a shorter valid one is authentic (the MAC covers the ciphertext), with
 * MAC-then-encrypt it moves the MAC and fails. */
static void seal12_cbc(const profile *prof, uint64_t seq, const uint8_t *content, size_t len, uint8_t type,
                       size_t pad_steps, int bad_pad, size_t bad_at, const uint8_t iv[16], sealed *s, uint8_t **copy)
{
    size_t mac_len = (size_t)EVP_MD_get_size(mac_md(prof->mac));
    size_t before_pad = len + (prof->etm ? 0 : mac_len);
    size_t pad = (16 - (before_pad + 1) % 16) % 16 + 16 * pad_steps; /* pad + 1 bytes of padding */
    if (pad > 255)
        pad -= 16 * ((pad - 255 + 15) / 16);
    size_t body = before_pad + pad + 1;
    s->len = 5 + 16 + body + (prof->etm ? mac_len : 0);
    s->rec = calloc(1, s->len);
    *copy = malloc(body);
    if (s->rec == NULL || *copy == NULL)
        abort();
    uint8_t *p = s->rec + 5 + 16;
    memcpy(p, content, len);
    if (!prof->etm)
        record_mac(prof, seq, type, content, len, p + len);
    memset(p + before_pad, (int)pad, pad + 1);
    if (bad_pad == 1) {
        p[before_pad + bad_at % (pad + 1)] ^= (uint8_t)(1 + bad_at / 256 % 255);
    } else if (bad_pad == 2) {
        p[body - 1] = (uint8_t)(body + bad_at % 200 < 256 ? body + bad_at % 200 : 255);
    }
    memcpy(*copy, p, body);
    /* the verdict from the padding as it now stands (RFC 5246 §6.2.3.2) */
    size_t got_pad = p[body - 1];
    int pad_ok = got_pad + 1 <= body - (prof->etm ? 0 : mac_len);
    for (size_t i = 0; pad_ok && i <= got_pad; i++)
        pad_ok = p[body - 1 - i] == got_pad;
    memcpy(s->rec + 5, iv, 16);
    cbc_encrypt(prof->cbc, iv, p, body);
    if (prof->etm)
        record_mac(prof, seq, type, s->rec + 5, 16 + body, p + body);
    header(s->rec, type, s->len - 5);
    s->type = type;
    s->plain = *copy;
    if (prof->etm) {
        s->plain_len = pad_ok ? body - got_pad - 1 : 0;
        s->verdict = !pad_ok ? LT_ERR_VERIFY : s->plain_len > LT_MAX_PLAINTEXT ? LT_ERR_LIMIT : OK;
    } else {
        s->plain_len = len;
        s->verdict = !pad_ok || got_pad != pad ? LT_ERR_VERIFY : len > LT_MAX_PLAINTEXT ? LT_ERR_LIMIT : OK;
    }
}

/* Opens rec with latch (in place, or the first part into a buffer of dst_cap bytes), and
 * returns the verdict; on success checks the type and the plaintext against s. */
static int open_record(const profile *prof, lt_record_keys *keys, uint8_t *rec, size_t len, int into,
                       size_t dst_cap, const sealed *s)
{
    uint8_t *dst = into ? malloc(dst_cap > 0 ? dst_cap : 1) : NULL;
    size_t plain_off = 0, plain_len = 0, direct = 0;
    uint8_t type = rec[0];
    int rc;
    if (prof->kind == V13) {
        rc = lt_record_open_into(keys, rec, len, dst, dst_cap, &type, &plain_len, &direct);
        plain_off = 5;
    } else {
        rc = lt_record12_open_into(keys, rec, len, dst, dst_cap, &plain_off, &plain_len, &direct);
    }
    if (rc == OK && s != NULL) {
        if (type != s->type)
            fail(prof, "content type", type, s->type);
        if (plain_len != s->plain_len)
            fail(prof, "plaintext length", (long)plain_len, (long)s->plain_len);
        if (direct > dst_cap || (dst == NULL && direct != 0))
            fail(prof, "bytes decrypted into the buffer", (long)direct, (long)dst_cap);
        /* the content: dst[0 .. min(direct, plain_len)), then rec[plain_off + direct ..) */
        size_t head = direct < plain_len ? direct : plain_len;
        if (head > 0 && memcmp(dst, s->plain, head) != 0)
            fail(prof, "plaintext decrypted into the buffer", 0, 1);
        if (plain_len > head && memcmp(rec + plain_off + head, s->plain + head, plain_len - head) != 0)
            fail(prof, "plaintext decrypted in place", 0, 1);
    }
    free(dst);
    return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lt_aead_fuzz_set_transparent(0);
    for (size_t i = 0; i < sizeof fixed_key; i++)
        fixed_key[i] = (uint8_t)(0x40 + i);
    for (size_t i = 0; i < sizeof fixed_mac_key; i++)
        fixed_mac_key[i] = (uint8_t)(0x90 + i);
    for (size_t i = 0; i < sizeof fixed_iv; i++)
        fixed_iv[i] = (uint8_t)(0xe0 + i);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = { data, size };
    const profile *prof = &profiles[next8(&in) % PROFILES];
    lt_record_keys keys;
    uint64_t seq = 0;
    uint8_t *content = malloc(LT_MAX_PLAINTEXT + 1);
    if (content == NULL)
        return 0;
    memset(&keys, 0, sizeof keys);
    int rc = prof->kind == V13      ? lt_record_keys_set(&keys, prof->aead, fixed_key, fixed_iv)
           : prof->kind == V12_AEAD ? lt_record_keys_set12(&keys, prof->aead, fixed_key, fixed_iv)
                                    : lt_record_keys_set12_cbc(&keys, prof->cbc, prof->mac, fixed_key,
                                                               fixed_mac_key, prof->etm, 0);
    if (rc < 0)
        fail(prof, "the fixed keys do not load", rc, 0);
    /* the engine refuses a longer fragment before the record layer sees it (engine.c) */
    size_t max_fragment = prof->kind == V12_CBC ? LT_MAX_CIPHERTEXT_12 : LT_MAX_CIPHERTEXT_13;

    while (in.left > 0) {
        uint8_t op = next8(&in);
        if (op & 0x80) {
            /* raw bytes as a record: nothing the harness did not seal may open */
            size_t len = 5 + next16(&in) % (max_fragment + 1);
            uint8_t *rec = calloc(1, len);
            if (rec == NULL)
                break;
            size_t n = in.left < len ? in.left : len;
            memcpy(rec, in.p, n);
            in.p += n;
            in.left -= n;
            rc = open_record(prof, &keys, rec, len, op & 4, next16(&in) % (len + 1), NULL);
            free(rec);
            if (rc == OK)
                fail(prof, "a record the harness did not seal opened", rc, LT_ERR_VERIFY);
            break;
        }
        /* a record the harness seals: content type, length, padding, then what is done to it */
        uint8_t type = next8(&in);
        size_t len;
        switch ((op >> 4) & 3) {
        case 0: len = next8(&in); break;
        case 1: len = next16(&in) % 2048; break;
        case 2: len = edge_lengths[next8(&in) % (sizeof edge_lengths / sizeof edge_lengths[0])]; break;
        default: len = 0; break;
        }
        uint8_t fill = next8(&in), pad_byte = next8(&in);
        for (size_t i = 0; i < len; i++)
            content[i] = fill == 0 ? 0 : (uint8_t)(fill + i);
        sealed s;
        uint8_t *copy = NULL;
        memset(&s, 0, sizeof s);
        if (prof->kind == V13) {
            /* padding: any length, or the fragment right at 2^14 + 256 (one less, one more) */
            size_t pad = pad_byte;
            if (op & 0x40) {
                size_t want = LT_MAX_CIPHERTEXT_13 - 1 + pad_byte % 3; /* N-1, N, N+1 */
                pad = want > len + 1 + 16 ? want - len - 1 - 16 : 0;
            }
            seal13(prof, seq, content, len, type, pad, &s, &copy);
        } else if (prof->kind == V12_AEAD) {
            uint8_t explicit_nonce[8];
            for (int i = 0; i < 8; i++)
                explicit_nonce[i] = (op & 0x40) ? next8(&in) : (uint8_t)(seq >> (56 - 8 * i));
            seal12_aead(prof, seq, content, len, type, explicit_nonce, &s);
        } else {
            uint8_t iv[16];
            for (int i = 0; i < 16; i++)
                iv[i] = (uint8_t)(pad_byte * 7 + i);
            size_t bad_at = next16(&in);
            seal12_cbc(prof, seq, content, len, type, pad_byte % 17, (op & 0x48) == 0x08 ? 1 : (op & 0x48) == 0x48 ? 2 : 0,
                       bad_at, iv, &s, &copy);
        }
        /* what happens to it on the way, and what latch must then say */
        size_t len_out = s.len, at = next16(&in);
        uint8_t *rec = s.rec;
        int verdict = s.verdict, corrupt = op & 3;
        if (corrupt == 1) {
            size_t pos = at % s.len;
            rec[pos] ^= (uint8_t)(1u << (next8(&in) & 7));
            /* TLS 1.2 authenticates the type but not the version or length bytes: the
             * engine checks those itself (every other byte is under the tag or MAC) */
            if (prof->kind == V13 || pos == 0 || pos > 4)
                verdict = LT_ERR_VERIFY;
        } else if (corrupt == 2) {
            len_out = s.len - 1 - at % s.len;
            verdict = LT_ERR_VERIFY;
        } else if (corrupt == 3) {
            size_t extra = 1 + at % 64;
            rec = realloc(rec, s.len + extra);
            if (rec == NULL)
                abort();
            memset(rec + s.len, next8(&in), extra);
            len_out = s.len + extra;
            verdict = LT_ERR_VERIFY;
        }
        size_t dst_cap = next16(&in) % (len + 32);
        if (len_out - 5 <= max_fragment && len_out >= 5) {
            if (prof->kind == V12_AEAD) {
                /* latch refuses a fragment whose plaintext would pass 2^14 before it decrypts */
                size_t off = 5 + (prof->aead != LT_AEAD_CHACHA20_POLY1305 ? 8 : 0);
                if (len_out >= off + 16 && len_out - off - 16 > LT_MAX_PLAINTEXT)
                    verdict = LT_ERR_LIMIT;
            }
            rc = open_record(prof, &keys, rec, len_out, op & 4, dst_cap, &s);
            if (rc != verdict)
                fail(prof, verdict == OK ? "a record the harness sealed did not open" : "the verdict", rc, verdict);
        } else {
            rc = 1; /* the engine would have refused it: the next record keeps the sequence */
        }
        free(rec);
        free(copy);
        if (rc < 0)
            break; /* a refused record ends the connection */
        if (rc == OK)
            seq++;
    }
    lt_record_keys_clear(&keys);
    free(content);
    return 0;
}
