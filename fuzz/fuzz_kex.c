/* libFuzzer harness: the post-quantum hybrid key shares (draft-ietf-tls-ecdhe-mlkem) as a peer
 * sends them. The first byte picks the group (X25519MLKEM768 or SecP256r1MLKEM768, bit 0) and our
 * side (bit 1); the rest is the peer's share: a client's, given to a responder (split, the curve
 * half checked, the encapsulation key's modulus check, encapsulation), or a server's, given to an
 * initiator (split, the curve half checked, decapsulation). Every outcome is an answer, never a
 * crash or a read past the share. */
#include <stddef.h>
#include <stdint.h>

#include "crypto/kex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t secret[LT_KEX_MAX_SECRET], response[LT_KEX_MAX_PUBLIC];
    size_t secret_len = 0, response_len = 0;
    lt_kex *kex = NULL;
    if (size < 1)
        return 0;
    lt_group group = (data[0] & 1) ? LT_GROUP_SECP256R1MLKEM768 : LT_GROUP_X25519MLKEM768;
    int responder = (data[0] & 2) != 0;
    if (responder) {
        if (lt_kex_generate_responder(group, &kex) == 0 &&
            lt_kex_accept(kex, data + 1, size - 1, secret, sizeof secret, &secret_len) == 0)
            (void)lt_kex_public(kex, response, sizeof response, &response_len);
    } else if (lt_kex_generate(group, &kex) == 0) {
        (void)lt_kex_derive(kex, data + 1, size - 1, secret, sizeof secret, &secret_len);
    }
    lt_kex_free(kex);
    return 0;
}
