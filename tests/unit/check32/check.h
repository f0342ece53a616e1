/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A small stand-in for the Check unit-test library, for the one build that
 * Debian's Check cannot serve: the unit suite compiled for 32-bit x86
 * (-m32), which runs the same tests at OS_ALIGNMENT 4 and 8 (Debian ships
 * no 32-bit Check without a second dpkg architecture). It offers exactly
 * what tests/unit uses, with Check's meaning: each test runs in a child
 * process (a crash or a hang fails that test alone), checked fixtures run
 * around each test in that child, and the run ends with Check's summary
 * line, "N%: Checks: N, Failures: N, Errors: N".
 */
#ifndef UNIT_CHECK32_H
#define UNIT_CHECK32_H

#include <stdint.h>
#include <string.h>

typedef void (*SFun)(void);

typedef struct TTest {
    const char *name;
    void (*fn)(int);
    const char *file;
    int line;
} TTest;

typedef struct TCase TCase;
typedef struct Suite Suite;
typedef struct SRunner SRunner;

enum print_output { CK_NORMAL };

Suite *suite_create(const char *name);
TCase *tcase_create(const char *name);
void suite_add_tcase(Suite *s, TCase *tc);
void tcase_add_checked_fixture(TCase *tc, SFun setup, SFun teardown);
void tcase_set_timeout(TCase *tc, double seconds);
void tcase_add_test_(TCase *tc, const TTest *test);
#define tcase_add_test(tc, test) tcase_add_test_((tc), (test))

SRunner *srunner_create(Suite *s);
void srunner_add_suite(SRunner *sr, Suite *s);
void srunner_run_all(SRunner *sr, enum print_output print);
int srunner_ntests_failed(SRunner *sr);
int srunner_ntests_run(SRunner *sr);
void srunner_free(SRunner *sr);

/* Reports a failed assertion and ends the test's process. */
void ck_fail_(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((noreturn, format(printf, 3, 4)))
#endif
    ;

#if defined(__GNUC__)
#define CK_UNUSED_ __attribute__((unused))
#else
#define CK_UNUSED_
#endif

#define START_TEST(name)                                                     \
    static void name##_fn(int _i CK_UNUSED_);                                \
    static const TTest name##_ttest = {#name, name##_fn, __FILE__, __LINE__}; \
    static const TTest *name = &name##_ttest;                                \
    static void name##_fn(int _i CK_UNUSED_)
#define END_TEST

#define ck_assert_msg(expr, ...)                                             \
    ((expr) ? (void)0 : ck_fail_(__FILE__, __LINE__, __VA_ARGS__))
#define ck_assert(expr)                                                      \
    ck_assert_msg((expr), "Assertion '%s' failed", #expr)
#define ck_abort_msg(...) ck_fail_(__FILE__, __LINE__, __VA_ARGS__)

#define CK_CMP_(type, fmt, cast, x, op, y)                                   \
    do {                                                                     \
        type ck_x_ = (type)(x);                                              \
        type ck_y_ = (type)(y);                                              \
        ck_assert_msg(ck_x_ op ck_y_,                                        \
                      "Assertion '%s' failed: %s == " fmt ", %s == " fmt,    \
                      #x " " #op " " #y, #x, (cast)ck_x_, #y, (cast)ck_y_);  \
    } while (0)

#define ck_assert_int_eq(x, y) CK_CMP_(intmax_t, "%lld", long long, x, ==, y)
#define ck_assert_int_lt(x, y) CK_CMP_(intmax_t, "%lld", long long, x, <, y)
#define ck_assert_int_le(x, y) CK_CMP_(intmax_t, "%lld", long long, x, <=, y)
#define ck_assert_int_gt(x, y) CK_CMP_(intmax_t, "%lld", long long, x, >, y)
#define ck_assert_int_ge(x, y) CK_CMP_(intmax_t, "%lld", long long, x, >=, y)
#define ck_assert_uint_eq(x, y)                                              \
    CK_CMP_(uintmax_t, "%llu", unsigned long long, x, ==, y)
#define ck_assert_uint_lt(x, y)                                              \
    CK_CMP_(uintmax_t, "%llu", unsigned long long, x, <, y)
#define ck_assert_uint_le(x, y)                                              \
    CK_CMP_(uintmax_t, "%llu", unsigned long long, x, <=, y)
#define ck_assert_uint_ge(x, y)                                              \
    CK_CMP_(uintmax_t, "%llu", unsigned long long, x, >=, y)
#define ck_assert_ptr_eq(x, y)                                               \
    CK_CMP_(const void *, "%p", const void *, x, ==, y)
#define ck_assert_ptr_null(x) ck_assert_ptr_eq((x), NULL)
#define ck_assert_ptr_nonnull(x)                                             \
    CK_CMP_(const void *, "%p", const void *, x, !=, NULL)
#define ck_assert_str_eq(x, y)                                               \
    ck_assert_msg(strcmp((x), (y)) == 0,                                     \
                  "Assertion '%s' failed: \"%s\" != \"%s\"",                 \
                  #x " == " #y, (x), (y))
#define ck_assert_mem_eq(x, y, len)                                          \
    ck_assert_msg(memcmp((x), (y), (len)) == 0,                              \
                  "Assertion '%s' failed: the %zu bytes differ",             \
                  #x " == " #y, (size_t)(len))

#endif /* UNIT_CHECK32_H */
