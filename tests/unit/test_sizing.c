/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The sizing macros, the alignment and the result codes. The macros are
 * constant expressions: the file-scope arrays and the compile-time checks
 * below would not compile otherwise.
 */
#include <stddef.h>
#include <stdint.h>

#include "os/os_mempool.h"
#include "suites.h"

/* C99 compile-time check: an array of negative size when false. */
#define COMPILE_CHECK(name, cond) typedef char name[(cond) ? 1 : -1]

#define WORDS(size) (((size) + OS_ALIGNMENT - 1) / OS_ALIGNMENT)
#define GUARD_WORDS (OS_MEMPOOL_GUARD ? 1 : 0)

COMPILE_CHECK(size_is_constant, OS_MEMPOOL_SIZE(3, 2 * OS_ALIGNMENT + 1) ==
                                    3 * (3 + GUARD_WORDS));
COMPILE_CHECK(bytes_is_constant, OS_MEMPOOL_BYTES(3, 2 * OS_ALIGNMENT + 1) ==
                                     3 * (3 + GUARD_WORDS) * OS_ALIGNMENT);
COMPILE_CHECK(align_is_constant, OS_ALIGN(13, 8) == 16);
COMPILE_CHECK(invalid_parm_alias, OS_INVALID_PARM == OS_INVALID_PARAM);
COMPILE_CHECK(membuf_size, sizeof(os_membuf_t) == OS_ALIGNMENT);

/* Static pool buffers sized by the macros, with expressions as arguments
 * (the macros parenthesise them). */
static os_membuf_t static_buf[OS_MEMPOOL_SIZE(2 + 1, 8 | 1)];
static os_membuf_t
    bytes_buf[OS_MEMPOOL_BYTES(4, sizeof(uint32_t) * 3) / sizeof(os_membuf_t)];
enum { ENUM_BYTES = OS_MEMPOOL_SIZE(5, 7) };

START_TEST(test_sizing_static_buffers)
{
    static struct os_mempool mp;

    /* blksize 8 | 1 = 9; a macro without parentheses would compute 8. */
    ck_assert_uint_eq(sizeof(static_buf),
                      3 * (WORDS(9) + GUARD_WORDS) * sizeof(os_membuf_t));
    ck_assert_uint_eq(sizeof(bytes_buf),
                      4 * (WORDS(12) + GUARD_WORDS) * OS_ALIGNMENT);
    ck_assert_int_eq(ENUM_BYTES, 5 * (WORDS(7) + GUARD_WORDS));
    /* The buffers hold what they were sized for. */
    ck_assert_int_eq(os_mempool_init(&mp, 3, 9, static_buf, NULL), OS_OK);
    ck_assert_int_eq(os_mempool_init(&mp, 4, 12, bytes_buf, NULL), OS_OK);
    ck_assert_ptr_eq(os_memblock_get(&mp), bytes_buf);
    ck_assert_ptr_nonnull(os_memblock_get(&mp));
    ck_assert_ptr_nonnull(os_memblock_get(&mp));
    ck_assert_ptr_eq(os_memblock_get(&mp),
                     (char *)bytes_buf + 3 * OS_ALIGN(12, OS_ALIGNMENT));
    ck_assert_ptr_null(os_memblock_get(&mp));
    ck_assert_int_eq(os_mempool_unregister(&mp), OS_OK);
}
END_TEST

/* The values, against the smallest multiple of OS_ALIGNMENT found by
 * counting rather than by the macros' formula. */
START_TEST(test_sizing_values)
{
    static const int counts[] = {0, 1, 2, 7, 1000, 1 << 20};
    size_t c;
    int size;

    for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        for (size = 1; size <= 8 * OS_ALIGNMENT + 1; size++) {
            size_t words = 0;
            size_t n = (size_t)counts[c];

            while (words * OS_ALIGNMENT < (size_t)size) {
                words++;
            }
            words += OS_MEMPOOL_GUARD ? 1 : 0;
            ck_assert_uint_eq(OS_MEMPOOL_SIZE(n, size), n * words);
            ck_assert_uint_eq(OS_MEMPOOL_BYTES(n, size),
                              n * words * sizeof(os_membuf_t));
            ck_assert_uint_ge(OS_MEMPOOL_BYTES(n, size),
                              n * OS_ALIGN((size_t)size, OS_ALIGNMENT));
        }
    }
    ck_assert_uint_eq(OS_MEMPOOL_SIZE(0, 100), 0);
    ck_assert_uint_eq(OS_MEMPOOL_SIZE(1, 1), 1 + GUARD_WORDS);
    ck_assert_uint_eq(OS_MEMPOOL_SIZE(1, OS_ALIGNMENT), 1 + GUARD_WORDS);
    ck_assert_uint_eq(OS_MEMPOOL_SIZE(1, OS_ALIGNMENT + 1), 2 + GUARD_WORDS);
}
END_TEST

/* Mynewt's values, so stored or printed codes mean the same. */
START_TEST(test_sizing_result_codes)
{
    ck_assert_int_eq(OS_OK, 0);
    ck_assert_int_eq(OS_ENOMEM, 1);
    ck_assert_int_eq(OS_EINVAL, 2);
    ck_assert_int_eq(OS_INVALID_PARAM, 3);
    ck_assert_int_eq(OS_INVALID_PARM, OS_INVALID_PARAM);
    ck_assert_int_eq(OS_MEM_NOT_ALIGNED, 4);
    ck_assert_int_eq(OS_BAD_MUTEX, 5);
    ck_assert_int_eq(OS_TIMEOUT, 6);
    ck_assert_int_eq(OS_ERR_IN_ISR, 7);
    ck_assert_int_eq(OS_ERR_PRIV, 8);
    ck_assert_int_eq(OS_OS_NOT_STARTED, 9);
    ck_assert_int_eq(OS_ENOENT, 10);
    ck_assert_int_eq(OS_EBUSY, 11);
    ck_assert_int_eq(OS_ERROR, 12);
    ck_assert_int_eq(OS_MEMPOOL_INFO_NAME_LEN, 32);
}
END_TEST

Suite *
sizing_suite(void)
{
    const TTest *tests[] = {test_sizing_static_buffers, test_sizing_values,
                            test_sizing_result_codes, NULL};

    return unit_suite("sizing", tests, NULL, NULL, 0);
}
