/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The benchmark's results and what is written from them: the tables
 * (Markdown, printed and written as the fragments that
 * docs/site/performance.md includes), the goals met or missed, a CSV of
 * every figure and the data tests/bench/plot.gp draws.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdbool.h>
#include <stdio.h>

/* The table a row belongs to. */
enum bench_table {
    /* One get and one put (or malloc and free), called in a loop. */
    TABLE_PAIRS,
    /* Get all, then put all: per operation, against malloc the same way. */
    TABLE_SCALE,
    /* One kind of operation alone: a put, a lock, a block of init... */
    TABLE_OPS,
    /* Threads sharing one pool. */
    TABLE_THREADS
};

struct bench_row {
    char id[40];
    enum bench_table table;
    /* What the row measures, as the table shows it. */
    char what[112];
    /* Nanoseconds per operation; < 0: not timed. */
    double ns;
    /* Instructions per operation (make bench, under callgrind); < 0: not
     * counted. */
    double instr;
    /* Scale rows: blocks in the pool. Thread rows: threads. */
    long count;
    /* Thread rows: the milliseconds in which every thread had a CPU, and
     * the milliseconds sampled. */
    double counted_ms;
    double sampled_ms;
};

/* Adds a row; WHAT is printf-formatted. */
struct bench_row *report_add(const char *id, enum bench_table table, double ns,
                             const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The row of ID, or NULL. */
struct bench_row *report_find(const char *id);

/* Reads the "ID,INSTRUCTIONS" lines of tests/bench/callgrind.awk. */
void report_read_instructions(const char *path);

/* Reads the "KIND KEY VALUE" lines of `make size` (text and sizeof). */
void report_read_size(const char *path);

/* Reads the "key<TAB>value" lines of tests/bench/provenance.sh. */
void report_read_provenance(const char *path);

/* Parameters of the run, for the tables' captions. */
struct report_params {
    int block_size;
    int pair_blocks;
    int runs;
    /* Length of one timed run, in ms, and operations counted under
     * callgrind per figure. */
    double run_ms;
    long cg_ops;
    double thread_run_ms;
    double thread_sample_ms;
    double thread_want_ms;
    double on_cpu_share;
    /* Bytes a pool adds to each block (OS_MEMPOOL_BYTES(1, b) - b). */
    long block_overhead;
};

/* Prints every table and the goals to F. */
void report_print(FILE *f, const struct report_params *p);

/* Prints the threads table and the goals (bench threads). */
void report_print_threads(FILE *f, const struct report_params *p);

/*
 * Writes into DIR the Markdown fragments (run.txt, pairs.txt, scale.txt,
 * ops.txt, threads.txt, size.txt, goals.txt), bench.csv, and the plot's
 * data (pairs.dat, scale.dat). Returns false when a file cannot be written.
 */
bool report_write(const char *dir, const struct report_params *p);

#endif /* BENCH_REPORT_H */
