/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
#ifndef DEBUG_SUITES_H
#define DEBUG_SUITES_H

#include <check.h>

Suite *corrupt_suite(void);
Suite *lock_suite(void);
Suite *threads_suite(void);
Suite *use_after_put_suite(void);

#endif
