/* Sockets for the tool (see net.h): getaddrinfo for names and both address families. */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int cli_net_port_ok(const char *who, const char *port)
{
    char *end = NULL;
    long n = port[0] >= '0' && port[0] <= '9' ? strtol(port, &end, 10) : -1;
    if (n < 0 || n > 65535 || end == NULL || *end != '\0') {
        fprintf(stderr, "%s: '%s' is not a port (a number from 0 to 65535)\n", who, port);
        return 0;
    }
    return 1;
}

int cli_net_split(const char *who, const char *hostport, char *host, size_t host_cap, char *port,
                  size_t port_cap)
{
    const char *colon, *host_start = hostport, *first = strchr(hostport, ':');
    size_t host_len;
    if (hostport[0] == '[') {
        const char *close = strchr(hostport, ']');
        if (close == NULL || (close[1] != ':' && close[1] != '\0'))
            goto bad;
        host_start = hostport + 1;
        host_len = (size_t)(close - host_start);
        colon = close[1] == ':' ? close + 1 : NULL;
    } else if (first == NULL || strchr(first + 1, ':') != NULL) {
        /* a name, or an IPv6 address without brackets: no port given */
        host_len = strlen(hostport);
        colon = NULL;
    } else {
        colon = first;
        host_len = (size_t)(colon - hostport);
    }
    /* no port: HTTPS's, as curl and browsers do */
    const char *given = colon != NULL ? colon + 1 : "443";
    if (host_len == 0 || host_len >= host_cap || strlen(given) == 0 || strlen(given) >= port_cap)
        goto bad;
    if (!cli_net_port_ok(who, given) || strcmp(given, "0") == 0) {
        if (strcmp(given, "0") == 0)
            fprintf(stderr, "%s: port 0 cannot be connected to\n", who);
        return -1;
    }
    memcpy(host, host_start, host_len);
    host[host_len] = '\0';
    strcpy(port, given);
    return 0;
bad:
    fprintf(stderr, "%s: '%s' is not HOST[:PORT]\n", who, hostport);
    return -1;
}

int cli_net_connect(const char *who, const char *host, const char *port)
{
    struct addrinfo hints, *res = NULL, *ai;
    int fd = -1, err = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot resolve %s: %s\n", who, host, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot connect to %s port %s: %s\n", who, host, port, strerror(err));
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int cli_net_listen(const char *who, const char *addr, const char *port, int *bound)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rc = getaddrinfo(addr, port, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot use address %s: %s\n", who, addr, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 64) < 0) {
        fprintf(stderr, "%s: cannot listen on %s port %s: %s\n", who, addr, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    *bound = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
        *bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

int cli_net_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

void cli_net_peer_name(int fd, char *out, size_t cap)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
            port = ntohs(s6->sin6_port);
        } else {
            struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
            port = ntohs(s4->sin_port);
        }
    }
    snprintf(out, cap, strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, port);
}
