/* The latch tool: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "latch.h"

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "version") == 0) {
        printf("latch %s\n", latch_version());
        return 0;
    }
    fprintf(stderr, "usage: latch <command> [options]\n");
    return 2;
}
