/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The results of a run and everything written from them (report.h). The
 * tables are Markdown, padded so that they also read in a terminal; the
 * same text goes to stdout and to the fragments the performance page
 * includes, so the page shows exactly what the run printed.
 */

#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * The goals every run reports, met or missed. Issue 9 ("No slower") set
 * the pair's instructions, its time against glibc, the single-threaded
 * port's instructions, the Cortex-M4 text and the size of the pool
 * structure; issue 10 the two-thread figure; the flat get-all-then-put-all
 * and the zero per-block overhead are the project's from its start.
 */
#define GOAL_PAIR_INSTR 62.0
#define GOAL_PAIR_VS_MALLOC 0.55
#define GOAL_SINGLE_INSTR 46.0
#define GOAL_M4_TEXT 760
#define GOAL_SIZEOF_CORTEX_M 40
#define GOAL_SIZEOF_X86_64 64
#define GOAL_SCALE_SPREAD 1.3
/*
 * Two threads on one pool against one thread, counted while both were on a
 * CPU: the figure of the code before issue 10 changed the host lock, which
 * the new lock must at least keep. Measured with `make bench-threads`
 * (tests/bench/threads.c as committed with this goal) on the library of
 * commit 63a6eae (the lock that pauses, retries once, then yields), on
 * 2026-11-30 on an Intel Xeon (2 vCPUs, KVM) with GCC 12.2 -O2: 16
 * invocations, the machine busy (load 20; the benchmark's session given
 * priority with `setsid` and its autogroup at nice -10, so that enough
 * milliseconds counted), 323 ms with both threads on a CPU: 25.6 million
 * pairs/s against 42.2 for one thread, 0.61; single invocations gave 0.55
 * to 0.75, so one run of make bench can miss it by noise alone.
 */
#define GOAL_THREADS2 0.61
#define GOAL_THREADS2_FROM "commit 63a6eae, before the host lock changed"
/* Less time counted than this (ms), and the goal is not judged. */
#define GOAL_THREADS_MIN_MS 30.0

#define MAX_ROWS 64
#define MAX_KV 48

static struct bench_row rows[MAX_ROWS];
static int nrows;

struct kv {
    char key[48];
    char value[160];
};

/* `make size` lines ("text cortex-m4", "sizeof host-x86_64", "func NAME")
 * and provenance.sh lines, in the order read. */
static struct kv sizes[MAX_KV];
static int nsizes;
static struct kv prov[MAX_KV];
static int nprov;

struct bench_row *
report_add(const char *id, enum bench_table table, double ns, const char *fmt,
           ...)
{
    struct bench_row *r;
    va_list ap;

    if (nrows == MAX_ROWS) {
        fprintf(stderr, "bench: more than %d rows\n", MAX_ROWS);
        exit(2);
    }
    r = &rows[nrows++];
    memset(r, 0, sizeof(*r));
    snprintf(r->id, sizeof(r->id), "%s", id);
    r->table = table;
    r->ns = ns;
    r->instr = -1;
    va_start(ap, fmt);
    vsnprintf(r->what, sizeof(r->what), fmt, ap);
    va_end(ap);
    return r;
}

struct bench_row *
report_find(const char *id)
{
    int i;

    for (i = 0; i < nrows; i++) {
        if (strcmp(rows[i].id, id) == 0) {
            return &rows[i];
        }
    }
    return NULL;
}

void
report_read_instructions(const char *path)
{
    char id[64];
    double instr;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(2);
    }
    while (fscanf(f, " %63[^,],%lf", id, &instr) == 2) {
        struct bench_row *r = report_find(id);

        if (r == NULL) {
            fprintf(stderr, "bench: %s counts %s, which no row has\n", path,
                    id);
            exit(2);
        }
        r->instr = instr;
    }
    fclose(f);
}

static void
read_kv(const char *path, struct kv *kv, int *n, const char *sep)
{
    char line[256];
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(2);
    }
    while (fgets(line, sizeof(line), f) != NULL && *n < MAX_KV) {
        size_t k;

        line[strcspn(line, "\n")] = '\0';
        k = strcspn(line, sep);
        if (line[k] == '\0') {
            continue;
        }
        line[k] = '\0';
        /* "text cortex-m4 798": the key is the first two words. */
        if (sep[0] == ' ') {
            size_t k2 = strcspn(line + k + 1, " ");

            if (line[k + 1 + k2] == '\0') {
                continue;
            }
            line[k] = ' ';
            k += 1 + k2;
            line[k] = '\0';
        }
        snprintf(kv[*n].key, sizeof(kv[*n].key), "%.47s", line);
        snprintf(kv[*n].value, sizeof(kv[*n].value), "%.159s", line + k + 1);
        (*n)++;
    }
    fclose(f);
}

void
report_read_size(const char *path)
{
    read_kv(path, sizes, &nsizes, " ");
}

void
report_read_provenance(const char *path)
{
    read_kv(path, prov, &nprov, "\t");
}

static const char *
kv_get(const struct kv *kv, int n, const char *key)
{
    int i;

    for (i = 0; i < n; i++) {
        if (strcmp(kv[i].key, key) == 0) {
            return kv[i].value;
        }
    }
    return NULL;
}

/* A `make size` figure in bytes, or -1. */
static long
size_of(const char *key)
{
    const char *v = kv_get(sizes, nsizes, key);

    return v != NULL ? strtol(v, NULL, 10) : -1;
}

/* ---- Markdown tables ----------------------------------------------------- */

#define MD_COLS 6
#define MD_ROWS 48
#define MD_CELL 192

struct md_table {
    int ncols;
    int nrows;
    char align[MD_COLS]; /* 'l' or 'r' */
    char cell[MD_ROWS + 1][MD_COLS][MD_CELL];
};

/* Characters, not bytes: the tables hold "×" and "≤". */
static int
text_width(const char *s)
{
    int n = 0;

    for (; *s != '\0'; s++) {
        n += ((unsigned char)*s & 0xc0) != 0x80;
    }
    return n;
}

static void
md_init(struct md_table *t, const char *aligns)
{
    memset(t, 0, sizeof(*t));
    t->ncols = (int)strlen(aligns);
    memcpy(t->align, aligns, (size_t)t->ncols);
}

/* Adds a row (the first is the heading) of t->ncols cells. */
static void
md_row(struct md_table *t, ...)
{
    va_list ap;
    int c;

    if (t->nrows > MD_ROWS) {
        fprintf(stderr, "bench: a table has more than %d rows\n", MD_ROWS);
        exit(2);
    }
    va_start(ap, t);
    for (c = 0; c < t->ncols; c++) {
        snprintf(t->cell[t->nrows][c], MD_CELL, "%s", va_arg(ap, const char *));
    }
    va_end(ap);
    t->nrows++;
}

static void
pad(FILE *f, int n)
{
    while (n-- > 0) {
        fputc(' ', f);
    }
}

static void
md_print(FILE *f, const struct md_table *t)
{
    int width[MD_COLS] = {0};
    int r;
    int c;

    for (r = 0; r < t->nrows; r++) {
        for (c = 0; c < t->ncols; c++) {
            int w = text_width(t->cell[r][c]);

            width[c] = w > width[c] ? w : width[c];
        }
    }
    for (r = 0; r < t->nrows; r++) {
        fputc('|', f);
        for (c = 0; c < t->ncols; c++) {
            int gap = width[c] - text_width(t->cell[r][c]);

            fputc(' ', f);
            if (t->align[c] == 'r') {
                pad(f, gap);
            }
            fputs(t->cell[r][c], f);
            if (t->align[c] != 'r') {
                pad(f, gap);
            }
            fputs(" |", f);
        }
        fputc('\n', f);
        if (r == 0) {
            fputc('|', f);
            for (c = 0; c < t->ncols; c++) {
                int w;

                /* As wide as the cells with their two spaces. */
                fputc(t->align[c] == 'r' ? '-' : ':', f);
                for (w = 0; w < width[c]; w++) {
                    fputc('-', f);
                }
                fputs(t->align[c] == 'r' ? ":|" : "-|", f);
            }
            fputc('\n', f);
        }
    }
}

/* ---- cells --------------------------------------------------------------- */

#define NONE "–"

static const char *
fmt(char *buf, const char *format, double v)
{
    if (v < 0) {
        return NONE;
    }
    snprintf(buf, MD_CELL, format, v);
    return buf;
}

static double
ns_of(const char *id)
{
    struct bench_row *r = report_find(id);

    return r != NULL ? r->ns : -1;
}

static double
instr_of(const char *id)
{
    struct bench_row *r = report_find(id);

    return r != NULL ? r->instr : -1;
}

static double
ratio(double a, double b)
{
    return a >= 0 && b > 0 ? a / b : -1;
}

/* The plain pool of the same port: what a row's checks are measured
 * against ("" when the row is not a build of the library). */
static const char *
plain_of(const struct bench_row *r)
{
    if (strcmp(r->id, "pair.single") == 0) {
        return "pair.mynewt_st";
    }
    if (strncmp(r->id, "pair.", 5) == 0 && report_find("pair.mynewt") &&
        (strcmp(r->id, "pair.default") == 0 ||
         strcmp(r->id, "pair.nodp") == 0 || strcmp(r->id, "pair.poison") == 0 ||
         strcmp(r->id, "pair.guard") == 0 ||
         strcmp(r->id, "pair.check") == 0)) {
        return "pair.mynewt";
    }
    return "";
}

/* ---- the tables ---------------------------------------------------------- */

static void
table_pairs(FILE *f, const struct report_params *p)
{
    static struct md_table t;
    double malloc_ns = ns_of("pair.malloc");
    int i;

    fprintf(f,
            "One get and one put of a %d-byte block from a %d-block pool, in a "
            "loop (for the allocators, one malloc and one free of %d bytes): "
            "ns is the median of %d interleaved runs of about %.0f ms, CPU "
            "time of the benchmark's thread; instructions are counted under "
            "callgrind over %ld pairs, net of the loop.\n\n",
            p->block_size, p->pair_blocks, p->block_size, p->runs, p->run_ms,
            p->cg_ops);
    md_init(&t, "lrrrr");
    md_row(&t, "get+put pair", "ns", "× glibc malloc+free",
           "× plain pool, same port", "instructions");
    for (i = 0; i < nrows; i++) {
        const struct bench_row *r = &rows[i];
        char a[MD_CELL];
        char b[MD_CELL];
        char c[MD_CELL];
        char d[MD_CELL];

        if (r->table != TABLE_PAIRS) {
            continue;
        }
        md_row(&t, r->what, fmt(a, "%.2f", r->ns),
               fmt(b, "%.2f", ratio(r->ns, malloc_ns)),
               fmt(c, "%.2f", ratio(r->ns, ns_of(plain_of(r)))),
               fmt(d, "%.1f", r->instr));
    }
    md_print(f, &t);
}

static void
table_scale(FILE *f, const struct report_params *p)
{
    static struct md_table t;
    int i;

    fprintf(f,
            "Get every block of a pool, then put every block back (for "
            "glibc: malloc %d bytes as many times, then free them all); "
            "nanoseconds per operation, one get, one put, one malloc or one "
            "free; median of %d runs.\n\n",
            p->block_size, p->runs);
    md_init(&t, "rrrrr");
    md_row(&t, "blocks", "mempool, default build", "plain pool, same lock",
           "glibc malloc, free", "mempool × glibc");
    for (i = 0; i < nrows; i++) {
        const struct bench_row *r = &rows[i];
        char id[64];
        char a[MD_CELL];
        char b[MD_CELL];
        char c[MD_CELL];
        char d[MD_CELL];
        char n[MD_CELL];
        double m;

        if (r->table != TABLE_SCALE || strncmp(r->id, "scale.pool.", 11)) {
            continue;
        }
        snprintf(id, sizeof(id), "scale.malloc.%ld", r->count);
        m = ns_of(id);
        snprintf(n, sizeof(n), "%ld", r->count);
        snprintf(id, sizeof(id), "scale.mynewt.%ld", r->count);
        md_row(&t, n, fmt(a, "%.2f", r->ns), fmt(b, "%.2f", ns_of(id)),
               fmt(c, "%.2f", m), fmt(d, "%.2f", ratio(r->ns, m)));
    }
    md_print(f, &t);
}

static void
table_ops(FILE *f, const struct report_params *p)
{
    static struct md_table t;
    int i;

    fprintf(f,
            "One kind of operation alone, %d-byte blocks: ns is the median "
            "of %d runs of about %.0f ms; instructions are counted under "
            "callgrind over %ld operations.\n\n",
            p->block_size, p->runs, p->run_ms, p->cg_ops);
    md_init(&t, "lrr");
    md_row(&t, "operation", "ns", "instructions");
    for (i = 0; i < nrows; i++) {
        const struct bench_row *r = &rows[i];
        char a[MD_CELL];
        char b[MD_CELL];

        if (r->table != TABLE_OPS) {
            continue;
        }
        md_row(&t, r->what, fmt(a, "%.2f", r->ns), fmt(b, "%.1f", r->instr));
    }
    md_print(f, &t);
}

static double
threads_rate(int n)
{
    char id[32];
    struct bench_row *r;

    snprintf(id, sizeof(id), "threads.%d", n);
    r = report_find(id);
    return r != NULL && r->ns > 0 ? 1e9 / r->ns : -1;
}

static void
table_threads(FILE *f, const struct report_params *p)
{
    static struct md_table t;
    double one = threads_rate(1);
    int i;

    fprintf(f,
            "Threads doing get+put pairs on one pool (default build, host "
            "port), each pinned to a CPU of its own where there are enough, "
            "in runs of %.0f ms; million pairs per second of all the threads "
            "together, counted only while every thread was on a CPU. Each "
            "thread samples its CPU time every %.0f ms; a millisecond counts "
            "when every thread's CPU time covers %.0f %% of it (with more "
            "threads than CPUs: when their CPU time covers %.0f %% of all the "
            "CPUs). Runs repeat, 1, 2 and 4 threads in turn, until each row "
            "has %.0f ms counted or the rounds run out.\n\n",
            p->thread_run_ms, p->thread_sample_ms, 100 * p->on_cpu_share,
            100 * p->on_cpu_share, p->thread_want_ms);
    md_init(&t, "rrrr");
    md_row(&t, "threads", "million pairs/s", "× 1 thread", "ms counted");
    for (i = 0; i < nrows; i++) {
        const struct bench_row *r = &rows[i];
        char a[MD_CELL];
        char b[MD_CELL];
        char c[MD_CELL];
        char n[MD_CELL];
        double rate = r->ns > 0 ? 1e9 / r->ns : -1;

        if (r->table != TABLE_THREADS) {
            continue;
        }
        snprintf(n, sizeof(n), "%ld", r->count);
        snprintf(c, sizeof(c), "%.0f of %.0f", r->counted_ms, r->sampled_ms);
        md_row(&t, n, fmt(a, "%.1f", rate > 0 ? rate / 1e6 : -1),
               fmt(b, "%.2f", ratio(rate, one)), c);
    }
    md_print(f, &t);
}

static void
table_size(FILE *f)
{
    static struct md_table t;
    char host[64] = "";
    int i;
    int nfunc = 0;

    fprintf(f, "The whole library (every file of src/) as firmware links "
               "it, `-Os -mthumb`, and the pool structure.\n\n");
    md_init(&t, "lr");
    md_row(&t, "target", "bytes");
    for (i = 0; i < nsizes; i++) {
        char what[MD_CELL];

        if (strncmp(sizes[i].key, "text ", 5) == 0) {
            snprintf(what, sizeof(what), "%s text", sizes[i].key + 5);
        } else if (strncmp(sizes[i].key, "sizeof ", 7) == 0) {
            snprintf(what, sizeof(what), "`sizeof(struct os_mempool)`, %s",
                     sizes[i].key + 7);
            snprintf(host, sizeof(host), "%s", sizes[i].key + 7);
        } else {
            continue;
        }
        md_row(&t, what, sizes[i].value);
    }
    md_print(f, &t);
    for (i = 0; i < nsizes; i++) {
        if (strncmp(sizes[i].key, "func ", 5) == 0) {
            fprintf(f, "%s`%s` %s",
                    nfunc++ ? ", " : "\nCortex-M4 text by function: ",
                    sizes[i].key + 5, sizes[i].value);
        }
    }
    if (nfunc > 0) {
        fprintf(f, ".\n");
    }
}

static void
run_info(FILE *f)
{
    static const char *names[][2] = {
        {"command", "Command"},
        {"date", "Date"},
        {"commit", "Commit"},
        {"tree", "Tree"},
        {"cpu", "CPU"},
        {"cores", "Cores"},
        {"load", "Load"},
        {"priority", "Priority"},
        {"kernel", "Kernel"},
        {"compiler", "Compiler"},
        {"cflags", "Flags"},
        {"libc", "C library"},
        {"jemalloc", "jemalloc"},
        {"mimalloc", "mimalloc"},
        {"valgrind", "Instructions counted by"},
        {"arm-gcc", "Cortex-M compiler"},
        {"sources", "Sources (SHA-256 of src/, include/, tests/bench/, "
                    "tests/bench.mk)"},
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = kv_get(prov, nprov, names[i][0]);

        fprintf(f, "- %s: %s\n", names[i][1], v != NULL ? v : "unknown");
    }
}

/* ---- goals --------------------------------------------------------------- */

static void
goal(struct md_table *t, const char *what, const char *measured, bool have,
     bool met)
{
    md_row(t, what, have ? measured : "not measured in this run",
           !have ? NONE
           : met ? "met"
                 : "**missed**");
}

static void
goals(FILE *f, const struct report_params *p)
{
    static struct md_table t;
    char w[MD_CELL];
    char m[MD_CELL];
    double d = ns_of("pair.default");
    double mal = ns_of("pair.malloc");
    double id = instr_of("pair.default");
    double is = instr_of("pair.single");
    long m4 = size_of("text cortex-m4");
    long so_m = size_of("sizeof cortex-m4");
    long so_x = size_of("sizeof host-x86_64");
    double lo = -1;
    double hi = -1;
    long lo_n = 0;
    long hi_n = 0;
    struct bench_row *t1 = report_find("threads.1");
    struct bench_row *t2 = report_find("threads.2");
    bool threads_ok = t1 != NULL && t2 != NULL && t1->ns > 0 && t2->ns > 0 &&
                      t1->counted_ms >= GOAL_THREADS_MIN_MS &&
                      t2->counted_ms >= GOAL_THREADS_MIN_MS;
    int i;

    for (i = 0; i < nrows; i++) {
        if (rows[i].table == TABLE_SCALE &&
            strncmp(rows[i].id, "scale.pool.", 11) == 0 && rows[i].ns > 0) {
            if (lo < 0 || rows[i].ns < lo) {
                lo = rows[i].ns;
                lo_n = rows[i].count;
            }
            if (rows[i].ns > hi) {
                hi = rows[i].ns;
                hi_n = rows[i].count;
            }
        }
    }
    md_init(&t, "lll");
    md_row(&t, "goal", "this run", "");

    snprintf(w, sizeof(w), "default get+put pair: at most %.0f instructions",
             GOAL_PAIR_INSTR);
    snprintf(m, sizeof(m), "%.1f", id);
    goal(&t, w, m, id >= 0, id <= GOAL_PAIR_INSTR);

    snprintf(w, sizeof(w),
             "default get+put pair: at most %.2f × glibc malloc+free time",
             GOAL_PAIR_VS_MALLOC);
    snprintf(m, sizeof(m), "%.2f / %.2f ns = %.2f ×", d, mal, ratio(d, mal));
    goal(&t, w, m, d > 0 && mal > 0, ratio(d, mal) <= GOAL_PAIR_VS_MALLOC);

    snprintf(w, sizeof(w),
             "single-threaded port's pair: at most %.0f instructions",
             GOAL_SINGLE_INSTR);
    snprintf(m, sizeof(m), "%.1f", is);
    goal(&t, w, m, is >= 0, is <= GOAL_SINGLE_INSTR);

    snprintf(w, sizeof(w),
             "Cortex-M4 `-Os` text of the whole library: at most %d bytes",
             GOAL_M4_TEXT);
    snprintf(m, sizeof(m), "%ld", m4);
    goal(&t, w, m, m4 >= 0, m4 <= GOAL_M4_TEXT);

    snprintf(w, sizeof(w),
             "`sizeof(struct os_mempool)` on Cortex-M: at most %d bytes",
             GOAL_SIZEOF_CORTEX_M);
    snprintf(m, sizeof(m), "%ld", so_m);
    goal(&t, w, m, so_m >= 0, so_m <= GOAL_SIZEOF_CORTEX_M);

    snprintf(w, sizeof(w),
             "`sizeof(struct os_mempool)` on x86-64: at most %d bytes",
             GOAL_SIZEOF_X86_64);
    snprintf(m, sizeof(m), "%ld", so_x);
    goal(&t, w, m, so_x >= 0, so_x <= GOAL_SIZEOF_X86_64);

    snprintf(w, sizeof(w),
             "2 threads on one pool: at least %.2f × 1 thread's throughput "
             "(%s), while both had a CPU",
             GOAL_THREADS2, GOAL_THREADS2_FROM);
    if (threads_ok) {
        snprintf(m, sizeof(m), "%.1f / %.1f M pairs/s = %.2f ×", 1e3 / t2->ns,
                 1e3 / t1->ns, t1->ns / t2->ns);
    }
    goal(&t, w, m, threads_ok, threads_ok && t1->ns / t2->ns >= GOAL_THREADS2);

    snprintf(w, sizeof(w),
             "get all, then put all, per operation: largest / smallest over "
             "the pool sizes at most %.1f",
             GOAL_SCALE_SPREAD);
    snprintf(m, sizeof(m), "%.2f (%ld blocks) / %.2f (%ld blocks) = %.2f", hi,
             hi_n, lo, lo_n, ratio(hi, lo));
    goal(&t, w, m, lo > 0, ratio(hi, lo) <= GOAL_SCALE_SPREAD);

    snprintf(w, sizeof(w), "bytes added to each block: 0");
    snprintf(m, sizeof(m), "%ld", p->block_overhead);
    goal(&t, w, m, true, p->block_overhead == 0);
    md_print(f, &t);
}

/* ---- output -------------------------------------------------------------- */

void
report_print(FILE *f, const struct report_params *p)
{
    fprintf(f, "\n## get+put pairs\n\n");
    table_pairs(f, p);
    fprintf(f, "\n## get all, then put all\n\n");
    table_scale(f, p);
    fprintf(f, "\n## single operations\n\n");
    table_ops(f, p);
    fprintf(f, "\n## threads\n\n");
    table_threads(f, p);
    fprintf(f, "\n## size\n\n");
    table_size(f);
    fprintf(f, "\n## goals\n\n");
    goals(f, p);
    fprintf(f, "\n## run\n\n");
    run_info(f);
}

void
report_print_threads(FILE *f, const struct report_params *p)
{
    fprintf(f, "\n## threads\n\n");
    table_threads(f, p);
    fprintf(f, "\n## goals\n\n");
    goals(f, p);
}

static FILE *
open_in(const char *dir, const char *name)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "bench: cannot write %s\n", path);
    }
    return f;
}

static void
write_csv(FILE *f)
{
    int i;

    fprintf(f, "id,figure,value,unit\n");
    for (i = 0; i < nrows; i++) {
        if (rows[i].ns >= 0) {
            fprintf(f, "%s,\"%s\",%.3f,ns\n", rows[i].id, rows[i].what,
                    rows[i].ns);
        }
        if (rows[i].instr >= 0) {
            fprintf(f, "%s,\"%s\",%.1f,instructions\n", rows[i].id,
                    rows[i].what, rows[i].instr);
        }
    }
    for (i = 0; i < nsizes; i++) {
        fprintf(f, "size.%s,\"%s\",%s,bytes\n", sizes[i].key, sizes[i].key,
                sizes[i].value);
    }
}

/* What tests/bench/plot.gp draws: the pairs (index, label, ns) and the
 * get-all-then-put-all series (blocks, mempool, plain pool, glibc). */
static void
write_plot_data(FILE *pairs, FILE *scale)
{
    int i;
    int n = 0;

    for (i = 0; i < nrows; i++) {
        if (rows[i].table == TABLE_PAIRS && rows[i].ns >= 0) {
            fprintf(pairs, "%d\t%s\t%.3f\n", n++, rows[i].what, rows[i].ns);
        }
        if (rows[i].table == TABLE_SCALE &&
            strncmp(rows[i].id, "scale.pool.", 11) == 0) {
            char id[64];
            double pl;
            double m;

            snprintf(id, sizeof(id), "scale.mynewt.%ld", rows[i].count);
            pl = ns_of(id);
            snprintf(id, sizeof(id), "scale.malloc.%ld", rows[i].count);
            m = ns_of(id);
            fprintf(scale, "%ld\t%.3f\t%.3f\t%.3f\n", rows[i].count, rows[i].ns,
                    pl, m);
        }
    }
}

bool
report_write(const char *dir, const struct report_params *p)
{
    static const struct {
        const char *name;
        int part;
    } parts[] = {{"pairs.txt", 0},   {"scale.txt", 1}, {"ops.txt", 2},
                 {"threads.txt", 3}, {"size.txt", 4},  {"goals.txt", 5},
                 {"run.txt", 6}};
    FILE *f;
    FILE *g;
    size_t i;

    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if ((f = open_in(dir, parts[i].name)) == NULL) {
            return false;
        }
        switch (parts[i].part) {
        case 0:
            table_pairs(f, p);
            break;
        case 1:
            table_scale(f, p);
            break;
        case 2:
            table_ops(f, p);
            break;
        case 3:
            table_threads(f, p);
            break;
        case 4:
            table_size(f);
            break;
        case 5:
            goals(f, p);
            break;
        default:
            run_info(f);
            break;
        }
        fclose(f);
    }
    if ((f = open_in(dir, "bench.csv")) == NULL) {
        return false;
    }
    write_csv(f);
    fclose(f);
    f = open_in(dir, "pairs.dat");
    g = open_in(dir, "scale.dat");
    if (f == NULL || g == NULL) {
        return false;
    }
    write_plot_data(f, g);
    fclose(f);
    fclose(g);
    return true;
}
