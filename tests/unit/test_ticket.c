/* Session state as bytes (tickets and exported sessions) and the tickets sealed over it: a
 * creation time outside [0, LT_SESSION_TIME_MAX] is refused when read, each bound checked at
 * N-1, N and N+1, and a ticket carrying the time the fuzzer found (far before 1970, whose age
 * overflowed int64_t and made the ticket look fresh) opens to a full handshake, never a resumption. */
#include "lt_test.h"

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

int main(void)
{
    LT_RUN(test_session_creation_time_bounds);
    LT_RUN(test_ticket_from_far_past_is_not_fresh);
    LT_RUN(test_longest_session_fits_a_ticket);
    return lt_test_summary();
}
