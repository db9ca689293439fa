/* libFuzzer harness: a server opening session tickets (tls/ticket.c) under a fixed ticket key.
 * The first byte picks one of two ways in:
 *   0: the rest is a ticket, opened as in the fuzzing build (the AEAD transparent: the state
 *      inside is read as it stands). A ticket opened must carry our key name, be within its
 *      lifetime at the clock, and hold state that writes back to the same bytes.
 *   1: the real AES-256-GCM. The input is a clock offset (4 bytes, signed), a position (2 bytes)
 *      and session state bytes; state latch reads is sealed into a ticket, which must open at the
 *      clock moved by the offset exactly when the harness says it has not expired (RFC 8446
 *      §4.6.1: created <= now <= created + lifetime) and give back the same state, and with any
 *      one bit flipped must not open at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aead.h"
#include "tls/ticket.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW INT64_C(1735689600) /* 2025-01-01, fuzz_engine.h's clock */
#define HEAD (LT_TICKET_KEY_NAME_LEN + 12)
#define TAG 16

static lt_ticket_keys keys;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (lt_ticket_keys_init(&keys, 3600, NOW) < 0)
        __builtin_trap();
    /* a fixed key, as an application's latch_config_set_ticket_key sets: it never rotates */
    for (int i = 0; i < LT_TICKET_KEY_NAME_LEN; i++)
        keys.keys[0].name[i] = (uint8_t)('k' + i);
    for (int i = 0; i < 32; i++)
        keys.keys[0].key[i] = (uint8_t)(0xa0 ^ i);
    keys.fixed = 1;
    return 0;
}

static void fail(const char *what, int got, int want)
{
    fprintf(stderr, "fuzz_ticket: %s (latch: %d, expected: %d)\n", what, got, want);
    abort();
}

/* st written as bytes equals want[0 .. want_len) */
static int writes_as(const lt_session_state *st, const uint8_t *want, size_t want_len)
{
    uint8_t buf[LT_TICKET_MAX];
    size_t len = 0;
    return lt_session_state_write(st, buf, sizeof buf, &len) == 0 && len == want_len && memcmp(buf, want, len) == 0;
}

static void open_raw(const uint8_t *ticket, size_t len)
{
    lt_session_state st;
    lt_aead_fuzz_set_transparent(1);
    int rc = lt_ticket_open(&keys, ticket, len, NOW, &st);
    if (rc != 0)
        return;
    if (memcmp(ticket, keys.keys[0].name, LT_TICKET_KEY_NAME_LEN) != 0)
        fail("a ticket under another key name opened", rc, LT_ERR_VERIFY);
    if (NOW < st.created || NOW - st.created > (int64_t)st.lifetime)
        fail("an expired ticket opened", rc, LT_ERR_LIMIT);
    if (!writes_as(&st, ticket + HEAD, len - HEAD - TAG))
        fail("the state opened is not the state in the ticket", rc, 0);
}

static void seal_and_open(const uint8_t *data, size_t size)
{
    lt_session_state st, back;
    uint8_t ticket[LT_TICKET_MAX];
    size_t len = 0;
    if (size < 6)
        return;
    int64_t offset = (int32_t)((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3]);
    size_t flip = (size_t)data[4] << 8 | data[5];
    data += 6;
    size -= 6;
    if (lt_session_state_read(data, size, &st) < 0)
        return;
    lt_aead_fuzz_set_transparent(0);
    if (lt_ticket_seal(&keys, &st, NOW, ticket, sizeof ticket, &len) < 0)
        fail("state latch read does not seal", -1, 0);
    int64_t now = NOW + offset;
    int want = now < st.created || now - st.created > (int64_t)st.lifetime ? LT_ERR_LIMIT : 0;
    int rc = lt_ticket_open(&keys, ticket, len, now, &back);
    if (rc != want)
        fail("a ticket we sealed, opened", rc, want);
    if (rc == 0 && !writes_as(&back, data, size))
        fail("the state opened is not the state sealed", rc, 0);
    ticket[flip / 8 % len] ^= (uint8_t)(1u << (flip % 8));
    rc = lt_ticket_open(&keys, ticket, len, now, &back);
    if (rc != LT_ERR_VERIFY)
        fail("a ticket with a bit flipped", rc, LT_ERR_VERIFY);
    lt_aead_fuzz_set_transparent(1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1)
        seal_and_open(data + 1, size - 1);
    else
        open_raw(data + 1, size - 1);
    return 0;
}
