/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The debug options: poison in free blocks, a guard word after each block,
 * and a full check on every get and put. Each damage found goes to the
 * corruption hook, which a test can replace to catch it.
 */

#include "os/os_mempool.h"
#include "os_mempool_priv.h"

#if OS_MEMPOOL_DEBUG

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OS_MEMPOOL_POISON_BYTE 0xa5
#define OS_MEMPOOL_GUARD_BYTE 0x5a

static void
os_mempool_default_corrupt(struct os_mempool *mp, void *block,
                           const char *what)
{
    fprintf(stderr, "mempool: pool %s (%p), block %p: %s\n",
            mp->name != NULL ? mp->name : "(unnamed)", (void *)mp, block,
            what);
    abort();
}

static os_mempool_corrupt_fn *os_mempool_corrupt_hook =
    os_mempool_default_corrupt;

os_mempool_corrupt_fn *
os_mempool_set_corrupt_hook(os_mempool_corrupt_fn *fn)
{
    os_mempool_corrupt_fn *old = os_mempool_corrupt_hook;

    os_mempool_corrupt_hook = fn != NULL ? fn : os_mempool_default_corrupt;
    return old;
}

static void
os_mempool_corrupt(struct os_mempool *mp, void *block, const char *what)
{
    os_mempool_corrupt_hook(mp, block, what);
}

void
os_mempool_debug_report(struct os_mempool *mp, void *block, const char *what)
{
    os_mempool_corrupt(mp, block, what);
}

/* Bytes of a block the user may write: the stride less the guard. */
static size_t
os_mempool_block_bytes(const struct os_mempool *mp)
{
    return os_mempool_stride(mp) - (OS_MEMPOOL_GUARD ? OS_ALIGNMENT : 0);
}

/* Bytes at the start of a free block that the free list uses: the link, and
 * the key when the block has room for it. The poison fills the rest. */
static size_t
os_mempool_list_bytes(const struct os_mempool *mp)
{
    return (os_mempool_keyed(mp) ? 2 : 1) * sizeof(uintptr_t);
}

static bool
os_mempool_all_bytes(const void *start, size_t len, int value)
{
    const unsigned char *p = start;
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] != value) {
            return false;
        }
    }
    return true;
}

/* The poison sits after the words the free list uses. */
static void
os_mempool_poison(const struct os_mempool *mp, void *block)
{
    if (OS_MEMPOOL_POISON) {
        memset((char *)block + os_mempool_list_bytes(mp),
               OS_MEMPOOL_POISON_BYTE,
               os_mempool_block_bytes(mp) - os_mempool_list_bytes(mp));
    }
}

bool
os_mempool_debug_free_block_ok(const struct os_mempool *mp, uintptr_t block)
{
    return !OS_MEMPOOL_POISON ||
           os_mempool_all_bytes((const char *)block +
                                    os_mempool_list_bytes(mp),
                                os_mempool_block_bytes(mp) -
                                    os_mempool_list_bytes(mp),
                                OS_MEMPOOL_POISON_BYTE);
}

static bool
os_mempool_guard_ok(const struct os_mempool *mp, const void *block)
{
    return !OS_MEMPOOL_GUARD ||
           os_mempool_all_bytes((const char *)block +
                                    os_mempool_block_bytes(mp),
                                OS_ALIGNMENT, OS_MEMPOOL_GUARD_BYTE);
}

bool
os_mempool_debug_guards_ok(const struct os_mempool *mp)
{
    uint32_t i;

    for (i = 0; OS_MEMPOOL_GUARD && i < mp->mp_num_blocks; i++) {
        if (!os_mempool_guard_ok(mp, (const char *)mp->mp_membuf_addr +
                                         (size_t)i * os_mempool_stride(mp))) {
            return false;
        }
    }
    return true;
}

void
os_mempool_debug_init_block(struct os_mempool *mp, void *block)
{
    os_mempool_poison(mp, block);
    if (OS_MEMPOOL_GUARD) {
        memset((char *)block + os_mempool_block_bytes(mp),
               OS_MEMPOOL_GUARD_BYTE, OS_ALIGNMENT);
    }
}

static void
os_mempool_debug_check(struct os_mempool *mp, void *block)
{
    if (!os_mempool_guard_ok(mp, block)) {
        os_mempool_corrupt(mp, block, "guard after the block overwritten");
    }
    if (OS_MEMPOOL_CHECK && !os_mempool_sane_locked(mp)) {
        os_mempool_corrupt(mp, NULL, "free list or counters damaged");
    }
}

void
os_mempool_debug_get(struct os_mempool *mp, void *block)
{
    if (!os_mempool_debug_free_block_ok(mp, (uintptr_t)block)) {
        os_mempool_corrupt(mp, block, "free block written (poison damaged)");
    }
    os_mempool_debug_check(mp, block);
}

void
os_mempool_debug_put(struct os_mempool *mp, void *block)
{
    os_mempool_debug_check(mp, block);
    os_mempool_poison(mp, block);
}

#else

/* Nothing here without a debug option; ISO C wants a declaration. */
typedef int os_mempool_no_debug;

#endif
