/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What the pool's source files share and nobody else sees.
 *
 * Free blocks are a singly linked list threaded through their first word.
 * Each link is stored XORed with the pool's key (mp_key). The key is odd
 * while every block address is aligned, so a block whose first word decodes
 * to a block of the same pool (or to the end of the list) is the only kind
 * that can be free; os_memblock_get() zeroes the word, so a block handed out
 * never looks free until its owner writes such a value there. A put checks
 * that word in O(1) and walks the free list only when it looks free: the
 * double-put check costs no memory and almost no time.
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
#define OS_MEMPOOL_UNUSED __attribute__((unused))
#else
#define OS_MEMPOOL_LIKELY(x) (x)
#define OS_MEMPOOL_NOINLINE
#define OS_MEMPOOL_UNUSED
#endif

/* A small helper used in several places: inlined when compiling for
 * speed, one shared copy when compiling for size (-Os, as firmware is). */
#ifdef __OPTIMIZE_SIZE__
#define OS_MEMPOOL_HELPER static OS_MEMPOOL_NOINLINE OS_MEMPOOL_UNUSED
#else
#define OS_MEMPOOL_HELPER static inline
#endif

/*
 * Internal, for the benchmark alone (tests/bench prices the double-put
 * check against a build without it): 1 leaves the check out. Not an option
 * of the library and not in its header; tests/bench checks that it is off
 * in the library's own build.
 */
#ifndef OS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK
#define OS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK 0
#endif

/*
 * Index of the block at addr; any value >= mp_num_blocks when addr is not a
 * block of the pool. With stride = odd << shift, a multiple of the stride
 * times the inverse of odd, rotated right by shift, is its quotient; any
 * other offset (including one below the buffer, which wraps) lands at or
 * above mp_num_blocks because the pool spans at most 2^32 bytes. This is
 * the compilers' divisibility test: a multiply and a rotate, no division.
 */
static inline uintptr_t
os_mempool_block_index(const struct os_mempool *mp, uintptr_t addr)
{
    uintptr_t x = (addr - mp->mp_membuf_addr) * mp->mp_stride_inv;
    unsigned shift = mp->mp_stride_shift;

    return (x >> shift) | (x << ((OS_UINTPTR_BITS - shift) % OS_UINTPTR_BITS));
}

OS_MEMPOOL_HELPER int
os_mempool_is_block(const struct os_mempool *mp, uintptr_t addr)
{
    return os_mempool_block_index(mp, addr) < mp->mp_num_blocks;
}

/* True when the block's first word reads as a free-list link. */
static inline int
os_mempool_looks_free(const struct os_mempool *mp,
                      const struct os_memblock *block)
{
    uintptr_t word = block->mb_next;

    return word == mp->mp_key || os_mempool_is_block(mp, word ^ mp->mp_key);
}

bool os_mempool_sane_locked(const struct os_mempool *mp);

/*
 * Puts mp on the registry (add) or takes it off: OS_OK when that changed
 * the registry, OS_INVALID_PARAM when mp already was (add) or was not
 * (remove) there.
 */
os_error_t os_mempool_registry_set(struct os_mempool *mp, int add);

#if OS_MEMPOOL_DEBUG
void os_mempool_debug_init_block(struct os_mempool *mp, void *block);
void os_mempool_debug_get(struct os_mempool *mp, void *block);
void os_mempool_debug_put(struct os_mempool *mp, void *block);
bool os_mempool_debug_free_block_ok(const struct os_mempool *mp,
                                    uintptr_t block);
bool os_mempool_debug_guards_ok(const struct os_mempool *mp);
#else
#define os_mempool_debug_init_block(mp, block) ((void)0)
#define os_mempool_debug_get(mp, block) ((void)0)
#define os_mempool_debug_put(mp, block) ((void)0)
#define os_mempool_debug_free_block_ok(mp, block) (true)
#define os_mempool_debug_guards_ok(mp) (true)
#endif

#endif /* OS_MEMPOOL_PRIV_H */
