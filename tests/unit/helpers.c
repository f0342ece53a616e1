/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
#include "suites.h"

#define REGISTRY_SNAPSHOT_MAX 64

static struct os_mempool *registry_before[REGISTRY_SNAPSHOT_MAX];
static int registry_before_len;

int
registry_list(struct os_mempool **out, int max)
{
    struct os_mempool *mp = NULL;
    int n = 0;

    while ((mp = os_mempool_info_get_next(mp, NULL)) != NULL) {
        ck_assert_int_lt(n, max);
        out[n++] = mp;
    }
    return n;
}

int
registry_length(void)
{
    struct os_mempool *list[REGISTRY_SNAPSHOT_MAX];

    return registry_list(list, REGISTRY_SNAPSHOT_MAX);
}

static void
registry_snapshot(void)
{
    registry_before_len = registry_list(registry_before, REGISTRY_SNAPSHOT_MAX);
}

static void
registry_verify(void)
{
    struct os_mempool *mp = NULL;
    struct os_mempool *next;
    int n = 0;
    int left = 0;

    for (mp = os_mempool_info_get_next(NULL, NULL); mp != NULL; mp = next) {
        next = os_mempool_info_get_next(mp, NULL);
        if (n < registry_before_len && registry_before[n] == mp) {
            n++;
        } else {
            ck_assert_int_eq(os_mempool_unregister(mp), OS_OK);
            left++;
        }
    }
    ck_assert_msg(left == 0 && n == registry_before_len,
                  "the test left the registry changed (%d pools left "
                  "registered, %d of %d pools still there)",
                  left, n, registry_before_len);
}

Suite *
unit_suite(const char *name, const TTest *const *tests, SFun setup,
           SFun teardown, double timeout)
{
    Suite *s = suite_create(name);
    TCase *tc = tcase_create(name);

    tcase_add_checked_fixture(tc, registry_snapshot, registry_verify);
    if (setup != NULL || teardown != NULL) {
        tcase_add_checked_fixture(tc, setup, teardown);
    }
    while (*tests != NULL) {
        tcase_add_test(tc, *tests++);
    }
    if (timeout > 0) {
        tcase_set_timeout(tc, timeout);
    }
    suite_add_tcase(s, tc);
    return s;
}
