/* Sockets for the tool (see net.h): getaddrinfo for names and both address families. */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
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

/* connect() within timeout_ms (<= 0: no limit); 0, or -1 with errno (ETIMEDOUT when it ran out) */
static int cli_net_connect_within(int fd, const struct sockaddr *addr, socklen_t len, int timeout_ms)
{
    if (timeout_ms <= 0)
        return connect(fd, addr, len);
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    int rc = connect(fd, addr, len);
    if (rc < 0 && errno == EINPROGRESS) {
        struct pollfd p = { fd, POLLOUT, 0 };
        int ready;
        while ((ready = poll(&p, 1, timeout_ms)) < 0 && errno == EINTR)
            ;
        int soerr = 0;
        socklen_t soerr_len = sizeof soerr;
        if (ready == 0)
            soerr = ETIMEDOUT;
        else if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &soerr_len) < 0)
            soerr = errno;
        rc = soerr ? -1 : 0;
        errno = soerr;
    }
    int saved = errno;
    if (fcntl(fd, F_SETFL, flags) < 0 && rc == 0)
        return -1;
    errno = saved;
    return rc;
}

int cli_net_connect(const char *who, const char *host, const char *port, int timeout_ms)
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
        if (cli_net_connect_within(fd, ai->ai_addr, ai->ai_addrlen, timeout_ms) == 0)
            break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (err == ETIMEDOUT && timeout_ms > 0)
            fprintf(stderr, "%s: cannot connect to %s port %s: no answer within %d s (--timeout)\n", who, host,
                    port, timeout_ms / 1000);
        else
            fprintf(stderr, "%s: cannot connect to %s port %s: %s\n", who, host, port, strerror(err));
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int cli_net_timeout_arg(const char *who, const char *value, int *ms)
{
    char *end = NULL;
    long n = value != NULL && value[0] >= '0' && value[0] <= '9' ? strtol(value, &end, 10) : -1;
    if (n < 1 || n > 3600 || end == NULL || *end != '\0') {
        fprintf(stderr, "%s: --timeout takes seconds, 1 to 3600, not '%s'\n", who, value ? value : "");
        return 0;
    }
    *ms = (int)n * 1000;
    return 1;
}

int cli_net_listen(const char *who, const char *addr, const char *port, int *bound)
{
    return cli_net_listen_on(who, addr, port, 64, 0, bound);
}

int cli_net_somaxconn(void)
{
    /* the kernel caps a listen backlog at this; asking for it gets the most the system allows */
    FILE *f = fopen("/proc/sys/net/core/somaxconn", "r");
    int n = 0;
    if (f != NULL) {
        if (fscanf(f, "%d", &n) != 1)
            n = 0;
        fclose(f);
    }
    return n > 0 ? n : SOMAXCONN;
}

int cli_net_listen_on(const char *who, const char *addr, const char *port, int backlog, int reuseport,
                      int *bound)
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
    int one = 1, fd;
    if (reuseport == CLI_NET_REUSEPORT_FIRST && strcmp(port, "0") != 0) {
        /* SO_REUSEPORT lets any socket of the same user share the port: a second server
         * started by mistake would silently take half the connections. A socket without it
         * finds out whether anyone holds the port now. */
        fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (fd >= 0 && (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
                        bind(fd, res->ai_addr, res->ai_addrlen) < 0)) {
            fprintf(stderr, "%s: cannot listen on %s port %s: %s\n", who, addr, port, strerror(errno));
            close(fd);
            freeaddrinfo(res);
            return -1;
        }
        if (fd >= 0)
            close(fd);
    }
    fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) ||
        bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, backlog) < 0) {
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

void cli_net_addr_name(const struct sockaddr *sa, char *out, size_t cap)
{
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (sa != NULL && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
        port = ntohs(s6->sin6_port);
    } else if (sa != NULL && sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
        port = ntohs(s4->sin_port);
    }
    snprintf(out, cap, strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, port);
}

int64_t cli_net_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
