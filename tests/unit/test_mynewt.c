/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What Mynewt code does with a pool and expects to work unchanged: it walks
 * the free list itself, through raw pointer reads and through the SLIST
 * macros of os/queue.h; it nests gets and puts inside an extended pool's
 * callback; it empties the registry with os_mempool_module_init() and saves
 * and restores the registry head g_os_mempool_list by copying it; it sizes
 * buffers with OS_MEMPOOL_BLOCK_SZ and converts result codes with
 * os_error_to_sys(). Run in every alignment the runner is built with
 * (OS_ALIGNMENT 4, 8 and 16: see tests/unit.mk).
 */
#include <stdint.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

/*
 * Mynewt's registry head: the library defines it, the header does not
 * declare it, and code that touches it declares it itself, as Mynewt's own
 * tests do.
 */
STAILQ_HEAD(mynewt_pool_list, os_mempool);
extern struct mynewt_pool_list g_os_mempool_list;

#define NBLK 10
#define BSIZE 80
#define STRIDE OS_ALIGN(BSIZE, OS_ALIGNMENT)

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
static struct os_mempool pool;
static void *held[NBLK];

/*
 * Walks the free list the way Mynewt's tests do, reading each free block's
 * first word as a pointer, and checks that it lists `count` blocks, the
 * k-th being block order[k] (or block k when order is NULL), NULL-terminated.
 */
static void
walk_raw(int count, const int *order)
{
    void **word = (void **)SLIST_FIRST(&pool);
    int k = 0;

    while (word != NULL) {
        int want = order != NULL ? order[k] : k;

        ck_assert_int_lt(k, count);
        ck_assert_ptr_eq(word, (char *)buf + (size_t)want * STRIDE);
        word = (void **)*word;
        k++;
    }
    ck_assert_int_eq(k, count);
    ck_assert_uint_eq(pool.mp_num_free, (unsigned)count);
}

/* The same walk through SLIST_NEXT and SLIST_FOREACH. */
static void
walk_slist(int count, const int *order)
{
    struct os_memblock *block;
    int k = 0;

    SLIST_FOREACH(block, &pool, mb_next)
    {
        int want = order != NULL ? order[k] : k;

        ck_assert_int_lt(k, count);
        ck_assert_ptr_eq(block, (char *)buf + (size_t)want * STRIDE);
        k++;
    }
    ck_assert_int_eq(k, count);
    ck_assert(SLIST_EMPTY(&pool) == (count == 0));
}

START_TEST(test_free_list_is_mynewts_after_init_and_clear)
{
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, "mynewt"),
                     OS_OK);
    ck_assert_ptr_eq(SLIST_FIRST(&pool), (struct os_memblock *)buf);
    ck_assert_uint_eq(pool.mp_membuf_addr, (uintptr_t)buf);
    walk_raw(NBLK, NULL);
    walk_slist(NBLK, NULL);
    for (i = 0; i < NBLK; i++) {
        held[i] = os_memblock_get(&pool);
        ck_assert_ptr_eq(held[i], (char *)buf + (size_t)i * STRIDE);
    }
    ck_assert_ptr_null(SLIST_FIRST(&pool));
    ck_assert(SLIST_EMPTY(&pool));
    walk_raw(0, NULL);
    walk_slist(0, NULL);
    ck_assert_int_eq(os_mempool_clear(&pool), OS_OK);
    walk_raw(NBLK, NULL);
    walk_slist(NBLK, NULL);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* Puts go to the head of the list, in Mynewt's order. */
START_TEST(test_free_list_after_gets_and_puts)
{
    static const int after_puts[] = {7, 2, 5, 8, 9};
    static const int after_get[] = {2, 5, 8, 9};
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, "mynewt"),
                     OS_OK);
    for (i = 0; i < 8; i++) {
        held[i] = os_memblock_get(&pool);
    }
    ck_assert_int_eq(os_memblock_put(&pool, held[5]), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, held[2]), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, held[7]), OS_OK);
    walk_raw(5, after_puts);
    walk_slist(5, after_puts);
    ck_assert_ptr_eq(os_memblock_get(&pool), held[7]);
    walk_raw(4, after_get);
    walk_slist(4, after_get);
    ck_assert_uint_eq(pool.mp_min_free, 2);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* SLIST_NEXT from the head is the second free block, as Mynewt code
 * expects when it peeks at the list. */
START_TEST(test_slist_next_peeks_at_the_second_block)
{
    struct os_memblock *first;

    ck_assert_int_eq(os_mempool_init(&pool, 3, BSIZE, buf, NULL), OS_OK);
    first = SLIST_FIRST(&pool);
    ck_assert_ptr_eq(SLIST_NEXT(first, mb_next),
                     (struct os_memblock *)(void *)((char *)buf + STRIDE));
    ck_assert_ptr_eq(SLIST_NEXT(SLIST_NEXT(SLIST_NEXT(first, mb_next),
                                           mb_next),
                                mb_next),
                     NULL);
    walk_slist(3, NULL);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

static struct os_mempool_ext ext_pool;
static os_membuf_t ext_buf[OS_MEMPOOL_SIZE(NBLK, 32)];
static int cb_calls;
static int free_when_called;

/* Counts its calls; on the first one gets and puts a block of its own
 * pool (which calls it again), then frees the block it was given. */
static os_error_t
nesting_cb(struct os_mempool_ext *mpe, void *block, void *arg)
{
    void *other;

    ck_assert_ptr_eq(arg, &cb_calls);
    if (cb_calls++ == 0) {
        free_when_called = (int)mpe->mpe_mp.mp_num_free;
        other = os_memblock_get(&mpe->mpe_mp);
        ck_assert_ptr_nonnull(other);
        ck_assert_int_eq(os_memblock_put(&mpe->mpe_mp, other), OS_OK);
    }
    return os_memblock_put_from_cb(&mpe->mpe_mp, block);
}

START_TEST(test_ext_callback_nests_gets_and_puts)
{
    void *block;

    cb_calls = 0;
    ck_assert_int_eq(os_mempool_ext_init(&ext_pool, NBLK, 32, ext_buf, "ext"),
                     OS_OK);
    ck_assert_uint_eq(ext_pool.mpe_mp.mp_flags & OS_MEMPOOL_F_EXT,
                      OS_MEMPOOL_F_EXT);
    /* No callback yet: a plain put. */
    block = os_memblock_get(&ext_pool.mpe_mp);
    ck_assert_int_eq(os_memblock_put(&ext_pool.mpe_mp, block), OS_OK);
    ck_assert_int_eq(cb_calls, 0);

    ext_pool.mpe_put_cb = nesting_cb;
    ext_pool.mpe_put_arg = &cb_calls;
    block = os_memblock_get(&ext_pool.mpe_mp);
    ck_assert_int_eq(os_memblock_put(&ext_pool.mpe_mp, block), OS_OK);
    /* Called for the put and for the put inside it; the block was not yet
     * free when the callback ran. */
    ck_assert_int_eq(cb_calls, 2);
    ck_assert_int_eq(free_when_called, NBLK - 1);
    ck_assert_uint_eq(ext_pool.mpe_mp.mp_num_free, NBLK);
    ck_assert(os_mempool_is_sane(&ext_pool.mpe_mp));

    /* Callback removed: the old one is not called any more. */
    ext_pool.mpe_put_cb = NULL;
    block = os_memblock_get(&ext_pool.mpe_mp);
    ck_assert_int_eq(os_memblock_put(&ext_pool.mpe_mp, block), OS_OK);
    ck_assert_int_eq(cb_calls, 2);
    ck_assert_int_eq(os_mempool_unregister(&ext_pool.mpe_mp), OS_OK);
}
END_TEST

static struct os_mempool reg_pools[3];
static os_membuf_t reg_bufs[3][OS_MEMPOOL_SIZE(2, 16)];
static struct os_mempool sys_pools[2];
static os_membuf_t sys_bufs[2][OS_MEMPOOL_SIZE(2, 16)];

/*
 * What Mynewt's system tests do around a case that needs an empty
 * registry: save the head by copying it, empty the registry, register
 * their own pools, then restore the head by copying it back, which lists
 * the pools of the system again.
 */
START_TEST(test_module_init_and_saved_registry_head)
{
    struct mynewt_pool_list saved;
    struct os_mempool *before[64];
    struct os_mempool *mp;
    int nbefore;
    int i;

    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(os_mempool_init(&sys_pools[i], 2, 16, sys_bufs[i],
                                         "sys"),
                         OS_OK);
    }
    nbefore = registry_list(before, 32);
    ck_assert_int_ge(nbefore, 2);
    memcpy(&saved, &g_os_mempool_list, sizeof(saved));
    os_mempool_module_init();
    ck_assert_ptr_null(os_mempool_info_get_next(NULL, NULL));
    ck_assert(STAILQ_EMPTY(&g_os_mempool_list));
    ck_assert_ptr_eq(g_os_mempool_list.stqh_last,
                     &g_os_mempool_list.stqh_first);
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(os_mempool_init(&reg_pools[i], 2, 16, reg_bufs[i],
                                         "reg"),
                         OS_OK);
    }
    /* The head is a STAILQ_HEAD: walked with the macros, and its last
     * link is the last pool's. */
    i = 0;
    STAILQ_FOREACH(mp, &g_os_mempool_list, mp_list)
    {
        ck_assert_ptr_eq(mp, &reg_pools[i]);
        ck_assert_ptr_eq(os_mempool_info_get_next(i ? &reg_pools[i - 1]
                                                    : NULL,
                                                  NULL),
                         mp);
        i++;
    }
    ck_assert_int_eq(i, 3);
    ck_assert_ptr_eq(g_os_mempool_list.stqh_last,
                     &STAILQ_NEXT(&reg_pools[2], mp_list));
    /* Taking the last one off moves the tail back. */
    ck_assert_int_eq(os_mempool_unregister(&reg_pools[2]), OS_OK);
    ck_assert_ptr_eq(g_os_mempool_list.stqh_last,
                     &STAILQ_NEXT(&reg_pools[1], mp_list));
    /* Taking the first one off leaves it where it is. */
    ck_assert_int_eq(os_mempool_unregister(&reg_pools[0]), OS_OK);
    ck_assert_ptr_eq(g_os_mempool_list.stqh_last,
                     &STAILQ_NEXT(&reg_pools[1], mp_list));
    ck_assert_int_eq(os_mempool_unregister(&reg_pools[1]), OS_OK);
    ck_assert_ptr_eq(g_os_mempool_list.stqh_last,
                     &g_os_mempool_list.stqh_first);

    memcpy(&g_os_mempool_list, &saved, sizeof(saved));
    ck_assert_int_eq(registry_list(before + 32, 32), nbefore);
    for (i = 0; i < nbefore; i++) {
        ck_assert_ptr_eq(before[32 + i], before[i]);
    }
    ck_assert_int_eq(os_mempool_unregister(&sys_pools[0]), OS_OK);
    ck_assert_int_eq(os_mempool_unregister(&sys_pools[1]), OS_OK);
}
END_TEST

/* The other list macros Mynewt code uses, on lists of its own. */
struct item {
    int value;
    SLIST_ENTRY(item) snext;
    STAILQ_ENTRY(item) qnext;
};
SLIST_HEAD(item_slist, item);
STAILQ_HEAD(item_stailq, item);

START_TEST(test_list_macros)
{
    static struct item items[4];
    struct item_slist sl = SLIST_HEAD_INITIALIZER(sl);
    struct item_stailq q = STAILQ_HEAD_INITIALIZER(q);
    struct item_stailq q2;
    struct item *it;
    int sum;
    int i;

    for (i = 0; i < 4; i++) {
        items[i].value = i;
        SLIST_INSERT_HEAD(&sl, &items[i], snext);
    }
    SLIST_REMOVE(&sl, &items[2], item, snext);
    SLIST_REMOVE(&sl, &items[3], item, snext);
    SLIST_INSERT_AFTER(&items[1], &items[3], snext);
    sum = 0;
    SLIST_FOREACH(it, &sl, snext)
    {
        sum = sum * 10 + it->value;
    }
    ck_assert_int_eq(sum, 130);

    STAILQ_INIT(&q2);
    STAILQ_INSERT_TAIL(&q, &items[0], qnext);
    STAILQ_INSERT_TAIL(&q, &items[2], qnext);
    STAILQ_INSERT_AFTER(&q, &items[0], &items[1], qnext);
    STAILQ_INSERT_HEAD(&q2, &items[3], qnext);
    STAILQ_CONCAT(&q, &q2);
    ck_assert(STAILQ_EMPTY(&q2));
    STAILQ_REMOVE(&q, &items[3], item, qnext);
    ck_assert_ptr_eq(q.stqh_last, &items[2].qnext.stqe_next);
    STAILQ_REMOVE(&q, &items[0], item, qnext);
    STAILQ_INSERT_TAIL(&q, &items[0], qnext);
    sum = 0;
    STAILQ_FOREACH(it, &q, qnext)
    {
        sum = sum * 10 + it->value;
    }
    ck_assert_int_eq(sum, 120);
    STAILQ_REMOVE_HEAD(&q, qnext);
    ck_assert_ptr_eq(STAILQ_FIRST(&q), &items[2]);
}
END_TEST

START_TEST(test_mynewt_names_and_codes)
{
    /* Sizing: OS_MEMPOOL_SIZE is Mynewt's formula over OS_MEMPOOL_BLOCK_SZ. */
    ck_assert_uint_eq(OS_MEMPOOL_BLOCK_SZ(13), 13);
    ck_assert_uint_eq(OS_MEMPOOL_SIZE(10, BSIZE),
                      10 * ((BSIZE + OS_ALIGNMENT - 1) / OS_ALIGNMENT));
    ck_assert_uint_eq(OS_MEMPOOL_BYTES(10, BSIZE),
                      sizeof(os_membuf_t) * OS_MEMPOOL_SIZE(10, BSIZE));
    ck_assert_uint_eq(sizeof(os_membuf_t), OS_ALIGNMENT);
    ck_assert_uint_eq(sizeof(buf) % OS_ALIGNMENT, 0);
    ck_assert_uint_eq((uintptr_t)buf % OS_ALIGNMENT, 0);

    /* Every name of Mynewt's os_error.h, with Mynewt's values. */
    ck_assert_int_eq(OS_OK, 0);
    ck_assert_int_eq(OS_ENOMEM, 1);
    ck_assert_int_eq(OS_EINVAL, 2);
    ck_assert_int_eq(OS_INVALID_PARM, 3);
    ck_assert_int_eq(OS_MEM_NOT_ALIGNED, 4);
    ck_assert_int_eq(OS_BAD_MUTEX, 5);
    ck_assert_int_eq(OS_TIMEOUT, 6);
    ck_assert_int_eq(OS_ERR_IN_ISR, 7);
    ck_assert_int_eq(OS_ERR_PRIV, 8);
    ck_assert_int_eq(OS_NOT_STARTED, 9);
    ck_assert_int_eq(OS_ENOENT, 10);
    ck_assert_int_eq(OS_EBUSY, 11);
    ck_assert_int_eq(OS_ERROR, 12);

    /* Mynewt's SYS_E... values. */
    ck_assert_int_eq(os_error_to_sys(OS_OK), 0);
    ck_assert_int_eq(os_error_to_sys(OS_ENOMEM), -1);
    ck_assert_int_eq(os_error_to_sys(OS_EINVAL), -2);
    ck_assert_int_eq(os_error_to_sys(OS_INVALID_PARM), -2);
    ck_assert_int_eq(os_error_to_sys(OS_TIMEOUT), -3);
    ck_assert_int_eq(os_error_to_sys(OS_ENOENT), -4);
    ck_assert_int_eq(os_error_to_sys(OS_EBUSY), -8);
    ck_assert_int_eq(os_error_to_sys(OS_MEM_NOT_ALIGNED), -13);
    ck_assert_int_eq(os_error_to_sys(OS_BAD_MUTEX), -13);
    ck_assert_int_eq(os_error_to_sys(OS_ERR_IN_ISR), -13);
    ck_assert_int_eq(os_error_to_sys(OS_ERR_PRIV), -13);
    ck_assert_int_eq(os_error_to_sys(OS_NOT_STARTED), -13);
    ck_assert_int_eq(os_error_to_sys(OS_ERROR), -13);
}
END_TEST

Suite *
mynewt_suite(void)
{
    const TTest *tests[] = {test_free_list_is_mynewts_after_init_and_clear,
                            test_free_list_after_gets_and_puts,
                            test_slist_next_peeks_at_the_second_block,
                            test_ext_callback_nests_gets_and_puts,
                            test_module_init_and_saved_registry_head,
                            test_list_macros,
                            test_mynewt_names_and_codes,
                            NULL};

    return unit_suite("mynewt", tests, NULL, NULL, 0);
}
