/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A reference model of the memory pool API, for model-based tests and
 * fuzzers: plain C99, no test framework, no allocation.
 *
 * The model follows what SPEC.md promises, not how the library does it: a
 * pool is a set of blocks, each free or held by the user; the model says
 * which result code each call must return and which blocks each call may
 * hand out. It never predicts which free block os_memblock_get() returns
 * (that order is the library's business), only that it was free.
 *
 * Typical step of a test:
 *
 *     rc = os_memblock_put(&mp, blk);
 *     if (rc != pool_model_put(&model, blk)) ... mismatch
 *     if ((err = pool_model_compare(&model, &mp)) != NULL) ... report err
 *
 * A pool of the model can only follow a real pool initialised with the same
 * buffer and sizes through pool_model_init(). The registry part follows the
 * registry order of the pools a test declares with registry_model_track(),
 * ignoring any other pool that is registered.
 *
 * Every "compare" and "check" function returns NULL when the library agrees
 * with the model, otherwise a description of the first difference (in a
 * static buffer, overwritten by the next call: not thread-safe).
 */
#ifndef POOL_MODEL_H
#define POOL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/os_mempool.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The model's view of one pool. Read the fields; change them only through
 * the functions below. */
struct pool_model {
    /* Buffer given to the last successful init; 0 before the first. */
    uintptr_t membuf;
    /* As the library must have set them. */
    uint32_t num_blocks;
    uint32_t block_size;
    uint32_t stride;
    uint32_t num_free;
    uint32_t min_free;
    /* One entry per block: PM_FREE or PM_HELD. Caller-provided storage
     * (see pool_model_setup()), so the model never allocates. */
    unsigned char *state;
    uint32_t capacity;
};

#define PM_FREE 0
#define PM_HELD 1

/*
 * Prepares a model with room for `capacity` blocks in `state` (an array of
 * at least that many bytes that the caller keeps alive). The model starts
 * as an empty pool (0 blocks) with membuf 0.
 */
void pool_model_setup(struct pool_model *m, unsigned char *state,
                      uint32_t capacity);

/*
 * The result os_mempool_init() must return for these arguments with a
 * non-NULL mp (SPEC.md: negative counts, size 0 or less, NULL buffer, a
 * span of 4 GiB or more or one reaching the top of the address space give
 * OS_INVALID_PARAM; a misaligned buffer gives OS_MEM_NOT_ALIGNED).
 */
os_error_t pool_model_init_rc(int blocks, int block_size, const void *membuf);

/* Bytes from one block to the next for a block size (with the guard word
 * when the library is built with OS_MEMPOOL_GUARD). */
uint32_t pool_model_stride(int block_size);

/*
 * Applies os_mempool_init(): returns the result the library must return
 * and, when it is OS_OK, makes every block free and resets the counters.
 * A failed init leaves the model unchanged. Returns -1 (and changes
 * nothing) when an init that should succeed has more blocks than the
 * model's capacity: the caller must not use the model for that pool.
 */
int pool_model_init(struct pool_model *m, int blocks, int block_size,
                    const void *membuf);

/* Address of block i (i < num_blocks). */
void *pool_model_block(const struct pool_model *m, uint32_t i);

/* Index of the block at addr, or -1 when addr is not a block of the pool
 * (outside the buffer, off a block boundary, NULL). */
long pool_model_index(const struct pool_model *m, const void *addr);

/* What os_memblock_from() must return. */
int pool_model_from(const struct pool_model *m, const void *addr);

/* What os_memblock_put() / os_memblock_put_from_cb() must return for a
 * pool without a put callback, without applying it. For an extended pool
 * with a callback, OS_OK here means "the callback must be called" and any
 * other value "the callback must not be called". */
os_error_t pool_model_put_rc(const struct pool_model *m, const void *addr);

/* Applies a put without callback: returns the result the library must
 * return and frees the block when it is OS_OK. */
os_error_t pool_model_put(struct pool_model *m, const void *addr);

/*
 * Applies os_memblock_get(), which returned `got`: checks that it is NULL
 * exactly when no block is free and otherwise a free block of the pool
 * (so never a block already handed out), then marks it held.
 */
const char *pool_model_get(struct pool_model *m, const void *got);

/* Applies os_mempool_clear(): every block free, both counters at
 * num_blocks. */
void pool_model_clear(struct pool_model *m);

/* Number of held blocks, and the index of the k-th one (k < held count),
 * in address order: a way for a test to pick a held block. */
uint32_t pool_model_held_count(const struct pool_model *m);
uint32_t pool_model_held_index(const struct pool_model *m, uint32_t k);

/*
 * Compares a real pool with the model: its geometry, mp_num_free,
 * mp_min_free, os_mempool_is_sane() (must be true), and the set of blocks
 * on its free list, which must be exactly the model's free blocks, with the
 * blocks at the model's stride from the buffer. The free list is walked the
 * way Mynewt code walks it (SLIST_NEXT: a free block's first word points to
 * the next free block, NULL at the end); the walk stops at a block seen
 * twice, so a corrupt list cannot hang it. O(num_blocks).
 */
const char *pool_model_compare(const struct pool_model *m,
                               const struct os_mempool *mp);

/* The registry as far as the tracked pools are concerned. */
#define REGISTRY_MODEL_MAX 16

struct registry_model {
    /* Pools the model follows; others in the registry are ignored. */
    const struct os_mempool *tracked[REGISTRY_MODEL_MAX];
    int num_tracked;
    /* The tracked pools that are registered, in registry order. */
    const struct os_mempool *order[REGISTRY_MODEL_MAX];
    int num_registered;
};

/* Starts with no tracked pool. */
void registry_model_setup(struct registry_model *r);

/* Follows mp from now on; `registered` says whether it is registered now
 * (it is then taken to be after every tracked pool already registered).
 * Returns -1 when REGISTRY_MODEL_MAX pools are already tracked. */
int registry_model_track(struct registry_model *r, const struct os_mempool *mp,
                         bool registered);

/* Applies a successful init of mp: appended when not registered, kept in
 * its place when it is. */
void registry_model_init(struct registry_model *r, const struct os_mempool *mp);

/* Applies os_mempool_unregister(mp): returns the result it must return. */
os_error_t registry_model_unregister(struct registry_model *r,
                                     const struct os_mempool *mp);

/* True when the model has mp registered. */
bool registry_model_registered(const struct registry_model *r,
                               const struct os_mempool *mp);

/*
 * Walks the real registry with os_mempool_info_get_next() (at most `limit`
 * entries, so a loop cannot hang it) and checks that the tracked pools in
 * it appear once each, in the model's order, and that the information
 * returned for each matches its counters and name.
 */
const char *registry_model_compare(const struct registry_model *r, int limit);

#ifdef __cplusplus
}
#endif

#endif /* POOL_MODEL_H */
