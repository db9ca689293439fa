/* Key exchange: the RFC 7748 §6.1 X25519 known answer, both sides of a fresh exchange for each
 * group, and rejection of bad shares (wrong length, compressed or off-curve points, small-order
 * X25519 points). */
#include "lt_test.h"

#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "crypto/kex.h"
#include "crypto/rand.h"

static void test_x25519_rfc7748(void)
{
    unsigned char a[32], b[32], ka[32], kb[32], k[32], pub[32], secret[32];
    size_t len = 0;
    lt_test_unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a, 32);
    lt_test_unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", ka, 32);
    lt_test_unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b, 32);
    lt_test_unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", kb, 32);
    lt_test_unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", k, 32);
    lt_kex *alice = NULL, *bob = NULL;
    LT_CHECK_INT(lt_kex_from_private(LT_GROUP_X25519, a, 32, &alice), 0);
    LT_CHECK_INT(lt_kex_from_private(LT_GROUP_X25519, b, 32, &bob), 0);
    if (alice == NULL || bob == NULL)
        return;
    LT_CHECK_INT(lt_kex_public(alice, pub, sizeof pub, &len), 0);
    LT_CHECK_INT(len, 32);
    LT_CHECK_MEM(pub, ka, 32);
    LT_CHECK_INT(lt_kex_public(bob, pub, sizeof pub, &len), 0);
    LT_CHECK_MEM(pub, kb, 32);
    LT_CHECK_INT(lt_kex_derive(alice, kb, 32, secret, sizeof secret, &len), 0);
    LT_CHECK_MEM(secret, k, 32);
    LT_CHECK_INT(lt_kex_derive(bob, ka, 32, secret, sizeof secret, &len), 0);
    LT_CHECK_MEM(secret, k, 32);
    /* small-order points give an all-zero secret: refused (RFC 7748 §6.1, RFC 8446 §7.4.2) */
    unsigned char zero[32] = { 0 }, one[32] = { 1 };
    LT_CHECK_INT(lt_kex_derive(alice, zero, 32, secret, sizeof secret, &len), LT_ERR_VERIFY);
    LT_CHECK_INT(lt_kex_derive(alice, one, 32, secret, sizeof secret, &len), LT_ERR_VERIFY);
    LT_CHECK_INT(lt_kex_derive(alice, kb, 31, secret, sizeof secret, &len), LT_ERR_DECODE);
    lt_kex_free(alice);
    lt_kex_free(bob);
}

static void test_each_group(void)
{
    static const lt_group groups[] = { LT_GROUP_X25519, LT_GROUP_SECP256R1, LT_GROUP_SECP384R1 };
    for (size_t g = 0; g < 3; g++) {
        lt_kex *a = NULL, *b = NULL;
        unsigned char pa[LT_KEX_MAX_PUBLIC], pb[LT_KEX_MAX_PUBLIC], sa[64], sb[64];
        size_t la = 0, lb = 0, na = 0, nb = 0;
        LT_CHECK_INT(lt_kex_generate(groups[g], &a), 0);
        LT_CHECK_INT(lt_kex_generate(groups[g], &b), 0);
        if (a == NULL || b == NULL)
            continue;
        LT_CHECK_INT(lt_kex_group(a), groups[g]);
        LT_CHECK_INT(lt_kex_public(a, pa, sizeof pa, &la), 0);
        LT_CHECK_INT(lt_kex_public(b, pb, sizeof pb, &lb), 0);
        LT_CHECK_INT(la, lt_kex_public_len(groups[g]));
        LT_CHECK_INT(lt_kex_derive(a, pb, lb, sa, sizeof sa, &na), 0);
        LT_CHECK_INT(lt_kex_derive(b, pa, la, sb, sizeof sb, &nb), 0);
        LT_CHECK_INT(na, groups[g] == LT_GROUP_SECP384R1 ? 48 : 32);
        LT_CHECK_INT(na, nb);
        LT_CHECK_MEM(sa, sb, na);
        if (groups[g] != LT_GROUP_X25519) {
            unsigned char bad[LT_KEX_MAX_PUBLIC];
            memcpy(bad, pb, lb);
            bad[lb - 1] ^= 1; /* y no longer matches x: off the curve */
            LT_CHECK_INT(lt_kex_derive(a, bad, lb, sa, sizeof sa, &na), LT_ERR_DECODE);
            memcpy(bad, pb, lb);
            bad[0] = 0x02; /* compressed form is not allowed in TLS 1.3 */
            LT_CHECK_INT(lt_kex_derive(a, bad, lb, sa, sizeof sa, &na), LT_ERR_DECODE);
            memset(bad, 0, sizeof bad);
            bad[0] = 0x04; /* the point (0, 0) */
            LT_CHECK_INT(lt_kex_derive(a, bad, lb, sa, sizeof sa, &na), LT_ERR_DECODE);
            LT_CHECK_INT(lt_kex_derive(a, pb, lb - 1, sa, sizeof sa, &na), LT_ERR_DECODE);
            /* a key made from its private scalar has the same public point */
            lt_kex *again = NULL;
            unsigned char scalar[48] = { 0 }, pub[LT_KEX_MAX_PUBLIC];
            size_t n = 0, slen = groups[g] == LT_GROUP_SECP384R1 ? 48 : 32;
            scalar[slen - 1] = 1; /* the scalar 1: the public point is the generator */
            LT_CHECK_INT(lt_kex_from_private(groups[g], scalar, slen, &again), 0);
            LT_CHECK_INT(lt_kex_public(again, pub, sizeof pub, &n), 0);
            static const char *const generators[] = {
                "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
                "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e38"
                "72760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a"
                "431d7c90ea0e5f",
            };
            unsigned char g_point[LT_KEX_MAX_PUBLIC];
            int glen = lt_test_unhex(generators[groups[g] == LT_GROUP_SECP384R1], g_point, sizeof g_point);
            LT_CHECK_INT(n, (size_t)glen);
            LT_CHECK_MEM(pub, g_point, n);
            lt_kex_free(again);
        }
        lt_kex_free(a);
        lt_kex_free(b);
    }
    lt_kex *none = NULL;
    LT_CHECK_INT(lt_kex_generate(LT_GROUP_NONE, &none), LT_ERR_UNSUPPORTED);
    LT_CHECK(lt_group_name(LT_GROUP_X25519) != NULL && strcmp(lt_group_name(LT_GROUP_X25519), "x25519") == 0);
}

static void *lt_random_in_thread(void *out)
{
    return lt_random(out, 32) == 0 ? out : NULL;
}

/* Small random values come from a per-thread pool: no value is served twice, a forked child
 * never hands out what its parent does (the pool is dropped in the child), and another thread
 * draws from its own pool. */
static void test_random_pool_never_repeats(void)
{
    uint8_t seen[63][32], child_value[32], parent_value[32], thread_value[32];
    int fds[2];
    for (int i = 0; i < 63; i++) { /* leaves bytes in the pool at the fork */
        LT_CHECK_INT(lt_random(seen[i], 32), 0);
        for (int j = 0; j < i; j++)
            LT_CHECK(memcmp(seen[i], seen[j], 32) != 0);
    }
    LT_CHECK_INT(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        int ok = lt_random(child_value, 32) == 0 && write(fds[1], child_value, 32) == 32;
        _exit(ok ? 0 : 1);
    }
    LT_CHECK(pid > 0);
    LT_CHECK_INT(lt_random(parent_value, 32), 0);
    LT_CHECK_INT(read(fds[0], child_value, 32), 32);
    int status = 0;
    LT_CHECK_INT(waitpid(pid, &status, 0), pid);
    LT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    LT_CHECK(memcmp(child_value, parent_value, 32) != 0);
    close(fds[0]);
    close(fds[1]);
    pthread_t thread;
    void *result = NULL;
    LT_CHECK_INT(pthread_create(&thread, NULL, lt_random_in_thread, thread_value), 0);
    LT_CHECK_INT(pthread_join(thread, &result), 0);
    LT_CHECK(result == thread_value);
    LT_CHECK(memcmp(thread_value, parent_value, 32) != 0);
    LT_CHECK(memcmp(thread_value, child_value, 32) != 0);
}

int main(void)
{
    LT_RUN(test_x25519_rfc7748);
    LT_RUN(test_each_group);
    LT_RUN(test_random_pool_never_repeats);
    return lt_test_summary();
}
