/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What a host lock's uncontended take and release cost on this machine, in
 * the shape of a get+put pair: lock, pop the free list's head, unlock, lock,
 * push it back, unlock. One loop per way of writing the lock, in one
 * process, timed in turn (CPU time of this thread, median of 11 runs) so
 * that load from the rest of the machine falls on all of them alike. It is
 * what src/os_port.c's choice of release rests on; `make port-lock-cost`
 * prints it. A benchmark, not a test: it fails on nothing.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RUNS 11
#define RUN_NS 20000000.0

/* The pool's fields that a pair touches, on one cache line as in a pool. */
struct list {
    void *head;
    uint32_t num_free;
    uint32_t lock;
};

struct block {
    struct block *next;
};

static struct list pool;
static struct block blocks[2];
/* Written only by a thread about to sleep: every other thread reads it. */
static uint32_t sleepers __attribute__((aligned(64)));

#define ESCAPE(p) __asm__ volatile("" : : "g"(p) : "memory")

static void
lock_wake_slow(void)
{
    abort(); /* nobody sleeps in this program */
}

/* ---- the ways to take the lock ---- */

static inline int
take_exchange(uint32_t *lock)
{
    return (int)__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE);
}

static inline int
take_bts(uint32_t *lock)
{
    return (int)(__atomic_fetch_or(lock, 1, __ATOMIC_ACQUIRE) & 1);
}

/* ---- the ways to release it ---- */

/* Today's: a store, which on x86 is a plain move. No waiter can be told. */
static inline void
release_store(uint32_t *lock)
{
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

/* The store, then the sleeper count read after it (os_port.c explains why
 * the hardware needs no fence there). */
static inline void
release_store_count(uint32_t *lock)
{
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&sleepers, __ATOMIC_RELAXED) != 0,
                         0)) {
        lock_wake_slow();
    }
}

/* A futex mutex's release: an exchange that returns whether anyone
 * marked the word while it was held. */
static inline void
release_exchange(uint32_t *lock)
{
    if (__builtin_expect(__atomic_exchange_n(lock, 0, __ATOMIC_RELEASE) != 1,
                         0)) {
        lock_wake_slow();
    }
}

/* The store, a full fence, then the count: the symmetric way to read the
 * count after the store without an asymmetric fence on the other side. */
static inline void
release_store_fence_count(uint32_t *lock)
{
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&sleepers, __ATOMIC_RELAXED) != 0,
                         0)) {
        lock_wake_slow();
    }
}

#define NO_TAKE(lock) ((void)(lock), 0)
#define NO_RELEASE(lock) ((void)(lock))

/* One get+put pair's worth of list work, locked the given way. */
#define PAIR_LOOP(name, take, release)                                         \
    static __attribute__((noinline)) void loop_##name(long n)                  \
    {                                                                          \
        long i;                                                                \
        for (i = 0; i < n; i++) {                                              \
            struct block *b;                                                   \
            if (take(&pool.lock)) {                                            \
                abort();                                                       \
            }                                                                  \
            b = pool.head;                                                     \
            pool.head = b->next;                                               \
            pool.num_free--;                                                   \
            release(&pool.lock);                                               \
            ESCAPE(b);                                                         \
            if (take(&pool.lock)) {                                            \
                abort();                                                       \
            }                                                                  \
            b->next = pool.head;                                               \
            pool.head = b;                                                     \
            pool.num_free++;                                                   \
            release(&pool.lock);                                               \
        }                                                                      \
    }

PAIR_LOOP(none, NO_TAKE, NO_RELEASE)
PAIR_LOOP(today, take_exchange, release_store)
PAIR_LOOP(bts_store, take_bts, release_store)
PAIR_LOOP(chosen, take_bts, release_store_count)
PAIR_LOOP(xchg_count, take_exchange, release_store_count)
PAIR_LOOP(futex_mutex, take_exchange, release_exchange)
PAIR_LOOP(fence, take_exchange, release_store_fence_count)

struct variant {
    const char *what;
    void (*loop)(long n);
    long n;
    double ns[RUNS];
};

static double
cpu_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

static double
median(double *v)
{
    qsort(v, RUNS, sizeof(*v), cmp_double);
    return v[RUNS / 2];
}

int
main(void)
{
    struct variant v[] = {
        {"no lock (the list work alone)", loop_none, 0, {0}},
        {"exchange; store (the lock before this change)", loop_today, 0, {0}},
        {"bit-test-and-set; store", loop_bts_store, 0, {0}},
        {"bit-test-and-set; store, read count (chosen)", loop_chosen, 0, {0}},
        {"exchange; store, read count", loop_xchg_count, 0, {0}},
        {"exchange; exchange (futex mutex release)", loop_futex_mutex, 0, {0}},
        {"exchange; store, full fence, read count", loop_fence, 0, {0}},
    };
    int nv = (int)(sizeof(v) / sizeof(v[0]));
    double base;
    int i;
    int r;

    blocks[0].next = &blocks[1];
    pool.head = &blocks[0];
    pool.num_free = 2;
    for (i = 0; i < nv; i++) {
        double t = cpu_ns();

        v[i].loop(100000);
        t = cpu_ns() - t;
        v[i].n = (long)(RUN_NS / (t > 0 ? t / 100000 : 1));
    }
    for (r = 0; r < RUNS; r++) {
        for (i = 0; i < nv; i++) {
            double t = cpu_ns();

            v[i].loop(v[i].n);
            v[i].ns[r] = (cpu_ns() - t) / (double)v[i].n;
        }
    }
    printf("%-50s %9s %9s\n", "lock taken and released twice, as a pair",
           "ns/pair", "+ns");
    base = -1;
    for (i = 0; i < nv; i++) {
        double m = median(v[i].ns);

        if (i == 1) {
            base = m;
        }
        if (i >= 1) {
            printf("%-50s %9.2f %+9.2f\n", v[i].what, m, m - base);
        } else {
            printf("%-50s %9.2f %9s\n", v[i].what, m, "");
        }
    }
    return pool.num_free == 2 ? 0 : 1;
}
