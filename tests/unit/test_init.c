/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/* mmap() for the largest-span test. */
#define _DEFAULT_SOURCE

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../check_skip.h"
#include "os/os_mempool.h"
#include "suites.h"

#define NBLK 10
#define BSIZE 24

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
static os_membuf_t buf2[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
static struct os_mempool pool;
static struct os_mempool pool2;
static struct os_mempool_ext epool;
static char name[] = "t";

START_TEST(test_init_hands_out_blocks_in_address_order)
{
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, name), OS_OK);
    ck_assert_uint_eq(pool.mp_num_blocks, NBLK);
    ck_assert_uint_eq(pool.mp_num_free, NBLK);
    ck_assert_uint_eq(pool.mp_min_free, NBLK);
    ck_assert_uint_eq(pool.mp_block_size, BSIZE);
    ck_assert_uint_eq(pool.mp_membuf_addr, (uintptr_t)buf);
    ck_assert_ptr_eq(pool.name, name);
    ck_assert(os_mempool_is_sane(&pool));
    for (i = 0; i < NBLK; i++) {
        ck_assert_ptr_eq(os_memblock_get(&pool),
                         (char *)buf + OS_ALIGN(BSIZE, OS_ALIGNMENT) * i);
    }
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

START_TEST(test_init_one_block)
{
    void *b;

    ck_assert_int_eq(os_mempool_init(&pool, 1, 1, buf, NULL), OS_OK);
    ck_assert_uint_eq(pool.mp_num_free, 1);
    b = os_memblock_get(&pool);
    ck_assert_ptr_eq(b, buf);
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_uint_eq(pool.mp_num_free, 0);
    ck_assert_uint_eq(pool.mp_min_free, 0);
    ck_assert_int_eq(os_memblock_put(&pool, b), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, b), OS_INVALID_PARAM);
    ck_assert_int_eq(os_memblock_put(&pool, (char *)b + OS_ALIGNMENT),
                     OS_INVALID_PARAM);
    ck_assert_uint_eq(pool.mp_num_free, 1);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

START_TEST(test_init_zero_blocks_is_an_empty_pool)
{
    ck_assert_int_eq(os_mempool_init(&pool, 0, BSIZE, buf, name), OS_OK);
    ck_assert_uint_eq(pool.mp_num_blocks, 0);
    ck_assert_uint_eq(pool.mp_num_free, 0);
    ck_assert_uint_eq(pool.mp_min_free, 0);
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_int_eq(os_memblock_put(&pool, buf), OS_INVALID_PARAM);
    ck_assert_int_eq(os_memblock_from(&pool, buf), 0);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_clear(&pool), OS_OK);
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_ptr_eq(os_mempool_get(name, NULL), &pool);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/*
 * Every block size from 1 to 3 * OS_ALIGNMENT + 1, in a heap buffer of
 * exactly OS_MEMPOOL_BYTES (so AddressSanitizer and valgrind see any byte
 * past it): blocks are OS_ALIGN(size) apart and each holds `size` bytes the
 * user can fill without touching its neighbours.
 */
START_TEST(test_init_every_small_block_size)
{
    enum { N = 5 };
    unsigned char *blocks[N];
    int size;
    int i;
    int j;

    for (size = 1; size <= 3 * OS_ALIGNMENT + 1; size++) {
        unsigned char *mem = malloc(OS_MEMPOOL_BYTES(N, size));
        size_t stride = OS_ALIGN((size_t)size, OS_ALIGNMENT);

        ck_assert_ptr_nonnull(mem);
        ck_assert_int_eq(os_mempool_init(&pool, N, size, mem, NULL), OS_OK);
        ck_assert_uint_eq(pool.mp_block_size, (unsigned)size);
        for (i = 0; i < N; i++) {
            blocks[i] = os_memblock_get(&pool);
            ck_assert_ptr_eq(blocks[i], mem + i * stride);
            ck_assert_uint_eq((uintptr_t)blocks[i] % OS_ALIGNMENT, 0);
            memset(blocks[i], 0xc0 + i, (size_t)size);
        }
        ck_assert_ptr_null(os_memblock_get(&pool));
        for (i = 0; i < N; i++) {
            for (j = 0; j < size; j++) {
                ck_assert_uint_eq(blocks[i][j], 0xc0 + i);
            }
            ck_assert_int_eq(os_memblock_put(&pool, blocks[i]), OS_OK);
        }
        ck_assert_uint_eq(pool.mp_num_free, N);
        ck_assert(os_mempool_is_sane(&pool));
        free(mem);
    }
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

START_TEST(test_init_refuses_null_negative_and_zero)
{
    static const int bad_counts[] = {-1, -2, INT_MIN};
    static const int bad_sizes[] = {0, -1, -8, INT_MIN};
    size_t i;

    ck_assert_int_eq(os_mempool_init(NULL, NBLK, BSIZE, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, NULL, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, 0, BSIZE, NULL, name),
                     OS_INVALID_PARAM);
    for (i = 0; i < sizeof(bad_counts) / sizeof(bad_counts[0]); i++) {
        ck_assert_int_eq(
            os_mempool_init(&pool, bad_counts[i], BSIZE, buf, name),
            OS_INVALID_PARAM);
        ck_assert_int_eq(
            os_mempool_ext_init(&epool, bad_counts[i], BSIZE, buf, name),
            OS_INVALID_PARAM);
        /* The arguments are checked before the buffer's alignment, as in
         * Mynewt: a bad count is OS_INVALID_PARAM whatever the buffer. */
        ck_assert_int_eq(
            os_mempool_init(&pool, bad_counts[i], BSIZE, (char *)buf + 1, name),
            OS_INVALID_PARAM);
    }
    for (i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
        ck_assert_int_eq(os_mempool_init(&pool, NBLK, bad_sizes[i], buf, name),
                         OS_INVALID_PARAM);
        ck_assert_int_eq(os_mempool_init(&pool, 0, bad_sizes[i], buf, name),
                         OS_INVALID_PARAM);
        ck_assert_int_eq(
            os_mempool_ext_init(&epool, NBLK, bad_sizes[i], buf, name),
            OS_INVALID_PARAM);
    }
    ck_assert_int_eq(os_mempool_ext_init(NULL, NBLK, BSIZE, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_ext_init(&epool, NBLK, BSIZE, NULL, name),
                     OS_INVALID_PARAM);
    /* None of them registered anything (the fixture checks it too). */
    ck_assert_ptr_null(os_mempool_get(name, NULL));
}
END_TEST

/*
 * A buffer off OS_ALIGNMENT, by every offset, is refused with
 * OS_MEM_NOT_ALIGNED, by init and ext init alike, and leaves the pools
 * being initialised again exactly as they were; aligned on OS_ALIGNMENT is
 * enough, whatever the block size.
 */
START_TEST(test_init_refuses_misaligned_buffers)
{
    struct os_mempool saved;
    struct os_mempool_ext esaved;
    int off;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, name), OS_OK);
    ck_assert_int_eq(os_mempool_ext_init(&epool, NBLK, BSIZE, buf2, "e"),
                     OS_OK);
    ck_assert_ptr_nonnull(os_memblock_get(&pool));
    memcpy(&saved, &pool, sizeof(saved));
    memcpy(&esaved, &epool, sizeof(esaved));
    for (off = 1; off < OS_ALIGNMENT; off++) {
        ck_assert_int_eq(
            os_mempool_init(&pool, NBLK - 1, BSIZE, (char *)buf + off, name),
            OS_MEM_NOT_ALIGNED);
        ck_assert_int_eq(os_mempool_init(&pool, 1, 1, (char *)buf2 + off, name),
                         OS_MEM_NOT_ALIGNED);
        ck_assert_int_eq(os_mempool_ext_init(&epool, NBLK - 1, BSIZE,
                                             (char *)buf + off, name),
                         OS_MEM_NOT_ALIGNED);
        ck_assert_int_eq(
            os_mempool_ext_init(&epool, 1, 1, (char *)buf2 + off, name),
            OS_MEM_NOT_ALIGNED);
    }
    ck_assert_mem_eq(&pool, &saved, sizeof(saved));
    ck_assert_mem_eq(&epool, &esaved, sizeof(esaved));
    ck_assert_int_eq(os_mempool_unregister(&epool.mpe_mp), OS_OK);
    ck_assert_int_eq(os_mempool_init(&pool, NBLK - 1, BSIZE,
                                     (char *)buf + OS_ALIGNMENT, name),
                     OS_OK);
    ck_assert_ptr_eq(os_memblock_get(&pool), (char *)buf + OS_ALIGNMENT);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* Spans of 2^32 bytes or more, and spans reaching the top of the address
 * space, are refused before anything is written. */
START_TEST(test_init_refuses_size_overflow)
{
    uintptr_t top = UINTPTR_MAX - (OS_ALIGNMENT - 1);

    ck_assert_int_eq(os_mempool_init(&pool, 1 << 28, 16, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool,
                                     (int)((UINT64_C(1) << 32) / OS_ALIGNMENT),
                                     1, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, 2, INT_MAX, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, INT_MAX, 1, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, INT_MAX, INT_MAX, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, 0x10000, 0x10000, buf, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_ext_init(&epool, 0x10000, 0x10000, buf, name),
                     OS_INVALID_PARAM);
    /* A buffer whose end would wrap past the top of the address space. */
    ck_assert_int_eq(os_mempool_init(&pool, 2, OS_ALIGNMENT, (void *)top, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(
        os_mempool_init(&pool, 1, INT_MAX,
                        (void *)(top - ((uintptr_t)1 << 31) + OS_ALIGNMENT),
                        name),
        OS_INVALID_PARAM);
    ck_assert_ptr_null(os_mempool_get(name, NULL));
}
END_TEST

/*
 * The largest spans are accepted: 3 blocks of 2^30 bytes (2^32 - 2^30) and
 * one block of INT_MAX bytes, in a reserved mapping of which only the
 * touched pages get memory; 4 blocks of 2^30 (2^32) are refused.
 */
START_TEST(test_init_accepts_largest_span)
{
    const size_t gib = (size_t)1 << 30;
    const size_t len = 3 * gib;
    unsigned char *mem;
    unsigned char *b;
    int i;

    if (sizeof(void *) < 8) {
        CHECK_SKIP("needs a 64-bit host");
    }
    mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        CHECK_SKIP("cannot reserve 3 GiB of address space");
    }
    ck_assert_int_eq(os_mempool_init(&pool, 4, 1 << 30, mem, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, 3, 1 << 30, mem, name), OS_OK);
    for (i = 0; i < 3; i++) {
        b = os_memblock_get(&pool);
        ck_assert_ptr_eq(b, mem + i * gib);
        b[gib - 1] = 1;
    }
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_int_eq(os_memblock_from(&pool, mem + 2 * gib), 1);
    ck_assert_int_eq(os_memblock_put(&pool, mem + gib), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, mem + gib), OS_INVALID_PARAM);
    ck_assert_int_eq(os_memblock_put(&pool, mem + gib + OS_ALIGNMENT),
                     OS_INVALID_PARAM);
    ck_assert(os_mempool_is_sane(&pool));

    ck_assert_int_eq(os_mempool_init(&pool, 2, INT_MAX, mem, name),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, 1, INT_MAX, mem, name), OS_OK);
    ck_assert_uint_eq(pool.mp_block_size, INT_MAX);
    ck_assert_ptr_eq(os_memblock_get(&pool), mem);
    ck_assert_int_eq(os_memblock_from(&pool, mem + gib), 0);
    ck_assert_int_eq(os_memblock_put(&pool, mem), OS_OK);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
    munmap(mem, len);
}
END_TEST

/* A failed init of a working pool leaves it, and the registry, as it was
 * (misaligned buffers: test_init_refuses_misaligned_buffers). */
START_TEST(test_init_failure_leaves_pool_unchanged)
{
    struct os_mempool saved;
    struct os_mempool_ext esaved;
    struct os_mempool *reg_before[64];
    struct os_mempool *reg_after[64];
    int reg_len;
    void *b[3];
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, name), OS_OK);
    ck_assert_int_eq(os_mempool_ext_init(&epool, NBLK, BSIZE, buf2, "e"),
                     OS_OK);
    for (i = 0; i < 3; i++) {
        b[i] = os_memblock_get(&pool);
    }
    ck_assert_int_eq(os_memblock_put(&pool, b[1]), OS_OK);
    epool.mpe_put_arg = &saved;
    memcpy(&saved, &pool, sizeof(saved));
    memcpy(&esaved, &epool, sizeof(esaved));
    reg_len = registry_list(reg_before, 64);

    ck_assert_int_eq(os_mempool_init(&pool, -1, BSIZE, buf2, "x"),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, NBLK, 0, buf2, "x"),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, NULL, "x"),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_init(&pool, INT_MAX, INT_MAX, buf2, "x"),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_ext_init(&epool, NBLK, -5, buf, "x"),
                     OS_INVALID_PARAM);
    ck_assert_mem_eq(&pool, &saved, sizeof(saved));
    ck_assert_mem_eq(&epool, &esaved, sizeof(esaved));
    ck_assert_int_eq(registry_list(reg_after, 64), reg_len);
    ck_assert_mem_eq(reg_after, reg_before, sizeof(reg_before[0]) * reg_len);
    ck_assert_ptr_eq(os_mempool_get("t", NULL), &pool);
    ck_assert_ptr_eq(os_mempool_get("e", NULL), &epool.mpe_mp);
    ck_assert_ptr_null(os_mempool_get("x", NULL));

    /* The pool goes on working from where it was. */
    ck_assert_ptr_eq(os_memblock_get(&pool), b[1]);
    ck_assert_int_eq(os_memblock_put(&pool, b[0]), OS_OK);
    ck_assert_uint_eq(pool.mp_num_free, NBLK - 2);
    ck_assert_uint_eq(pool.mp_min_free, NBLK - 3);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
    ck_assert_int_eq(os_mempool_unregister(&epool.mpe_mp), OS_OK);
}
END_TEST

/* A failed init of a pool never registered does not register it. */
START_TEST(test_init_failure_does_not_register)
{
    int before = registry_length();

    ck_assert_int_eq(os_mempool_init(&pool2, -1, BSIZE, buf2, "x"),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(
        os_mempool_init(&pool2, NBLK, BSIZE, (char *)buf2 + 1, "x"),
        OS_MEM_NOT_ALIGNED);
    ck_assert_int_eq(registry_length(), before);
    ck_assert_int_eq(os_mempool_unregister(&pool2), OS_INVALID_PARAM);
}
END_TEST

/* Re-initialising forgets the blocks handed out and takes the new shape. */
START_TEST(test_init_again_resets_the_pool)
{
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, name), OS_OK);
    for (i = 0; i < 4; i++) {
        ck_assert_ptr_nonnull(os_memblock_get(&pool));
    }
    ck_assert_int_eq(os_mempool_init(&pool, NBLK / 2, 2 * BSIZE, buf, name),
                     OS_OK);
    ck_assert_uint_eq(pool.mp_num_blocks, NBLK / 2);
    ck_assert_uint_eq(pool.mp_num_free, NBLK / 2);
    ck_assert_uint_eq(pool.mp_min_free, NBLK / 2);
    ck_assert_uint_eq(pool.mp_block_size, 2 * BSIZE);
    ck_assert(os_mempool_is_sane(&pool));
    for (i = 0; i < NBLK / 2; i++) {
        ck_assert_ptr_eq(os_memblock_get(&pool), (char *)buf + 2 * BSIZE * i);
    }
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/*
 * os_mempool_init() allocates nothing. The counter behind alloc_calls() is
 * first shown to see a malloc() made from this binary, so the test cannot
 * pass because the counting is not in place. No Check assertion runs
 * between the two readings: Check itself may allocate.
 */
START_TEST(test_init_does_not_allocate)
{
    static void *volatile sink;
    unsigned long before;
    unsigned long after;
    os_error_t rc[5];

    before = alloc_calls();
    sink = malloc(16);
    after = alloc_calls();
    free(sink);
    ck_assert_msg(after == before + 1,
                  "the allocation counter missed a malloc() call");

    before = alloc_calls();
    rc[0] = os_mempool_init(&pool, NBLK, BSIZE, buf, name);
    rc[1] = os_mempool_ext_init(&epool, NBLK, BSIZE, buf2, NULL);
    rc[2] = os_mempool_init(&pool, NBLK - 1, 1, buf, name);
    rc[3] = os_mempool_init(&pool2, NBLK, 0, buf, name);
    rc[4] = os_mempool_clear(&pool);
    after = alloc_calls();

    ck_assert_int_eq(rc[0], OS_OK);
    ck_assert_int_eq(rc[1], OS_OK);
    ck_assert_int_eq(rc[2], OS_OK);
    ck_assert_int_eq(rc[3], OS_INVALID_PARAM);
    ck_assert_int_eq(rc[4], OS_OK);
    ck_assert_uint_eq(after, before);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
    ck_assert_int_eq(os_mempool_unregister(&epool.mpe_mp), OS_OK);
}
END_TEST

/*
 * Init of a pool structure full of garbage (never initialised, not zeroed,
 * its lock word set): it works, it is listed once, and nothing waits on the
 * garbage lock. Check's timeout fails the test if a call hangs.
 */
START_TEST(test_init_over_garbage)
{
    static struct os_mempool garbage;
    static struct os_mempool_ext ext_garbage;
    void *b;
    int before = registry_length();
    int fill;

    for (fill = 0; fill < 2; fill++) {
        memset(&garbage, fill ? 0xff : 0xa5, sizeof(garbage));
        memset(&ext_garbage, fill ? 0xa5 : 0xff, sizeof(ext_garbage));
        ck_assert_int_eq(os_mempool_init(&garbage, NBLK, BSIZE, buf, name),
                         OS_OK);
        ck_assert_int_eq(os_mempool_ext_init(&ext_garbage, NBLK, BSIZE, buf2,
                                             name),
                         OS_OK);
        ck_assert(ext_garbage.mpe_put_cb == NULL);
        ck_assert_ptr_null(ext_garbage.mpe_put_arg);
        ck_assert_uint_eq(ext_garbage.mpe_mp.mp_flags, OS_MEMPOOL_F_EXT);
        ck_assert_uint_eq(garbage.mp_flags, 0);
        ck_assert_int_eq(registry_length(), before + 2);
        ck_assert(os_mempool_is_sane(&garbage));
        b = os_memblock_get(&garbage);
        ck_assert_ptr_eq(b, buf);
        ck_assert_int_eq(os_memblock_put(&garbage, b), OS_OK);
        b = os_memblock_get(&ext_garbage.mpe_mp);
        ck_assert_ptr_eq(b, buf2);
        ck_assert_int_eq(os_memblock_put(&ext_garbage.mpe_mp, b), OS_OK);
        ck_assert_int_eq(os_mempool_clear(&garbage), OS_OK);
        ck_assert_ptr_eq(os_mempool_get(name, NULL), &garbage);
        ck_assert_int_eq(os_mempool_unregister(&garbage), OS_OK);
        ck_assert_int_eq(os_mempool_unregister(&ext_garbage.mpe_mp), OS_OK);
    }
}
END_TEST

Suite *
init_suite(void)
{
    const TTest *tests[] = {test_init_hands_out_blocks_in_address_order,
                            test_init_one_block,
                            test_init_zero_blocks_is_an_empty_pool,
                            test_init_every_small_block_size,
                            test_init_refuses_null_negative_and_zero,
                            test_init_refuses_misaligned_buffers,
                            test_init_refuses_size_overflow,
                            test_init_accepts_largest_span,
                            test_init_failure_leaves_pool_unchanged,
                            test_init_failure_does_not_register,
                            test_init_again_resets_the_pool,
                            test_init_does_not_allocate,
                            test_init_over_garbage,
                            NULL};

    return unit_suite("init", tests, NULL, NULL, 0);
}
