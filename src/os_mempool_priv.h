/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What the pool's source files share and nobody else sees.
 *
 * Free blocks form Mynewt's free list: each one's first word points to the
 * next free block, NULL in the last. A block with room for a second pointer
 * also holds the pool's key in its second word while it is free, and get
 * clears it: a put finds the key only in a block that is free, or whose
 * owner happened to write that very value, and only then walks the list to
 * tell the two apart. A one-word block has no room for the key; there the
 * link itself is the mark (a put walks the list when the block's word is
 * NULL or a block of the pool), and get leaves the key in the word, which
 * looks like neither.
 *
 * get trusts nothing it pops: the link must be NULL exactly when the block
 * is the last free one, and otherwise a block of the pool; a keyed block
 * must carry the key. A bad link is never followed.
 */
#ifndef OS_MEMPOOL_PRIV_H
#define OS_MEMPOOL_PRIV_H

#include <limits.h>
#include <stdint.h>

#include "os/os_mempool.h"
#include "os_port_crit.h"

#define OS_UINTPTR_BITS (sizeof(uintptr_t) * CHAR_BIT)

/*
 * Compiler hints for gcc and clang (and compilers that speak their
 * dialect); any other C99 compiler builds the same code without them.
 */
#if defined(__GNUC__)
/* Marks the branch every correct program takes. */
#define OS_MEMPOOL_LIKELY(x) __builtin_expect(!!(x), 1)
/* Keeps a rare path out of its caller, so the common path stays short. */
#define OS_MEMPOOL_NOINLINE __attribute__((noinline))
#else
#define OS_MEMPOOL_LIKELY(x) (x)
#define OS_MEMPOOL_NOINLINE
#endif

/* The lock a pool's critical section takes (only the host port uses it). */
#if OS_PORT_POOL_LOCK
#define OS_MEMPOOL_LOCK(mp) (&(mp)->mp_lock)
#else
#define OS_MEMPOOL_LOCK(mp) ((os_port_lock_t *)NULL)
#endif

/*
 * mp_flags bit, private: the pool's blocks are one pointer wide, with no
 * room for the tag. Kept in the flags so that a put tests it together with
 * OS_MEMPOOL_F_EXT: any flag sends the put down the slower path.
 */
#define OS_MEMPOOL_F_ONE_WORD 0x80

/*
 * The tag a free block of a keyed pool keeps in its second word: the
 * complement of its link XOR its own address. It ties the link to the
 * block, so get can trust the link without more checks, and it reads as
 * no ordinary data: a held block looks free only if its owner wrote such a
 * pair, and then the put walks the list to tell.
 */
static inline uintptr_t
os_mempool_tag(const struct os_memblock *block, const struct os_memblock *next)
{
    return ~((uintptr_t)block ^ (uintptr_t)next);
}

/* The second word of a keyed block. */
static inline uintptr_t *
os_mempool_tag_word(struct os_memblock *block)
{
    return (uintptr_t *)(void *)block + 1;
}

/* Whether a keyed block's two words are a link and its tag. */
static inline int
os_mempool_tagged(struct os_memblock *block)
{
    return *os_mempool_tag_word(block) ==
           os_mempool_tag(block, block->mb_next.sle_next);
}

/* The link a keyed block's tag was made for, whatever its first word now
 * holds: a free block's link, or garbage in a held block. */
static inline uintptr_t
os_mempool_tag_link(struct os_memblock *block)
{
    return ~(*os_mempool_tag_word(block) ^ (uintptr_t)block);
}

/* Whether blocks of block_size bytes have room for the tag beside the
 * link. The guard word is not room: it holds its own pattern. */
static inline int
os_mempool_keyed_size(uint32_t block_size)
{
    return OS_ALIGNMENT >= 2 * sizeof(uintptr_t) ||
           block_size > sizeof(uintptr_t);
}

static inline int
os_mempool_keyed(const struct os_mempool *mp)
{
    return !(mp->mp_flags & OS_MEMPOOL_F_ONE_WORD);
}

/* Bytes from one block to the next, guard included: cheap from the fields
 * Mynewt has, so the pool does not store it. */
static inline uint32_t
os_mempool_stride(const struct os_mempool *mp)
{
    return OS_ALIGN(mp->mp_block_size, (uint32_t)OS_ALIGNMENT) +
           (OS_MEMPOOL_GUARD ? OS_ALIGNMENT : 0);
}

/*
 * Index of the block at addr; any value >= mp_num_blocks when addr is not a
 * block of the pool. With stride = odd << shift, a multiple of the stride
 * times the inverse of odd, rotated right by shift, is its quotient; any
 * other offset (including one below the buffer, which wraps) lands at or
 * above mp_num_blocks because the pool spans at most 2^32 bytes. This is
 * the compilers' divisibility test: a multiply and a rotate, no division.
 * NULL is never a block: init keeps the buffer's end below the top of the
 * address space.
 */
static inline uintptr_t
os_mempool_block_index(const struct os_mempool *mp, uintptr_t addr)
{
    uintptr_t x = (addr - mp->mp_membuf_addr) * mp->mp_stride_inv;
    unsigned shift = mp->mp_stride_shift;

    return (x >> shift) | (x << ((OS_UINTPTR_BITS - shift) % OS_UINTPTR_BITS));
}

static inline int
os_mempool_is_block(const struct os_mempool *mp, uintptr_t addr)
{
    return os_mempool_block_index(mp, addr) < mp->mp_num_blocks;
}

/*
 * The free list's verdict on a block whose mark says "free" (put) or on the
 * whole list (is_sane): follows at most mp_num_free links, each checked as
 * get checks it, and stops at target (a block, or 0 for a full walk).
 * Returns OS_MEMPOOL_FOUND when it reached target (for 0: the list ends
 * right after mp_num_free blocks), OS_MEMPOOL_ABSENT when a sound list ends
 * without target, OS_MEMPOOL_BROKEN when the list is damaged first.
 */
#define OS_MEMPOOL_FOUND 0
#define OS_MEMPOOL_ABSENT 1
#define OS_MEMPOOL_BROKEN 2
int os_mempool_walk(const struct os_mempool *mp, uintptr_t target);

bool os_mempool_sane_locked(const struct os_mempool *mp);

/*
 * Puts mp on the registry (OS_MEMPOOL_REGISTRY_ADD), takes it off
 * (OS_MEMPOOL_REGISTRY_REMOVE), or only looks for it
 * (OS_MEMPOOL_REGISTRY_FIND). Adding or removing: OS_OK when that changed
 * the registry, OS_INVALID_PARAM when mp already was (add) or was not
 * (remove) there. Finding: OS_OK when mp is registered (its lock word is
 * then in use), OS_INVALID_PARAM when not.
 */
#define OS_MEMPOOL_REGISTRY_REMOVE 0
#define OS_MEMPOOL_REGISTRY_ADD 1
#define OS_MEMPOOL_REGISTRY_FIND 2
os_error_t os_mempool_registry_set(struct os_mempool *mp, int op);

#if OS_MEMPOOL_DEBUG
void os_mempool_debug_init_block(struct os_mempool *mp, void *block);
void os_mempool_debug_get(struct os_mempool *mp, void *block);
void os_mempool_debug_put(struct os_mempool *mp, void *block);
bool os_mempool_debug_free_block_ok(const struct os_mempool *mp,
                                    uintptr_t block);
bool os_mempool_debug_guards_ok(const struct os_mempool *mp);
void os_mempool_debug_report(struct os_mempool *mp, void *block,
                             const char *what);
#else
#define os_mempool_debug_init_block(mp, block) ((void)0)
#define os_mempool_debug_get(mp, block) ((void)0)
#define os_mempool_debug_put(mp, block) ((void)0)
#define os_mempool_debug_free_block_ok(mp, block) (true)
#define os_mempool_debug_guards_ok(mp) (true)
#define os_mempool_debug_report(mp, block, what)                             \
    ((void)(mp), (void)(block), (void)(what))
#endif

#endif /* OS_MEMPOOL_PRIV_H */
