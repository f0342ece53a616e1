/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pool_model.h"

/* Set while pool_model_compare() walks the free list: block already seen. */
#define PM_SEEN 2

static char pm_message[256];

static const char *
pm_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(pm_message, sizeof(pm_message), fmt, ap);
    va_end(ap);
    return pm_message;
}

void
pool_model_setup(struct pool_model *m, unsigned char *state, uint32_t capacity)
{
    memset(m, 0, sizeof(*m));
    m->state = state;
    m->capacity = capacity;
}

uint32_t
pool_model_stride(int block_size)
{
    return (uint32_t)OS_ALIGN((uint32_t)block_size, OS_ALIGNMENT) +
           (OS_MEMPOOL_GUARD ? OS_ALIGNMENT : 0);
}

os_error_t
pool_model_init_rc(int blocks, int block_size, const void *membuf)
{
    uintptr_t addr = (uintptr_t)membuf;
    uint64_t span;

    if (membuf == NULL || blocks < 0 || block_size <= 0) {
        return OS_INVALID_PARAM;
    }
    if (addr % OS_ALIGNMENT != 0) {
        return OS_MEM_NOT_ALIGNED;
    }
    span = (uint64_t)blocks * pool_model_stride(block_size);
    if (span >= (UINT64_C(1) << 32) || span >= UINTPTR_MAX - addr) {
        return OS_INVALID_PARAM;
    }
    return OS_OK;
}

int
pool_model_init(struct pool_model *m, int blocks, int block_size,
                const void *membuf)
{
    os_error_t rc = pool_model_init_rc(blocks, block_size, membuf);

    if (rc != OS_OK) {
        return rc;
    }
    if ((uint32_t)blocks > m->capacity) {
        return -1;
    }
    m->membuf = (uintptr_t)membuf;
    m->num_blocks = (uint32_t)blocks;
    m->block_size = (uint32_t)block_size;
    m->stride = pool_model_stride(block_size);
    pool_model_clear(m);
    return OS_OK;
}

void *
pool_model_block(const struct pool_model *m, uint32_t i)
{
    return (void *)(m->membuf + (uintptr_t)i * m->stride);
}

long
pool_model_index(const struct pool_model *m, const void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    uintptr_t off;

    /* No block at all (also before the first init, stride 0). */
    if (m->num_blocks == 0 || addr == NULL || a < m->membuf) {
        return -1;
    }
    off = a - m->membuf;
    if (off % m->stride != 0 || off / m->stride >= m->num_blocks) {
        return -1;
    }
    return (long)(off / m->stride);
}

int
pool_model_from(const struct pool_model *m, const void *addr)
{
    return pool_model_index(m, addr) >= 0;
}

os_error_t
pool_model_put_rc(const struct pool_model *m, const void *addr)
{
    long i = pool_model_index(m, addr);

    if (i < 0 || m->state[i] != PM_HELD) {
        return OS_INVALID_PARAM;
    }
    return OS_OK;
}

os_error_t
pool_model_put(struct pool_model *m, const void *addr)
{
    os_error_t rc = pool_model_put_rc(m, addr);

    if (rc == OS_OK) {
        m->state[pool_model_index(m, addr)] = PM_FREE;
        m->num_free++;
    }
    return rc;
}

const char *
pool_model_get(struct pool_model *m, const void *got)
{
    long i;

    if (got == NULL) {
        return m->num_free == 0
                   ? NULL
                   : pm_fail("get returned NULL with %u blocks free",
                             (unsigned)m->num_free);
    }
    i = pool_model_index(m, got);
    if (i < 0) {
        return pm_fail("get returned %p, not a block of the pool", got);
    }
    if (m->state[i] != PM_FREE) {
        return pm_fail("get returned block %ld (%p), which is held", i, got);
    }
    m->state[i] = PM_HELD;
    m->num_free--;
    if (m->num_free < m->min_free) {
        m->min_free = m->num_free;
    }
    return NULL;
}

void
pool_model_clear(struct pool_model *m)
{
    if (m->num_blocks > 0) {
        memset(m->state, PM_FREE, m->num_blocks);
    }
    m->num_free = m->num_blocks;
    m->min_free = m->num_blocks;
}

uint32_t
pool_model_held_count(const struct pool_model *m)
{
    return m->num_blocks - m->num_free;
}

uint32_t
pool_model_held_index(const struct pool_model *m, uint32_t k)
{
    uint32_t i;

    for (i = 0; i < m->num_blocks; i++) {
        if (m->state[i] == PM_HELD && k-- == 0) {
            break;
        }
    }
    return i;
}

/* Walks the real free list, marking what it finds; the caller unmarks. */
static const char *
pm_walk_free_list(const struct pool_model *m, const struct os_mempool *mp)
{
    uintptr_t addr = (uintptr_t)mp->slh_first;
    uint32_t n = 0;
    long i;

    while (addr != 0) {
        i = pool_model_index(m, (const void *)addr);
        if (i < 0) {
            return pm_fail("free list entry %u (%p) is not a block",
                           (unsigned)n, (void *)addr);
        }
        if (m->state[i] & PM_SEEN) {
            return pm_fail("free list loops back to block %ld", i);
        }
        if (m->state[i] != PM_FREE) {
            return pm_fail("block %ld is on the free list but held", i);
        }
        m->state[i] |= PM_SEEN;
        n++;
        addr = (uintptr_t)SLIST_NEXT((const struct os_memblock *)addr, mb_next);
    }
    if (n != m->num_free) {
        return pm_fail("free list has %u blocks, model %u", (unsigned)n,
                       (unsigned)m->num_free);
    }
    return NULL;
}

const char *
pool_model_compare(const struct pool_model *m, const struct os_mempool *mp)
{
    const char *err;
    uint32_t i;

    if (mp->mp_membuf_addr != m->membuf || mp->mp_num_blocks != m->num_blocks ||
        mp->mp_block_size != m->block_size) {
        return pm_fail("geometry: buffer %p blocks %u size %u, model %p %u %u",
                       (void *)mp->mp_membuf_addr, (unsigned)mp->mp_num_blocks,
                       (unsigned)mp->mp_block_size, (void *)m->membuf,
                       (unsigned)m->num_blocks, (unsigned)m->block_size);
    }
    if (mp->mp_num_free != m->num_free || mp->mp_min_free != m->min_free) {
        return pm_fail("mp_num_free %u mp_min_free %u, model %u %u",
                       (unsigned)mp->mp_num_free, (unsigned)mp->mp_min_free,
                       (unsigned)m->num_free, (unsigned)m->min_free);
    }
    if (!os_mempool_is_sane(mp)) {
        return pm_fail("os_mempool_is_sane() is false");
    }
    err = pm_walk_free_list(m, mp);
    for (i = 0; i < m->num_blocks; i++) {
        m->state[i] &= (unsigned char)~PM_SEEN;
    }
    return err;
}

void
registry_model_setup(struct registry_model *r)
{
    memset(r, 0, sizeof(*r));
}

static int
rm_find(const struct os_mempool *const *list, int n,
        const struct os_mempool *mp)
{
    int i;

    for (i = 0; i < n; i++) {
        if (list[i] == mp) {
            return i;
        }
    }
    return -1;
}

int
registry_model_track(struct registry_model *r, const struct os_mempool *mp,
                     bool registered)
{
    if (r->num_tracked == REGISTRY_MODEL_MAX) {
        return -1;
    }
    r->tracked[r->num_tracked++] = mp;
    if (registered) {
        r->order[r->num_registered++] = mp;
    }
    return 0;
}

void
registry_model_init(struct registry_model *r, const struct os_mempool *mp)
{
    if (rm_find(r->order, r->num_registered, mp) < 0) {
        r->order[r->num_registered++] = mp;
    }
}

os_error_t
registry_model_unregister(struct registry_model *r, const struct os_mempool *mp)
{
    int i = rm_find(r->order, r->num_registered, mp);

    if (i < 0) {
        return OS_INVALID_PARAM;
    }
    memmove(&r->order[i], &r->order[i + 1],
            (size_t)(r->num_registered - i - 1) * sizeof(r->order[0]));
    r->num_registered--;
    return OS_OK;
}

bool
registry_model_registered(const struct registry_model *r,
                          const struct os_mempool *mp)
{
    return rm_find(r->order, r->num_registered, mp) >= 0;
}

/* The information os_mempool_info_get_next() must give for mp. */
static const char *
rm_check_info(const struct os_mempool *mp, const struct os_mempool_info *omi)
{
    char name[OS_MEMPOOL_INFO_NAME_LEN] = "";

    if (mp->name != NULL) {
        strncpy(name, mp->name, sizeof(name) - 1);
    }
    if (omi->omi_block_size != (int)mp->mp_block_size ||
        omi->omi_num_blocks != (int)mp->mp_num_blocks ||
        omi->omi_num_free != (int)mp->mp_num_free ||
        omi->omi_min_free != (int)mp->mp_min_free ||
        memchr(omi->omi_name, '\0', sizeof(omi->omi_name)) == NULL ||
        strcmp(omi->omi_name, name) != 0) {
        return pm_fail("info of pool %p does not match the pool", (void *)mp);
    }
    return NULL;
}

const char *
registry_model_compare(const struct registry_model *r, int limit)
{
    struct os_mempool_info omi;
    struct os_mempool *mp = NULL;
    const char *err;
    int pos = 0;
    int n;

    for (n = 0; n < limit; n++) {
        mp = os_mempool_info_get_next(mp, &omi);
        if (mp == NULL) {
            break;
        }
        if (rm_find(r->tracked, r->num_tracked, mp) < 0) {
            continue;
        }
        if (pos == r->num_registered || r->order[pos] != mp) {
            return pm_fail(
                "registry entry %d is pool %p, model expects %p", n, (void *)mp,
                pos < r->num_registered ? (void *)r->order[pos] : NULL);
        }
        pos++;
        if ((err = rm_check_info(mp, &omi)) != NULL) {
            return err;
        }
    }
    if (mp != NULL) {
        return pm_fail("registry longer than %d entries (a loop?)", limit);
    }
    if (pos != r->num_registered) {
        return pm_fail("registry lists %d tracked pools, model %d", pos,
                       r->num_registered);
    }
    return NULL;
}
