/* `latch client HOST:PORT`: connects, verifies, prints a one-line summary on stderr, then
 * copies stdin to the connection and the connection to stdout until both sides have closed.
 * One poll() loop over the socket and stdin drives the sans-I/O engine. Exit status: 0 clean
 * close, 1 TLS or verification failure or a close without close_notify (the reason on stderr),
 * 2 usage. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "devca/pem_write.h"
#include "latch.h"
#include "net.h"
#include "tlsopts.h"

static const char cli_client_usage[] =
    "usage: latch client HOST[:PORT] [--servername NAME] [--roots FILE|DIR|system]\n"
    "                    [--alpn LIST] [--groups LIST] [--suites LIST] [--key-update]\n"
    "                    [--profile NAME] [--tls12|--tls13] [--rsa-kex] [--require-ems] [--cert FILE --key FILE]\n"
    "                    [--sess-in FILE] [--sess-out FILE] [--insecure] [--quiet]\n"
    "                    [--no-ocsp | --require-ocsp]\n"
    "\n"
    "Connects with TLS 1.3 or 1.2, verifies the server's certificate chain and name, prints a\n"
    "summary on stderr, then copies stdin to the server and the server's data to stdout until\n"
    "both sides have closed (stdin's end sends close_notify). PORT is 443 when omitted; an IPv6\n"
    "address goes in brackets: [::1]:8443.\n"
    "\n"
    "  --servername NAME   name to send (SNI) and verify (default: HOST)\n"
    "  --roots FILE|DIR|system  trust anchors: a PEM bundle, a directory of them, or the system\n"
    "                      store (the default)\n"
    "  --alpn LIST         application protocols, e.g. h2,http/1.1\n"
    "  --groups LIST       key exchange groups (default X25519MLKEM768,x25519,secp256r1,\n"
    "                      secp384r1; the hybrid X25519MLKEM768 and SecP256r1MLKEM768 are\n"
    "                      post-quantum, TLS 1.3 only; a hybrid first also sends a share for\n"
    "                      the first classical group)\n"
    "  --suites LIST       TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,\n"
    "                      TLS_CHACHA20_POLY1305_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,\n"
    "                      ... (IANA names; TLS_RSA_* need --rsa-kex)\n"
    CLI_TLSOPTS_HELP
    "  --cert FILE --key FILE  our certificate chain and key, for servers that ask (mutual TLS)\n"
    "  --sess-out FILE     save the session at the end, to resume later (a secret: mode 0600)\n"
    "  --sess-in FILE      resume the session saved there (a full handshake if it cannot)\n"
    "  --key-update        send a KeyUpdate (asking the server for one) after the handshake\n"
    "  --timeout SECONDS   give up when connecting and the handshake take longer (default 30)\n"
    "  --show-chain[=pem]  print the server's certificates as sent (subject, issuer, validity, key,\n"
    "                      names, SHA-256 fingerprint; or PEM), like s_client -showcerts\n"
    "  --insecure          do not verify the server at all (testing only!)\n"
    "  --no-ocsp           do not ask for the server's stapled OCSP response (asked for and\n"
    "                      checked by default: revoked fails; an unusable one is ignored unless\n"
    "                      the certificate is must-staple)\n"
    "  --require-ocsp      fail unless the server staples a usable OCSP response saying good\n"
    "  --quiet             no summary\n"
    "\n"
    "Exit status: 0 clean close (close_notify both ways); 1 TLS or verification failure, or the\n"
    "server closed the connection without close_notify (the data may be truncated); 2 bad usage.\n";

static int cli_client_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "latch client: %s%s%s\nrun 'latch client --help' for usage\n", msg,
            arg ? " " : "", arg ? arg : "");
    return 2;
}

static void cli_client_summary(latch_conn *conn, const char *server_name, int verify)
{
    const char *alpn = latch_conn_alpn(conn);
    fprintf(stderr, "%s, %s, %s%s", cli_version_name(latch_conn_version(conn)), latch_conn_suite(conn),
            cli_group_name(conn),
            latch_conn_hello_retry(conn) ? " (after HelloRetryRequest)" : "");
    if (verify)
        fprintf(stderr, ", server certificate for '%s' verified by '%s'", server_name,
                latch_conn_peer_root(conn));
    else
        fprintf(stderr, ", server certificate NOT verified (--insecure)");
    if (latch_conn_ocsp_status(conn) != LATCH_OCSP_NONE)
        fprintf(stderr, ", %s", latch_conn_ocsp_status(conn) == LATCH_OCSP_GOOD ? "OCSP response good"
                                                                                 : "unusable OCSP response ignored");
    if (alpn[0] != '\0')
        fprintf(stderr, ", ALPN %s", alpn);
    if (latch_conn_resumed(conn))
        fprintf(stderr, ", resumed");
    if (!latch_conn_extended_master_secret(conn))
        fprintf(stderr, ", no extended master secret (the session will not be resumed)");
    fprintf(stderr, "\n");
}

/* The connection's failure, and what to do when the server wanted a certificate we did not give
 * (in TLS 1.3 its certificate_required comes after our handshake is done: the success line is
 * already out, so this line must say why the connection then ended). */
static void cli_client_error(latch_conn *conn, int have_cert)
{
    const char *error = latch_conn_error(conn);
    int wants_cert = !have_cert && strstr(error, "certificate_required") != NULL;
    fprintf(stderr, "latch client: %s%s\n", error,
            wants_cert ? " (give one with --cert FILE --key FILE)" : "");
}

/* Writes all of data to stdout. */
static int cli_client_stdout(const uint8_t *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* --show-chain: the server's certificates as sent, described (or as PEM, with =pem), on stderr
 * like the summary, so that stdout stays the server's data. */
static void cli_client_show_chain(const latch_conn *conn, int pem)
{
    size_t count = latch_conn_peer_cert_count(conn);
    for (size_t i = 0; i < count; i++) {
        size_t len = 0;
        const uint8_t *der = latch_conn_peer_cert(conn, i, &len);
        latch_cert_info info;
        if (pem) {
            size_t cap = lt_pem_write_size("CERTIFICATE", len), text_len = 0;
            char *text = malloc(cap);
            if (text != NULL && lt_pem_write("CERTIFICATE", der, len, text, cap, &text_len) == 0)
                fwrite(text, 1, text_len, stderr);
            else
                fprintf(stderr, "certificate %zu: out of memory\n", i + 1);
            free(text);
        } else if (latch_cert_describe(der, len, &info) == LATCH_OK) {
            fprintf(stderr, "certificate %zu: %s\n  issuer:   %s\n  valid:    %s to %s\n  key:      %s, signed "
                            "with %s\n  names:    %s\n  sha256:   %s\n",
                    i + 1, info.about.subject, info.about.issuer, info.about.not_before, info.about.not_after,
                    info.about.key, info.about.signature, info.names[0] ? info.names : "(none)", info.sha256);
        } else {
            fprintf(stderr, "certificate %zu: does not parse (%zu bytes)\n", i + 1, len);
        }
    }
}

/* SIGINT / SIGTERM: the loop sends close_notify and exits (128 + the signal, as shells expect). */
static volatile sig_atomic_t cli_client_stop;

static void cli_client_on_signal(int sig)
{
    cli_client_stop = sig;
}

/* After our close_notify: a moment for the server's, so that it does not find the socket gone
 * while it answers (1 s at most; what it still sends is dropped). */
static void cli_client_await_close(latch_conn *conn, int fd)
{
    uint8_t sink[4096];
    for (int waits = 0; waits < 10; waits++) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 100) <= 0)
            continue;
        if (latch_fd_fill(conn, fd) < 0)
            return;
        size_t n;
        latch_status st;
        while ((st = latch_read(conn, sink, sizeof sink, &n)) == LATCH_OK)
            ;
        if (st != LATCH_WANT_READ)
            return; /* its close_notify (or the end) */
    }
}

int cli_client_main(int argc, char **argv)
{
    const char *target = NULL, *server_name = NULL, *roots = "system", *alpn = NULL, *groups = NULL,
               *suites = NULL;
    int insecure = 0, quiet = 0, key_update = 0, timeout_ms = CLI_DEFAULT_TIMEOUT_MS, show_chain = 0;
    latch_ocsp_mode ocsp_mode = LATCH_OCSP_ASK;
    const char *cert = NULL, *key = NULL, *sess_in = NULL, *sess_out = NULL;
    cli_tlsopts tlsopts;
    cli_tlsopts_init(&tlsopts);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken, used;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(cli_client_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--insecure") == 0) {
            insecure = 1;
        } else if (strcmp(arg, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(arg, "--no-ocsp") == 0) {
            ocsp_mode = LATCH_OCSP_OFF;
        } else if (strcmp(arg, "--require-ocsp") == 0) {
            ocsp_mode = LATCH_OCSP_REQUIRE;
        } else if (strcmp(arg, "--key-update") == 0) {
            key_update = 1;
        } else if (strcmp(arg, "--show-chain") == 0 || strcmp(arg, "--show-chain=pem") == 0) {
            show_chain = arg[12] == '=' ? 2 : 1;
        } else if (strcmp(arg, "--timeout") == 0) {
            if (!cli_net_timeout_arg("latch client", value, &timeout_ms))
                return 2;
            i++;
        } else if ((taken = cli_tlsopts_parse(&tlsopts, arg, value, &used)) != 0) {
            if (taken < 0)
                return 2;
            i += used;
        } else if (strcmp(arg, "--cert") == 0 || strcmp(arg, "--key") == 0 ||
                   strcmp(arg, "--sess-in") == 0 || strcmp(arg, "--sess-out") == 0) {
            if (value == NULL)
                return cli_client_usage_error("missing value after", arg);
            *(arg[2] == 'c' ? &cert : arg[2] == 'k' ? &key : arg[7] == 'i' ? &sess_in : &sess_out) = value;
            i++;
        } else if (strcmp(arg, "--servername") == 0 || strcmp(arg, "--roots") == 0 ||
                   strcmp(arg, "--alpn") == 0 || strcmp(arg, "--groups") == 0 ||
                   strcmp(arg, "--suites") == 0) {
            if (value == NULL)
                return cli_client_usage_error("missing value after", arg);
            *(arg[2] == 's' && arg[3] == 'e' ? &server_name : arg[2] == 'r' ? &roots
              : arg[2] == 'a' ? &alpn : arg[2] == 'g' ? &groups : &suites) = value;
            i++;
        } else if (arg[0] == '-') {
            return cli_client_usage_error("unknown option", arg);
        } else if (target == NULL) {
            target = arg;
        } else {
            return cli_client_usage_error("more than one HOST[:PORT]:", arg);
        }
    }
    if (target == NULL)
        return cli_client_usage_error("missing HOST[:PORT]", NULL);
    char host[256], port[32];
    if (cli_net_split("latch client", target, host, sizeof host, port, sizeof port) < 0)
        return 2;
    if (server_name == NULL)
        server_name = host;
    if ((cert == NULL) != (key == NULL))
        return cli_client_usage_error("--cert and --key go together", NULL);

    latch_config *cfg = latch_config_new(LATCH_ROLE_CLIENT);
    latch_conn *conn = NULL;
    int fd = -1, exit_code = 1;
    if (cfg == NULL)
        goto out;
    if (cli_tlsopts_apply(&tlsopts, cfg) != LATCH_OK || latch_config_set_ocsp_stapling(cfg, ocsp_mode) != LATCH_OK ||
        (cert && latch_config_add_identity(cfg, cert, key) != LATCH_OK) ||
        (suites && latch_config_set_suites(cfg, suites) != LATCH_OK) ||
        (groups && latch_config_set_groups(cfg, groups) != LATCH_OK) ||
        (alpn && latch_config_set_alpn(cfg, alpn) != LATCH_OK)) {
        fprintf(stderr, "latch client: %s\n", latch_config_error(cfg));
        exit_code = 2;
        goto out;
    }
    if (insecure) {
        fprintf(stderr, "latch client: WARNING: --insecure: the server's certificate is NOT "
                        "verified; anyone on the path can read and change this connection\n");
        latch_config_set_verify(cfg, 0);
    } else if (latch_config_set_roots_file(cfg, roots) != LATCH_OK) {
        fprintf(stderr, "latch client: %s\n", latch_config_error(cfg));
        exit_code = 2; /* (unreadable input) */
        goto out;
    } else if (latch_config_freeze(cfg) != LATCH_OK) {
        fprintf(stderr, "latch client: %s\n", latch_config_error(cfg));
        goto out;
    }
    /* (a session that cannot be used means a full handshake; the reason is printed) */
    if (sess_in != NULL && latch_config_freeze(cfg) == LATCH_OK)
        (void)cli_session_load(cfg, sess_in);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction stop_action;
    memset(&stop_action, 0, sizeof stop_action);
    stop_action.sa_handler = cli_client_on_signal; /* (no SA_RESTART: poll() returns) */
    sigaction(SIGINT, &stop_action, NULL);
    sigaction(SIGTERM, &stop_action, NULL);
    int64_t deadline_ms = cli_net_now_ms() + timeout_ms; /* connect and handshake */
    fd = cli_net_connect("latch client", host, port, timeout_ms);
    if (fd < 0 || cli_net_nonblocking(fd) < 0)
        goto out;
    conn = latch_conn_new(cfg, server_name);
    if (conn == NULL) {
        fprintf(stderr, "latch client: cannot start a connection: %s\n", latch_config_error(cfg));
        goto out;
    }

    int handshaken = 0, stdin_open = 1, closed_by_peer = 0;
    /* one buffer per direction: a block of stdin can wait for the engine's room while the
     * server's data keeps flowing to stdout (one shared buffer had the download overwrite it) */
    uint8_t upload[16384], download[16384];
    size_t pending_len = 0, pending_off = 0; /* bytes of upload the engine has not taken yet */
    for (;;) {
        latch_status flushed = latch_fd_flush(conn, fd);
        if (flushed < 0) {
            fprintf(stderr, "latch client: cannot send: %s\n", strerror(errno));
            goto out;
        }
        if (closed_by_peer && flushed == LATCH_OK)
            break;
        /* "writable" matters while stdin bytes wait for the engine's room too, not only while
         * the engine holds records: the flush may have emptied it, and a server that only reads
         * would never wake us otherwise */
        struct pollfd fds[2] = { { fd, POLLIN | (flushed == LATCH_WANT_WRITE || pending_len > 0 ? POLLOUT : 0), 0 },
                                 { STDIN_FILENO, POLLIN, 0 } };
        int want_stdin = handshaken && stdin_open && pending_len == 0;
        /* until the handshake is done, the server has until the deadline to answer */
        int64_t left = deadline_ms - cli_net_now_ms();
        int ready = cli_client_stop ? -1 : poll(fds, want_stdin ? 2 : 1, handshaken ? -1 : left > 0 ? (int)left : 0);
        if (cli_client_stop) {
            /* the server learns the end was ours, not a cut by someone on the path */
            if (handshaken && latch_close_notify(conn) == LATCH_OK && latch_fd_flush(conn, fd) == LATCH_OK) {
                fprintf(stderr, "latch client: %s: sent close_notify\n", cli_client_stop == SIGINT ? "SIGINT" : "SIGTERM");
                cli_client_await_close(conn, fd);
            }
            exit_code = 128 + (int)cli_client_stop;
            goto out;
        }
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            goto out;
        }
        if (ready == 0 && !handshaken) {
            fprintf(stderr, "latch client: timed out after %d s waiting for the server's handshake "
                            "(connected, but no answer to our ClientHello; --timeout)\n", timeout_ms / 1000);
            goto out;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            latch_status got = latch_fd_fill(conn, fd);
            if (got < 0) {
                int socket_errno = errno;
                latch_fd_flush(conn, fd); /* our alert, if any */
                if (latch_conn_error(conn)[0] != '\0')
                    cli_client_error(conn, cert != NULL);
                else /* the socket failed, not TLS: say how */
                    fprintf(stderr, "latch client: the connection failed %s the handshake: %s\n",
                            handshaken ? "after" : "during", strerror(socket_errno));
                goto out;
            }
            if (!handshaken && latch_conn_handshake_done(conn)) {
                handshaken = 1;
                if (!quiet)
                    cli_client_summary(conn, server_name, !insecure);
                if (show_chain)
                    cli_client_show_chain(conn, show_chain == 2);
                latch_status ku = key_update ? latch_key_update(conn, 1) : LATCH_OK;
                if (ku == LATCH_ERR_UNSUPPORTED)
                    fprintf(stderr, "latch client: --key-update ignored: TLS 1.2 has no KeyUpdate\n");
                else if (ku != LATCH_OK)
                    fprintf(stderr, "latch client: KeyUpdate failed: %s\n", latch_conn_error(conn));
            }
            for (;;) {
                size_t n = 0;
                latch_status st = latch_read(conn, download, sizeof download, &n);
                if (st == LATCH_OK) {
                    if (cli_client_stdout(download, n) < 0)
                        goto out;
                    continue;
                }
                if (st == LATCH_CLOSED) {
                    closed_by_peer = 1;
                    latch_close_notify(conn); /* answer it */
                } else if (st < 0) {
                    latch_fd_flush(conn, fd); /* our alert first: the sentence then says "sent" */
                    cli_client_error(conn, cert != NULL);
                    goto out;
                }
                break;
            }
            if (got == LATCH_CLOSED && !closed_by_peer) {
                /* without close_notify the end of the data cannot be told from a cut made by
                 * anyone on the path (RFC 8446 §6.1), whether or not we had finished sending */
                if (!handshaken)
                    fprintf(stderr, "latch client: the server closed the connection during the "
                                    "handshake\n");
                else
                    fprintf(stderr, "latch client: the server closed the connection without "
                                    "close_notify, so the data may be truncated\n");
                goto out;
            }
        }
        if (want_stdin && (fds[1].revents & (POLLIN | POLLHUP))) {
            ssize_t n = read(STDIN_FILENO, upload, sizeof upload);
            if (n > 0) {
                pending_len = (size_t)n;
                pending_off = 0;
            } else if (n == 0) {
                stdin_open = 0;
                latch_close_notify(conn);
            }
        }
        while (pending_len > 0) {
            size_t taken = 0;
            latch_status st = latch_write(conn, upload + pending_off, pending_len, &taken);
            if (st < 0) {
                latch_fd_flush(conn, fd); /* our alert (or close_notify) first */
                cli_client_error(conn, cert != NULL);
                goto out;
            }
            pending_off += taken;
            pending_len -= taken;
            if (taken == 0)
                break; /* the output is full: poll for POLLOUT first */
        }
    }
    exit_code = 0;
out:
    if (conn != NULL && fd >= 0 && latch_conn_wants_write(conn))
        latch_fd_flush(conn, fd); /* whatever ended it, what we queued (an alert) goes out */
    if (sess_out != NULL && conn != NULL && latch_conn_handshake_done(conn))
        cli_session_save(conn, sess_out);
    latch_conn_free(conn);
    latch_config_free(cfg);
    if (fd >= 0)
        close(fd);
    return exit_code;
}
