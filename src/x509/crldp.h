/* CRL distribution points (RFC 5280 §4.2.1.13) and the DistributionPointName they share with a
 * CRL's issuingDistributionPoint (§5.2.5): strict DER reading and the name matching of §6.3.3
 * (b)(2). Names are compared as DER, byte for byte (GeneralName tag and value), as latch compares
 * issuer and subject Names. */
#ifndef LT_X509_CRLDP_H
#define LT_X509_CRLDP_H

#include "base/err.h"
#include <stdbool.h>

#include "base/reader.h"
#include "base/span.h"

/* Most DistributionPoints one certificate may list, and most names in one GeneralNames of a
 * distribution point, a cRLIssuer, an issuingDistributionPoint or a CRL entry's
 * certificateIssuer: matching two lists is quadratic, so both are bounded. */
#define LT_CRLDP_MAX 8
#define LT_CRLDP_MAX_NAMES 16

/* One DistributionPoint. */
typedef struct {
    lt_span full_name;   /* distributionPoint fullName: GeneralNames contents, or empty */
    bool relative_name;  /* distributionPoint is a nameRelativeToCRLIssuer (never matched) */
    bool has_reasons;
    lt_span crl_issuer;  /* cRLIssuer: GeneralNames contents, or empty */
} lt_crldp;

/* Checks a CRLDistributionPoints extension value: a non-empty SEQUENCE of at most LT_CRLDP_MAX
 * DistributionPoints, each with a distributionPoint or a cRLIssuer (§4.2.1.13). On success *list
 * is the SEQUENCE contents, for lt_crldp_next. */
LT_MUST_USE int lt_crldp_parse_list(lt_span value, lt_span *list);

/* The next DistributionPoint of a list lt_crldp_parse_list accepted: 1, 0 at the end, or
 * LT_ERR_DECODE. */
LT_MUST_USE int lt_crldp_next(lt_reader *list, lt_crldp *dp);

/* Reads a DistributionPointName (the contents of the [0] that holds it): fullName into
 * *full_name, or *relative set. */
LT_MUST_USE int lt_crldp_read_name(lt_span dp_name, lt_span *full_name, bool *relative);

/* Checks GeneralNames contents: well formed, 1 to LT_CRLDP_MAX_NAMES names. */
LT_MUST_USE int lt_crldp_check_names(lt_span names);

/* Whether two GeneralNames (contents) share a name. */
bool lt_crldp_names_meet(lt_span a, lt_span b);

/* Whether GeneralNames (contents) hold a directoryName equal to name (a whole Name element). */
bool lt_crldp_names_have_directory(lt_span names, lt_span name);

#endif
