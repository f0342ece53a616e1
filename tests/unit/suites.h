/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
#ifndef SUITES_H
#define SUITES_H

#include <check.h>

Suite *init_suite(void);

#endif
