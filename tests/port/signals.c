/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Pools shared with a signal handler, the way a firmware simulator models
 * interrupts with signals. The library is built with -DOS_PORT_USER and
 * this program's critical section blocks the "interrupt" signal, restoring
 * on exit whatever state it found (so that a section entered in the
 * handler, where the signal is already blocked, leaves it blocked). An
 * interval timer raises the signal every few tens of microseconds; its
 * handler takes blocks from the pools, keeps some across interrupts,
 * returns others, and checks a pool now and then, while the main loop does
 * the same. Each block's owner is recorded, and each block is filled with
 * its owner's pattern, so that a block handed out twice, or written by
 * someone else while held, is seen.
 *
 * It must end with every pool whole: sane, every block free, every put
 * accepted, nothing handed out twice. And the race must have happened:
 * some interrupts must have arrived while a pool function was inside its
 * critical section and been held back until it left.
 *
 * Prints "port: N passed, N failed" (make check adds them up).
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "os/os_mempool.h"

#ifndef OS_PORT_USER
#error "build this test and the library with -DOS_PORT_USER"
#endif

/* The simulator's interrupt. */
#define IRQ SIGALRM
#define IRQ_PERIOD_US 50
#define LOOPS 20000
#define TIMEOUT 30

#define A_BLOCKS 8
#define A_SIZE 32
#define B_BLOCKS 3
#define B_SIZE 24
/* Blocks each side keeps at most. */
#define KEEP 4

enum { FREE, MAIN, IRQ_OWNER };

struct shared {
    struct os_mempool mp;
    int blocks;
    int size;
    volatile sig_atomic_t owner[A_BLOCKS];
};

static os_membuf_t a_buf[OS_MEMPOOL_SIZE(A_BLOCKS, A_SIZE)];
static os_membuf_t b_buf[OS_MEMPOOL_SIZE(B_BLOCKS, B_SIZE)];
static struct shared pool_a = {.blocks = A_BLOCKS, .size = A_SIZE};
static struct shared pool_b = {.blocks = B_BLOCKS, .size = B_SIZE};

static sigset_t irq_set;
/* Interrupts that arrived inside a critical section and waited for its
 * end, interrupts handled, and every inconsistency seen. */
static volatile sig_atomic_t deferred;
static volatile sig_atomic_t interrupts;
static volatile sig_atomic_t errors;
static volatile sig_atomic_t stopping;

/* ---- the user port: the critical section blocks the interrupt ---- */

uintptr_t
os_port_enter_critical(void)
{
    sigset_t before;

    sigprocmask(SIG_BLOCK, &irq_set, &before);
    /* 1 when it was blocked already: an inner section, or the handler. */
    return (uintptr_t)sigismember(&before, IRQ);
}

void
os_port_exit_critical(uintptr_t was_blocked)
{
    sigset_t pending;

    if (was_blocked) {
        return; /* the outer section, or the handler's end, unblocks */
    }
    if (sigpending(&pending) == 0 && sigismember(&pending, IRQ)) {
        deferred++;
    }
    sigprocmask(SIG_UNBLOCK, &irq_set, NULL);
}

/* ---- blocks with owners ---- */

static int
index_of(const struct shared *s, const void *block)
{
    return (int)(((uintptr_t)block - s->mp.mp_membuf_addr) /
                 OS_ALIGN(s->size, OS_ALIGNMENT));
}

static void *
take(struct shared *s, int who)
{
    unsigned char *block = os_memblock_get(&s->mp);
    int i;

    if (block == NULL) {
        return NULL;
    }
    i = index_of(s, block);
    if (s->owner[i] != FREE) {
        errors++; /* handed out twice */
    }
    s->owner[i] = who;
    memset(block, who, (size_t)s->size);
    return block;
}

static void
give(struct shared *s, unsigned char *block, int who)
{
    int i = index_of(s, block);
    int k;

    for (k = 0; k < s->size; k++) {
        if (block[k] != who) {
            errors++; /* written by someone else while held */
            break;
        }
    }
    if (s->owner[i] != who) {
        errors++;
    }
    /* Free in the record before the pool, which may hand it out at once. */
    s->owner[i] = FREE;
    if (os_memblock_put(&s->mp, block) != OS_OK) {
        errors++;
    }
}

/* What each side holds: up to KEEP blocks of each pool. */
struct hand {
    unsigned char *a[KEEP];
    unsigned char *b[KEEP];
    unsigned int turn;
};

static struct hand main_hand;
static struct hand irq_hand;

/* One step: take or give back a block of each pool, in turn. */
static void
step(struct hand *h, int who)
{
    unsigned int slot = h->turn % KEEP;

    h->turn = h->turn * 1103515245u + 12345u;
    if (h->a[slot] != NULL) {
        give(&pool_a, h->a[slot], who);
        h->a[slot] = NULL;
    } else {
        h->a[slot] = take(&pool_a, who);
    }
    slot = (h->turn >> 8) % KEEP;
    if (h->b[slot] != NULL) {
        give(&pool_b, h->b[slot], who);
        h->b[slot] = NULL;
    } else {
        h->b[slot] = take(&pool_b, who);
    }
}

static void
give_all(struct hand *h, int who)
{
    int k;

    for (k = 0; k < KEEP; k++) {
        if (h->a[k] != NULL) {
            give(&pool_a, h->a[k], who);
            h->a[k] = NULL;
        }
        if (h->b[k] != NULL) {
            give(&pool_b, h->b[k], who);
            h->b[k] = NULL;
        }
    }
}

static void
on_irq(int sig)
{
    (void)sig;
    if (stopping) {
        return;
    }
    interrupts++;
    step(&irq_hand, IRQ_OWNER);
    if (interrupts % 16 == 0 && !os_mempool_is_sane(&pool_a.mp)) {
        errors++;
    }
}

static void
on_timeout(int sig)
{
    static const char msg[] = "port: signals test did not finish\n"
                              "port: 0 passed, 1 failed\n";

    (void)sig;
    if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0) {
        _exit(2);
    }
    _exit(1);
}

static int
whole(struct shared *s)
{
    int i;

    for (i = 0; i < s->blocks; i++) {
        if (s->owner[i] != FREE) {
            return 0;
        }
    }
    return os_mempool_is_sane(&s->mp) &&
           s->mp.mp_num_free == (uint32_t)s->blocks;
}

int
main(void)
{
    struct itimerval period = {{0, IRQ_PERIOD_US}, {0, IRQ_PERIOD_US}};
    struct itimerval off = {{0, 0}, {0, 0}};
    struct itimerval watchdog = {{0, 0}, {TIMEOUT, 0}};
    struct sigaction sa;
    long loop;
    int ok;

    setvbuf(stdout, NULL, _IONBF, 0);
    sigemptyset(&irq_set);
    sigaddset(&irq_set, IRQ);
    if (os_mempool_init(&pool_a.mp, A_BLOCKS, A_SIZE, a_buf, "a") != OS_OK ||
        os_mempool_init(&pool_b.mp, B_BLOCKS, B_SIZE, b_buf, "b") != OS_OK) {
        printf("port: init failed\nport: 0 passed, 1 failed\n");
        return 1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_irq;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(IRQ, &sa, NULL);
    /* A watchdog on CPU time: the real-time timer is the interrupt's. */
    signal(SIGPROF, on_timeout);
    setitimer(ITIMER_PROF, &watchdog, NULL);
    main_hand.turn = 1;
    irq_hand.turn = 2;
    setitimer(ITIMER_REAL, &period, NULL);
    for (loop = 0; loop < LOOPS; loop++) {
        step(&main_hand, MAIN);
        if (loop % 64 == 0 && !os_mempool_is_sane(&pool_b.mp)) {
            errors++;
        }
    }
    setitimer(ITIMER_REAL, &off, NULL);
    /* The handler may still run once: blocked while the hands empty. */
    sigprocmask(SIG_BLOCK, &irq_set, NULL);
    stopping = 1;
    give_all(&main_hand, MAIN);
    give_all(&irq_hand, IRQ_OWNER);
    sigprocmask(SIG_UNBLOCK, &irq_set, NULL);

    ok = errors == 0 && whole(&pool_a) && whole(&pool_b) && interrupts > 0 &&
         deferred > 0;
    printf("port: user port, SIGALRM every %d us on 2 pools: %ld loops, %d "
           "interrupts handled, %d held back by a critical section, %d "
           "errors, pools %s\n",
           IRQ_PERIOD_US, (long)LOOPS, (int)interrupts, (int)deferred,
           (int)errors, whole(&pool_a) && whole(&pool_b) ? "whole" : "DAMAGED");
    printf("port: %d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
