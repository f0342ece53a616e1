/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
#include <stdint.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

#define NBLK 6
#define BSIZE 40

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
static os_membuf_t other_buf[OS_MEMPOOL_SIZE(1, BSIZE)];
static struct os_mempool_ext epool;
static struct os_mempool other;

/* What the callback saw, and what it is told to do. */
static struct {
    int calls;
    struct os_mempool_ext *ome;
    void *data;
    void *arg;
    int free_it;       /* free the block with os_memblock_put_from_cb() */
    os_error_t result; /* returned when not freeing */
    os_error_t put_rc; /* what os_memblock_put_from_cb() returned */
} cb;

static os_error_t
put_cb(struct os_mempool_ext *ome, void *data, void *arg)
{
    cb.calls++;
    cb.ome = ome;
    cb.data = data;
    cb.arg = arg;
    if (cb.free_it) {
        cb.put_rc = os_memblock_put_from_cb(&ome->mpe_mp, data);
        return cb.put_rc;
    }
    return cb.result;
}

static void
setup(void)
{
    memset(&cb, 0, sizeof(cb));
    cb.put_rc = OS_ERROR;
    /* Fields ext_init must overwrite. */
    epool.mpe_put_cb = put_cb;
    epool.mpe_put_arg = &cb;
    ck_assert_int_eq(os_mempool_ext_init(&epool, NBLK, BSIZE, buf, "ext"),
                     OS_OK);
}

static void
teardown(void)
{
    ck_assert_int_eq(os_mempool_unregister(&epool.mpe_mp), OS_OK);
}

START_TEST(test_ext_init_sets_up_an_extended_pool)
{
    ck_assert(epool.mpe_put_cb == NULL);
    ck_assert_ptr_null(epool.mpe_put_arg);
    ck_assert_uint_eq(epool.mpe_mp.mp_flags & OS_MEMPOOL_F_EXT,
                      OS_MEMPOOL_F_EXT);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK);
    ck_assert_ptr_eq((void *)&epool, (void *)&epool.mpe_mp);
    ck_assert_ptr_eq(os_mempool_get("ext", NULL), &epool.mpe_mp);
    ck_assert(os_mempool_is_sane(&epool.mpe_mp));
    ck_assert_int_eq(os_mempool_ext_init(NULL, NBLK, BSIZE, buf, "x"),
                     OS_INVALID_PARAM);
    /* Initialising again clears a callback that was set. */
    epool.mpe_put_cb = put_cb;
    epool.mpe_put_arg = &cb;
    ck_assert_int_eq(os_mempool_ext_init(&epool, NBLK, BSIZE, buf, "ext"),
                     OS_OK);
    ck_assert(epool.mpe_put_cb == NULL);
    ck_assert_ptr_null(epool.mpe_put_arg);
}
END_TEST

START_TEST(test_ext_without_callback_is_a_plain_pool)
{
    void *a = os_memblock_get(&epool.mpe_mp);
    void *b = os_memblock_get(&epool.mpe_mp);

    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(os_memblock_put_from_cb(&epool.mpe_mp, b), OS_OK);
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_INVALID_PARAM);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK);
    ck_assert(os_mempool_is_sane(&epool.mpe_mp));
}
END_TEST

/* The callback gets the pool, the block and the argument; the block stays
 * held because the callback did not free it. */
START_TEST(test_ext_callback_decides_and_keeps_the_block)
{
    void *a = os_memblock_get(&epool.mpe_mp);
    void *b = os_memblock_get(&epool.mpe_mp);

    epool.mpe_put_cb = put_cb;
    epool.mpe_put_arg = &b;
    cb.result = OS_OK;
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(cb.calls, 1);
    ck_assert_ptr_eq(cb.ome, &epool);
    ck_assert_ptr_eq(cb.data, a);
    ck_assert_ptr_eq(cb.arg, &b);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK - 2);
    /* Still held: the callback is called again, then a plain free works
     * once. */
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(cb.calls, 2);
    ck_assert_int_eq(os_memblock_put_from_cb(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(os_memblock_put_from_cb(&epool.mpe_mp, a),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(cb.calls, 2);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK - 1);
    ck_assert(os_mempool_is_sane(&epool.mpe_mp));
    ck_assert_int_eq(os_memblock_put_from_cb(&epool.mpe_mp, b), OS_OK);
}
END_TEST

/* An error from the callback comes back from os_memblock_put() and loses
 * nothing: the block is still held and goes back later. */
START_TEST(test_ext_callback_error_comes_back)
{
    static const os_error_t errors[] = {OS_ENOMEM, OS_EBUSY, OS_TIMEOUT,
                                        OS_ERROR};
    void *a = os_memblock_get(&epool.mpe_mp);
    size_t i;

    epool.mpe_put_cb = put_cb;
    for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
        cb.result = errors[i];
        ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), errors[i]);
        ck_assert_int_eq(cb.calls, (int)i + 1);
        ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK - 1);
        ck_assert_uint_eq(epool.mpe_mp.mp_min_free, NBLK - 1);
        ck_assert(os_mempool_is_sane(&epool.mpe_mp));
    }
    cb.free_it = 1;
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(cb.put_rc, OS_OK);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK);
    /* Unset, the pool frees directly again. */
    a = os_memblock_get(&epool.mpe_mp);
    epool.mpe_put_cb = NULL;
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(cb.calls, (int)i + 1);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK);
}
END_TEST

/* The callback frees the block from inside (the pool is not locked while
 * it runs, or this would deadlock); the block is then free. */
START_TEST(test_ext_callback_frees_with_put_from_cb)
{
    void *blocks[NBLK];
    int i;

    for (i = 0; i < NBLK; i++) {
        blocks[i] = os_memblock_get(&epool.mpe_mp);
    }
    epool.mpe_put_cb = put_cb;
    epool.mpe_put_arg = &epool;
    cb.free_it = 1;
    for (i = 0; i < NBLK; i++) {
        ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, blocks[i]), OS_OK);
        ck_assert_int_eq(cb.calls, i + 1);
        ck_assert_ptr_eq(cb.data, blocks[i]);
        ck_assert_ptr_eq(cb.arg, &epool);
        ck_assert_uint_eq(epool.mpe_mp.mp_num_free, (unsigned)i + 1);
    }
    ck_assert_uint_eq(epool.mpe_mp.mp_min_free, 0);
    ck_assert(os_mempool_is_sane(&epool.mpe_mp));
    /* Freed for good: a second put is refused before the callback. */
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, blocks[0]),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(cb.calls, NBLK);
}
END_TEST

/* A refused put never reaches the callback. */
START_TEST(test_ext_callback_not_called_for_refused_puts)
{
    uintptr_t stride = OS_ALIGN(BSIZE, OS_ALIGNMENT);
    void *held = os_memblock_get(&epool.mpe_mp);
    void *foreign;
    void *bad[6];
    size_t i;

    ck_assert_int_eq(os_mempool_init(&other, 1, BSIZE, other_buf, NULL), OS_OK);
    foreign = os_memblock_get(&other);
    bad[0] = NULL;
    bad[1] = foreign;
    bad[2] = (char *)held + OS_ALIGNMENT;
    bad[3] = (void *)((uintptr_t)buf + NBLK * stride);
    bad[4] = (void *)((uintptr_t)buf - stride);
    bad[5] = (char *)buf + stride; /* free, never handed out */
    epool.mpe_put_cb = put_cb;
    cb.free_it = 1;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, bad[i]),
                         OS_INVALID_PARAM);
    }
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, held), OS_OK);
    ck_assert_int_eq(cb.calls, 1);
    /* Double put of the block the callback just freed. */
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, held), OS_INVALID_PARAM);
    ck_assert_int_eq(cb.calls, 1);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK);
    ck_assert_uint_eq(other.mp_num_free, 0);
    ck_assert_int_eq(os_memblock_put(&other, foreign), OS_OK);
    ck_assert_int_eq(os_mempool_unregister(&other), OS_OK);
}
END_TEST

/* os_memblock_put_from_cb() never calls the callback, and a callback set on
 * a pool that os_mempool_init() (not ext) set up is ignored. */
START_TEST(test_ext_put_from_cb_and_plain_pools_bypass_callback)
{
    void *a = os_memblock_get(&epool.mpe_mp);

    epool.mpe_put_cb = put_cb;
    ck_assert_int_eq(os_memblock_put_from_cb(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(cb.calls, 0);

    ck_assert_int_eq(os_mempool_init(&epool.mpe_mp, NBLK, BSIZE, buf, "ext"),
                     OS_OK);
    ck_assert_uint_eq(epool.mpe_mp.mp_flags & OS_MEMPOOL_F_EXT, 0);
    epool.mpe_put_cb = put_cb;
    a = os_memblock_get(&epool.mpe_mp);
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(cb.calls, 0);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK);
    /* Blocks of one byte as well (one word: every put is checked against
     * the pool's flags the slow way). */
    ck_assert_int_eq(os_mempool_init(&epool.mpe_mp, NBLK, 1, buf, "ext"),
                     OS_OK);
    epool.mpe_put_cb = put_cb;
    a = os_memblock_get(&epool.mpe_mp);
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_OK);
    ck_assert_int_eq(os_memblock_put(&epool.mpe_mp, a), OS_INVALID_PARAM);
    ck_assert_int_eq(cb.calls, 0);
    ck_assert_uint_eq(epool.mpe_mp.mp_num_free, NBLK);
}
END_TEST

Suite *
ext_suite(void)
{
    const TTest *tests[] = {
        test_ext_init_sets_up_an_extended_pool,
        test_ext_without_callback_is_a_plain_pool,
        test_ext_callback_decides_and_keeps_the_block,
        test_ext_callback_error_comes_back,
        test_ext_callback_frees_with_put_from_cb,
        test_ext_callback_not_called_for_refused_puts,
        test_ext_put_from_cb_and_plain_pools_bypass_callback,
        NULL};

    return unit_suite("ext", tests, setup, teardown, 0);
}
