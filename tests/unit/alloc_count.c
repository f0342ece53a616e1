/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Counts the allocations made by the code linked into the test binary (the
 * library sources, the tests, the static Check library). The binary is
 * linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, so every call
 * to those from its own objects lands here and goes on to the real
 * function. Only references are renamed, not the functions themselves, so
 * whatever provides them (glibc, AddressSanitizer's runtime, valgrind's
 * replacement) still does the work: the count is right in every variant.
 */
#include <stddef.h>

#include "suites.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t size);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t size);

/* Counted with atomics: the concurrency tests run Check in threads. */
static unsigned long alloc_count;

static void
count_one(void)
{
    __atomic_add_fetch(&alloc_count, 1, __ATOMIC_RELAXED);
}

void *
__wrap_malloc(size_t size)
{
    count_one();
    return __real_malloc(size);
}

void *
__wrap_calloc(size_t n, size_t size)
{
    count_one();
    return __real_calloc(n, size);
}

void *
__wrap_realloc(void *ptr, size_t size)
{
    count_one();
    return __real_realloc(ptr, size);
}

unsigned long
alloc_calls(void)
{
    return __atomic_load_n(&alloc_count, __ATOMIC_RELAXED);
}
