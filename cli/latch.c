/* The latch tool: dispatches to one file per subcommand (cli/cmd_<name>.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "latch.h"

static const struct {
    const char *name;
    int (*main)(int argc, char **argv);
} commands[] = {
    { "certs", cli_certs_main },
};

static void usage(FILE *out)
{
    fprintf(out, "usage: latch <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %s\n", commands[i].name);
    fprintf(out, "  version\n\n'latch <command> --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "version") == 0) {
        printf("latch %s\n", latch_version());
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; argc >= 2 && i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    }
    usage(stderr);
    return 2;
}
