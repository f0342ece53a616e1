/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
#ifndef SUITES_H
#define SUITES_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "os/os_mempool.h"

/* The suite checks the default build, whose block layout (blocks exactly
 * OS_ALIGN(block_size) apart) the debug options change; tests/debug/ covers
 * those builds. */
#if OS_MEMPOOL_DEBUG
#error "the unit suite is for the library built without debug options"
#endif

/* One suite per area of the API. */
Suite *init_suite(void);
Suite *getput_suite(void);
Suite *ext_suite(void);
Suite *sane_suite(void);
Suite *registry_suite(void);
Suite *sizing_suite(void);
Suite *concurrency_suite(void);
Suite *model_suite(void);
Suite *mynewt_suite(void);

/*
 * A suite of one test case holding the NULL-terminated list of tests, with
 * an optional checked fixture (setup and teardown may be NULL) and a
 * timeout in seconds (0: Check's default).
 *
 * Every test must leave the global registry of pools as it found it (the
 * tests share it when run without fork): a checked fixture records the
 * registry before each test and fails the test if it changed, unregistering
 * what the test left behind so the next test starts clean. Pools a test
 * registers must therefore outlive it (static storage).
 */
Suite *unit_suite(const char *name, const TTest *const *tests, SFun setup,
                  SFun teardown, double timeout);

/* The registered pools in registry order (at most max, or the test
 * fails); returns how many. */
int registry_list(struct os_mempool **out, int max);

/* Number of pools in the registry now. */
int registry_length(void);

/*
 * The second word of a free block that has room for it: the complement of
 * its link XOR its own address (the layout the design guide documents). A
 * test writes it to forge a free-looking block or checks a free one.
 */
static inline uintptr_t
free_tag(uintptr_t block, uintptr_t next)
{
    return ~(block ^ next);
}

/* Calls to malloc, calloc and realloc made by code linked into the test
 * binary since it started (see alloc_count.c). */
unsigned long alloc_calls(void);

#endif
