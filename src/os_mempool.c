/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

#include <stddef.h>
#include <stdint.h>

#include "os/os_mempool.h"
#include "os_mempool_priv.h"

/*
 * Odd, so the key is never an aligned block address and never 0: a zeroed
 * first word (what os_memblock_get() leaves) never reads as a link. The
 * golden ratio spreads the key's bits far from the buffer's address.
 */
#define OS_MEMPOOL_KEY_SALT ((uintptr_t)UINT64_C(0x9e3779b97f4a7c15))


void
os_mempool_fill_free_list(struct os_mempool *mp)
{
    uintptr_t addr = mp->mp_membuf_addr;
    uintptr_t key = mp->mp_key;
    uint32_t i;

    /* Block 0 first, so blocks are handed out in address order. */
    mp->slh_first = NULL;
    for (i = 0; i < mp->mp_num_blocks; i++) {
        struct os_memblock *block = (struct os_memblock *)addr;

        addr += mp->mp_stride;
        block->mb_next = (i + 1 < mp->mp_num_blocks ? addr : 0) ^ key;
        os_mempool_debug_init_block(mp, block);
    }
    if (mp->mp_num_blocks > 0) {
        mp->slh_first = (struct os_memblock *)mp->mp_membuf_addr;
    }
    mp->mp_num_free = mp->mp_num_blocks;
    mp->mp_min_free = mp->mp_num_blocks;
}

os_error_t
os_mempool_init(struct os_mempool *mp, int blocks, int block_size,
                void *membuf, char *name)
{
    uintptr_t addr = (uintptr_t)membuf;
    uint32_t stride;
    uintptr_t odd;
    uintptr_t inv;
    uint8_t shift = 0;
    int i;

    if (mp == NULL || membuf == NULL || blocks < 0 || block_size <= 0) {
        return OS_INVALID_PARAM;
    }
    if (addr % OS_ALIGNMENT != 0) {
        return OS_MEM_NOT_ALIGNED;
    }
    /* At most 2^31 + OS_ALIGNMENT: no overflow in 32 bits. */
    stride = OS_ALIGN((uint32_t)block_size, OS_ALIGNMENT) +
             (OS_MEMPOOL_GUARD ? OS_ALIGNMENT : 0);
    /* The span must fit in 32 bits (see os_mempool_block_index()) and end
     * below the top of the address space, which also keeps NULL out. */
    if (((uint64_t)(uint32_t)blocks * stride) >> 32 != 0 ||
        (uintptr_t)blocks * stride >= UINTPTR_MAX - addr) {
        return OS_INVALID_PARAM;
    }

    odd = stride;
    while (odd % 2 == 0) {
        odd /= 2;
        shift++;
    }
    /* Newton's iteration doubles the correct low bits of the inverse of
     * an odd number, starting from 3 (odd * odd is 1 modulo 8). */
    inv = odd;
    for (i = 0; i < 5; i++) {
        inv *= 2 - odd * inv;
    }

    mp->mp_membuf_addr = addr;
    mp->mp_key = addr ^ OS_MEMPOOL_KEY_SALT;
    mp->mp_stride_inv = inv;
    mp->mp_stride_shift = shift;
    mp->mp_stride = stride;
    mp->mp_num_blocks = (uint32_t)blocks;
    mp->mp_block_size = (uint32_t)block_size;
    mp->mp_flags = 0;
    mp->mp_lock = 0;
    mp->name = name;
    os_mempool_fill_free_list(mp);
    os_mempool_register(mp);
    return OS_OK;
}

os_error_t
os_mempool_ext_init(struct os_mempool_ext *mpe, int blocks, int block_size,
                    void *membuf, char *name)
{
    os_error_t rc;

    if (mpe == NULL) {
        return OS_INVALID_PARAM;
    }
    rc = os_mempool_init(&mpe->mpe_mp, blocks, block_size, membuf, name);
    if (rc == OS_OK) {
        mpe->mpe_mp.mp_flags = OS_MEMPOOL_F_EXT;
        mpe->mpe_put_cb = NULL;
        mpe->mpe_put_arg = NULL;
    }
    return rc;
}

void *
os_memblock_get(struct os_mempool *mp)
{
    struct os_memblock *block;
    os_sr_t sr;

    if (mp == NULL) {
        return NULL;
    }
    sr = os_crit_enter(&mp->mp_lock);
    block = mp->slh_first;
    if (block != NULL) {
        mp->slh_first = (struct os_memblock *)(block->mb_next ^ mp->mp_key);
        /* A block in use must not read as a free-list link. */
        if (!OS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK) {
            block->mb_next = 0;
        }
        mp->mp_num_free--;
        if (mp->mp_num_free < mp->mp_min_free) {
            mp->mp_min_free = mp->mp_num_free;
        }
        os_mempool_debug_get(mp, block);
    }
    os_crit_exit(&mp->mp_lock, sr);
    return block;
}

uintptr_t
os_mempool_walk(const struct os_mempool *mp, uintptr_t target, uint32_t *count)
{
    uintptr_t addr = (uintptr_t)mp->slh_first;
    uint32_t n = 0;

    /* Bounded by the count and by the pool, so a corrupt list cannot make
     * this loop forever or read outside the buffer. */
    while (addr != target && addr != 0) {
        if (n == mp->mp_num_free || !os_mempool_is_block(mp, addr) ||
            (target == 0 && !os_mempool_debug_free_block_ok(mp, addr))) {
            return OS_MEMPOOL_WALK_BROKEN;
        }
        n++;
        addr = ((const struct os_memblock *)addr)->mb_next ^ mp->mp_key;
    }
    *count = n;
    return addr;
}

/* mp may be NULL. A NULL block fails the index test: init keeps the
 * buffer's end below the top of the address space. */
static inline int
os_mempool_holds(const struct os_mempool *mp, const void *block_addr)
{
    return mp != NULL && os_mempool_is_block(mp, (uintptr_t)block_addr);
}

static os_error_t
os_mempool_put(struct os_mempool *mp, void *block_addr, int call_back)
{
    struct os_mempool_ext *mpe = (struct os_mempool_ext *)mp;
    struct os_memblock *block = block_addr;
    os_error_t rc = OS_INVALID_PARAM;
    uint32_t count;
    os_sr_t sr;

    if (!os_mempool_holds(mp, block)) {
        return rc;
    }
    sr = os_crit_enter(&mp->mp_lock);
    if (OS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK ||
        !os_mempool_looks_free(mp, block) ||
        os_mempool_walk(mp, (uintptr_t)block, &count) != (uintptr_t)block) {
        if (call_back && (mp->mp_flags & OS_MEMPOOL_F_EXT) &&
            mpe->mpe_put_cb != NULL) {
            /* Checked above: the callback is never handed a free block. */
            os_crit_exit(&mp->mp_lock, sr);
            return mpe->mpe_put_cb(mpe, block, mpe->mpe_put_arg);
        }
        os_mempool_debug_put(mp, block);
        block->mb_next = (uintptr_t)mp->slh_first ^ mp->mp_key;
        mp->slh_first = block;
        mp->mp_num_free++;
        rc = OS_OK;
    }
    os_crit_exit(&mp->mp_lock, sr);
    return rc;
}

os_error_t
os_memblock_put_from_cb(struct os_mempool *mp, void *block_addr)
{
    return os_mempool_put(mp, block_addr, 0);
}

os_error_t
os_memblock_put(struct os_mempool *mp, void *block_addr)
{
    return os_mempool_put(mp, block_addr, 1);
}

int
os_memblock_from(const struct os_mempool *mp, const void *block_addr)
{
    return os_mempool_holds(mp, block_addr);
}

os_error_t
os_mempool_clear(struct os_mempool *mp)
{
    os_sr_t sr;

    if (mp == NULL) {
        return OS_INVALID_PARAM;
    }
    sr = os_crit_enter(&mp->mp_lock);
    os_mempool_fill_free_list(mp);
    os_crit_exit(&mp->mp_lock, sr);
    return OS_OK;
}

bool
os_mempool_sane_locked(const struct os_mempool *mp)
{
    uint32_t count;

    return mp->mp_num_free <= mp->mp_num_blocks &&
           mp->mp_min_free <= mp->mp_num_free &&
           os_mempool_walk(mp, 0, &count) == 0 &&
           count == mp->mp_num_free && os_mempool_debug_guards_ok(mp);
}

bool
os_mempool_is_sane(const struct os_mempool *mp)
{
    struct os_mempool *pool = (struct os_mempool *)mp;
    bool sane;
    os_sr_t sr;

    if (mp == NULL) {
        return false;
    }
    /* The lock byte is the only thing written through this pointer. */
    sr = os_crit_enter(&pool->mp_lock);
    sane = os_mempool_sane_locked(mp);
    os_crit_exit(&pool->mp_lock, sr);
    return sane;
}
