/* Subcommands of the latch tool; each lives in cli/cmd_<name>.c and returns the exit code. */
#ifndef LATCH_CLI_H
#define LATCH_CLI_H

int cli_verify_main(int argc, char **argv);
int cli_certs_main(int argc, char **argv);
int cli_client_main(int argc, char **argv);
int cli_server_main(int argc, char **argv);
int cli_proxy_main(int argc, char **argv);
int cli_trace_main(int argc, char **argv);

#endif
