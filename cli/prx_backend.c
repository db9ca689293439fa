/* The proxy's backends: each --to (or --to-tls) resolved once at the start, the route for a
 * client's server name (SNI routing; a name without a route and no default route is refused
 * during the handshake with unrecognized_name, RFC 6066 §3), and a non-blocking connect. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "prx.h"

int prx_route_add(prx_options *opts, const char *spec, int named_allowed)
{
    char host[256], port[16];
    const char *target = spec, *eq = strchr(spec, '=');
    if (opts->n_routes >= PRX_MAX_ROUTES) {
        fprintf(stderr, "latch proxy: more than %d backends\n", PRX_MAX_ROUTES);
        return -1;
    }
    prx_route *route = &opts->routes[opts->n_routes];
    memset(route, 0, sizeof *route);
    if (eq != NULL) {
        size_t name_len = (size_t)(eq - spec);
        if (!named_allowed || name_len == 0 || name_len >= sizeof route->name) {
            fprintf(stderr, "latch proxy: '%s': %s\n", spec, named_allowed ? "NAME=HOST:PORT needs a server name "
                    "of 1 to 255 characters" : "--to-tls takes HOST:PORT");
            return -1;
        }
        memcpy(route->name, spec, name_len);
        target = eq + 1;
    }
    for (size_t i = 0; i < opts->n_routes; i++)
        if (strcasecmp(opts->routes[i].name, route->name) == 0) {
            fprintf(stderr, "latch proxy: two backends for %s%s\n", route->name[0] ? "the server name " : "",
                    route->name[0] ? route->name : "the default route (--to HOST:PORT)");
            return -1;
        }
    if (strchr(target, ':') == NULL) {
        fprintf(stderr, "latch proxy: '%s': the backend needs a port (HOST:PORT)\n", target);
        return -1;
    }
    if (cli_net_split("latch proxy", target, host, sizeof host, port, sizeof port) < 0 ||
        !cli_net_port_ok("latch proxy", port))
        return -1;
    struct addrinfo hints, *found = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &found);
    if (rc != 0 || found == NULL) {
        fprintf(stderr, "latch proxy: backend %s: %s\n", target, rc ? gai_strerror(rc) : "no address");
        return -1;
    }
    memcpy(&route->addr, found->ai_addr, found->ai_addrlen);
    route->addr_len = found->ai_addrlen;
    freeaddrinfo(found);
    snprintf(route->target, sizeof route->target, "%s", target);
    if (route->name[0] == '\0')
        opts->default_route = (int)opts->n_routes;
    opts->n_routes++;
    return 0;
}

const prx_route *prx_route_find(const prx_options *opts, const char *server_name)
{
    for (size_t i = 0; server_name != NULL && server_name[0] && i < opts->n_routes; i++)
        if (opts->routes[i].name[0] && strcasecmp(opts->routes[i].name, server_name) == 0)
            return &opts->routes[i];
    return opts->default_route >= 0 ? &opts->routes[opts->default_route] : NULL;
}

int prx_route_check(void *opts, const latch_conn *conn)
{
    return prx_route_find(opts, latch_conn_server_name(conn)) ? -1 : -2;
}

int prx_backend_connect(const prx_route *route, char *why, size_t cap)
{
    int fd = socket(route->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(why, cap, "backend %s: %s", route->target, strerror(errno));
        return -1;
    }
    if (connect(fd, (const struct sockaddr *)&route->addr, route->addr_len) < 0 && errno != EINPROGRESS) {
        snprintf(why, cap, "backend %s: %s", route->target, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}
