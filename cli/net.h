/* Sockets for the tool: connect to HOST:PORT, listen on ADDR:PORT, non-blocking mode. */
#ifndef LATCH_CLI_NET_H
#define LATCH_CLI_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Whether port is a port number (0 to 65535); else a message on stderr, prefixed by who. */
int cli_net_port_ok(const char *who, const char *port);
/* Splits "host:port", "[v6]:port", "host" or "[v6]" (port 443, as curl does) into host and
 * port. 0 on success, -1 (with a message on stderr prefixed by who) when malformed. */
int cli_net_split(const char *who, const char *hostport, char *host, size_t host_cap, char *port,
                  size_t port_cap);
/* A connected TCP socket to host:port (blocking), within timeout_ms (<= 0: no limit), or -1 with
 * a message on stderr. */
int cli_net_connect(const char *who, const char *host, const char *port, int timeout_ms);
/* --timeout SECONDS: 1 to 3600 into *ms; else a message on stderr and 0. */
int cli_net_timeout_arg(const char *who, const char *value, int *ms);
/* The default for --timeout: long enough for any live server, short enough for a person. */
#define CLI_DEFAULT_TIMEOUT_MS 30000
/* A listening TCP socket on addr:port (port "0": any free port); *bound gets the port in use.
 * -1 with a message on stderr. */
int cli_net_listen(const char *who, const char *addr, const char *port, int *bound);
/* The same with a listen backlog, and SO_REUSEPORT when reuseport is not 0 (several sockets of
 * this process on one port, each given its share of the new connections by the kernel): _FIRST
 * for the first of them, which fails when anyone else holds the port already, _JOIN for the
 * others. */
#define CLI_NET_REUSEPORT_FIRST 1
#define CLI_NET_REUSEPORT_JOIN 2
int cli_net_listen_on(const char *who, const char *addr, const char *port, int backlog, int reuseport,
                      int *bound);
/* The system's largest listen backlog (/proc/sys/net/core/somaxconn; SOMAXCONN without it). */
int cli_net_somaxconn(void);
int cli_net_nonblocking(int fd);
/* "addr:port" (IPv6 in brackets) of a socket address, "?:0" for none or another family. */
void cli_net_addr_name(const struct sockaddr *sa, char *out, size_t cap);
/* Monotonic milliseconds, for deadlines (--timeout, handshake and idle limits). */
int64_t cli_net_now_ms(void);

#endif
