/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

#include <stddef.h>
#include <stdint.h>

#include "os/os_mempool.h"
#include "os_mempool_priv.h"

/* Chains every block into the free list, block 0 first; the pool is locked
 * or not yet visible to anyone. */
static void
os_mempool_fill_free_list(struct os_mempool *mp)
{
    uint32_t stride = os_mempool_stride(mp);
    int keyed = os_mempool_keyed(mp);
    struct os_memblock *next = NULL;
    uint32_t i = mp->mp_num_blocks;

    /* From the last block back, so that each link is written once. */
    while (i-- > 0) {
        struct os_memblock *block =
            (struct os_memblock *)(mp->mp_membuf_addr + (uintptr_t)i * stride);

        block->mb_next.sle_next = next;
        if (keyed) {
            *os_mempool_tag_word(block) = os_mempool_tag(block, next);
        }
        os_mempool_debug_init_block(mp, block);
        next = block;
    }
    mp->slh_first = next;
    mp->mp_num_free = mp->mp_num_blocks;
    mp->mp_min_free = mp->mp_num_blocks;
}

/*
 * Both inits: checks the arguments, then sets the pool up. A pool that is
 * registered may be in use by others, so it is rewritten under its own
 * lock; one that is not is invisible until it is registered at the end.
 */
static os_error_t
os_mempool_setup(struct os_mempool *mp, int blocks, int block_size,
                 void *membuf, char *name, struct os_mempool_ext *mpe)
{
    uintptr_t addr = (uintptr_t)membuf;
    uint32_t stride;
    uintptr_t odd;
    uintptr_t inv;
    unsigned shift;
    int registered;
    os_sr_t sr = 0;
    int i;

    if (mp == NULL || membuf == NULL || blocks < 0 || block_size <= 0) {
        return OS_INVALID_PARAM;
    }
    if (addr % OS_ALIGNMENT != 0) {
        return OS_MEM_NOT_ALIGNED;
    }
    /* At most 2^31 + 2 * OS_ALIGNMENT: no overflow in 32 bits. */
    stride = OS_ALIGN((uint32_t)block_size, (uint32_t)OS_ALIGNMENT) +
             (OS_MEMPOOL_GUARD ? OS_ALIGNMENT : 0);
    /* The span must fit in 32 bits (see os_mempool_block_index()) and end
     * below the top of the address space, which also keeps NULL out. */
    if (((uint64_t)(uint32_t)blocks * stride) >> 32 != 0 ||
        (uintptr_t)blocks * stride >= UINTPTR_MAX - addr) {
        return OS_INVALID_PARAM;
    }

    for (shift = 0; (stride >> shift) % 2 == 0; shift++) {
    }
    odd = stride >> shift;
    /* Newton's iteration doubles the correct low bits of the inverse of
     * an odd number, starting from 3 (odd * odd is 1 modulo 8). */
    inv = odd;
    for (i = 0; i < 5; i++) {
        inv *= 2 - odd * inv;
    }

    registered =
        os_mempool_registry_set(mp, OS_MEMPOOL_REGISTRY_FIND) == OS_OK;
    if (registered) {
        sr = os_crit_enter(OS_MEMPOOL_LOCK(mp));
    } else {
#if OS_PORT_POOL_LOCK
        mp->mp_lock = 0;
#endif
    }
    mp->mp_block_size = (uint32_t)block_size;
    mp->mp_num_blocks = (uint32_t)blocks;
    mp->mp_flags = (uint8_t)((mpe != NULL ? OS_MEMPOOL_F_EXT : 0) |
                             (os_mempool_keyed_size((uint32_t)block_size)
                                  ? 0
                                  : OS_MEMPOOL_F_ONE_WORD));
    mp->mp_stride_shift = (uint8_t)shift;
    mp->mp_membuf_addr = addr;
    mp->name = name;
    mp->mp_stride_inv = inv;
    if (mpe != NULL) {
        mpe->mpe_put_cb = NULL;
        mpe->mpe_put_arg = NULL;
    }
    os_mempool_fill_free_list(mp);
    if (registered) {
        os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
    } else {
        (void)os_mempool_registry_set(mp, OS_MEMPOOL_REGISTRY_ADD);
    }
    return OS_OK;
}

os_error_t
os_mempool_init(struct os_mempool *mp, int blocks, int block_size,
                void *membuf, char *name)
{
    return os_mempool_setup(mp, blocks, block_size, membuf, name, NULL);
}

os_error_t
os_mempool_ext_init(struct os_mempool_ext *mpe, int blocks, int block_size,
                    void *membuf, char *name)
{
    if (mpe == NULL) {
        return OS_INVALID_PARAM;
    }
    return os_mempool_setup(&mpe->mpe_mp, blocks, block_size, membuf, name,
                            mpe);
}

/*
 * The get's rarer cases, out of line: an empty pool, the last free block,
 * a pool of one-word blocks (whose link has no tag, so it is checked
 * against the pool), and a damaged free list. Takes the head block off
 * the list and returns 1, or returns 0 when there is none to take: the
 * pool empty, or damaged (reported). A bad link is never followed: the
 * pool stays as it is, so that os_mempool_is_sane() reports it.
 */
static OS_MEMPOOL_NOINLINE int
os_mempool_pop_rare(struct os_mempool *mp)
{
    struct os_memblock *block = mp->slh_first;
    struct os_memblock *next;
    uint32_t num_free = mp->mp_num_free;
    int keyed = os_mempool_keyed(mp);

    if (block == NULL) {
        if (num_free != 0) {
            os_mempool_debug_report(mp, NULL, "free list ends too soon");
        }
        return 0;
    }
    next = block->mb_next.sle_next;
    /* NULL ends the list exactly at the last free block. */
    if (!(next == NULL ? num_free == 1
                       : num_free > 1 &&
                             os_mempool_is_block(mp, (uintptr_t)next)) ||
        (keyed && !os_mempool_tagged(block))) {
        os_mempool_debug_report(mp, block, "free list damaged");
        return 0;
    }
    mp->slh_first = next;
    /* A block in use must not bear the mark of a free one: no tag, and
     * in a one-word block a word that is neither NULL nor a block. */
    if (keyed) {
        *os_mempool_tag_word(block) = 0;
    } else {
        block->mb_next.sle_next = (struct os_memblock *)~(uintptr_t)block;
    }
    return 1;
}

/*
 * The get once the pool is locked. The common case, a keyed pool with more
 * than one free block, trusts the popped link because its tag vouches for
 * it (the library wrote both), once it is not the NULL that only the last
 * free block may hold.
 */
static inline void *
os_mempool_pop(struct os_mempool *mp, os_sr_t sr)
{
    struct os_memblock *block = mp->slh_first;
    uint32_t num_free;

    if (OS_MEMPOOL_LIKELY(block != NULL && mp->mp_num_free > 1 &&
                          os_mempool_keyed(mp) && os_mempool_tagged(block) &&
                          block->mb_next.sle_next != NULL)) {
        mp->slh_first = block->mb_next.sle_next;
        *os_mempool_tag_word(block) = 0;
    } else if (!os_mempool_pop_rare(mp)) {
        os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
        return NULL;
    }
    num_free = --mp->mp_num_free;
    if (num_free < mp->mp_min_free) {
        mp->mp_min_free = num_free;
    }
    os_mempool_debug_get(mp, block);
    os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
    return block;
}

/* A get that found the lock taken: waits for it, out of line. */
static OS_MEMPOOL_NOINLINE void *
os_memblock_get_waiting(struct os_mempool *mp)
{
    return os_mempool_pop(mp, os_crit_enter(OS_MEMPOOL_LOCK(mp)));
}

void *
os_memblock_get(struct os_mempool *mp)
{
    os_sr_t sr;

    if (mp == NULL) {
        return NULL;
    }
    /* The rare paths are tail calls, so this one saves no register. */
    if (!os_crit_try_enter(OS_MEMPOOL_LOCK(mp), &sr)) {
        return os_memblock_get_waiting(mp);
    }
    return os_mempool_pop(mp, sr);
}

int
os_mempool_walk(const struct os_mempool *mp, uintptr_t target)
{
    uintptr_t addr = (uintptr_t)mp->slh_first;
    int keyed = os_mempool_keyed(mp);
    uint32_t n;

    /* Bounded by the count and by the pool, so a damaged list can neither
     * loop forever nor lead outside the buffer. */
    for (n = 0; n < mp->mp_num_free; n++) {
        if (!os_mempool_is_block(mp, addr)) {
            return OS_MEMPOOL_BROKEN;
        }
        /* Found before its own words are judged: a free block whose words
         * a use after put damaged is still free. */
        if (addr == target) {
            return OS_MEMPOOL_FOUND;
        }
        if ((keyed && !os_mempool_tagged((struct os_memblock *)addr)) ||
            !os_mempool_debug_free_block_ok(mp, addr)) {
            return OS_MEMPOOL_BROKEN;
        }
        addr = (uintptr_t)((const struct os_memblock *)addr)->mb_next.sle_next;
    }
    if (addr != 0) {
        return OS_MEMPOOL_BROKEN;
    }
    return target == 0 ? OS_MEMPOOL_FOUND : OS_MEMPOOL_ABSENT;
}

/* Frees a block the pool holds; the pool is locked. */
static inline os_error_t
os_mempool_push(struct os_mempool *mp, struct os_memblock *block, os_sr_t sr)
{
    struct os_memblock *head = mp->slh_first;

    os_mempool_debug_put(mp, block);
    block->mb_next.sle_next = head;
    if (os_mempool_keyed(mp)) {
        *os_mempool_tag_word(block) = os_mempool_tag(block, head);
    }
    mp->slh_first = block;
    mp->mp_num_free++;
    os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
    return OS_OK;
}

/*
 * Whether a block being put bears the mark of a free one, which only the
 * free list can then judge: the link its tag was made for (a keyed block),
 * or its word (a one-word block), reads as NULL or as another block of the
 * pool. The tag alone decides, whatever the first word holds, so that a
 * free block whose link a use after put overwrote is still known for free.
 *
 * A tag is the complement of two aligned addresses XORed, so its low bits
 * are all ones: any other second word (0, as get leaves it, an aligned
 * pointer, most numbers) is told apart without decoding it. A block never
 * links to itself, so a tag that decodes to the block (a second word of
 * all ones, a common sentinel) is no mark either.
 */
static inline int
os_mempool_marked_free(const struct os_mempool *mp, struct os_memblock *block)
{
    uintptr_t link;

    if (os_mempool_keyed(mp)) {
        if ((~*os_mempool_tag_word(block) & (OS_ALIGNMENT - 1)) != 0) {
            return 0;
        }
        link = os_mempool_tag_link(block);
    } else {
        link = (uintptr_t)block->mb_next.sle_next;
    }
    return link == 0 ||
           (link != (uintptr_t)block && os_mempool_is_block(mp, link));
}

/*
 * The put callback of an extended pool, read once and atomically: another
 * thread may change it, with an atomic store, at any time. The address is
 * formed from the pool's as a number: a compiler that sees the pool as a
 * plain struct os_mempool (link-time optimisation) would otherwise take the
 * read for one past its end, which the flag test rules out.
 */
static inline os_mempool_put_fn *
os_mempool_load_put_cb(const struct os_mempool *mp)
{
    os_mempool_put_fn **cb =
        (os_mempool_put_fn **)((uintptr_t)mp +
                               offsetof(struct os_mempool_ext, mpe_put_cb));

#if defined(__GNUC__)
    return __atomic_load_n(cb, __ATOMIC_ACQUIRE);
#else
    return *cb;
#endif
}

/*
 * The put's rarer cases, out of line, the pool locked and the block known
 * to be one of its blocks: a block that bears the mark of a free one, which
 * the free list then judges (one the list holds is refused, and so is any
 * block while the list is damaged, as its place cannot be known); a pool of
 * one-word blocks; an extended pool, whose callback takes the block.
 */
static OS_MEMPOOL_NOINLINE os_error_t
os_mempool_put_slow(struct os_mempool *mp, struct os_memblock *block,
                    int call_back, os_sr_t sr)
{
    struct os_mempool_ext *mpe = (struct os_mempool_ext *)mp;
    int verdict;

    if ((os_mempool_marked_free(mp, block) ||
         mp->mp_num_free >= mp->mp_num_blocks) &&
        (verdict = os_mempool_walk(mp, (uintptr_t)block)) != OS_MEMPOOL_ABSENT) {
        os_mempool_debug_report(mp, block,
                                verdict == OS_MEMPOOL_FOUND
                                    ? "put of a block that is already free"
                                    : "put into a damaged free list");
        os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
        return OS_INVALID_PARAM;
    }
    if (call_back && (mp->mp_flags & OS_MEMPOOL_F_EXT)) {
        os_mempool_put_fn *put_cb = os_mempool_load_put_cb(mp);

        if (put_cb != NULL) {
            /* Checked: the callback is never handed a free block. */
            os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
            return put_cb(mpe, block, mpe->mpe_put_arg);
        }
    }
    return os_mempool_push(mp, block, sr);
}

/* A put of something that is not a block of the pool; the pool locked. */
static OS_MEMPOOL_NOINLINE os_error_t
os_mempool_put_foreign(struct os_mempool *mp, void *block_addr, os_sr_t sr)
{
    if (block_addr != NULL) {
        os_mempool_debug_report(mp, block_addr,
                                "put of an address that is not a block of "
                                "the pool");
    }
    os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
    return OS_INVALID_PARAM;
}

/*
 * The put once the pool is locked (the block test reads the pool's
 * geometry, which a new initialisation rewrites under the lock). A block of
 * the pool, a plain keyed pool, a block without a tag and a pool with a
 * block held, the common case, go straight to the free list. A pool that
 * counts every block free has none to take back: the free list judges.
 */
static inline os_error_t
os_mempool_put_locked(struct os_mempool *mp, struct os_memblock *block,
                      int call_back, os_sr_t sr)
{
    if (!OS_MEMPOOL_LIKELY(os_mempool_is_block(mp, (uintptr_t)block))) {
        return os_mempool_put_foreign(mp, block, sr);
    }
    if (!OS_MEMPOOL_LIKELY(mp->mp_flags == 0 &&
                           !os_mempool_marked_free(mp, block) &&
                           mp->mp_num_free < mp->mp_num_blocks)) {
        return os_mempool_put_slow(mp, block, call_back, sr);
    }
    return os_mempool_push(mp, block, sr);
}

/* A put that found the lock taken: waits for it, out of line. */
static OS_MEMPOOL_NOINLINE os_error_t
os_mempool_put_waiting(struct os_mempool *mp, struct os_memblock *block,
                       int call_back)
{
    return os_mempool_put_locked(mp, block, call_back,
                                 os_crit_enter(OS_MEMPOOL_LOCK(mp)));
}

static inline os_error_t
os_mempool_put(struct os_mempool *mp, void *block_addr, int call_back)
{
    struct os_memblock *block = block_addr;
    os_sr_t sr;

    if (mp == NULL) {
        return OS_INVALID_PARAM;
    }
    /* The rare paths are tail calls, so this one saves no register. */
    if (!os_crit_try_enter(OS_MEMPOOL_LOCK(mp), &sr)) {
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
    /* No lock: it reads only what initialisation wrote. */
    return mp != NULL && os_mempool_is_block(mp, (uintptr_t)block_addr);
}

os_error_t
os_mempool_clear(struct os_mempool *mp)
{
    os_sr_t sr;

    if (mp == NULL) {
        return OS_INVALID_PARAM;
    }
    sr = os_crit_enter(OS_MEMPOOL_LOCK(mp));
    os_mempool_fill_free_list(mp);
    os_crit_exit(OS_MEMPOOL_LOCK(mp), sr);
    return OS_OK;
}

bool
os_mempool_sane_locked(const struct os_mempool *mp)
{
    return mp->mp_num_free <= mp->mp_num_blocks &&
           mp->mp_min_free <= mp->mp_num_free &&
           os_mempool_walk(mp, 0) == OS_MEMPOOL_FOUND &&
           os_mempool_debug_guards_ok(mp);
}

bool
os_mempool_is_sane(const struct os_mempool *mp)
{
    bool sane;
    os_sr_t sr;

    if (mp == NULL) {
        return false;
    }
    /* The lock word is the only thing written through this pointer. */
    sr = os_crit_enter(OS_MEMPOOL_LOCK((struct os_mempool *)mp));
    sane = os_mempool_sane_locked(mp);
    os_crit_exit(OS_MEMPOOL_LOCK((struct os_mempool *)mp), sr);
    return sane;
}
