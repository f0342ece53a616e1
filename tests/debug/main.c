/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Runner of the debug-option tests. The same sources are built once per
 * configuration (none, POISON, GUARD, CHECK, all three); each test asks the
 * header which options are on and expects what they promise.
 */
/* MAP_ANONYMOUS, for the skip count (check_skip.h). */
#define _DEFAULT_SOURCE

#include <stdio.h>
#include <stdlib.h>

#define CHECK_SKIP_IMPLEMENTATION
#include "../check_skip.h"
#include "os/os_mempool.h"
#include "suites.h"

int
main(void)
{
    SRunner *runner = srunner_create(corrupt_suite());
    int failed;

    srunner_add_suite(runner, lock_suite());
    srunner_add_suite(runner, threads_suite());
    srunner_add_suite(runner, use_after_put_suite());
    printf("debug options: POISON=%d GUARD=%d CHECK=%d, OS_ALIGNMENT=%d\n",
           OS_MEMPOOL_POISON, OS_MEMPOOL_GUARD, OS_MEMPOOL_CHECK, OS_ALIGNMENT);
    check_skip_init();
    srunner_run_all(runner, CK_NORMAL);
    /* The closing line make check counts: skips are not passes. */
    failed = check_skip_summary("debug", runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
