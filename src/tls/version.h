/* What TLS 1.3 and TLS 1.2 do differently once records flow, chosen with the machine that
 * settles the version (LT_OPS: each machine names its version's), so that the shared record processing (engine.c) never names a version:
 * a ChangeCipherSpec in the clear, how many records a write key seals, what happens when it has
 * sealed them (a KeyUpdate, or the end of the connection), and which warning alerts a peer may
 * send. Post-handshake messages are the post-handshake machines' (machine.c). */
#ifndef LT_TLS_VERSION_H
#define LT_TLS_VERSION_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "latch.h"

typedef struct {
    uint16_t version;
    /* a plaintext ChangeCipherSpec record's fragment */
    int (*ccs_record)(latch_conn *conn, const uint8_t *fragment, size_t len);
    /* the records one write key may seal before write_key_spent */
    uint64_t (*write_key_limit)(const latch_conn *conn);
    int (*write_key_spent)(latch_conn *conn);
    /* whether a warning alert of that description (not close_notify, user_canceled) is taken */
    int (*warning_ok)(int description);
    /* the first thing after the handshake (the dispatcher calls it once the handshake state is
     * gone): a TLS 1.3 server's ticket */
    int (*on_connected)(latch_conn *conn);
} lt_version_ops;

/* TLS 1.3's, also before the version is settled (a TLS 1.2 peer sends nothing version-specific
 * before its hello). */
extern const lt_version_ops lt_tls13_ops;
extern const lt_version_ops lt_tls12_ops;

#endif
