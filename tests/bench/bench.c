/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The memory pool benchmark: what a get+put pair costs against malloc,
 * against a plain pool that checks nothing and against the bare free list;
 * get-all-then-put-all against malloc-all-then-free-all as pools grow;
 * what each debug option costs; and how one pool behaves under several
 * threads. A benchmark, never a test: it reports, it does not fail on a
 * slow machine.
 *
 * The library is linked several times over: the default build
 * (build/libmempool.a) under its own names, and one build per variant
 * (single-threaded port, debug options) whose symbols tests/bench.mk
 * renamed with a prefix, so every figure comes from one run of one process.
 *
 *   bench [--out DIR] [--helper PROGRAM]... [--instructions FILE]
 *         [--size FILE] [--provenance FILE]
 *   bench callgrind     the callgrind parts (see tests/bench.mk)
 *   bench threads       the threads table alone (make bench-threads)
 *   bench selftest      checks that each linked build is the one its figures
 *                       claim to be; prints "bench-selftest: N passed..."
 */

#include "bench.h"

#include <stdbool.h>

#include "mynewt_pool.h"
#include "os/os_mempool.h"
#include "report.h"
#include "threads.h"

/* Block size of every figure. */
#define BLOCK 64
/* Blocks of the pool the pair loops use: a small pool, as in firmware. */
#define PAIR_BLOCKS 64
/* Blocks of the pools that init and is_sane are timed on. */
#define WALK_BLOCKS 4096
/* Blocks whose puts are timed in a row to price one put alone. */
#define PUT_BLOCKS 512
/* Largest pool of the get-all-then-put-all series. */
#define SCALE_MAX (1L << 20)
/* Bytes a block takes at most in any variant (GUARD adds a word). */
#define STRIDE_MAX (BLOCK + 16)

/*
 * The builds of the library linked in: the name in the figures' ids, the
 * prefix tests/bench.mk gave its symbols, and what the table calls it.
 * The build without the double-put check exists only while src/ has its
 * private switch (tests/bench.mk looks for it and defines BENCH_HAVE_nodp).
 */
#ifdef BENCH_HAVE_nodp
#define BENCH_LIB_NODP(X)                                                      \
    X(nodp, nodp_, "mempool, default build without the double-put check")
#else
#define BENCH_LIB_NODP(X)
#endif
#define BENCH_DEBUG_LIBS(X)                                                    \
    X(poison, poison_, "mempool, OS_MEMPOOL_POISON")                           \
    X(guard, guard_, "mempool, OS_MEMPOOL_GUARD")                              \
    X(check, check_, "mempool, OS_MEMPOOL_CHECK")
#define BENCH_LIBS(X)                                                          \
    X(default, , "mempool, default build (host port)")                         \
    X(single, st_, "mempool, single-threaded port")                            \
    BENCH_LIB_NODP(X)                                                          \
    BENCH_DEBUG_LIBS(X)

#define BENCH_DECLARE(name, p, what)                                           \
    os_error_t p##os_mempool_init(struct os_mempool *mp, int blocks,           \
                                  int block_size, void *membuf, char *n);      \
    void *p##os_memblock_get(struct os_mempool *mp);                           \
    os_error_t p##os_memblock_put(struct os_mempool *mp, void *block);         \
    bool p##os_mempool_is_sane(const struct os_mempool *mp);
BENCH_LIBS(BENCH_DECLARE)

/* The debug builds' corruption hook: the selftest's double put reaches it
 * (declared here: the header declares it only for debug builds). */
typedef void bench_corrupt_fn(struct os_mempool *mp, void *block,
                              const char *what);
#define BENCH_DECLARE_HOOK(name, p, what)                                      \
    bench_corrupt_fn *p##os_mempool_set_corrupt_hook(bench_corrupt_fn *fn);
BENCH_DEBUG_LIBS(BENCH_DECLARE_HOOK)

/* A pool and its buffer, as each loop below takes it. */
struct bench_pool {
    struct os_mempool mp;
    struct mynewt_pool plain;
    void *buf;
    void **slots;
    long blocks;
};

/*
 * Per build: the pair loop (get, escape, put: what a user's code does), a
 * get-all and a put-all loop. Direct calls, as a user's code makes them.
 */
#define BENCH_DEFINE(name, p, what)                                            \
    static __attribute__((noinline)) void pairs_##name(void *arg, long n)      \
    {                                                                          \
        struct os_mempool *mp = &((struct bench_pool *)arg)->mp;               \
        long i;                                                                \
        for (i = 0; i < n; i++) {                                              \
            void *b = p##os_memblock_get(mp);                                  \
            BENCH_ESCAPE(b);                                                   \
            p##os_memblock_put(mp, b);                                         \
        }                                                                      \
    }                                                                          \
    static                                                                     \
        __attribute__((noinline, unused)) void gets_##name(void *arg, long n)  \
    {                                                                          \
        struct bench_pool *bp = arg;                                           \
        long i;                                                                \
        for (i = 0; i < n; i++) {                                              \
            bp->slots[i] = p##os_memblock_get(&bp->mp);                        \
        }                                                                      \
    }                                                                          \
    static                                                                     \
        __attribute__((noinline, unused)) void puts_##name(void *arg, long n)  \
    {                                                                          \
        struct bench_pool *bp = arg;                                           \
        long i;                                                                \
        for (i = 0; i < n; i++) {                                              \
            p##os_memblock_put(&bp->mp, bp->slots[i]);                         \
        }                                                                      \
    }                                                                          \
    static void init_##name(struct bench_pool *bp, long blocks)                \
    {                                                                          \
        bp->blocks = blocks;                                                   \
        if (p##os_mempool_init(&bp->mp, (int)blocks, BLOCK, bp->buf, #name) != \
            OS_OK) {                                                           \
            fprintf(stderr, "bench: init of %s failed\n", #name);              \
            exit(2);                                                           \
        }                                                                      \
    }
BENCH_LIBS(BENCH_DEFINE)

/* The same loops on the plain pool of mynewt_pool.c, with the host port's
 * lock (mynewt_) and without one (mynewt_st_). */
#define BENCH_DEFINE_PLAIN(name, p)                                            \
    static __attribute__((noinline)) void pairs_##name(void *arg, long n)      \
    {                                                                          \
        struct mynewt_pool *mp = &((struct bench_pool *)arg)->plain;           \
        long i;                                                                \
        for (i = 0; i < n; i++) {                                              \
            void *b = p##get(mp);                                              \
            BENCH_ESCAPE(b);                                                   \
            p##put(mp, b);                                                     \
        }                                                                      \
    }                                                                          \
    static                                                                     \
        __attribute__((noinline, unused)) void gets_##name(void *arg, long n)  \
    {                                                                          \
        struct bench_pool *bp = arg;                                           \
        long i;                                                                \
        for (i = 0; i < n; i++) {                                              \
            bp->slots[i] = p##get(&bp->plain);                                 \
        }                                                                      \
    }                                                                          \
    static                                                                     \
        __attribute__((noinline, unused)) void puts_##name(void *arg, long n)  \
    {                                                                          \
        struct bench_pool *bp = arg;                                           \
        long i;                                                                \
        for (i = 0; i < n; i++) {                                              \
            p##put(&bp->plain, bp->slots[i]);                                  \
        }                                                                      \
    }                                                                          \
    static void init_##name(struct bench_pool *bp, long blocks)                \
    {                                                                          \
        bp->blocks = blocks;                                                   \
        p##init(&bp->plain, (uint32_t)blocks, BLOCK, bp->buf);                 \
    }
BENCH_DEFINE_PLAIN(mynewt, mynewt_)
BENCH_DEFINE_PLAIN(mynewt_st, mynewt_st_)

static void *
bench_alloc(size_t bytes)
{
    /* Aligned on a huge page, so a big pool need not pay for the TLB. */
    size_t align = (size_t)2 << 20;
    void *p = aligned_alloc(align, (bytes + align - 1) / align * align);

    if (p == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        exit(2);
    }
    memset(p, 0, bytes);
    return p;
}

static void
bench_pool_setup(struct bench_pool *bp, long max_blocks)
{
    bp->buf = bench_alloc((size_t)max_blocks * STRIDE_MAX);
    bp->slots = bench_alloc((size_t)max_blocks * sizeof(void *));
}

/* ---- the floor: the same list, written inline ---------------------------- */

struct floor_block {
    struct floor_block *next;
    char payload[BLOCK - sizeof(struct floor_block *)];
};

struct floor_list {
    struct floor_block *head;
};

/* Pop and push of a singly linked free list: no call, no lock, no check.
 * What no pool on this machine can beat. */
static __attribute__((noinline)) void
pairs_floor(void *arg, long n)
{
    struct floor_list *fl = arg;
    long i;

    for (i = 0; i < n; i++) {
        struct floor_block *b = fl->head;

        fl->head = b->next;
        BENCH_ESCAPE(b);
        b->next = fl->head;
        fl->head = b;
    }
}

static void
floor_setup(struct floor_list *fl)
{
    static struct floor_block blocks[PAIR_BLOCKS];
    int i;

    for (i = 0; i < PAIR_BLOCKS; i++) {
        blocks[i].next = i + 1 < PAIR_BLOCKS ? &blocks[i + 1] : NULL;
    }
    fl->head = &blocks[0];
}

/* ---- what two calls cost alone ------------------------------------------- */

/* Functions that do nothing, called the way a get+put pair calls the
 * library: the share of a pair that any library call pays. */
static __attribute__((noinline)) void *
empty_get(void *mp)
{
    BENCH_ESCAPE(mp);
    return mp;
}

static __attribute__((noinline)) int
empty_put(void *mp, void *block)
{
    BENCH_ESCAPE(mp);
    BENCH_ESCAPE(block);
    return 0;
}

static __attribute__((noinline)) void
calls_loop(void *arg, long n)
{
    long i;

    for (i = 0; i < n; i++) {
        void *b = empty_get(arg);

        BENCH_ESCAPE(b);
        empty_put(arg, b);
    }
}

/* ---- glibc --------------------------------------------------------------- */

static __attribute__((noinline)) void
pairs_malloc(void *arg, long n)
{
    long i;

    (void)arg;
    for (i = 0; i < n; i++) {
        void *p = malloc(BLOCK);

        BENCH_ESCAPE(p);
        free(p);
    }
}

/* ---- the pair figures, interleaved --------------------------------------- */

struct timed_case {
    const char *id;
    const char *what;
    bench_loop_fn *fn;
    void *arg;
    long n;
    double v[BENCH_RUNS];
};

enum pair_pool {
#define BENCH_ENUM(name, p, what) PP_##name,
    BENCH_LIBS(BENCH_ENUM) PP_mynewt,
    PP_mynewt_st,
    PP_COUNT
};

static struct bench_pool pair_pools[PP_COUNT];
static struct floor_list floor_list;

/*
 * Every case runs once per round, rounds repeat BENCH_RUNS times and each
 * case keeps its median: load from the rest of the machine then falls on
 * all cases alike instead of on whichever ran during it.
 */
static void
run_timed_cases(struct timed_case *tc, int n)
{
    int i;
    int r;

    for (i = 0; i < n; i++) {
        tc[i].n = bench_calibrate(tc[i].fn, tc[i].arg);
    }
    for (r = 0; r < BENCH_RUNS; r++) {
        for (i = 0; i < n; i++) {
            tc[i].v[r] = bench_time_once(tc[i].fn, tc[i].arg, tc[i].n);
        }
    }
}

static void
setup_pair_pools(void)
{
    int i;

    for (i = 0; i < PP_COUNT; i++) {
        bench_pool_setup(&pair_pools[i], PAIR_BLOCKS);
    }
#define BENCH_INIT_PAIR(name, p, what)                                         \
    init_##name(&pair_pools[PP_##name], PAIR_BLOCKS);
    BENCH_LIBS(BENCH_INIT_PAIR)
    init_mynewt(&pair_pools[PP_mynewt], PAIR_BLOCKS);
    init_mynewt_st(&pair_pools[PP_mynewt_st], PAIR_BLOCKS);
    floor_setup(&floor_list);
}

static void
measure_pairs(void)
{
#define BENCH_PAIR_CASE(name, p, what)                                         \
    {"pair." #name, what, pairs_##name, &pair_pools[PP_##name], 0, {0}},
    /* clang-format off */
    struct timed_case tc[] = {
        BENCH_LIBS(BENCH_PAIR_CASE)
        {"pair.mynewt", "plain Mynewt-style pool, the host port's lock",
         pairs_mynewt, &pair_pools[PP_mynewt], 0, {0}},
        {"pair.mynewt_st", "plain Mynewt-style pool, no lock",
         pairs_mynewt_st, &pair_pools[PP_mynewt_st], 0, {0}},
        {"pair.floor", "free list inline in the loop (no call, lock, check)",
         pairs_floor, &floor_list, 0, {0}},
        {"pair.malloc", "glibc malloc+free", pairs_malloc, NULL, 0, {0}},
    };
    /* clang-format on */
    int n = (int)(sizeof(tc) / sizeof(tc[0]));
    int i;

    run_timed_cases(tc, n);
    for (i = 0; i < n; i++) {
        report_add(tc[i].id, TABLE_PAIRS, bench_median(tc[i].v, BENCH_RUNS),
                   "%s", tc[i].what);
    }
}

/* ---- other allocators, each in its own program --------------------------- */

static void
measure_helper(const char *path)
{
    char line[128];
    char name[32];
    double ns;
    int found = 0;
    FILE *f = popen(path, "r");

    if (f == NULL) {
        fprintf(stderr, "bench: cannot run %s\n", path);
        exit(2);
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (sscanf(line, "%31s %lf", name, &ns) == 2) {
            char id[64];

            snprintf(id, sizeof(id), "pair.%s", name);
            report_add(id, TABLE_PAIRS, ns, "%s malloc+free", name);
            found++;
        }
    }
    if (pclose(f) != 0 || found != 1) {
        fprintf(stderr, "bench: %s failed\n", path);
        exit(2);
    }
}

/* ---- get all, then put all ----------------------------------------------- */

#define BENCH_GETALL(name)                                                     \
    static                                                                     \
        __attribute__((noinline)) void getall_putall_##name(void *arg, long n) \
    {                                                                          \
        struct bench_pool *bp = arg;                                           \
        long r;                                                                \
        for (r = 0; r < n; r++) {                                              \
            gets_##name(bp, bp->blocks);                                       \
            puts_##name(bp, bp->blocks);                                       \
        }                                                                      \
    }
BENCH_GETALL(default)
BENCH_GETALL(mynewt)

struct malloc_all {
    void **slots;
    long blocks;
};

static __attribute__((noinline)) void
mallocall_freeall(void *arg, long n)
{
    struct malloc_all *ma = arg;
    long r;
    long i;

    for (r = 0; r < n; r++) {
        for (i = 0; i < ma->blocks; i++) {
            ma->slots[i] = malloc(BLOCK);
        }
        BENCH_ESCAPE(ma->slots);
        for (i = 0; i < ma->blocks; i++) {
            free(ma->slots[i]);
        }
    }
}

static struct bench_pool scale_pool;
static struct bench_pool scale_plain;

static void
measure_scaling(void)
{
    static const long sizes[] = {16, 256, 4096, 65536, SCALE_MAX};
    struct malloc_all ma;
    size_t i;
    int k;

    bench_pool_setup(&scale_pool, SCALE_MAX);
    bench_pool_setup(&scale_plain, SCALE_MAX);
    ma.slots = bench_alloc((size_t)SCALE_MAX * sizeof(void *));
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        struct timed_case tc[3] = {
            {"scale.pool",
             "get all, then put all: mempool default build",
             getall_putall_default,
             &scale_pool,
             0,
             {0}},
            {"scale.mynewt",
             "get all, then put all: plain pool, same lock",
             getall_putall_mynewt,
             &scale_plain,
             0,
             {0}},
            {"scale.malloc",
             "malloc all, then free all: glibc",
             mallocall_freeall,
             &ma,
             0,
             {0}},
        };

        init_default(&scale_pool, sizes[i]);
        init_mynewt(&scale_plain, sizes[i]);
        ma.blocks = sizes[i];
        for (k = 0; k < 3; k++) {
            tc[k].fn(tc[k].arg, 1); /* first touch */
        }
        run_timed_cases(tc, 3);
        for (k = 0; k < 3; k++) {
            char id[64];
            struct bench_row *r;

            snprintf(id, sizeof(id), "%s.%ld", tc[k].id, sizes[i]);
            /* One round is a get (malloc) and a put (free) per block. */
            r = report_add(
                id, TABLE_SCALE,
                bench_median(tc[k].v, BENCH_RUNS) / (2.0 * (double)sizes[i]),
                "%s, %ld blocks, per operation", tc[k].what, sizes[i]);
            r->count = sizes[i];
        }
    }
    free(ma.slots);
}

/* ---- one put alone ------------------------------------------------------- */

struct put_arg {
    struct bench_pool *bp;
    bench_loop_fn *gets;
    bench_loop_fn *puts;
    double v[BENCH_RUNS];
};

/* ns per put over one run: PUT_BLOCKS puts timed in a row, the gets before
 * them untimed, the cost of reading the clock taken off. */
static double
time_puts_once(struct put_arg *pa, double clock_ns)
{
    double total = 0;
    long rounds = 0;
    double start = bench_now();

    while (bench_now() - start < BENCH_RUN_NS) {
        double t0;

        pa->gets(pa->bp, PUT_BLOCKS);
        t0 = bench_now();
        pa->puts(pa->bp, PUT_BLOCKS);
        total += bench_now() - t0 - clock_ns;
        rounds++;
    }
    return total / (double)(rounds * PUT_BLOCKS);
}

static double
clock_cost(void)
{
    double v[BENCH_RUNS];
    int r;
    int i;

    for (r = 0; r < BENCH_RUNS; r++) {
        double t0 = bench_now();

        for (i = 0; i < 1000; i++) {
            (void)bench_now();
        }
        v[r] = (bench_now() - t0) / 1000;
    }
    return bench_median(v, BENCH_RUNS);
}

static void
measure_put_alone(void)
{
    static struct bench_pool def;
    static struct bench_pool plain;
    struct put_arg a = {&def, gets_default, puts_default, {0}};
    struct put_arg b = {&plain, gets_mynewt, puts_mynewt, {0}};
    double clock_ns = clock_cost();
    int r;

    bench_pool_setup(&def, PUT_BLOCKS);
    bench_pool_setup(&plain, PUT_BLOCKS);
    init_default(&def, PUT_BLOCKS);
    init_mynewt(&plain, PUT_BLOCKS);
    /* Interleaved, like the pairs. */
    for (r = 0; r < BENCH_RUNS; r++) {
        a.v[r] = time_puts_once(&a, clock_ns);
        b.v[r] = time_puts_once(&b, clock_ns);
    }
    report_add("put.default", TABLE_OPS, bench_median(a.v, BENCH_RUNS),
               "put alone, mempool default build");
    report_add("put.mynewt", TABLE_OPS, bench_median(b.v, BENCH_RUNS),
               "put alone, plain Mynewt-style pool, same lock");
    /* Counted by callgrind only: a get alone is not timed. */
    report_add("get.default", TABLE_OPS, -1,
               "get alone, mempool default build");
    report_add("get.mynewt", TABLE_OPS, -1,
               "get alone, plain Mynewt-style pool, same lock");
}

/* ---- init, is_sane, calls and the lock alone ----------------------------- */

static struct bench_pool walk_pool;

static __attribute__((noinline)) void
init_loop(void *arg, long n)
{
    struct bench_pool *bp = arg;
    long i;

    for (i = 0; i < n; i++) {
        os_mempool_init(&bp->mp, WALK_BLOCKS, BLOCK, bp->buf, "walk");
        BENCH_ESCAPE(bp);
    }
}

static __attribute__((noinline)) void
sane_loop(void *arg, long n)
{
    struct bench_pool *bp = arg;
    long i;

    for (i = 0; i < n; i++) {
        bool ok = os_mempool_is_sane(&bp->mp);

        BENCH_ESCAPE(ok);
    }
}

static void
measure_walks(void)
{
    static struct mynewt_pool lock_pool;

    report_add("calls", TABLE_OPS, bench_time(calls_loop, &lock_pool),
               "two calls to empty functions, as a pair makes");
    report_add("lock", TABLE_OPS, bench_time(mynewt_lock_loop, &lock_pool),
               "the host port's lock taken and released, uncontended");
    bench_pool_setup(&walk_pool, WALK_BLOCKS);
    init_default(&walk_pool, WALK_BLOCKS);
    report_add("init", TABLE_OPS,
               bench_time(init_loop, &walk_pool) / WALK_BLOCKS,
               "os_mempool_init, per block (%d blocks)", WALK_BLOCKS);
    report_add("is_sane", TABLE_OPS,
               bench_time(sane_loop, &walk_pool) / WALK_BLOCKS,
               "os_mempool_is_sane, per free block (%d free)", WALK_BLOCKS);
}

/* ---- threads on one pool (threads.c) ------------------------------------- */

static void
measure_threads(void)
{
    static struct bench_pool tp;

    bench_pool_setup(&tp, PAIR_BLOCKS);
    init_default(&tp, PAIR_BLOCKS);
    bench_threads(&tp.mp, PAIR_BLOCKS);
}

/* ---- callgrind and selftest modes ---------------------------------------- */

static void
callgrind_parts(void)
{
    static struct bench_pool g;
    static struct bench_pool gm;

    setup_pair_pools();
    bench_cg_empty();
#define BENCH_CG_PAIR(name, p, what)                                           \
    bench_cg_part("pair." #name, pairs_##name, &pair_pools[PP_##name], 1000);
    BENCH_LIBS(BENCH_CG_PAIR)
    bench_cg_part("pair.mynewt", pairs_mynewt, &pair_pools[PP_mynewt], 1000);
    bench_cg_part("pair.mynewt_st", pairs_mynewt_st, &pair_pools[PP_mynewt_st],
                  1000);
    bench_cg_part("pair.floor", pairs_floor, &floor_list, 1000);
    bench_cg_part("pair.malloc", pairs_malloc, NULL, 1000);

    /* Gets and puts alone: a pool as big as the part, emptied then filled
     * (no warming, which would hand the same slots out twice). */
    bench_pool_setup(&g, BENCH_CG_PAIRS);
    bench_pool_setup(&gm, BENCH_CG_PAIRS);
    init_default(&g, BENCH_CG_PAIRS);
    init_mynewt(&gm, BENCH_CG_PAIRS);
    bench_cg_part("get.default", gets_default, &g, 0);
    bench_cg_part("put.default", puts_default, &g, 0);
    bench_cg_part("get.mynewt", gets_mynewt, &gm, 0);
    bench_cg_part("put.mynewt", puts_mynewt, &gm, 0);
}

static int passed;
static int failed;
static int hook_calls;

static void
expect(bool ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAILED: %s\n", what);
    }
}

static void
counting_hook(struct os_mempool *mp, void *block, const char *what)
{
    (void)mp;
    (void)block;
    (void)what;
    hook_calls++;
}

/*
 * Each linked build is the one its figures claim: a pool of it works, and
 * it refuses a second put of the same block exactly when its double-put
 * check is compiled in, which the default library must have. The debug
 * builds have the corruption hook (they would not link otherwise); the
 * test's own hook counts what they report instead of aborting.
 */
#define BENCH_SELFTEST(name, p, what)                                          \
    {                                                                          \
        static struct bench_pool bp;                                           \
        bool nodp = strcmp(#name, "nodp") == 0;                                \
        void *b;                                                               \
        bench_pool_setup(&bp, 4);                                              \
        init_##name(&bp, 4);                                                   \
        b = p##os_memblock_get(&bp.mp);                                        \
        expect(b == bp.buf, #name ": get hands out block 0 first");            \
        expect(p##os_memblock_put(&bp.mp, b) == OS_OK,                         \
               #name ": put of a held block succeeds");                        \
        expect((p##os_memblock_put(&bp.mp, b) == OS_OK) == nodp,               \
               #name ": a second put is refused unless the check is off");     \
        expect(nodp || p##os_mempool_is_sane(&bp.mp),                          \
               #name ": the pool is sane after it");                           \
    }
#define BENCH_HOOK_ON(name, p, what)                                           \
    p##os_mempool_set_corrupt_hook(counting_hook);
#define BENCH_HOOK_OFF(name, p, what) p##os_mempool_set_corrupt_hook(NULL);

/* The plain pool works, or its rows would price nothing. */
static void
selftest_plain(const char *name, void (*init)(struct bench_pool *, long),
               void *(*get)(struct mynewt_pool *),
               int (*put)(struct mynewt_pool *, void *))
{
    static struct bench_pool bp;
    char what[96];
    void *a;
    void *b;

    if (bp.buf == NULL) {
        bench_pool_setup(&bp, 2);
    }
    init(&bp, 2);
    a = get(&bp.plain);
    b = get(&bp.plain);
    snprintf(what, sizeof(what), "%s: two gets hand out blocks 0 and 1", name);
    expect(a == bp.buf && b == (char *)bp.buf + BLOCK, what);
    snprintf(what, sizeof(what), "%s: a third get finds the pool empty", name);
    expect(get(&bp.plain) == NULL && bp.plain.num_free == 0 &&
               bp.plain.min_free == 0,
           what);
    put(&bp.plain, b);
    snprintf(what, sizeof(what), "%s: the block put last is got first", name);
    expect(get(&bp.plain) == b && bp.plain.num_free == 0, what);
}

static int
selftest(void)
{
    BENCH_DEBUG_LIBS(BENCH_HOOK_ON)
    BENCH_LIBS(BENCH_SELFTEST)
    BENCH_DEBUG_LIBS(BENCH_HOOK_OFF)
    selftest_plain("plain pool, host lock", init_mynewt, mynewt_get,
                   mynewt_put);
    selftest_plain("plain pool, no lock", init_mynewt_st, mynewt_st_get,
                   mynewt_st_put);
    printf("bench-selftest: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}

int
main(int argc, char **argv)
{
    const char *out_dir = NULL;
    const char *instr_path = NULL;
    const char *size_path = NULL;
    const char *prov_path = NULL;
    const char *helpers[4];
    int nhelpers = 0;
    struct report_params params = {
        BLOCK,
        PAIR_BLOCKS,
        BENCH_RUNS,
        BENCH_RUN_NS / 1e6,
        BENCH_CG_PAIRS,
        0,
        0,
        0,
        0,
        (long)(OS_MEMPOOL_BYTES(1, BLOCK) - BLOCK),
    };
    int i;

    bench_threads_params(&params);
    if (argc > 1 && strcmp(argv[1], "callgrind") == 0) {
        callgrind_parts();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "threads") == 0) {
        measure_threads();
        report_print_threads(stdout, &params);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "selftest") == 0) {
        return selftest();
    }
    for (i = 1; i < argc; i++) {
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(argv[i], "--out") == 0 && next != NULL) {
            out_dir = argv[++i];
        } else if (strcmp(argv[i], "--helper") == 0 && next != NULL &&
                   nhelpers < 4) {
            helpers[nhelpers++] = argv[++i];
        } else if (strcmp(argv[i], "--instructions") == 0 && next != NULL) {
            instr_path = argv[++i];
        } else if (strcmp(argv[i], "--size") == 0 && next != NULL) {
            size_path = argv[++i];
        } else if (strcmp(argv[i], "--provenance") == 0 && next != NULL) {
            prov_path = argv[++i];
        } else {
            fprintf(stderr,
                    "usage: bench [--out DIR] [--helper PROGRAM]... "
                    "[--instructions FILE] [--size FILE] "
                    "[--provenance FILE] | callgrind | threads | selftest\n");
            return 2;
        }
    }

    setup_pair_pools();
    measure_pairs();
    for (i = 0; i < nhelpers; i++) {
        measure_helper(helpers[i]);
    }
    measure_put_alone();
    measure_scaling();
    measure_walks();
    measure_threads();
    if (instr_path != NULL) {
        report_read_instructions(instr_path);
    }
    if (size_path != NULL) {
        report_read_size(size_path);
    }
    if (prov_path != NULL) {
        report_read_provenance(prov_path);
    }
    report_print(stdout, &params);
    if (out_dir != NULL && !report_write(out_dir, &params)) {
        return 2;
    }
    return 0;
}
