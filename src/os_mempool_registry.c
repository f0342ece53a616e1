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

/*
 * Mynewt's name and layout (a STAILQ_HEAD), so Mynewt code that saves and
 * restores it, as its tests do, works unchanged. Like Mynewt, the header
 * does not declare it: code that touches it declares it itself.
 */
STAILQ_HEAD(os_mempool_list, os_mempool)
g_os_mempool_list = STAILQ_HEAD_INITIALIZER(g_os_mempool_list);

static os_port_lock_t os_mempool_registry_lock;

/*
 * The link that points at mp, or the last link (holding NULL) when mp is
 * not registered: where it would be appended. Registration walks the list
 * anyway to refuse a second entry.
 */
static struct os_mempool **
os_mempool_find_link(const struct os_mempool *mp)
{
    struct os_mempool **link = &g_os_mempool_list.stqh_first;

    while (*link != NULL && *link != mp) {
        link = &(*link)->mp_list.stqe_next;
    }
    return link;
}

os_error_t
os_mempool_registry_set(struct os_mempool *mp, int op)
{
    struct os_mempool **link;
    os_error_t rc;
    os_sr_t sr;

    sr = os_crit_enter(&os_mempool_registry_lock);
    link = os_mempool_find_link(mp);
    if (op == OS_MEMPOOL_REGISTRY_FIND) {
        rc = *link != NULL ? OS_OK : OS_INVALID_PARAM;
    } else if ((*link == NULL) != (op == OS_MEMPOOL_REGISTRY_ADD)) {
        rc = OS_INVALID_PARAM;
    } else {
        /* Adding, link is the last one: it takes mp, and the tail moves to
         * mp's link. Removing, link points at mp: it takes what follows mp,
         * and becomes the tail if that is nothing. Either way mp leads
         * nowhere. */
        if (op == OS_MEMPOOL_REGISTRY_ADD) {
            *link = mp;
            g_os_mempool_list.stqh_last = &mp->mp_list.stqe_next;
        } else if ((*link = mp->mp_list.stqe_next) == NULL) {
            g_os_mempool_list.stqh_last = link;
        }
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
    return os_mempool_registry_set(mp, OS_MEMPOOL_REGISTRY_REMOVE);
}

void
os_mempool_module_init(void)
{
    os_sr_t sr;

    sr = os_crit_enter(&os_mempool_registry_lock);
    /* The pools keep their links, as in Mynewt, so that a copy of the head
     * saved before can be put back (Mynewt's tests do). */
    STAILQ_INIT(&g_os_mempool_list);
    os_crit_exit(&os_mempool_registry_lock, sr);
}

/* Copies the pool's counters and name; the pool is locked, so that they
 * agree with each other. */
static void
os_mempool_describe_locked(const struct os_mempool *mp,
                           struct os_mempool_info *omi)
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

static void
os_mempool_describe(struct os_mempool *mp, struct os_mempool_info *omi)
{
    os_sr_t sr;

    sr = os_crit_enter(OS_MEMPOOL_LOCK(mp));
    os_mempool_describe_locked(mp, omi);
    os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
}

struct os_mempool *
os_mempool_info_get_next(struct os_mempool *mp, struct os_mempool_info *omi)
{
    struct os_mempool *next;
    os_sr_t sr;

    /* The registry's lock, then the pool's: the only order they are
     * taken in together. */
    sr = os_crit_enter(&os_mempool_registry_lock);
    next = mp == NULL ? g_os_mempool_list.stqh_first : mp->mp_list.stqe_next;
    if (next != NULL && omi != NULL) {
        os_mempool_describe(next, omi);
    }
    os_crit_exit(&os_mempool_registry_lock, sr);
    return next;
}

os_error_t
os_mempool_info_get(struct os_mempool *mp, struct os_mempool_info *omi)
{
    if (mp == NULL || omi == NULL) {
        return OS_INVALID_PARAM;
    }
    os_mempool_describe(mp, omi);
    return OS_OK;
}

struct os_mempool *
os_mempool_get(const char *name, struct os_mempool_info *info)
{
    struct os_mempool *mp;
    os_sr_t sr;

    if (name == NULL) {
        return NULL;
    }
    sr = os_crit_enter(&os_mempool_registry_lock);
    for (mp = g_os_mempool_list.stqh_first; mp != NULL;
         mp = mp->mp_list.stqe_next) {
        /* A new initialisation may rename the pool: its lock covers the
         * name as well as the counters. */
        os_sr_t pool_sr = os_crit_enter(OS_MEMPOOL_LOCK(mp));
        int found = mp->name != NULL && strcmp(mp->name, name) == 0;

        if (found && info != NULL) {
            os_mempool_describe_locked(mp, info);
        }
        os_crit_exit(OS_MEMPOOL_LOCK(mp), pool_sr);
        if (found) {
            break;
        }
    }
    os_crit_exit(&os_mempool_registry_lock, sr);
    return mp;
}
