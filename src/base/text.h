/* Searching text that is not NUL-terminated: a string in it, and PEM's "-----BEGIN <label>-----"
 * lines (RFC 7468 §2), which the PEM reader, the key reader and the configuration's messages
 * all look for. */
#ifndef LT_BASE_TEXT_H
#define LT_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/span.h"

/* The first place needle occurs in hay[0..hay_len), or NULL. */
const char *lt_text_find(const char *hay, size_t hay_len, const char *needle);
/* Finds the next "-----BEGIN <label>-----" at or after text[*pos], the label on one line:
 * returns true, points *label at the label's bytes in text and moves *pos past the line's
 * dashes; false when there is none (*pos then len). */
bool lt_pem_label_next(const char *text, size_t len, size_t *pos, lt_span *label);
/* Whether a span (a label found above) is the text want. */
bool lt_text_is(lt_span s, const char *want);

#endif
