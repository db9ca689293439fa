/* A program outside latch's tree, built against an installed latch by tests/build/test_package.sh
 * (through the CMake package and through latch.pc): it uses the library's version and a config,
 * and says whether the library it runs with is the one whose header it was compiled with. */
#include <stdio.h>
#include <string.h>

#include "latch.h"

int main(void)
{
    latch_config *config = latch_config_new(LATCH_ROLE_CLIENT);
    int works = config != NULL && strcmp(latch_version(), LATCH_VERSION_STRING) == 0;
    latch_config_free(config);
    printf("%s %s\n", works ? "latch works:" : "latch is broken:", latch_version());
    return works ? 0 : 1;
}
