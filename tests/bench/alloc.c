/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The malloc+free pair of a general-purpose allocator other than glibc's,
 * in a program of its own: Debian's jemalloc and mimalloc both replace
 * malloc when linked, which would change the glibc figure of the main
 * benchmark. Built once per allocator (BENCH_ALLOCATOR names it: the
 * library tests/bench.mk links, "jemalloc" or "mimalloc"); the main
 * benchmark runs it and reads the one line it prints.
 *
 * Plain malloc and free, as a program calls them: that is the allocator's
 * fast path (jemalloc's mallocx/dallocx skip it and cost far more). The
 * program checks that malloc is the named allocator's, not glibc's, before
 * it measures.
 *
 *   bench-ALLOC            prints "NAME NS" (median ns per pair)
 *   bench-ALLOC callgrind  dumps the callgrind parts "pair.NAME" and "empty"
 */

#include "bench.h"

#include <dlfcn.h>

#ifndef BENCH_ALLOCATOR
#error "define BENCH_ALLOCATOR as the allocator's name, e.g. jemalloc"
#endif
#define BENCH_STR2(x) #x
#define BENCH_STR(x) BENCH_STR2(x)
#define BENCH_NAME BENCH_STR(BENCH_ALLOCATOR)

static __attribute__((noinline)) void
alloc_pairs(void *arg, long n)
{
    long i;

    (void)arg;
    for (i = 0; i < n; i++) {
        void *p = malloc(64);

        BENCH_ESCAPE(p);
        free(p);
    }
}

/* The shared object that defines the malloc this program calls must be
 * the allocator's, or the figure would be glibc's under another name. */
static void
check_allocator(void)
{
    Dl_info info;
    void *fn = dlsym(RTLD_DEFAULT, "malloc");

    if (fn == NULL || dladdr(fn, &info) == 0 || info.dli_fname == NULL ||
        strstr(info.dli_fname, BENCH_NAME) == NULL) {
        fprintf(stderr, "bench-%s: malloc comes from %s, not %s\n", BENCH_NAME,
                fn != NULL && info.dli_fname != NULL ? info.dli_fname : "?",
                BENCH_NAME);
        exit(2);
    }
}

int
main(int argc, char **argv)
{
    check_allocator();
    if (argc > 1 && strcmp(argv[1], "callgrind") == 0) {
        bench_cg_empty();
        bench_cg_part("pair." BENCH_NAME, alloc_pairs, NULL, 1000);
        return 0;
    }
    printf("%s %.3f\n", BENCH_NAME, bench_time(alloc_pairs, NULL));
    return 0;
}
