/* Session state as bytes (tickets and exported sessions) and the tickets sealed over it: a
 * creation time outside [0, LT_SESSION_TIME_MAX] is refused when read, each bound checked at
 * N-1, N and N+1, and a ticket carrying the time the fuzzer found (far before 1970, whose age
 * overflowed int64_t and made the ticket look fresh) opens to a full handshake, never a resumption. */
#include "lt_test.h"

#include <pthread.h>

#include "base/err.h"
#include "latch.h"
#include "tls/ticket.h"

static const int64_t now = 1735689600; /* 2025-01-01 */

static lt_session_state lt_state(int64_t created)
{
    lt_session_state st = { .version = LATCH_TLS13, .suite = 0x1301, .created = created,
                            .lifetime = 7200, .secret_len = 32 };
    memset(st.secret, 0x5a, st.secret_len);
    return st;
}

/* the state written with this creation time, read back: 0 or the reader's error */
static int lt_round_trip(int64_t created)
{
    uint8_t buf[LT_TICKET_MAX];
    size_t len = 0;
    lt_session_state st = lt_state(created), back;
    if (lt_session_state_write(&st, buf, sizeof buf, &len) < 0)
        return LT_ERR_INTERNAL;
    int rc = lt_session_state_read(buf, len, &back);
    if (rc == 0 && back.created != created)
        return LT_ERR_INTERNAL;
    return rc;
}

static void test_session_creation_time_bounds(void)
{
    LT_CHECK_INT(lt_round_trip(-1), LT_ERR_DECODE);
    LT_CHECK_INT(lt_round_trip(0), 0);
    LT_CHECK_INT(lt_round_trip(1), 0);
    LT_CHECK_INT(lt_round_trip(now), 0);
    LT_CHECK_INT(lt_round_trip(LT_SESSION_TIME_MAX - 1), 0);
    LT_CHECK_INT(lt_round_trip(LT_SESSION_TIME_MAX), 0);
    LT_CHECK_INT(lt_round_trip(LT_SESSION_TIME_MAX + 1), LT_ERR_DECODE);
    LT_CHECK_INT(lt_round_trip(INT64_MIN), LT_ERR_DECODE);
    LT_CHECK_INT(lt_round_trip(INT64_MAX), LT_ERR_DECODE);
}

/* sealed with our own key, opened at now: what lt_ticket_open says */
static int lt_seal_open(int64_t created)
{
    lt_ticket_keys keys;
    uint8_t ticket[LT_TICKET_MAX];
    size_t len = 0;
    lt_session_state st = lt_state(created), opened;
    if (lt_ticket_keys_init(&keys, 7200, now) < 0)
        return LT_ERR_INTERNAL;
    int rc = lt_ticket_seal(&keys, &st, now, ticket, sizeof ticket, &len);
    if (rc == 0)
        rc = lt_ticket_open(&keys, ticket, len, now, &opened);
    lt_ticket_keys_clear(&keys);
    return rc;
}

static void test_ticket_from_far_past_is_not_fresh(void)
{
    LT_CHECK_INT(lt_seal_open(now - 60), 0);                        /* a minute old: resumes */
    LT_CHECK_INT(lt_seal_open(now - 7200), 0);                      /* its whole lifetime: still */
    LT_CHECK_INT(lt_seal_open(now - 7201), LT_ERR_LIMIT);           /* a second more: expired */
    LT_CHECK(lt_seal_open(INT64_C(-9223372035119086208)) < 0);     /* fuzz_server's: refused */
    LT_CHECK(lt_seal_open(INT64_MIN) < 0);
    LT_CHECK(lt_seal_open(INT64_MAX) < 0);
}

/* sealed with our own key and opened again: the longest secret, server name and client subject
 * (a TLS 1.3 SHA-384 session on a 255-byte name with a client certificate) fit a ticket; 0 or
 * the first error */
static int lt_seal_open_longest(size_t name_len, size_t subject_len)
{
    lt_ticket_keys keys;
    uint8_t ticket[LT_TICKET_MAX], state[600];
    size_t len = 0, state_len = 0;
    lt_session_state st = lt_state(now), opened;
    st.suite = 0x1302;
    st.secret_len = 48;
    memset(st.server_name, 'a', name_len);
    memset(st.client_subject, 's', subject_len);
    if (lt_ticket_keys_init(&keys, 7200, now) < 0)
        return LT_ERR_INTERNAL;
    int rc = lt_session_state_write(&st, state, sizeof state, &state_len);
    /* 22 bytes of fixed fields, then the secret, name and subject, each after a length byte */
    if (rc == 0 && state_len != 22 + 1 + 48 + 1 + name_len + 1 + subject_len)
        rc = LT_ERR_INTERNAL;
    if (rc == 0)
        rc = lt_ticket_seal(&keys, &st, now, ticket, sizeof ticket, &len);
    if (rc == 0)
        rc = lt_ticket_open(&keys, ticket, len, now, &opened);
    if (rc == 0 && (strcmp(opened.server_name, st.server_name) != 0 ||
                    strcmp(opened.client_subject, st.client_subject) != 0 || opened.secret_len != 48))
        rc = LT_ERR_INTERNAL;
    lt_ticket_keys_clear(&keys);
    return rc;
}

static void test_longest_session_fits_a_ticket(void)
{
    LT_CHECK_INT(lt_seal_open_longest(253, 159), 0); /* DNS's longest name */
    LT_CHECK_INT(lt_seal_open_longest(254, 159), 0);
    LT_CHECK_INT(lt_seal_open_longest(255, 158), 0);
    LT_CHECK_INT(lt_seal_open_longest(255, 159), 0); /* the longest state there is */
}

/* Keys replaced on one thread (latch_config_set_ticket_keys on a running server) while another
 * seals and opens: both sets hold both keys, so every ticket opens; a ticket sealed under a key
 * half replaced (one key's name with another's bytes) would not. */
static lt_ticket_keys lt_shared_keys;
static volatile int lt_swapping;

static void *lt_swap_keys(void *arg)
{
    uint8_t ab[96], ba[96];
    (void)arg;
    memset(ab, 'A', 48);
    memset(ab + 48, 'B', 48);
    memcpy(ba, ab + 48, 48);
    memcpy(ba + 48, ab, 48);
    for (unsigned i = 0; __atomic_load_n(&lt_swapping, __ATOMIC_RELAXED); i++)
        if (lt_ticket_keys_set(&lt_shared_keys, i % 2 ? ab : ba, 2, now) < 0)
            return (void *)1;
    return NULL;
}

static void test_keys_replaced_while_in_use(void)
{
    uint8_t ab[96];
    memset(ab, 'A', 48);
    memset(ab + 48, 'B', 48);
    LT_CHECK_INT(lt_ticket_keys_init(&lt_shared_keys, 7200, now), 0);
    LT_CHECK_INT(lt_ticket_keys_set(&lt_shared_keys, ab, 2, now), 0);
    LT_CHECK_INT(lt_ticket_keys_set(&lt_shared_keys, ab, 0, now), LT_ERR_INVALID_ARG);
    LT_CHECK_INT(lt_ticket_keys_set(&lt_shared_keys, ab, LT_TICKET_MAX_KEYS + 1, now), LT_ERR_INVALID_ARG);
    lt_swapping = 1;
    pthread_t swapper;
    LT_CHECK_INT(pthread_create(&swapper, NULL, lt_swap_keys, NULL), 0);
    int failures = 0;
    for (int i = 0; i < 20000; i++) {
        uint8_t ticket[LT_TICKET_MAX];
        size_t len = 0;
        lt_session_state st = lt_state(now), opened;
        if (lt_ticket_seal(&lt_shared_keys, &st, now, ticket, sizeof ticket, &len) < 0 ||
            lt_ticket_open(&lt_shared_keys, ticket, len, now, &opened) < 0)
            failures++;
    }
    __atomic_store_n(&lt_swapping, 0, __ATOMIC_RELAXED);
    void *swap_failed = NULL;
    pthread_join(swapper, &swap_failed);
    LT_CHECK(swap_failed == NULL);
    LT_CHECK_INT(failures, 0);
    /* a key set by the application is never rotated away, whatever the time */
    uint8_t ticket[LT_TICKET_MAX];
    size_t len = 0;
    lt_session_state st = lt_state(now + 100000), opened;
    LT_CHECK_INT(lt_ticket_seal(&lt_shared_keys, &st, now + 100000, ticket, sizeof ticket, &len), 0);
    LT_CHECK_INT(memcmp(ticket, ab, 16) == 0 || memcmp(ticket, ab + 48, 16) == 0, 1);
    LT_CHECK_INT(lt_ticket_open(&lt_shared_keys, ticket, len, now + 100000, &opened), 0);
    lt_ticket_keys_clear(&lt_shared_keys);
}

int main(void)
{
    LT_RUN(test_session_creation_time_bounds);
    LT_RUN(test_ticket_from_far_past_is_not_fresh);
    LT_RUN(test_longest_session_fits_a_ticket);
    LT_RUN(test_keys_replaced_while_in_use);
    return lt_test_summary();
}
