/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
/* MAP_ANONYMOUS, for the skip count (check_skip.h). */
#define _DEFAULT_SOURCE

#include <stdlib.h>

#define CHECK_SKIP_IMPLEMENTATION
#include "../check_skip.h"
#include "suites.h"

int
main(void)
{
    SRunner *runner = srunner_create(init_suite());
    int failed;

    srunner_add_suite(runner, getput_suite());
    srunner_add_suite(runner, ext_suite());
    srunner_add_suite(runner, sane_suite());
    srunner_add_suite(runner, registry_suite());
    srunner_add_suite(runner, sizing_suite());
    srunner_add_suite(runner, concurrency_suite());
    srunner_add_suite(runner, model_suite());
    srunner_add_suite(runner, mynewt_suite());
    check_skip_init();
    srunner_run_all(runner, CK_NORMAL);
    /* The closing line make check counts: skips are not passes. */
    failed = check_skip_summary("unit", runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
