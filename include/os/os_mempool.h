/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/**
 * @file os_mempool.h
 * @brief Memory pools: fixed-size blocks handed out and returned in
 *        constant time, from a buffer the caller provides.
 *
 * This is the only header a user includes; it brings in os_error.h and
 * os_port.h.
 */
#ifndef OS_MEMPOOL_H
#define OS_MEMPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/os_error.h"
#include "os/os_port.h"
#include "os/queue.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Major version of the library: changes break the API or ABI. */
#define OS_MEMPOOL_VERSION_MAJOR 2
/** @brief Minor version: new features, compatible with the same major. */
#define OS_MEMPOOL_VERSION_MINOR 0
/** @brief Patch version: fixes only. */
#define OS_MEMPOOL_VERSION_PATCH 0

#ifndef OS_MEMPOOL_POISON
/**
 * @brief Debug option: 1 fills every free block with a pattern and checks
 *        it when the block is handed out again.
 *
 * Catches a write to a block after it was put back. Define it to 1 when
 * compiling the library (and, for consistency, the code that uses it).
 */
#define OS_MEMPOOL_POISON 0
#endif

#ifndef OS_MEMPOOL_GUARD
/**
 * @brief Debug option: 1 places a guard word after every block and checks
 *        it on every get and put.
 *
 * Catches a write past the end of a block. The guard takes
 * #OS_ALIGNMENT bytes per block, which #OS_MEMPOOL_SIZE and
 * #OS_MEMPOOL_BYTES include, so the library and the code that sizes the
 * buffers must be compiled with the same setting (a mismatch fails to link).
 */
#define OS_MEMPOOL_GUARD 0
#endif

#ifndef OS_MEMPOOL_CHECK
/**
 * @brief Debug option: 1 checks the whole pool (free list, counts, and the
 *        poison and guard patterns when they are on) on every put and get.
 *
 * Costs time proportional to the pool's size on every call.
 */
#define OS_MEMPOOL_CHECK 0
#endif

/** @brief Nonzero when any debug option is on. */
#define OS_MEMPOOL_DEBUG (OS_MEMPOOL_POISON || OS_MEMPOOL_GUARD || OS_MEMPOOL_CHECK)

/** @brief Length of os_mempool_info::omi_name, including the final NUL. */
#define OS_MEMPOOL_INFO_NAME_LEN 32

/** @brief os_mempool::mp_flags bit: the pool is a struct os_mempool_ext. */
#define OS_MEMPOOL_F_EXT 0x01

/**
 * @brief A free block, as the free list sees it: its first word links it
 *        to the next free block.
 *
 * Mynewt's layout: a plain pointer, NULL in the last free block, so
 * `SLIST_FOREACH(block, mp, mb_next)` walks a pool's free list (while no
 * other thread or interrupt handler uses the pool). A block that has room
 * for a second pointer also carries a key in that second word while it is
 * free; the double-put check reads it (see os_memblock_put()).
 */
struct os_memblock {
    /** The next free block, or NULL for the last one. */
    SLIST_ENTRY(os_memblock) mb_next;
};

/**
 * @brief A memory pool: @ref mp_num_blocks blocks of @ref mp_block_size
 *        bytes in a buffer the caller provides.
 *
 * Set up by os_mempool_init(). The public fields are Mynewt's, in Mynewt's
 * order; change them only through the functions of this header. Reading a
 * counter directly gives its value at some moment (an aligned 32-bit word
 * is never read torn), but two counters read one after the other may come
 * from different moments while other threads or interrupt handlers use the
 * pool: os_mempool_info_get() takes a consistent snapshot.
 */
struct os_mempool {
    /** Block size asked for at init, in bytes (before alignment). */
    uint32_t mp_block_size;
    /** Number of blocks in the pool. */
    uint32_t mp_num_blocks;
    /** Number of blocks free now. */
    uint32_t mp_num_free;
    /** Lowest value #mp_num_free has had since initialisation or clearing. */
    uint32_t mp_min_free;
    /** Flags: #OS_MEMPOOL_F_EXT; the other bits are the library's. */
    uint8_t mp_flags;
    /** Private: the power of two in the distance between blocks. */
    uint8_t mp_stride_shift;
#if OS_PORT_POOL_LOCK
    /** Private: the pool's lock (host port; unused by the other ports). */
    os_port_lock_t mp_lock;
#endif
    /** Address of the pool's buffer (the @p membuf given at init). */
    uintptr_t mp_membuf_addr;
    /** Link in the registry of pools. */
    STAILQ_ENTRY(os_mempool) mp_list;
    /** First free block, or NULL when every block is handed out (Mynewt's
     *  anonymous `SLIST_HEAD` member: `SLIST_FIRST(mp)`). */
    struct os_memblock *slh_first;
    /** Name given at init (not copied), or NULL. */
    char *name;
    /** Private: the multiplicative inverse of the odd part of the distance
     *  between blocks, for the division-free block test. */
    uintptr_t mp_stride_inv;
};

struct os_mempool_ext;

/**
 * @brief Put callback of an extended pool.
 *
 * os_memblock_put() calls it instead of freeing the block; it decides what
 * becomes of the block and frees it, if it does, with
 * os_memblock_put_from_cb(). What it returns, os_memblock_put() returns.
 *
 * @param ome  The extended pool the block belongs to.
 * @param data The block being put.
 * @param arg  os_mempool_ext::mpe_put_arg.
 * @return A result code, #OS_OK on success.
 */
typedef os_error_t os_mempool_put_fn(struct os_mempool_ext *ome, void *data,
                                     void *arg);

/**
 * @brief An extended pool: a pool whose puts go through a callback.
 *
 * Set up by os_mempool_ext_init(), which leaves the callback unset; set
 * #mpe_put_cb and #mpe_put_arg afterwards.
 */
struct os_mempool_ext {
    /** The pool itself; first, so a pointer to it is a pointer to this. */
    struct os_mempool mpe_mp;
    /** Called by os_memblock_put() instead of freeing, when not NULL. */
    os_mempool_put_fn *mpe_put_cb;
    /** Passed to #mpe_put_cb as its last argument. */
    void *mpe_put_arg;
};

/**
 * @brief What os_mempool_info_get_next() and os_mempool_get() report of a
 *        pool.
 */
struct os_mempool_info {
    /** Block size asked for at init, in bytes. */
    int omi_block_size;
    /** Number of blocks in the pool. */
    int omi_num_blocks;
    /** Number of blocks free now. */
    int omi_num_free;
    /** Lowest number of free blocks seen. */
    int omi_min_free;
    /** The pool's name, truncated and NUL-terminated; "" when it has none. */
    char omi_name[OS_MEMPOOL_INFO_NAME_LEN];
};

/**
 * @brief Bytes a block of @p sz bytes takes in a pool's buffer, before
 *        alignment: @p sz, plus the guard word when #OS_MEMPOOL_GUARD is on.
 *
 * A constant expression when its argument is. #OS_MEMPOOL_SIZE rounds it up
 * to #OS_ALIGNMENT.
 *
 * @see OS_MEMPOOL_SIZE, OS_MEMPOOL_BYTES
 */
#define OS_MEMPOOL_BLOCK_SZ(sz) ((sz) + (OS_MEMPOOL_GUARD ? OS_ALIGNMENT : 0))

/**
 * @brief Number of #os_membuf_t elements that @p n blocks of @p blksize
 *        bytes need.
 *
 * A constant expression when its arguments are, so it can size a static
 * array: `static os_membuf_t buf[OS_MEMPOOL_SIZE(16, 40)];`. Includes the
 * guard word when #OS_MEMPOOL_GUARD is on.
 *
 * @see OS_MEMPOOL_BYTES, OS_MEMPOOL_BLOCK_SZ, os_mempool_init()
 */
#define OS_MEMPOOL_SIZE(n, blksize)                                          \
    ((n) * ((OS_MEMPOOL_BLOCK_SZ(blksize) + (OS_ALIGNMENT - 1)) /            \
            OS_ALIGNMENT))

/**
 * @brief Number of bytes that @p n blocks of @p blksize bytes need: the
 *        size of the buffer to give os_mempool_init().
 *
 * `sizeof(os_membuf_t) * OS_MEMPOOL_SIZE(n, blksize)`; a constant expression
 * when its arguments are.
 *
 * @see OS_MEMPOOL_SIZE, os_mempool_init()
 */
#define OS_MEMPOOL_BYTES(n, blksize)                                         \
    (sizeof(os_membuf_t) * OS_MEMPOOL_SIZE((n), (blksize)))

#if !defined(__DOXYGEN__)
/*
 * A buffer sized by one build must not reach the init of another: the guard
 * and the alignment change OS_MEMPOOL_BYTES, so they change the names of the
 * two init functions, and a program and a library built differently fail to
 * link instead of overflowing the buffer.
 */
#if OS_MEMPOOL_GUARD
#define OS_MEMPOOL_ABI_GUARD _guarded
#else
#define OS_MEMPOOL_ABI_GUARD
#endif
#if UINTPTR_MAX > 0xffffffffu
#define OS_MEMPOOL_ABI_NATURAL 8
#else
#define OS_MEMPOOL_ABI_NATURAL 4
#endif
#if OS_ALIGNMENT == OS_MEMPOOL_ABI_NATURAL
#define OS_MEMPOOL_ABI_ALIGN
#elif OS_ALIGNMENT == 8
#define OS_MEMPOOL_ABI_ALIGN _align8
#else
#define OS_MEMPOOL_ABI_ALIGN _align16
#endif
#define OS_MEMPOOL_ABI_PASTE(name, guard, align) name##guard##align
#define OS_MEMPOOL_ABI_NAME(name, guard, align)                              \
    OS_MEMPOOL_ABI_PASTE(name, guard, align)
#if OS_MEMPOOL_GUARD || OS_ALIGNMENT != OS_MEMPOOL_ABI_NATURAL
#define os_mempool_init                                                      \
    OS_MEMPOOL_ABI_NAME(os_mempool_init, OS_MEMPOOL_ABI_GUARD,               \
                        OS_MEMPOOL_ABI_ALIGN)
#define os_mempool_ext_init                                                  \
    OS_MEMPOOL_ABI_NAME(os_mempool_ext_init, OS_MEMPOOL_ABI_GUARD,           \
                        OS_MEMPOOL_ABI_ALIGN)
#endif
#endif

/**
 * @brief Initializes a memory pool.
 *
 * Divides the memory at @p membuf into @p blocks blocks of
 * `OS_ALIGN(block_size, OS_ALIGNMENT)` bytes each, all free, and registers
 * the pool at the end of the list of pools (once: initialising a registered
 * pool again keeps its place). The buffer must hold at least
 * `OS_MEMPOOL_BYTES(blocks, block_size)` bytes; nothing is allocated.
 *
 * @param mp         Memory pool being initialized.
 * @param blocks     Number of blocks in the pool; 0 makes an empty pool.
 * @param block_size Minimum size of a block, in bytes.
 * @param membuf     Backing store for the blocks, aligned on #OS_ALIGNMENT.
 * @param name       Name of the pool, or NULL; kept by pointer, not copied.
 * @return #OS_OK on success;
 *         #OS_INVALID_PARAM when @p mp or @p membuf is NULL, @p blocks is
 *         negative, @p block_size is negative or 0, or the pool would not fit
 *         in 4 GiB or in the address space above @p membuf;
 *         #OS_MEM_NOT_ALIGNED when @p membuf is not aligned on
 *         #OS_ALIGNMENT bytes. On failure the pool is left as it was.
 *
 * @context Any task or thread. A pool's first initialisation must return
 *          before any other call uses the pool; initialising a registered
 *          pool again is safe while other calls use it (each sees the pool
 *          before or after). Not from an interrupt handler, nor from a
 *          signal handler with the host port.
 *
 * @see os_mempool_ext_init(), OS_MEMPOOL_BYTES, os_mempool_clear(),
 *      os_mempool_unregister()
 */
os_error_t os_mempool_init(struct os_mempool *mp, int blocks, int block_size,
                           void *membuf, char *name);

/**
 * @brief Initializes an extended memory pool, whose puts can go through a
 *        callback.
 *
 * The same as os_mempool_init() on @p mpe's pool, which it also marks as
 * extended (#OS_MEMPOOL_F_EXT); sets os_mempool_ext::mpe_put_cb and
 * os_mempool_ext::mpe_put_arg to NULL.
 *
 * @param mpe        Extended memory pool being initialized.
 * @param blocks     Number of blocks in the pool.
 * @param block_size Minimum size of a block, in bytes.
 * @param membuf     Backing store for the blocks, aligned on #OS_ALIGNMENT.
 * @param name       Name of the pool, or NULL; kept by pointer, not copied.
 * @return The same codes as os_mempool_init(), for the same inputs:
 *         #OS_OK on success;
 *         #OS_INVALID_PARAM when @p mpe or @p membuf is NULL, @p blocks is
 *         negative, @p block_size is negative or 0, or the pool would not fit
 *         in 4 GiB or in the address space above @p membuf;
 *         #OS_MEM_NOT_ALIGNED when @p membuf is not aligned on
 *         #OS_ALIGNMENT bytes. On failure the pool is left as it was.
 *
 * @context Any task or thread. A pool's first initialisation must return
 *          before any other call uses the pool; initialising a registered
 *          pool again is safe while other calls use it (each sees the pool
 *          before or after). Not from an interrupt handler, nor from a
 *          signal handler with the host port.
 *
 * @see os_mempool_init(), os_memblock_put(), os_memblock_put_from_cb()
 */
os_error_t os_mempool_ext_init(struct os_mempool_ext *mpe, int blocks,
                               int block_size, void *membuf, char *name);

/**
 * @brief Takes a free block from a pool.
 *
 * Constant time. Lowers os_mempool::mp_num_free and, when it reaches a new
 * low, os_mempool::mp_min_free. The block's contents are unspecified.
 *
 * Before it makes the block's link the head of the free list, it checks the
 * link: NULL exactly at the last free block, otherwise a block of this pool
 * that the library linked there (a free block of two pointers or more keeps
 * a tag of its link in its second word). A damaged link, as a write into a
 * block after it was put back leaves, is never followed: the get returns
 * NULL, the pool stays as it is and os_mempool_is_sane() reports it, until
 * os_mempool_clear() or a new initialisation. With a debug option on, the
 * damage also goes to the corruption hook.
 *
 * @param mp The pool to take the block from.
 * @return The block, aligned on #OS_ALIGNMENT; NULL when the pool has no
 *         free block, when its free list is damaged, or when @p mp is NULL.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe (use the user port: see the design
 *          guide). Not on a pool whose first initialisation has not
 *          returned.
 *
 * @see os_memblock_put(), os_mempool_init()
 */
void *os_memblock_get(struct os_mempool *mp);

/**
 * @brief Returns a block to its pool.
 *
 * For an extended pool whose os_mempool_ext::mpe_put_cb is set, calls the
 * callback instead of freeing the block and returns what it returns; the
 * callback pointer is read once, so another thread may change it with an
 * atomic store while puts go on.
 *
 * A block that is already free is refused: a free block of two pointers or
 * more keeps in its second word a tag that get removes, and a put that finds
 * the tag asks the free list, so a double put is refused even after the
 * block's first word was overwritten. A one-word block has no room for the
 * tag: one whose word reads as a link (NULL or a block of the pool) is
 * asked about the same way. Constant time, except for a block that bears
 * that mark, which is checked against the free list. With a debug option
 * on, every refused put (other than of a NULL pointer) goes to the
 * corruption hook, whose default aborts.
 *
 * @param mp         The pool the block was taken from.
 * @param block_addr The block, as os_memblock_get() returned it.
 * @return #OS_OK on success;
 *         #OS_INVALID_PARAM when @p mp or @p block_addr is NULL, when the
 *         block lies outside the pool's buffer or is not on a block
 *         boundary, when the block is already free, or when it bears the
 *         mark of a free block and the free list is damaged; the pool is
 *         then left unchanged. For an extended pool with a callback, also
 *         whatever the callback returns.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe (use the user port: see the design
 *          guide). Not on a pool whose first initialisation has not
 *          returned.
 *
 * @see os_memblock_get(), os_memblock_put_from_cb(), os_memblock_from()
 */
os_error_t os_memblock_put(struct os_mempool *mp, void *block_addr);

/**
 * @brief Returns a block to its pool without calling the pool's put
 *        callback.
 *
 * For use inside an os_mempool_put_fn callback, to free the block it was
 * given; on any other pool it is the same as os_memblock_put().
 *
 * @param mp         The pool the block was taken from.
 * @param block_addr The block, as os_memblock_get() returned it.
 * @return #OS_OK on success;
 *         #OS_INVALID_PARAM when @p mp or @p block_addr is NULL, when the
 *         block lies outside the pool's buffer or is not on a block
 *         boundary, or when the block is already free; the pool is then left
 *         unchanged.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe (use the user port: see the design
 *          guide). Not on a pool whose first initialisation has not
 *          returned.
 *
 * @see os_memblock_put(), os_mempool_ext_init()
 */
os_error_t os_memblock_put_from_cb(struct os_mempool *mp, void *block_addr);

/**
 * @brief Tells whether an address is a block of a pool.
 *
 * The test os_memblock_put() makes before it accepts a block: inside the
 * pool's buffer and on a block boundary, free or not. Constant time, with
 * no division and no lock (it reads only what init set: not while the pool
 * is being initialised).
 *
 * @param mp         The pool.
 * @param block_addr The address to test.
 * @return 1 when @p block_addr lies in @p mp's buffer on a block boundary,
 *         whether the block is free or not; 0 otherwise, and when @p mp or
 *         @p block_addr is NULL.
 *
 * @context Anywhere, signal handlers included: it takes no lock and reads
 *          only what initialisation wrote. Not on a pool being initialised.
 *
 * @see os_memblock_put()
 */
int os_memblock_from(const struct os_mempool *mp, const void *block_addr);

/**
 * @brief Makes every block of a pool free again.
 *
 * Rebuilds the free list in address order and sets os_mempool::mp_num_free
 * and os_mempool::mp_min_free to os_mempool::mp_num_blocks. Blocks still in
 * use must not be used afterwards.
 *
 * @param mp The pool to clear.
 * @return #OS_OK on success; #OS_INVALID_PARAM when @p mp is NULL.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them (interrupts stay masked while it runs, for a time
 *          proportional to the pool's size). Not from a signal handler with
 *          the host port, which is not async-signal-safe. Not on a pool
 *          whose first initialisation has not returned.
 *
 * @see os_mempool_init(), os_mempool_is_sane()
 */
os_error_t os_mempool_clear(struct os_mempool *mp);

/**
 * @brief Checks a pool for corruption.
 *
 * Walks the free list, checking each link as get does (a block of the pool,
 * with its tag when the block has room for one) and never following a bad
 * one. With the debug options on, also checks the poison pattern of every
 * free block (#OS_MEMPOOL_POISON) and the guard of every block
 * (#OS_MEMPOOL_GUARD). Takes time proportional to the pool's size.
 *
 * @param mp The pool to check.
 * @return true when the pool is sane; false when @p mp is NULL, a free-list
 *         entry lies outside the pool or off a block boundary or lost its
 *         tag, the free list loops or its length is not
 *         os_mempool::mp_num_free, the counters disagree, or a poison or
 *         guard pattern is damaged.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them (interrupts stay masked while it runs, for a time
 *          proportional to the pool's size). Not from a signal handler with
 *          the host port, which is not async-signal-safe. Not on a pool
 *          whose first initialisation has not returned.
 *
 * @see os_mempool_clear(), OS_MEMPOOL_CHECK
 */
bool os_mempool_is_sane(const struct os_mempool *mp);

/**
 * @brief Walks the registered pools, describing each.
 *
 * Pools are listed in the order they were first registered. Each
 * description is a consistent snapshot taken under the pool's critical
 * section. A pool that os_mempool_unregister() removed has no successor: a
 * walk standing on a pool that another thread unregisters ends there. (The
 * pools os_mempool_module_init() drops keep their links, as in Mynewt.)
 *
 * @param mp  NULL to describe the first registered pool; otherwise the pool
 *            whose successor to describe.
 * @param omi Filled with the description of the pool returned, when not
 *            NULL: counters, and the name copied, truncated to
 *            #OS_MEMPOOL_INFO_NAME_LEN - 1 characters ("" for no name).
 * @return The pool described; NULL after the last one, or when @p mp was
 *         unregistered (then @p omi is left as it was).
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe.
 *
 * @see os_mempool_get(), os_mempool_info_get(), os_mempool_unregister()
 */
struct os_mempool *os_mempool_info_get_next(struct os_mempool *mp,
                                            struct os_mempool_info *omi);

/**
 * @brief Finds a registered pool by name.
 *
 * Compares @p name in full with the names given at init; a pool without a
 * name is never found. Takes time proportional to the number of registered
 * pools. The description, when asked for, is a consistent snapshot taken
 * under the pool's critical section.
 *
 * @param name The name to look for.
 * @param info Filled with the pool's description when the pool is found
 *             and @p info is not NULL.
 * @return The first registered pool with that name; NULL when there is none
 *         or @p name is NULL.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe.
 *
 * @see os_mempool_info_get_next(), os_mempool_info_get()
 */
struct os_mempool *os_mempool_get(const char *name,
                                  struct os_mempool_info *info);

/**
 * @brief Removes a pool from the registry.
 *
 * The pool itself keeps working; it is only no longer listed.
 *
 * @param mp The pool to remove.
 * @return #OS_OK on success; #OS_INVALID_PARAM when @p mp is NULL or not
 *         registered.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe.
 *
 * @see os_mempool_init(), os_mempool_module_init()
 */
os_error_t os_mempool_unregister(struct os_mempool *mp);

/**
 * @brief Describes one pool, registered or not, as a consistent snapshot.
 *
 * The counters are read together under the pool's critical section, so they
 * agree with each other; reading os_mempool::mp_num_free and
 * os_mempool::mp_min_free directly gives each one's value at some moment
 * (an aligned 32-bit word is never torn), not both at the same moment.
 *
 * @param mp  The pool to describe.
 * @param omi Filled with the pool's counters and name.
 * @return #OS_OK on success; #OS_INVALID_PARAM when @p mp or @p omi is NULL.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe (use the user port: see the design
 *          guide). Not on a pool whose first initialisation has not
 *          returned.
 *
 * @see os_mempool_info_get_next(), os_mempool_get()
 */
os_error_t os_mempool_info_get(struct os_mempool *mp,
                               struct os_mempool_info *omi);

/**
 * @brief Empties the registry of pools.
 *
 * The pools themselves keep working; none is listed any more until it is
 * initialised again. Mynewt calls it when the system starts; its tests call
 * it to start from an empty registry, after saving a copy of the head
 * `g_os_mempool_list` (a `STAILQ_HEAD` the library defines and, as in
 * Mynewt, the header does not declare) that they copy back afterwards: the
 * dropped pools keep their links for that.
 *
 * @context Any task or thread; interrupt handlers too with the Cortex-M
 *          port (privileged code, one core), the RISC-V port (machine
 *          mode, one hart) and a user port whose critical section masks
 *          them. Not from a signal handler with the host port, which is
 *          not async-signal-safe.
 *
 * @see os_mempool_unregister(), os_mempool_info_get_next()
 */
void os_mempool_module_init(void);

#if OS_MEMPOOL_DEBUG || defined(__DOXYGEN__)
/**
 * @brief Corruption hook: what the library calls when a debug option finds
 *        a pool damaged.
 *
 * @param mp    The damaged pool.
 * @param block The damaged block, or NULL when the damage is in the free
 *              list or the counters.
 * @param what  A short description of the damage, for a report.
 */
typedef void os_mempool_corrupt_fn(struct os_mempool *mp, void *block,
                                   const char *what);

/**
 * @brief Replaces the corruption hook (only with a debug option on).
 *
 * The library calls the hook when a debug option finds a damaged pattern,
 * when get finds a damaged free-list link, and for every refused put other
 * than of a NULL pointer (a double put, a foreign or misaligned address),
 * as Mynewt's checking builds assert there. The default hook prints the
 * pool's name, the block and the damage on stderr and calls abort(). A hook
 * that returns lets the call go on: a damaged pattern as if it had not been
 * found, a bad link or a refused put as without a debug option. The hook
 * may run with the damaged pool locked: it must not call any function on
 * that pool.
 *
 * @param fn The new hook, or NULL for the default one.
 * @return The hook that was in place.
 *
 * @context Any task or thread; not while another thread replaces the hook.
 *
 * @see os_mempool_is_sane(), OS_MEMPOOL_POISON, OS_MEMPOOL_GUARD,
 *      OS_MEMPOOL_CHECK
 */
os_mempool_corrupt_fn *os_mempool_set_corrupt_hook(os_mempool_corrupt_fn *fn);
#endif

#ifdef __cplusplus
}
#endif

#endif /* OS_MEMPOOL_H */
