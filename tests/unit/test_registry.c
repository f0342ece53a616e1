/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The registry of pools. Tests share it with every other test of the
 * binary, so each compares what it sees relative to what was registered
 * before it started, and unregisters what it registered.
 */
#include <stdint.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

#define NPOOLS 4
#define MAXLIST 64

static os_membuf_t bufs[NPOOLS][OS_MEMPOOL_SIZE(4, 16)];
static struct os_mempool pools[NPOOLS];
static char *names[NPOOLS] = {"reg-a", "reg-b", "reg-c", "reg-d"};
static int base_len;

/* The registry after the pools that were there before the test. */
static int
listed(struct os_mempool **out)
{
    struct os_mempool *all[MAXLIST];
    int n = registry_list(all, MAXLIST);

    ck_assert_int_ge(n, base_len);
    memcpy(out, all + base_len, sizeof(all[0]) * (size_t)(n - base_len));
    return n - base_len;
}

/* Asserts the test's part of the registry is exactly the pools given by
 * index, in that order. */
static void
expect_order(const char *order)
{
    struct os_mempool *seen[MAXLIST];
    int n = listed(seen);
    int i;

    ck_assert_int_eq(n, (int)strlen(order));
    for (i = 0; i < n; i++) {
        ck_assert_msg(seen[i] == &pools[order[i] - 'a'],
                      "entry %d is not pool %c", i, order[i]);
    }
}

static void
init_pool(int i)
{
    ck_assert_int_eq(os_mempool_init(&pools[i], 4, 16, bufs[i], names[i]),
                     OS_OK);
}

static void
setup(void)
{
    int i;

    base_len = registry_length();
    for (i = 0; i < 3; i++) {
        init_pool(i);
    }
}

static void
unregister_all(void)
{
    int i;

    for (i = 0; i < NPOOLS; i++) {
        os_mempool_unregister(&pools[i]);
    }
    ck_assert_int_eq(registry_length(), base_len);
}

START_TEST(test_registry_keeps_registration_order)
{
    expect_order("abc");
    init_pool(3);
    expect_order("abcd");
    unregister_all();
}
END_TEST

START_TEST(test_registry_unregister_first_middle_last)
{
    static const char *const removals[][2] = {
        {"a", "bc"}, {"b", "ac"}, {"c", "ab"}, {"ac", "b"}, {"abc", ""}};
    size_t r;
    const char *p;

    for (r = 0; r < sizeof(removals) / sizeof(removals[0]); r++) {
        unregister_all();
        setup();
        for (p = removals[r][0]; *p != '\0'; p++) {
            ck_assert_int_eq(os_mempool_unregister(&pools[*p - 'a']), OS_OK);
        }
        expect_order(removals[r][1]);
        /* Registering after a removal appends at the (new) end. */
        init_pool(3);
        ck_assert_ptr_null(os_mempool_info_get_next(&pools[3], NULL));
        ck_assert_int_eq(os_mempool_unregister(&pools[3]), OS_OK);
        expect_order(removals[r][1]);
    }
    unregister_all();
}
END_TEST

/* Initialising a registered pool again keeps its place and lists it once;
 * after unregistering, an init registers it again, at the end. */
START_TEST(test_registry_reinit_keeps_place)
{
    init_pool(1);
    expect_order("abc");
    ck_assert_int_eq(os_mempool_init(&pools[0], 2, 8, bufs[0], "renamed"),
                     OS_OK);
    expect_order("abc");
    ck_assert_int_eq(os_mempool_clear(&pools[2]), OS_OK);
    expect_order("abc");
    ck_assert_int_eq(os_mempool_unregister(&pools[0]), OS_OK);
    expect_order("bc");
    init_pool(0);
    expect_order("bca");
    init_pool(3);
    init_pool(1);
    expect_order("bcad");
    unregister_all();
}
END_TEST

START_TEST(test_registry_unregister_refusals)
{
    ck_assert_int_eq(os_mempool_unregister(NULL), OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_unregister(&pools[3]), OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_unregister(&pools[1]), OS_OK);
    ck_assert_int_eq(os_mempool_unregister(&pools[1]), OS_INVALID_PARAM);
    expect_order("ac");
    /* An unregistered pool keeps working. */
    ck_assert_ptr_eq(os_memblock_get(&pools[1]), bufs[1]);
    ck_assert_int_eq(os_memblock_put(&pools[1], bufs[1]), OS_OK);
    ck_assert(os_mempool_is_sane(&pools[1]));
    unregister_all();
}
END_TEST

/* The information filled in matches the pool, and walking stops after the
 * last pool without touching the information. */
START_TEST(test_registry_info_get_next)
{
    struct os_mempool_info omi;
    struct os_mempool *mp = NULL;
    void *b;
    int i;

    /* Two blocks out, one back: pool b reports 3 free, its low mark 2. */
    ck_assert_ptr_nonnull(os_memblock_get(&pools[1]));
    b = os_memblock_get(&pools[1]);
    ck_assert_int_eq(os_memblock_put(&pools[1], b), OS_OK);
    for (i = 0; i < base_len; i++) {
        mp = os_mempool_info_get_next(mp, NULL);
    }
    for (i = 0; i < 3; i++) {
        memset(&omi, 0x55, sizeof(omi));
        mp = os_mempool_info_get_next(mp, &omi);
        ck_assert_ptr_eq(mp, &pools[i]);
        ck_assert_int_eq(omi.omi_block_size, 16);
        ck_assert_int_eq(omi.omi_num_blocks, 4);
        ck_assert_int_eq(omi.omi_num_free, i == 1 ? 3 : 4);
        ck_assert_int_eq(omi.omi_min_free, i == 1 ? 2 : 4);
        ck_assert_str_eq(omi.omi_name, names[i]);
    }
    memset(&omi, 0x55, sizeof(omi));
    ck_assert_ptr_null(os_mempool_info_get_next(mp, &omi));
    ck_assert_int_eq(omi.omi_num_blocks, 0x55555555);
    /* A pool taken off the registry has no successor, wherever it was:
     * its link is cleared. */
    ck_assert_int_eq(os_mempool_unregister(&pools[0]), OS_OK);
    ck_assert_ptr_null(os_mempool_info_get_next(&pools[0], &omi));
    ck_assert_int_eq(omi.omi_num_blocks, 0x55555555);
    ck_assert_ptr_null(STAILQ_NEXT(&pools[0], mp_list));
    ck_assert_int_eq(os_mempool_unregister(&pools[1]), OS_OK);
    ck_assert_ptr_null(os_mempool_info_get_next(&pools[1], NULL));
    /* ... and the pools that stay are still listed in order. */
    expect_order("c");
    unregister_all();
}
END_TEST

/* A snapshot of one pool, registered or not, agrees with the pool. */
START_TEST(test_registry_info_get)
{
    struct os_mempool_info omi;

    ck_assert_ptr_nonnull(os_memblock_get(&pools[2]));
    memset(&omi, 0x55, sizeof(omi));
    ck_assert_int_eq(os_mempool_info_get(&pools[2], &omi), OS_OK);
    ck_assert_int_eq(omi.omi_block_size, 16);
    ck_assert_int_eq(omi.omi_num_blocks, 4);
    ck_assert_int_eq(omi.omi_num_free, 3);
    ck_assert_int_eq(omi.omi_min_free, 3);
    ck_assert_str_eq(omi.omi_name, names[2]);
    ck_assert_int_eq(os_mempool_unregister(&pools[2]), OS_OK);
    ck_assert_int_eq(os_mempool_info_get(&pools[2], &omi), OS_OK);
    ck_assert_int_eq(omi.omi_num_free, 3);
    ck_assert_int_eq(os_mempool_info_get(NULL, &omi), OS_INVALID_PARAM);
    ck_assert_int_eq(os_mempool_info_get(&pools[2], NULL), OS_INVALID_PARAM);
    unregister_all();
}
END_TEST

START_TEST(test_registry_names)
{
    static char long_name[] = "a-pool-name-longer-than-31-chars-by-far";
    static char name31[] = "0123456789012345678901234567890";
    static char name32[] = "01234567890123456789012345678901";
    struct os_mempool_info omi;

    ck_assert_uint_eq(strlen(name31), OS_MEMPOOL_INFO_NAME_LEN - 1);
    ck_assert_uint_eq(sizeof(omi.omi_name), OS_MEMPOOL_INFO_NAME_LEN);
    ck_assert_int_eq(os_mempool_init(&pools[3], 1, 8, bufs[3], long_name),
                     OS_OK);
    memset(&omi, 0x55, sizeof(omi));
    ck_assert_ptr_eq(os_mempool_get(long_name, &omi), &pools[3]);
    ck_assert_mem_eq(omi.omi_name, long_name, OS_MEMPOOL_INFO_NAME_LEN - 1);
    ck_assert_int_eq(omi.omi_name[OS_MEMPOOL_INFO_NAME_LEN - 1], '\0');
    /* The truncated name is only what info shows; lookup uses the full. */
    ck_assert_ptr_null(os_mempool_get(omi.omi_name, NULL));

    ck_assert_int_eq(os_mempool_init(&pools[3], 1, 8, bufs[3], name31), OS_OK);
    memset(&omi, 0x55, sizeof(omi));
    ck_assert_ptr_eq(os_mempool_get(name31, &omi), &pools[3]);
    ck_assert_str_eq(omi.omi_name, name31);

    ck_assert_int_eq(os_mempool_init(&pools[3], 1, 8, bufs[3], name32), OS_OK);
    memset(&omi, 0x55, sizeof(omi));
    ck_assert_ptr_eq(os_mempool_get(name32, &omi), &pools[3]);
    ck_assert_mem_eq(omi.omi_name, name32, OS_MEMPOOL_INFO_NAME_LEN - 1);
    ck_assert_int_eq(omi.omi_name[OS_MEMPOOL_INFO_NAME_LEN - 1], '\0');

    /* No name: "" in the information, and never found by name. */
    ck_assert_int_eq(os_mempool_init(&pools[3], 1, 8, bufs[3], NULL), OS_OK);
    memset(&omi, 0x55, sizeof(omi));
    ck_assert_ptr_eq(os_mempool_info_get_next(&pools[2], &omi), &pools[3]);
    ck_assert_str_eq(omi.omi_name, "");
    ck_assert_ptr_null(os_mempool_get("", NULL));
    unregister_all();
}
END_TEST

START_TEST(test_registry_get_by_name)
{
    static char shared[] = "reg-b";
    static char renamable[] = "before";
    struct os_mempool_info omi;

    memset(&omi, 0x55, sizeof(omi));
    ck_assert_ptr_eq(os_mempool_get("reg-b", &omi), &pools[1]);
    ck_assert_int_eq(omi.omi_num_blocks, 4);
    ck_assert_int_eq(omi.omi_block_size, 16);
    ck_assert_str_eq(omi.omi_name, "reg-b");
    ck_assert_ptr_eq(os_mempool_get("reg-c", NULL), &pools[2]);
    /* Not found, and NULL: NULL, info left alone. */
    memset(&omi, 0x55, sizeof(omi));
    ck_assert_ptr_null(os_mempool_get("reg-", &omi));
    ck_assert_ptr_null(os_mempool_get("reg-bb", &omi));
    ck_assert_ptr_null(os_mempool_get(NULL, &omi));
    ck_assert_int_eq(omi.omi_num_blocks, 0x55555555);
    /* Two pools with one name: the first registered. */
    ck_assert_int_eq(os_mempool_init(&pools[3], 1, 8, bufs[3], shared), OS_OK);
    ck_assert_ptr_eq(os_mempool_get("reg-b", NULL), &pools[1]);
    ck_assert_int_eq(os_mempool_unregister(&pools[1]), OS_OK);
    ck_assert_ptr_eq(os_mempool_get("reg-b", NULL), &pools[3]);
    /* The name is kept by pointer: changing the string renames the pool. */
    ck_assert_int_eq(os_mempool_init(&pools[3], 1, 8, bufs[3], renamable),
                     OS_OK);
    ck_assert_ptr_eq(pools[3].name, renamable);
    memcpy(renamable, "after!", sizeof(renamable));
    ck_assert_ptr_null(os_mempool_get("before", NULL));
    ck_assert_ptr_eq(os_mempool_get("after!", &omi), &pools[3]);
    ck_assert_str_eq(omi.omi_name, "after!");
    /* An unregistered pool is not found. */
    ck_assert_int_eq(os_mempool_unregister(&pools[3]), OS_OK);
    ck_assert_ptr_null(os_mempool_get("after!", NULL));
    unregister_all();
}
END_TEST

Suite *
registry_suite(void)
{
    const TTest *tests[] = {test_registry_keeps_registration_order,
                            test_registry_unregister_first_middle_last,
                            test_registry_reinit_keeps_place,
                            test_registry_unregister_refusals,
                            test_registry_info_get_next,
                            test_registry_info_get,
                            test_registry_names,
                            test_registry_get_by_name,
                            NULL};

    return unit_suite("registry", tests, setup, NULL, 0);
}
