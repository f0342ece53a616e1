/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The malloc+free pair of a general-purpose allocator other than glibc's,
 * in a program of its own: Debian's jemalloc and mimalloc both replace
 * malloc when linked, which would change the glibc figure of the main
 * benchmark. Built once per allocator (BENCH_JEMALLOC or BENCH_MIMALLOC);
 * the main benchmark runs it and reads the one line it prints.
 *
 *   bench-ALLOC            prints "NAME NS" (median ns per pair)
 *   bench-ALLOC callgrind  dumps the callgrind parts "NAME" and "empty"
 */

#include "bench.h"

#if defined(BENCH_JEMALLOC)
#include <jemalloc/jemalloc.h>
#define BENCH_NAME "jemalloc"
/* jemalloc's own entry points, so the figure is jemalloc's whatever the
 * link order: mallocx/dallocx with no flags are malloc/free. */
#define bench_alloc(size) mallocx((size), 0)
#define bench_free(p) dallocx((p), 0)
#elif defined(BENCH_MIMALLOC)
#include <mimalloc.h>
#define BENCH_NAME "mimalloc"
#define bench_alloc(size) mi_malloc(size)
#define bench_free(p) mi_free(p)
#else
#error "define BENCH_JEMALLOC or BENCH_MIMALLOC"
#endif

static __attribute__((noinline)) void
alloc_pairs(void *arg, long n)
{
    long i;

    (void)arg;
    for (i = 0; i < n; i++) {
        void *p = bench_alloc(64);

        BENCH_ESCAPE(p);
        bench_free(p);
    }
}

int
main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "callgrind") == 0) {
        bench_cg_empty();
        bench_cg_part("pair." BENCH_NAME, alloc_pairs, NULL, 1000);
        return 0;
    }
    printf("%s %.3f\n", BENCH_NAME, bench_time(alloc_pairs, NULL));
    return 0;
}
