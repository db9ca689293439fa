/* libFuzzer harness: certificate path validation (x509/path.c) against a fixed small trust store
 * (tests/vectors/pki/ca.pem and other-ca.pem) at a fixed time (2025-01-01). The first byte
 * picks the purpose, whether the name "localhost" is checked, and whether SHA-1 is allowed; the
 * rest is a chain, each certificate's DER after a 2-byte length, the leaf first. In the fuzzing
 * build signatures always verify (docs/fuzzing.md), so a mutated chain reaches the name,
 * validity, constraint, key usage and path-building rules. A path found must start at the leaf
 * (or be an anchor alone) and end at one of the anchors; a refusal must say why. */
#include <stdlib.h>

#include "fuzz_engine.h"
#include "x509/certset.h"
#include "x509/name.h"
#include "x509/path.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lt_certset anchors;

static void add_pem_file(const char *path)
{
    static char pem[65536];
    char why[256];
    size_t added = 0, skipped = 0;
    FILE *f = fopen(path, "rb");
    size_t len = f != NULL ? fread(pem, 1, sizeof pem, f) : 0;
    if (f != NULL)
        fclose(f);
    if (len == 0 || lt_certset_add_pem(&anchors, pem, len, 0, &added, &skipped, why, sizeof why) < 0 || added == 0) {
        fprintf(stderr, "fuzz_path: the trust store %s does not load\n", path);
        __builtin_trap();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    memset(&anchors, 0, sizeof anchors);
    add_pem_file(LT_FUZZ_PKI "ca.pem");
    add_pem_file(LT_FUZZ_PKI "other-ca.pem");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_certset chain;
    lt_name_ref name;
    lt_path_result result;
    if (size < 1)
        return 0;
    uint8_t how = data[0];
    memset(&chain, 0, sizeof chain);
    chain.limit = 16;
    for (size_t at = 1; at + 2 <= size;) {
        size_t len = (size_t)data[at] << 8 | data[at + 1];
        const char *problem;
        at += 2;
        if (len > size - at)
            len = size - at;
        if (lt_certset_add_der(&chain, data + at, len, &problem) == LT_ERR_LIMIT)
            break;
        at += len;
    }
    if (chain.count > 0 && lt_name_ref_host("localhost", &name) == 0) {
        lt_path_params params = {
            .name = (how & 4) ? &name : NULL,
            .time = lt_fuzz_clock(NULL),
            .purpose = (lt_purpose)(how % 3),
            .max_intermediates = LT_PATH_MAX_LEN - 2,
            .allow_sha1 = (how & 8) != 0,
        };
        int rc = lt_path_verify_sets(&chain, &anchors, &params, &result);
        if (rc == 0) {
            int anchored = 0;
            for (size_t i = 0; i < anchors.count; i++)
                anchored |= result.path[result.len - 1] == &anchors.items[i].cert;
            if (result.len == 0 || (result.len > 1 && result.path[0] != &chain.items[0].cert) || !anchored) {
                fprintf(stderr, "fuzz_path: a path that does not run from the leaf to an anchor\n");
                abort();
            }
        } else if (result.reason[0] == '\0') {
            fprintf(stderr, "fuzz_path: a refusal without a reason\n");
            abort();
        }
    }
    lt_certset_clear(&chain);
    return 0;
}
