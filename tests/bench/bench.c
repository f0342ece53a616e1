/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The memory pool benchmark: what a get+put pair costs against malloc and
 * against the bare free list, whether the cost stays flat as pools grow,
 * what each debug option and the double-put check cost, and how one pool
 * behaves under several threads. A benchmark, never a test: it reports,
 * it does not fail on a slow machine.
 *
 * The library is linked several times over: the default build
 * (build/libmempool.a) under its own names, and one build per variant
 * (single-threaded port, debug options, no double-put check) whose symbols
 * tests/bench.mk renamed with a prefix, so every figure comes from one run
 * of one process.
 *
 *   bench [--csv FILE] [--plot FILE] [--helper PROGRAM]...
 *         [--instructions FILE]
 *   bench callgrind     the callgrind parts (see tests/bench.mk)
 *   bench selftest      checks that each linked variant is the build it
 *                       claims to be; prints "bench-selftest: N passed..."
 */

#include "bench.h"

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <unistd.h>

#include "os/os_mempool.h"

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
#define STRIDE_MAX (BLOCK + 8)
/* Length of one timed run of the thread figures, and their repetitions. */
#define THREAD_RUN_NS 60000000.0
#define THREAD_RUNS 7

/*
 * The builds of the library linked in: field 1 names it in the tables,
 * field 2 is the prefix tests/bench.mk gave its symbols.
 */
#define BENCH_LIBS(X)                                                          \
    X(default, )                                                               \
    X(single, st_)                                                             \
    X(nodp, nodp_)                                                             \
    X(poison, poison_)                                                         \
    X(guard, guard_)                                                           \
    X(check, check_)

#define BENCH_DECLARE(name, p)                                                 \
    os_error_t p##os_mempool_init(struct os_mempool *mp, int blocks,           \
                                  int block_size, void *membuf, char *n);      \
    void *p##os_memblock_get(struct os_mempool *mp);                           \
    os_error_t p##os_memblock_put(struct os_mempool *mp, void *block);         \
    bool p##os_mempool_is_sane(const struct os_mempool *mp);
BENCH_LIBS(BENCH_DECLARE)

/* A pool and its buffer, as each loop below takes it. */
struct bench_pool {
    struct os_mempool mp;
    void *buf;
    void **slots;
    long blocks;
};

/*
 * Per build: the pair loop (get, escape, put: what a user's code does), a
 * get-all-then-put-all round, the put phase alone, and the callgrind parts
 * of get and put alone. Direct calls, as a user's code makes them.
 */
#define BENCH_DEFINE(name, p)                                                  \
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
    static __attribute__((unused)) void init_##name(struct bench_pool *bp,     \
                                                    long blocks)               \
    {                                                                          \
        bp->blocks = blocks;                                                   \
        if (p##os_mempool_init(&bp->mp, (int)blocks, BLOCK, bp->buf, #name) != \
            OS_OK) {                                                           \
            fprintf(stderr, "bench: init of %s failed\n", #name);              \
            exit(2);                                                           \
        }                                                                      \
    }
BENCH_LIBS(BENCH_DEFINE)

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

/* ---- the floor: the same list, written inline --------------------------- */

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

/* ---- what two calls cost alone ------------------------------------------ */

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

/* ---- what the host port's lock costs alone ---------------------------- */

/* Take and release a lock byte as the host port does when nobody else
 * wants it: an atomic exchange and a release store. A get+put pair does it
 * twice; it is what separates the default build from the single-threaded
 * port. */
static __attribute__((noinline)) void
lock_loop(void *arg, long n)
{
    uint8_t *lock = arg;
    long i;

    for (i = 0; i < n; i++) {
        if (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) {
            abort(); /* nobody else takes it */
        }
        __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
    }
}

/* ---- glibc ----------------------------------------------------------------
 */

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

/* ---- results --------------------------------------------------------------
 */

#define MAX_ROWS 64

struct row {
    const char *id;
    char what[96];
    double ns;
    /* Whether the row prices one get+put (so the ratios mean something). */
    bool pair;
    double instr; /* < 0: not counted */
};

static struct row rows[MAX_ROWS];
static int nrows;

static struct row *add_row(const char *id, bool pair, double ns,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static struct row *
add_row(const char *id, bool pair, double ns, const char *fmt, ...)
{
    struct row *r = &rows[nrows++];
    va_list ap;

    r->id = id;
    r->pair = pair;
    r->ns = ns;
    r->instr = -1;
    va_start(ap, fmt);
    vsnprintf(r->what, sizeof(r->what), fmt, ap);
    va_end(ap);
    return r;
}

static struct row *
find_row(const char *id)
{
    int i;

    for (i = 0; i < nrows; i++) {
        if (strcmp(rows[i].id, id) == 0) {
            return &rows[i];
        }
    }
    return NULL;
}

/* ---- the pair figures, interleaved --------------------------------------- */

struct pair_case {
    const char *id;
    const char *what;
    bench_loop_fn *fn;
    void *arg;
    long n;
    double v[BENCH_RUNS];
};

static struct bench_pool pair_pools[6];
static struct floor_list floor_list;

/*
 * Every case runs once per round, rounds repeat BENCH_RUNS times and each
 * case keeps its median: load from the rest of the machine then falls on
 * all cases alike instead of on whichever ran during it.
 */
static void
run_pair_cases(struct pair_case *pc, int n)
{
    int i;
    int r;

    for (i = 0; i < n; i++) {
        pc[i].n = bench_calibrate(pc[i].fn, pc[i].arg);
    }
    for (r = 0; r < BENCH_RUNS; r++) {
        for (i = 0; i < n; i++) {
            pc[i].v[r] = bench_time_once(pc[i].fn, pc[i].arg, pc[i].n);
        }
    }
    for (i = 0; i < n; i++) {
        add_row(pc[i].id, true, bench_median(pc[i].v, BENCH_RUNS), "%s",
                pc[i].what);
    }
}

static void
measure_pairs(void)
{
    struct pair_case pc[] = {
        {"pair.default",
         "get+put, default build (host port, spinlock)",
         pairs_default,
         &pair_pools[0],
         0,
         {0}},
        {"pair.single",
         "get+put, single-threaded port",
         pairs_single,
         &pair_pools[1],
         0,
         {0}},
        {"pair.floor",
         "floor: inline pop+push, no call/lock/check",
         pairs_floor,
         &floor_list,
         0,
         {0}},
        {"pair.malloc", "glibc malloc+free", pairs_malloc, NULL, 0, {0}},
        {"pair.nodp",
         "get+put, default build without double-put check",
         pairs_nodp,
         &pair_pools[2],
         0,
         {0}},
        {"pair.poison",
         "get+put, OS_MEMPOOL_POISON",
         pairs_poison,
         &pair_pools[3],
         0,
         {0}},
        {"pair.guard",
         "get+put, OS_MEMPOOL_GUARD",
         pairs_guard,
         &pair_pools[4],
         0,
         {0}},
        {"pair.check",
         "get+put, OS_MEMPOOL_CHECK (64-block pool)",
         pairs_check,
         &pair_pools[5],
         0,
         {0}},
    };

    run_pair_cases(pc, (int)(sizeof(pc) / sizeof(pc[0])));
}

static void
setup_pair_pools(void)
{
    int i;

    for (i = 0; i < 6; i++) {
        bench_pool_setup(&pair_pools[i], PAIR_BLOCKS);
    }
    init_default(&pair_pools[0], PAIR_BLOCKS);
    init_single(&pair_pools[1], PAIR_BLOCKS);
    init_nodp(&pair_pools[2], PAIR_BLOCKS);
    init_poison(&pair_pools[3], PAIR_BLOCKS);
    init_guard(&pair_pools[4], PAIR_BLOCKS);
    init_check(&pair_pools[5], PAIR_BLOCKS);
    floor_setup(&floor_list);
}

/* ---- other allocators, each in its own program ------------------------- */

static void
measure_helper(const char *path)
{
    char line[128];
    char name[32];
    double ns;
    FILE *f = popen(path, "r");

    if (f == NULL) {
        return;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (sscanf(line, "%31s %lf", name, &ns) == 2) {
            char *id = malloc(strlen(name) + 6);

            sprintf(id, "pair.%s", name);
            add_row(id, true, ns, "%s %s", name,
                    strcmp(name, "jemalloc") == 0 ? "mallocx+dallocx"
                                                  : "mi_malloc+mi_free");
        }
    }
    pclose(f);
}

/* ---- get-all-then-put-all ------------------------------------------------ */

static __attribute__((noinline)) void
getall_putall(void *arg, long n)
{
    struct bench_pool *bp = arg;
    long r;

    for (r = 0; r < n; r++) {
        gets_default(bp, bp->blocks);
        puts_default(bp, bp->blocks);
    }
}

static struct bench_pool scale_pool;

static void
measure_scaling(void)
{
    static const long sizes[] = {16, 256, 4096, 65536, SCALE_MAX};
    static const char *ids[] = {"scale.16", "scale.256", "scale.4096",
                                "scale.65536", "scale.1048576"};
    size_t i;

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        double ns;

        init_default(&scale_pool, sizes[i]);
        getall_putall(&scale_pool, 1); /* first touch after init */
        ns = bench_time(getall_putall, &scale_pool) / (double)sizes[i];
        add_row(ids[i], true, ns, "get-all-then-put-all, %ld blocks", sizes[i]);
    }
}

/* ---- one put alone, with and without the double-put check -------------- */

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
    static struct bench_pool nodp;
    struct put_arg a = {&def, gets_default, puts_default, {0}};
    struct put_arg b = {&nodp, gets_nodp, puts_nodp, {0}};
    double clock_ns = clock_cost();
    int r;

    bench_pool_setup(&def, PUT_BLOCKS);
    bench_pool_setup(&nodp, PUT_BLOCKS);
    init_default(&def, PUT_BLOCKS);
    init_nodp(&nodp, PUT_BLOCKS);
    /* Interleaved, like the pairs. */
    for (r = 0; r < BENCH_RUNS; r++) {
        a.v[r] = time_puts_once(&a, clock_ns);
        b.v[r] = time_puts_once(&b, clock_ns);
    }
    add_row("put.default", false, bench_median(a.v, BENCH_RUNS),
            "put alone, default build");
    add_row("put.nodp", false, bench_median(b.v, BENCH_RUNS),
            "put alone, without double-put check");
    /* Counted by callgrind only: a get alone is not timed. */
    add_row("get.default", false, -1, "get alone, default build");
    add_row("get.nodp", false, -1, "get alone, without double-put check");
}

/* ---- init and is_sane ------------------------------------------------------
 */

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
    static uint8_t lock;

    add_row("calls", false, bench_time(calls_loop, &lock),
            "two calls to empty functions, as a pair makes");
    add_row("lock", false, bench_time(lock_loop, &lock),
            "host lock taken and released, uncontended");
    bench_pool_setup(&walk_pool, WALK_BLOCKS);
    init_default(&walk_pool, WALK_BLOCKS);
    add_row("init", false, bench_time(init_loop, &walk_pool) / WALK_BLOCKS,
            "os_mempool_init, per block (%d blocks)", WALK_BLOCKS);
    add_row("is_sane", false, bench_time(sane_loop, &walk_pool) / WALK_BLOCKS,
            "os_mempool_is_sane, per free block (%d free)", WALK_BLOCKS);
}

/* ---- threads on one pool ------------------------------------------------- */

struct thread_arg {
    struct os_mempool *mp;
    int cpu;
    volatile int *go;
    volatile int *stop;
    long pairs;
    bool pinned;
};

static void *
thread_main(void *p)
{
    struct thread_arg *ta = p;
    cpu_set_t set;
    long pairs = 0;

    CPU_ZERO(&set);
    CPU_SET(ta->cpu, &set);
    /* Pinned where the system allows, so two threads do share the pool
     * from two cores instead of taking turns on one. */
    ta->pinned = pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
    while (!__atomic_load_n(ta->go, __ATOMIC_ACQUIRE)) {
        sched_yield();
    }
    while (!__atomic_load_n(ta->stop, __ATOMIC_RELAXED)) {
        int i;

        for (i = 0; i < 256; i++) {
            void *b = os_memblock_get(ta->mp);

            BENCH_ESCAPE(b);
            os_memblock_put(ta->mp, b);
        }
        pairs += 256;
    }
    ta->pairs = pairs;
    return NULL;
}

/* Pairs per second of nthreads threads hammering one pool. */
static double
thread_run(struct os_mempool *mp, int nthreads, const int *cpus, bool *pinned)
{
    pthread_t th[4];
    struct thread_arg ta[4];
    volatile int go = 0;
    volatile int stop = 0;
    double t0;
    double t1;
    long total = 0;
    int i;

    for (i = 0; i < nthreads; i++) {
        ta[i] = (struct thread_arg){mp, cpus[i], &go, &stop, 0, false};
        pthread_create(&th[i], NULL, thread_main, &ta[i]);
    }
    usleep(1000);
    t0 = bench_wall();
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    while (bench_wall() - t0 < THREAD_RUN_NS) {
        usleep(1000);
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    t1 = bench_wall();
    for (i = 0; i < nthreads; i++) {
        pthread_join(th[i], NULL);
        total += ta[i].pairs;
        *pinned = *pinned && ta[i].pinned;
    }
    /* The pairs done after stop was set are few against the run. */
    return (double)total / ((t1 - t0) * 1e-9);
}

static void
measure_threads(void)
{
    static struct bench_pool tp;
#define NCOUNTS 3
    static const int counts[NCOUNTS] = {1, 2, 4};
    double v[NCOUNTS][THREAD_RUNS];
    bool pinned = true;
    int r;
    static const char *ids[] = {"threads.1", "threads.2", "threads.4"};
    int cpus[4];
    int ncpu = 0;
    cpu_set_t set;
    size_t k;
    int c;

    sched_getaffinity(0, sizeof(set), &set);
    for (c = 0; c < CPU_SETSIZE && ncpu < 4; c++) {
        if (CPU_ISSET(c, &set)) {
            cpus[ncpu++] = c;
        }
    }
    for (c = ncpu; c < 4; c++) {
        cpus[c] = cpus[c % ncpu];
    }
    bench_pool_setup(&tp, PAIR_BLOCKS);
    init_default(&tp, PAIR_BLOCKS);
    /* Interleaved like the pairs: load from the rest of the machine then
     * falls on 1, 2 and 4 threads alike, and their ratio holds. */
    for (r = 0; r < THREAD_RUNS; r++) {
        for (k = 0; k < NCOUNTS; k++) {
            v[k][r] = thread_run(&tp.mp, counts[k], cpus, &pinned);
        }
    }
    for (k = 0; k < NCOUNTS; k++) {
        double rate = bench_median(v[k], THREAD_RUNS);

        add_row(ids[k], true, 1e9 / rate,
                "%d thread%s on one pool: %.1f M pairs/s%s", counts[k],
                counts[k] > 1 ? "s" : "", rate / 1e6,
                pinned ? "" : " (unpinned)");
    }
    if (!os_mempool_is_sane(&tp.mp) || tp.mp.mp_num_free != PAIR_BLOCKS) {
        fprintf(stderr, "bench: the threaded pool is damaged\n");
        exit(2);
    }
}

/* ---- instructions from make bench-callgrind --------------------------- */

static void
read_instructions(const char *path)
{
    char id[64];
    double instr;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        return;
    }
    while (fscanf(f, " %63[^,],%lf", id, &instr) == 2) {
        struct row *r = find_row(id);

        if (r == NULL) {
            r = add_row(strdup(id), false, -1, "%s", id);
        }
        r->instr = instr;
    }
    fclose(f);
}

/* ---- output ---------------------------------------------------------------
 */

/* What tests/bench/plot.gp draws: the rows that price a get+put, in order,
 * tab-separated (the labels hold commas). */
static void
write_plot_data(FILE *f)
{
    int i;
    int n = 0;

    for (i = 0; i < nrows; i++) {
        if (rows[i].pair && rows[i].ns >= 0) {
            fprintf(f, "%d\t%s\t%.3f\n", n++, rows[i].what, rows[i].ns);
        }
    }
}

static void
print_table(FILE *csv)
{
    struct row *m = find_row("pair.malloc");
    struct row *fl = find_row("pair.floor");
    int i;

    printf("%-52s %9s %9s %9s %9s\n", "figure (64-byte blocks)", "ns/op",
           "x malloc", "x floor", "instr/op");
    if (csv != NULL) {
        fprintf(csv, "id,figure,ns_per_op,ratio_malloc,ratio_floor,"
                     "instructions_per_op\n");
    }
    for (i = 0; i < nrows; i++) {
        struct row *r = &rows[i];
        char ns[16] = "-";
        char rm[16] = "-";
        char rf[16] = "-";
        char in[16] = "-";

        if (r->ns >= 0) {
            snprintf(ns, sizeof(ns), "%.2f", r->ns);
        }
        if (r->pair && r->ns >= 0 && m != NULL) {
            snprintf(rm, sizeof(rm), "%.2f", r->ns / m->ns);
        }
        if (r->pair && r->ns >= 0 && fl != NULL) {
            snprintf(rf, sizeof(rf), "%.2f", r->ns / fl->ns);
        }
        if (r->instr >= 0) {
            snprintf(in, sizeof(in), "%.1f", r->instr);
        }
        printf("%-52s %9s %9s %9s %9s\n", r->what, ns, rm, rf, in);
        if (csv != NULL) {
            fprintf(csv, "%s,\"%s\",%s,%s,%s,%s\n", r->id, r->what,
                    strcmp(ns, "-") ? ns : "", strcmp(rm, "-") ? rm : "",
                    strcmp(rf, "-") ? rf : "", strcmp(in, "-") ? in : "");
        }
    }
}

static void
goal(const char *what, bool have, double value, const char *unit, double limit,
     bool at_most)
{
    if (!have) {
        printf("  %-50s %s\n", what, "not measured in this run");
        return;
    }
    printf("  %-50s %8.2f%s (%s %.2f%s)  %s\n", what, value, unit,
           at_most ? "goal <=" : "goal >=", limit, unit,
           (at_most ? value <= limit : value >= limit) ? "met" : "MISSED");
}

static double
ns_of(const char *id)
{
    struct row *r = find_row(id);

    return r != NULL ? r->ns : -1;
}

static double
instr_of(const char *id)
{
    struct row *r = find_row(id);

    return r != NULL ? r->instr : -1;
}

static void
print_goals(void)
{
    double lo = 1e300;
    double hi = 0;
    const char *scale[] = {"scale.16", "scale.256", "scale.4096", "scale.65536",
                           "scale.1048576"};
    double d = ns_of("pair.default");
    double m = ns_of("pair.malloc");
    double s = ns_of("pair.single");
    double f = ns_of("pair.floor");
    double dn = ns_of("pair.nodp");
    double pd = ns_of("put.default");
    double id = instr_of("pair.default");
    double im = instr_of("pair.malloc");
    double is = instr_of("pair.single");
    double idn = instr_of("pair.nodp");
    double ipd = instr_of("put.default");
    double t1 = ns_of("threads.1");
    double t2 = ns_of("threads.2");
    size_t i;

    for (i = 0; i < sizeof(scale) / sizeof(scale[0]); i++) {
        double v = ns_of(scale[i]);

        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    printf("\nGoals (ratios within this run):\n");
    goal("default pair, time / glibc malloc+free", d > 0 && m > 0, d / m, "x",
         0.75, true);
    goal("default pair, instructions / glibc malloc+free", id > 0 && im > 0,
         id / im, "x", 0.50, true);
    goal("single-threaded pair, instructions", is > 0, is, "", 38, true);
    goal("single-threaded pair, time / floor", s > 0 && f > 0, s / f, "x", 1.5,
         true);
    goal("get-all-then-put-all 16..1M, max / min per op", hi > 0, hi / lo, "x",
         1.3, true);
    goal("double-put check, time / put", dn > 0 && pd > 0, 100 * (d - dn) / pd,
         "%", 15, true);
    goal("double-put check, instructions / put", idn > 0 && ipd > 0,
         100 * (id - idn) / ipd, "%", 15, true);
    goal("2 threads on one pool / 1 thread, throughput", t1 > 0 && t2 > 0,
         t1 / t2, "x", 0.5, false);
    printf("  %-50s %8d bytes (goal 0)  met\n", "per-block overhead",
           (int)(OS_MEMPOOL_BYTES(1, BLOCK) - BLOCK));
}

/* ---- callgrind and selftest modes ---------------------------------------- */

static void
callgrind_parts(void)
{
    static struct bench_pool g;
    static struct bench_pool gn;

    setup_pair_pools();
    bench_cg_empty();
    bench_cg_part("pair.default", pairs_default, &pair_pools[0], 1000);
    bench_cg_part("pair.single", pairs_single, &pair_pools[1], 1000);
    bench_cg_part("pair.nodp", pairs_nodp, &pair_pools[2], 1000);
    bench_cg_part("pair.poison", pairs_poison, &pair_pools[3], 1000);
    bench_cg_part("pair.guard", pairs_guard, &pair_pools[4], 1000);
    bench_cg_part("pair.check", pairs_check, &pair_pools[5], 1000);
    bench_cg_part("pair.floor", pairs_floor, &floor_list, 1000);
    bench_cg_part("pair.malloc", pairs_malloc, NULL, 1000);

    /* Gets and puts alone: a pool as big as the part, emptied then filled
     * (no warming, which would hand the same slots out twice). */
    bench_pool_setup(&g, BENCH_CG_PAIRS);
    bench_pool_setup(&gn, BENCH_CG_PAIRS);
    init_default(&g, BENCH_CG_PAIRS);
    init_nodp(&gn, BENCH_CG_PAIRS);
    bench_cg_part("get.default", gets_default, &g, 0);
    bench_cg_part("put.default", puts_default, &g, 0);
    bench_cg_part("get.nodp", gets_nodp, &gn, 0);
    bench_cg_part("put.nodp", puts_nodp, &gn, 0);
}

static int passed;
static int failed;

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

/*
 * Each linked build is the one its figures claim: a pool of it works, and
 * it refuses a second put of the same block exactly when its double-put
 * check is compiled in, which the default library must have.
 */
#define BENCH_SELFTEST(name, p)                                                \
    {                                                                          \
        static struct bench_pool bp;                                           \
        void *b;                                                               \
        bench_pool_setup(&bp, 4);                                              \
        init_##name(&bp, 4);                                                   \
        b = p##os_memblock_get(&bp.mp);                                        \
        expect(b == bp.buf, #name ": get hands out block 0 first");            \
        expect(p##os_memblock_put(&bp.mp, b) == OS_OK,                         \
               #name ": put of a held block succeeds");                        \
        expect((p##os_memblock_put(&bp.mp, b) == OS_OK) ==                     \
                   (strcmp(#name, "nodp") == 0),                               \
               #name ": a second put is refused unless the check is off");     \
        expect(strcmp(#name, "nodp") == 0 || p##os_mempool_is_sane(&bp.mp),    \
               #name ": the pool is sane after it");                           \
    }

static int
selftest(void)
{
    BENCH_LIBS(BENCH_SELFTEST)
    printf("bench-selftest: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}

int
main(int argc, char **argv)
{
    const char *csv_path = NULL;
    const char *instr_path = NULL;
    const char *plot_path = NULL;
    const char *helpers[4];
    int nhelpers = 0;
    FILE *csv = NULL;
    int i;

    if (argc > 1 && strcmp(argv[1], "callgrind") == 0) {
        callgrind_parts();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "selftest") == 0) {
        return selftest();
    }
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc) {
            csv_path = argv[++i];
        } else if (strcmp(argv[i], "--helper") == 0 && i + 1 < argc &&
                   nhelpers < 4) {
            helpers[nhelpers++] = argv[++i];
        } else if (strcmp(argv[i], "--instructions") == 0 && i + 1 < argc) {
            instr_path = argv[++i];
        } else if (strcmp(argv[i], "--plot") == 0 && i + 1 < argc) {
            plot_path = argv[++i];
        } else {
            fprintf(stderr, "usage: bench [--csv FILE] [--plot FILE] "
                            "[--helper PROGRAM]... "
                            "[--instructions FILE] | callgrind | selftest\n");
            return 2;
        }
    }

    setup_pair_pools();
    bench_pool_setup(&scale_pool, SCALE_MAX);
    measure_pairs();
    for (i = 0; i < nhelpers; i++) {
        measure_helper(helpers[i]);
    }
    measure_put_alone();
    measure_scaling();
    measure_walks();
    measure_threads();
    if (instr_path != NULL) {
        read_instructions(instr_path);
    }

    if (csv_path != NULL && (csv = fopen(csv_path, "w")) == NULL) {
        fprintf(stderr, "bench: cannot write %s\n", csv_path);
    }
    print_table(csv);
    if (csv != NULL) {
        fclose(csv);
    }
    if (plot_path != NULL && (csv = fopen(plot_path, "w")) != NULL) {
        write_plot_data(csv);
        fclose(csv);
    }
    print_goals();
    return 0;
}
