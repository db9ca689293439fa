/* Alert names for messages (RFC 8446 §6), and the HelloRetryRequest marker (§4.1.3). */
#include "tls/proto.h"

#include <stddef.h>

const unsigned char lt_hrr_random[32] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

const char *lt_alert_name(int description)
{
    static const struct {
        int code;
        const char *name;
    } names[] = {
        { LT_ALERT_CLOSE_NOTIFY, "close_notify" },
        { LT_ALERT_UNEXPECTED_MESSAGE, "unexpected_message" },
        { LT_ALERT_BAD_RECORD_MAC, "bad_record_mac" },
        { LT_ALERT_RECORD_OVERFLOW, "record_overflow" },
        { LT_ALERT_HANDSHAKE_FAILURE, "handshake_failure" },
        { LT_ALERT_BAD_CERTIFICATE, "bad_certificate" },
        { LT_ALERT_UNSUPPORTED_CERTIFICATE, "unsupported_certificate" },
        { LT_ALERT_CERTIFICATE_REVOKED, "certificate_revoked" },
        { LT_ALERT_CERTIFICATE_EXPIRED, "certificate_expired" },
        { LT_ALERT_CERTIFICATE_UNKNOWN, "certificate_unknown" },
        { LT_ALERT_ILLEGAL_PARAMETER, "illegal_parameter" },
        { LT_ALERT_UNKNOWN_CA, "unknown_ca" },
        { LT_ALERT_ACCESS_DENIED, "access_denied" },
        { LT_ALERT_DECODE_ERROR, "decode_error" },
        { LT_ALERT_DECRYPT_ERROR, "decrypt_error" },
        { LT_ALERT_PROTOCOL_VERSION, "protocol_version" },
        { LT_ALERT_INSUFFICIENT_SECURITY, "insufficient_security" },
        { LT_ALERT_INTERNAL_ERROR, "internal_error" },
        { LT_ALERT_INAPPROPRIATE_FALLBACK, "inappropriate_fallback" },
        { LT_ALERT_USER_CANCELED, "user_canceled" },
        { LT_ALERT_NO_RENEGOTIATION, "no_renegotiation" },
        { LT_ALERT_MISSING_EXTENSION, "missing_extension" },
        { LT_ALERT_UNSUPPORTED_EXTENSION, "unsupported_extension" },
        { LT_ALERT_UNRECOGNIZED_NAME, "unrecognized_name" },
        { LT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "bad_certificate_status_response" },
        { LT_ALERT_UNKNOWN_PSK_IDENTITY, "unknown_psk_identity" },
        { LT_ALERT_CERTIFICATE_REQUIRED, "certificate_required" },
        { LT_ALERT_NO_APPLICATION_PROTOCOL, "no_application_protocol" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].code == description)
            return names[i].name;
    return "unknown alert";
}
