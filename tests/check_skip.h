/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Skipped tests for the Check runners (Check 0.15 has no skip).
 *
 * A test that cannot run where it is built calls
 *
 *     CHECK_SKIP("needs a 64-bit host");
 *
 * which prints "SKIP: test_name: reason" and returns from the test. Check
 * still counts the test as run and passed, so the runner's main ends with
 * check_skip_summary(), which prints the closing line that make check adds
 * up, with the skips taken out of the passes:
 *
 *     unit: 45 passed, 0 failed, 1 skipped
 *
 * Check runs each test in a child process (unless CK_FORK=no), so the count
 * lives in a shared anonymous mapping that check_skip_init() sets up before
 * srunner_run_all(). One source file of the runner, its main, defines
 * _DEFAULT_SOURCE (for MAP_ANONYMOUS) before any include and
 * CHECK_SKIP_IMPLEMENTATION before including this header.
 */
#ifndef CHECK_SKIP_H
#define CHECK_SKIP_H

#include <check.h>

/* Called by CHECK_SKIP(); test_fn is the test's function (__func__). */
void check_skip_note(const char *test_fn, const char *reason);

/* Sets up the skip count; call before srunner_run_all(). */
void check_skip_init(void);

/* Prints "name: N passed, N failed, N skipped" for the finished runner and
 * returns the number of failed tests. */
int check_skip_summary(const char *name, SRunner *runner);

#define CHECK_SKIP(reason)                                                     \
    do {                                                                       \
        check_skip_note(__func__, (reason));                                   \
        return;                                                                \
    } while (0)

#ifdef CHECK_SKIP_IMPLEMENTATION

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static unsigned *check_skip_count;

void
check_skip_init(void)
{
    void *shared = mmap(NULL, sizeof(*check_skip_count), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (shared == MAP_FAILED) {
        perror("check_skip_init: mmap");
        exit(EXIT_FAILURE);
    }
    check_skip_count = shared;
    *check_skip_count = 0;
    /* Anything buffered now would be written again by every forked test. */
    fflush(stdout);
}

void
check_skip_note(const char *test_fn, const char *reason)
{
    /* START_TEST(name) defines the function name_fn. */
    size_t len = strlen(test_fn);

    if (len > 3 && strcmp(test_fn + len - 3, "_fn") == 0) {
        len -= 3;
    }
    printf("SKIP: %.*s: %s\n", (int)len, test_fn, reason);
    fflush(stdout);
    if (check_skip_count == NULL) {
        fprintf(stderr, "CHECK_SKIP before check_skip_init()\n");
        abort();
    }
    __atomic_fetch_add(check_skip_count, 1, __ATOMIC_RELAXED);
}

int
check_skip_summary(const char *name, SRunner *runner)
{
    int run = srunner_ntests_run(runner);
    int failed = srunner_ntests_failed(runner);
    int skipped = (int)__atomic_load_n(check_skip_count, __ATOMIC_RELAXED);

    printf("%s: %d passed, %d failed, %d skipped\n", name,
           run - failed - skipped, failed, skipped);
    return failed;
}

#endif /* CHECK_SKIP_IMPLEMENTATION */

#endif /* CHECK_SKIP_H */
