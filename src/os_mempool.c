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


static void
os_mempool_fill_free_list(struct os_mempool *mp)
{
    uintptr_t next = 0;
    uint32_t i = mp->mp_num_blocks;

    /* From the last block back, so that block 0 ends up first and blocks
     * are handed out in address order. */
    while (i-- > 0) {
        struct os_memblock *block =
            (struct os_memblock *)(mp->mp_membuf_addr +
                                   (uintptr_t)i * mp->mp_stride);

        block->mb_next = next ^ mp->mp_key;
        os_mempool_debug_init_block(mp, block);
        next = (uintptr_t)block;
    }
    mp->slh_first = (struct os_memblock *)next;
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
    uint8_t shift;
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

#if defined(__GNUC__)
    shift = (uint8_t)__builtin_ctz(stride);
#else
    for (shift = 0; (stride >> shift) % 2 == 0; shift++) {
    }
#endif
    odd = stride >> shift;
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
    /* Already registered: it keeps its place. */
    (void)os_mempool_registry_set(mp, 1);
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

/* Takes the first free block; the pool is locked. */
static inline struct os_memblock *
os_mempool_pop(struct os_mempool *mp)
{
    struct os_memblock *block = mp->slh_first;

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
    return block;
}

/* A get that found the lock taken: waits for it, out of line. */
static OS_MEMPOOL_NOINLINE void *
os_memblock_get_waiting(struct os_mempool *mp)
{
    os_sr_t sr = os_crit_enter(&mp->mp_lock);
    void *block = os_mempool_pop(mp);

    os_crit_exit(&mp->mp_lock, sr);
    return block;
}

void *
os_memblock_get(struct os_mempool *mp)
{
    void *block;
    os_sr_t sr;

    if (mp == NULL) {
        return NULL;
    }
    /* The rare paths are tail calls, so this one saves no register. */
    if (!os_crit_try_enter(&mp->mp_lock, &sr)) {
        return os_memblock_get_waiting(mp);
    }
    block = os_mempool_pop(mp);
    os_crit_exit(&mp->mp_lock, sr);
    return block;
}

/* What os_mempool_walk() returns for a broken list: no block is odd. */
#define OS_MEMPOOL_WALK_BROKEN ((uintptr_t)1)

/*
 * Follows the free list until target (a block, or 0 for its end): returns
 * target and sets *count to the entries before it, or returns something
 * else when the list ends first or is broken.
 */
static uintptr_t
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

/*
 * The end of a put, the pool locked and the block known to be held:
 * hands it to the callback of an extended pool (call_back) or frees it.
 */
static inline os_error_t
os_mempool_push(struct os_mempool *mp, struct os_memblock *block,
                int call_back, os_sr_t sr)
{
    struct os_mempool_ext *mpe = (struct os_mempool_ext *)mp;

    if (call_back && (mp->mp_flags & OS_MEMPOOL_F_EXT) &&
        mpe->mpe_put_cb != NULL) {
        /* Checked: the callback is never handed a free block. */
        os_crit_exit(&mp->mp_lock, sr);
        return mpe->mpe_put_cb(mpe, block, mpe->mpe_put_arg);
    }
    os_mempool_debug_put(mp, block);
    block->mb_next = (uintptr_t)mp->slh_first ^ mp->mp_key;
    mp->slh_first = block;
    mp->mp_num_free++;
    os_crit_exit(&mp->mp_lock, sr);
    return OS_OK;
}

/*
 * A put whose block's first word reads as a free-list link: the list says
 * whether it is free. Rare and out of line (a tail call from the put).
 */
static OS_MEMPOOL_NOINLINE OS_MEMPOOL_UNUSED os_error_t
os_mempool_put_looks_free(struct os_mempool *mp, struct os_memblock *block,
                          int call_back, os_sr_t sr)
{
    uint32_t count;

    if (os_mempool_walk(mp, (uintptr_t)block, &count) == (uintptr_t)block) {
        os_crit_exit(&mp->mp_lock, sr);
        return OS_INVALID_PARAM;
    }
    return os_mempool_push(mp, block, call_back, sr);
}

/*
 * The put once the pool is locked. Compiled for speed, a block that looks
 * free is finished out of line by a tail call, so the common path saves no
 * register; compiled for size (-Os), the free list is asked in line and the
 * push exists once.
 */
static inline os_error_t
os_mempool_put_locked(struct os_mempool *mp, struct os_memblock *block,
                      int call_back, os_sr_t sr)
{
    if (!OS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK &&
        !OS_MEMPOOL_LIKELY(!os_mempool_looks_free(mp, block))) {
#ifdef __OPTIMIZE_SIZE__
        uint32_t count;

        if (os_mempool_walk(mp, (uintptr_t)block, &count) ==
            (uintptr_t)block) {
            os_crit_exit(&mp->mp_lock, sr);
            return OS_INVALID_PARAM;
        }
#else
        return os_mempool_put_looks_free(mp, block, call_back, sr);
#endif
    }
    return os_mempool_push(mp, block, call_back, sr);
}

/* A put that found the lock taken: waits for it, out of line. */
static OS_MEMPOOL_NOINLINE os_error_t
os_mempool_put_waiting(struct os_mempool *mp, struct os_memblock *block,
                       int call_back)
{
    return os_mempool_put_locked(mp, block, call_back,
                                 os_crit_enter(&mp->mp_lock));
}

static inline os_error_t
os_mempool_put(struct os_mempool *mp, void *block_addr, int call_back)
{
    struct os_memblock *block = block_addr;
    os_sr_t sr;

    if (!os_mempool_holds(mp, block)) {
        return OS_INVALID_PARAM;
    }
    /* The rare paths are tail calls, so this one saves no register. */
    if (!os_crit_try_enter(&mp->mp_lock, &sr)) {
        return os_mempool_put_waiting(mp, block, call_back);
    }
    return os_mempool_put_locked(mp, block, call_back, sr);
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
