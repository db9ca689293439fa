/* The latch tool: dispatches to one file per subcommand (cli/cmd_<name>.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "latch.h"

static const struct {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *summary;
} cli_commands[] = {
    { "client", cli_client_main, "connect to a TLS server, verify it, and pipe stdin/stdout" },
    { "server", cli_server_main, "serve TLS: a page about the connection, files, or echo" },
    { "proxy", cli_proxy_main, "terminate TLS in front of a TCP service, or originate it" },
    { "trace", cli_trace_main, "connect and narrate the handshake step by step (and draw it)" },
    { "certs", cli_certs_main, "make a local development CA and certificates signed by it" },
    { "verify", cli_verify_main, "verify a certificate chain for a host name or IP address" },
};

static void cli_usage(FILE *out)
{
    fprintf(out, "usage: latch <command> [options]   (latch help <command> for details)\n\n");
    for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        fprintf(out, "  %-8s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(out, "  %-8s %s\n", "version", "print latch's version");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_usage(stderr);
        return 2;
    }
    /* latch help CMD is latch CMD --help */
    if (strcmp(argv[1], "help") == 0 && argc > 2) {
        for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
            if (strcmp(argv[2], cli_commands[i].name) == 0) {
                char *help_argv[] = { argv[2], (char *)"--help", NULL };
                return cli_commands[i].main(2, help_argv);
            }
        fprintf(stderr, "latch: unknown command '%s'\n", argv[2]);
        cli_usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        cli_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("latch %s\n", latch_version());
        return 0;
    }
    for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        if (strcmp(argv[1], cli_commands[i].name) == 0)
            return cli_commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "latch: unknown command '%s'\n", argv[1]);
    cli_usage(stderr);
    return 2;
}
