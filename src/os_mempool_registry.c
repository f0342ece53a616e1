/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The registry: every initialised pool, in the order it was first
 * registered, so tools can list the pools of a running system.
 */

#include <stddef.h>
#include <string.h>

#include "os/os_mempool.h"
#include "os_mempool_priv.h"

static struct os_mempool *os_mempool_first;
static os_port_lock_t os_mempool_registry_lock;

/*
 * The link that points at mp, or the last link (holding NULL) when mp is
 * not registered: where it would be appended. Registration walks the list
 * anyway to refuse a second entry, so no tail pointer is kept.
 */
static struct os_mempool **
os_mempool_find_link(const struct os_mempool *mp)
{
    struct os_mempool **link = &os_mempool_first;

    while (*link != NULL && *link != mp) {
        link = &(*link)->mp_list.stqe_next;
    }
    return link;
}

os_error_t
os_mempool_registry_set(struct os_mempool *mp, int add)
{
    struct os_mempool **link;
    os_error_t rc = OS_INVALID_PARAM;
    os_sr_t sr;

    sr = os_crit_enter(&os_mempool_registry_lock);
    link = os_mempool_find_link(mp);
    if ((*link == NULL) == (add != 0)) {
        /* Adding, link is the last one: it takes mp. Removing, link points
         * at mp: it takes what follows mp. Either way mp leads nowhere. */
        *link = add ? mp : mp->mp_list.stqe_next;
        mp->mp_list.stqe_next = NULL;
        rc = OS_OK;
    }
    os_crit_exit(&os_mempool_registry_lock, sr);
    return rc;
}

os_error_t
os_mempool_unregister(struct os_mempool *mp)
{
    /* A NULL pool is never found, so it is refused like any other. */
    return os_mempool_registry_set(mp, 0);
}

static void
os_mempool_describe(const struct os_mempool *mp, struct os_mempool_info *omi)
{
    size_t len;

    omi->omi_block_size = (int)mp->mp_block_size;
    omi->omi_num_blocks = (int)mp->mp_num_blocks;
    omi->omi_num_free = (int)mp->mp_num_free;
    omi->omi_min_free = (int)mp->mp_min_free;
    for (len = 0; mp->name != NULL && len < OS_MEMPOOL_INFO_NAME_LEN - 1 &&
                  mp->name[len] != '\0';
         len++) {
        omi->omi_name[len] = mp->name[len];
    }
    omi->omi_name[len] = '\0';
}

struct os_mempool *
os_mempool_info_get_next(struct os_mempool *mp, struct os_mempool_info *omi)
{
    struct os_mempool *next;
    os_sr_t sr;

    sr = os_crit_enter(&os_mempool_registry_lock);
    next = mp == NULL ? os_mempool_first : mp->mp_list.stqe_next;
    if (next != NULL && omi != NULL) {
        os_mempool_describe(next, omi);
    }
    os_crit_exit(&os_mempool_registry_lock, sr);
    return next;
}

os_error_t
os_mempool_info_get(struct os_mempool *mp, struct os_mempool_info *omi)
{
    os_sr_t sr;

    if (mp == NULL || omi == NULL) {
        return OS_INVALID_PARAM;
    }
    sr = os_crit_enter(&mp->mp_lock);
    os_mempool_describe(mp, omi);
    os_crit_exit(&mp->mp_lock, sr);
    return OS_OK;
}

void
os_mempool_module_init(void)
{
    os_sr_t sr;

    sr = os_crit_enter(&os_mempool_registry_lock);
    os_mempool_first = NULL;
    os_crit_exit(&os_mempool_registry_lock, sr);
}

struct os_mempool *
os_mempool_get(const char *name, struct os_mempool_info *info)
{
    struct os_mempool *mp = NULL;
    os_sr_t sr;

    if (name == NULL) {
        return NULL;
    }
    sr = os_crit_enter(&os_mempool_registry_lock);
    for (mp = os_mempool_first; mp != NULL; mp = mp->mp_list.stqe_next) {
        if (mp->name != NULL && strcmp(mp->name, name) == 0) {
            if (info != NULL) {
                os_mempool_describe(mp, info);
            }
            break;
        }
    }
    os_crit_exit(&os_mempool_registry_lock, sr);
    return mp;
}
