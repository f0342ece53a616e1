/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
#include <stdint.h>

#include "os/os_mempool.h"
#include "suites.h"

static os_membuf_t buf[OS_MEMPOOL_SIZE(10, 24)];

START_TEST(test_init_hands_out_blocks_in_address_order)
{
    struct os_mempool mp;
    int i;

    ck_assert_int_eq(os_mempool_init(&mp, 10, 24, buf, "t"), OS_OK);
    for (i = 0; i < 10; i++) {
        ck_assert_ptr_eq(os_memblock_get(&mp), (char *)buf + 24 * i);
    }
    ck_assert_ptr_null(os_memblock_get(&mp));
    ck_assert_int_eq(os_mempool_unregister(&mp), OS_OK);
}
END_TEST

Suite *
init_suite(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("init");

    tcase_add_test(tc, test_init_hands_out_blocks_in_address_order);
    suite_add_tcase(s, tc);
    return s;
}
