/* latch_certlist: an ordered list of certificates (a leaf and its intermediates). Parsing is
 * strict and all-or-nothing per call, and a list holds a leaf and at most
 * LATCH_CERTLIST_MAX_INTERMEDIATES more certificates so a peer cannot make path building slow by
 * sending thousands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "latch.h"

#include "api/status.h"

#include "base/err.h"
#include "base/file.h"
#include "api/certlist.h"
#include "x509/certset.h"

/* the leaf, and the intermediates the cap counts */
#define LT_CERTLIST_MAX (1 + LATCH_CERTLIST_MAX_INTERMEDIATES)

struct latch_certlist {
    lt_certset set;
    char error[192];
};

LATCH_API latch_certlist *latch_certlist_new(void)
{
    latch_certlist *list = lt_calloc(1, sizeof *list);
    if (list != NULL)
        list->set.limit = LT_CERTLIST_MAX;
    return list;
}

LATCH_API void latch_certlist_free(latch_certlist *list)
{
    if (list == NULL)
        return;
    lt_certset_clear(&list->set);
    lt_free(list);
}

/* The set counts every certificate; people count the intermediates besides the leaf. */
static void lt_certlist_say_limit(latch_certlist *list)
{
    snprintf(list->error, sizeof list->error,
             "too many certificates (a leaf and at most %d intermediates)",
             LATCH_CERTLIST_MAX_INTERMEDIATES);
}

LATCH_API latch_status latch_certlist_add_pem(latch_certlist *list, const char *pem, size_t len)
{
    size_t added;
    if (list == NULL || pem == NULL)
        return LATCH_ERR_INVALID_ARG;
    list->error[0] = '\0';
    int rc = lt_certset_add_pem(&list->set, pem, len, 0, &added, NULL, list->error, sizeof list->error);
    if (rc == LT_ERR_LIMIT)
        lt_certlist_say_limit(list);
    return lt_status_public(rc);
}

LATCH_API latch_status latch_certlist_add_file(latch_certlist *list, const char *path)
{
    uint8_t *text = NULL;
    size_t len = 0;
    if (list == NULL || path == NULL)
        return LATCH_ERR_INVALID_ARG;
    int rc = lt_file_read(path, &text, &len);
    if (rc < 0) {
        char why[128];
        snprintf(list->error, sizeof list->error, "%s", lt_file_why(rc, why, sizeof why));
        return lt_status_public(rc);
    }
    rc = (int)latch_certlist_add_pem(list, (const char *)text, len);
    lt_free(text);
    return lt_status_public(rc);
}

LATCH_API latch_status latch_certlist_add_der(latch_certlist *list, const uint8_t *der, size_t len)
{
    const char *problem = NULL;
    if (list == NULL || der == NULL)
        return LATCH_ERR_INVALID_ARG;
    list->error[0] = '\0';
    int rc = lt_certset_add_der(&list->set, der, len, &problem);
    if (rc == LT_ERR_LIMIT)
        lt_certlist_say_limit(list);
    else if (rc < 0)
        snprintf(list->error, sizeof list->error, "%s", problem ? problem : lt_err_str(rc));
    return lt_status_public(rc);
}

LATCH_API size_t latch_certlist_count(const latch_certlist *list)
{
    return list ? list->set.count : 0;
}

LATCH_API const char *latch_certlist_error(const latch_certlist *list)
{
    return list ? list->error : "";
}

const lt_certset *lt_certlist_set(const latch_certlist *list)
{
    return &list->set;
}
