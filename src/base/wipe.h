/* Secure wipe: clearing a secret that the compiler cannot prove is read again must still happen,
 * so the write goes through a volatile pointer and a compiler barrier. */
#ifndef LT_BASE_WIPE_H
#define LT_BASE_WIPE_H

#include <stddef.h>

void lt_wipe(void *p, size_t len);

#endif
