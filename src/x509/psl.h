/* The Public Suffix List (https://publicsuffix.org/list/): which names are suffixes under which
 * anyone may register a name ("com", "co.uk", "github.io"), so that a wildcard directly above
 * one ("*.co.uk", "*.github.io") can be refused (CA/Browser Forum BR §3.2.2.6, §7.1.2.7.12).
 * The list is Debian's `publicsuffix` package (LT_PSL_DEFAULT_PATH), both its ICANN and its
 * PRIVATE sections, read once per process on first use; the environment variable
 * LATCH_PUBLIC_SUFFIX_LIST names another file. When the file is absent, unreadable, larger than
 * LT_PSL_MAX_FILE or holds more than LT_PSL_MAX_RULES rules, latch falls back to the list's
 * implicit rule alone: every single-label name ("com", "test") is a public suffix. Rules written
 * in Unicode are turned into A-labels (RFC 3492 Punycode) so they compare with certificates. */
#ifndef LT_X509_PSL_H
#define LT_X509_PSL_H

#include "base/err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LT_PSL_DEFAULT_PATH "/usr/share/publicsuffix/public_suffix_list.dat"
#define LT_PSL_ENV "LATCH_PUBLIC_SUFFIX_LIST"
#define LT_PSL_MAX_FILE (4u * 1024u * 1024u)
#define LT_PSL_MAX_RULES 100000u

typedef struct lt_psl lt_psl;

/* Parses the text of a list. Lines that are not rules latch can use (a wildcard that is not the
 * left-most label, bad UTF-8, a name over 253 bytes) are skipped. LT_ERR_LIMIT over
 * LT_PSL_MAX_FILE bytes or LT_PSL_MAX_RULES rules, LT_ERR_NOMEM. */
LT_MUST_USE int lt_psl_parse(const uint8_t *text, size_t len, lt_psl **out);
void lt_psl_free(lt_psl *psl);
/* How many rules a parsed list holds. */
size_t lt_psl_rule_count(const lt_psl *psl);

/* Whether name (ASCII, compared case-insensitively, no trailing dot) is a public suffix under
 * psl; with psl NULL, under the fallback (single-label names only). */
bool lt_psl_is_public_suffix(const lt_psl *psl, const uint8_t *name, size_t len);

/* The process's list, loaded once (thread-safe); NULL when it could not be loaded, in which
 * case the fallback applies. */
const lt_psl *lt_psl_default(void);

#endif
