/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

#include "os_port_crit.h"

#if OS_PORT_HOST

#include <sched.h>
#include <stddef.h>
#include <sys/select.h>

/*
 * The host lock's contended side. A waiter pauses and retries, yielding the
 * CPU between tries; after OS_PORT_HOST_YIELDS tries it sleeps in the
 * kernel until the holder releases the lock. Yielding alone is not enough:
 * under SCHED_FIFO a waiter of higher priority than the holder, on the
 * holder's CPU, is given the CPU straight back by sched_yield() and spins
 * forever, since the holder never runs to release. A sleeping waiter lets
 * it run, whatever the priorities.
 *
 * The release cannot be an atomic exchange, as in the textbook futex lock
 * (the releaser swaps the word to 0 and wakes a waiter if it read a
 * "waiters" mark): on x86 each exchange is a full barrier. `make
 * port-lock-cost` (tests/port/lock_cost.c) times a pair's two locks taken
 * and released in the shape of a get+put; one run, 30 November 2026, on
 * an Intel Xeon (family 6, model 207), 2 vCPUs under KVM, GCC 12.2 -O2,
 * with the machine shared and busy (CPU time, medians of 11):
 *
 *     no lock (the list work alone)                     2.66 ns
 *     exchange; store (the lock before this change)    17.93 ns
 *     bit-test-and-set; store                          18.99 ns  +1.06
 *     bit-test-and-set; store, read count (chosen)     19.03 ns  +1.11
 *     exchange; store, read count                      18.46 ns  +0.54
 *     exchange; exchange (futex mutex release)         32.49 ns  +14.56
 *     exchange; store, full fence, read count          30.91 ns  +12.98
 *
 * Over six such runs in a row the chosen lock cost 0.1 to 1.1 ns more per
 * pair than the old one, an exchange release 10 to 16 ns more.
 *
 * The release stays a store, followed by a read of a count of sleeping
 * threads; a release that finds it nonzero wakes one sleeper of its lock
 * (os_port_lock_wake). A store followed by a read of another variable is
 * the one pair that CPUs reorder, so on its own this loses wake-ups: the
 * read may see no sleeper while the store is still invisible to a waiter
 * that then goes to sleep on a lock it sees held. The usual cure, a full
 * fence between the store and the read, costs what the exchange does. The
 * fence is moved to the waiter instead, which is about to sleep and can
 * afford it: membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) makes every
 * running thread of the process execute a full barrier before it returns
 * (threads not running get one from the scheduler). A waiter counts itself
 * in os_port_lock_sleepers, calls membarrier(), then sleeps with
 * FUTEX_WAIT only while the word still reads 1. Let H be the holder whose
 * 1 the futex read. H's release store was not visible to the waiter after
 * membarrier() returned, so H had not executed it before its barrier; its
 * read of the count comes after the store in program order (the compiler
 * barrier in os_crit_exit keeps it there), hence after H's barrier, which
 * orders it after the waiter's increment. H reads the count nonzero and
 * wakes the lock. No wake-up is lost. A woken waiter that finds the lock
 * taken again sleeps again; every release made while it sleeps wakes one
 * sleeper of the lock, so the chain goes on until all are through.
 *
 * The count is one for the whole process, so that the uncontended release
 * reads a line that is only ever written by a thread going to sleep: while
 * a thread sleeps on one lock, a release of any other lock also makes a
 * wake call, one system call that finds nobody. Sleeping is rare: a holder
 * keeps its lock for nanoseconds, so a waiter only gets that far when the
 * holder has been preempted or cannot run.
 *
 * A sleep is dear: the membarrier() interrupts the other CPUs, and while
 * anyone sleeps every release makes a system call. So a waiter sleeps
 * only after 1024 failed tries, a few hundred microseconds of yielding:
 * two threads hammering one pool lose races to each other all the time,
 * and sleeping too soon costs them over a quarter of their throughput. The
 * second half of `make port-lock-cost` (tests/port/lock_threads.c, 2
 * threads pinned to the 2 CPUs under SCHED_FIFO so that both always run,
 * 60 ms runs) measured, same machine and day, medians of 9 runs, the
 * ranges over five such sets in brackets:
 *
 *     1024 tries, then sleep (as shipped)   24.6 M pairs/s, 0 sleeps
 *                                           [23.8-27.0, 0]
 *     128 tries, then sleep                 26.5 M pairs/s, 100 sleeps
 *                                           [23.6-26.5, 12-100]
 *     16 tries, then sleep                  17.9 M pairs/s, 197 sleeps
 *                                           [15.9-18.5, 164-203]
 *     never sleep (yield forever)           26.4 M pairs/s, 0 sleeps
 *                                           [22.3-26.4, 0]
 *
 * When the holder cannot run (starved under SCHED_FIFO, or preempted),
 * the 1024 tries take half a millisecond or so of CPU before the waiter
 * sleeps (0.3 to 0.7 ms in tests/debug/test_lock.c's waits here).
 *
 * Where there is no futex or no membarrier() (other Unix systems, Linux
 * before 4.14, a sandbox that refuses the call), the waiter instead naps
 * with select(), 1 us doubling up to 128 us, and retries: there is no
 * wake-up to lose, and a nap lets a holder of lower priority run all the
 * same. -DOS_PORT_HOST_NO_FUTEX builds that fallback on Linux too, for the
 * tests.
 *
 * The uncontended take is one atomic read-modify-write
 * (os_port_lock_take), the release one store and one plain read. Written
 * as os_port_crit.h writes them for x86, the take's bit-test-and-set saves
 * more instructions than the release's read costs: `make port-lock-cost`
 * ends with callgrind's counts of a get+put pair with the bit-test-and-set
 * and with the exchange take (as GCC 12 compiles __atomic_exchange_n here);
 * the exchange costs 7 more. The exchange is a little faster under contention:
 * the two lines of `make port-lock-cost` that compare them, five times in
 * a row, gave two threads on one pool 22.3-26.4 M pairs/s (median 25.2)
 * with the bit-test-and-set and 23.0-28.6 (median 26.5) with the
 * exchange. The instruction count was kept.
 *
 * None of this is async-signal-safe: a signal handler that takes a lock
 * its own thread holds waits for itself forever. Programs that call a pool
 * from a signal handler use the user port (the design guide shows how).
 */

/* Where os_port_crit.h expects waiters to sleep until woken. */
#if OS_PORT_LOCK_WAKES
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
/*
 * The C library's, declared here because <unistd.h> declares it only with
 * _DEFAULT_SOURCE, and the shared library's build includes the public
 * header (-include) before this file could define that.
 */
long syscall(long number, ...);
/* 32-bit targets that have only the 64-bit time variant (riscv32). */
#if !defined(SYS_futex) && defined(SYS_futex_time64)
#define SYS_futex SYS_futex_time64
#endif
#if defined(SYS_futex) && defined(SYS_membarrier)
#define OS_PORT_FUTEX 1
#endif
#endif
#ifndef OS_PORT_FUTEX
#define OS_PORT_FUTEX 0
#endif

/* Tries a waiter makes, yielding between them, before it sleeps (the
 * comment at the top says why 1024). */
#ifndef OS_PORT_HOST_YIELDS
#define OS_PORT_HOST_YIELDS 1024
#endif

/*
 * Where the release calls the wake from assembly, which link-time
 * optimisation does not see, the wake is kept, under its name. It is
 * declared no_caller_saved_registers there (os_port_crit.h), which GCC
 * accepts only of a function that uses general registers alone.
 */
#if !OS_PORT_WAKE_SAVES_ALL
#define OS_PORT_CALLED_FROM_ASM
#elif defined(__clang__)
#define OS_PORT_CALLED_FROM_ASM __attribute__((used))
#else
#define OS_PORT_CALLED_FROM_ASM                                                \
    __attribute__((used, externally_visible, target("general-regs-only")))
#endif

/* The longest nap of the fallback is 1 us << this. */
#define OS_PORT_NAP_MAX_SHIFT 7

OS_PORT_INTERNAL struct os_port_sleepers os_port_lock_sleepers
    __attribute__((aligned(64)));

static inline void
os_port_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ volatile("yield");
#endif
}

/* Sleeps a while without being woken: 1 us << naps, up to the cap.
 * select() rather than nanosleep(): POSIX both, but <sys/select.h>
 * declares it whatever the feature macros, as for syscall() above. */
static void
os_port_lock_nap(unsigned int naps)
{
    struct timeval nap = {0, 1};

    nap.tv_usec <<= naps < OS_PORT_NAP_MAX_SHIFT ? naps : OS_PORT_NAP_MAX_SHIFT;
    select(0, NULL, NULL, NULL, &nap);
}

#if OS_PORT_FUTEX

/* membarrier(): 0 not yet registered, 1 ready, -1 not available. */
static int os_port_fence_state;

/* The full barrier on every running thread of the process (see above). */
static int
os_port_fence_all_threads(void)
{
    int state = __atomic_load_n(&os_port_fence_state, __ATOMIC_RELAXED);

    if (state == 0) {
        /* Once per process, and idempotent if two threads race to it. */
        state = syscall(SYS_membarrier,
                        MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0) == 0
                    ? 1
                    : -1;
        __atomic_store_n(&os_port_fence_state, state, __ATOMIC_RELAXED);
    }
    return state > 0 &&
           syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) == 0;
}

#endif

/*
 * Sleeps until the lock is released, or returns at once if it already is,
 * and returns 1; returns 0 at once when it cannot (no futex, or
 * membarrier() not available), and the caller naps instead. One
 * definition for every build, with the differences inside, so that the
 * coverage of the builds adds up function by function.
 */
static int
os_port_lock_sleep(os_port_lock_t *lock)
{
    int slept = 0;

#if OS_PORT_FUTEX
    __atomic_fetch_add(&os_port_lock_sleepers.count, 1, __ATOMIC_SEQ_CST);
    if (os_port_fence_all_threads()) {
        /* Returns at once when the word is no longer 1; EINTR and
         * spurious wake-ups only mean one more try. */
        syscall(SYS_futex, lock, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
        slept = 1;
    }
    __atomic_fetch_sub(&os_port_lock_sleepers.count, 1, __ATOMIC_RELAXED);
#else
    (void)lock;
#endif
    return slept;
}

/*
 * With OS_PORT_WAKE_SAVES_ALL, declared no_caller_saved_registers
 * (os_port_crit.h): it saves what it touches, and makes the system call
 * itself rather than through the C library, so that there is no vector
 * state to save. Without a futex nobody sleeps in the kernel, and no
 * release calls it.
 */
OS_PORT_CALLED_FROM_ASM void
os_port_lock_wake(os_port_lock_t *lock)
{
#if !OS_PORT_FUTEX
    (void)lock;
#elif OS_PORT_WAKE_SAVES_ALL
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "0"((long)SYS_futex), "D"(lock),
                       "S"((long)FUTEX_WAKE_PRIVATE), "d"(1L)
                     : "rcx", "r11", "memory");
    (void)ret;
#else
    syscall(SYS_futex, lock, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
#endif
}

void
os_port_lock_wait(os_port_lock_t *lock)
{
    /* A variable, so that a build with 0 compares without a warning. */
    const unsigned int yields = OS_PORT_HOST_YIELDS;
    unsigned int tries = 0;
    unsigned int naps = 0;

    for (;;) {
        os_port_pause();
        if (!__atomic_load_n(lock, __ATOMIC_RELAXED) &&
            !os_port_lock_take(lock)) {
            return;
        }
        if (tries < yields) {
            tries++;
            sched_yield();
        } else if (os_port_lock_sleep(lock)) {
            /* Woken, or the lock changed hands before the sleep: its
             * holders are running, so spin again before sleeping again. */
            tries = 0;
        } else {
            os_port_lock_nap(naps++);
        }
    }
}

#else

/* Nothing to do on ports without a lock; ISO C wants a declaration. */
typedef int os_port_no_lock_wait;

#endif
