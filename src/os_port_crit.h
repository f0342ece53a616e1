/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Critical sections of each port. On the host a pool is guarded by its own
 * lock word, so threads working on different pools never wait for each
 * other; the bare-metal ports mask interrupts, which also guards against
 * interrupt handlers; the user port calls the application's functions.
 */
#ifndef OS_PORT_CRIT_H
#define OS_PORT_CRIT_H

#include <stdint.h>

#include "os/os_port.h"

#if OS_PORT_HOST

/*
 * The host lock: a word, 0 free and 1 taken, taken with one atomic
 * read-modify-write and released with a store. A thread that finds it
 * taken waits in os_port_lock_wait(): it spins, yields, then sleeps in the
 * kernel; a release that sees a sleeper wakes it. os_port.c explains the
 * design and its figures.
 */

typedef int os_sr_t;

/* Names the library shares between its files and hides from programs. */
#define OS_PORT_INTERNAL __attribute__((visibility("hidden")))

/* ThreadSanitizer sees the lock only through the __atomic builtins. */
#if defined(__SANITIZE_THREAD__)
#define OS_PORT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define OS_PORT_TSAN 1
#endif
#endif
#ifndef OS_PORT_TSAN
#define OS_PORT_TSAN 0
#endif

/*
 * On x86 the uncontended paths are written in assembly where the compilers
 * make them longer (the instruction counts are `make bench-callgrind`'s,
 * GCC 12 -O2, per get+put pair): the take is one `lock bts` and its branch
 * (an exchange needs a register loaded with 1, a test and often a copy of
 * the address; GCC finds the bts itself only in some contexts, clang
 * never), and the release's read of the sleeper count is one compare with
 * memory. ThreadSanitizer builds keep the builtins, so that the tool sees
 * the lock.
 */
#if (defined(__x86_64__) || defined(__i386__)) &&                              \
    defined(__GCC_ASM_FLAG_OUTPUTS__) && !OS_PORT_TSAN
#define OS_PORT_X86_ASM 1
#else
#define OS_PORT_X86_ASM 0
#endif

/*
 * Internal, for `make port-lock-cost` alone: 1 takes the lock with the
 * exchange instead, to price the bit-test-and-set against it. Not an
 * option of the library.
 */
#ifndef OS_PORT_BENCH_TAKE_EXCHANGE
#define OS_PORT_BENCH_TAKE_EXCHANGE 0
#endif

/*
 * Whether waiters may sleep in the kernel until a release wakes them (a
 * futex, on Linux): only then does a release look for sleepers. Elsewhere,
 * and with -DOS_PORT_HOST_NO_FUTEX, waiters nap instead.
 */
#if defined(__linux__) && !defined(OS_PORT_HOST_NO_FUTEX)
#define OS_PORT_LOCK_WAKES 1
#else
#define OS_PORT_LOCK_WAKES 0
#endif

/*
 * On x86-64 Linux the release's rare call to the wake is made from
 * assembly as well, so the compiler sees no call: the caller's values stay
 * in registers across it and the common path saves no register and sets
 * up no stack frame (with a plain call, GCC gives the put both). The wake
 * saves every register it touches (no_caller_saved_registers, and it makes
 * its system call itself), and the call steps over the 128-byte red zone
 * that the caller may be using below its stack pointer.
 */
#if OS_PORT_LOCK_WAKES && OS_PORT_X86_ASM && defined(__x86_64__)
#define OS_PORT_WAKE_SAVES_ALL 1
#define OS_PORT_WAKE_ATTR __attribute__((no_caller_saved_registers))
#else
#define OS_PORT_WAKE_SAVES_ALL 0
#define OS_PORT_WAKE_ATTR
#endif

/*
 * Threads asleep, or about to sleep, on any host lock. A release that finds
 * the count nonzero wakes a sleeper of its lock; os_port.c says why reading
 * it after the release's store needs no fence. Every release reads it, so
 * it has a cache line to itself: no variable written often shares it.
 */
struct os_port_sleepers {
    os_port_lock_t count;
    char os_port_rest_of_line[64 - sizeof(os_port_lock_t)];
};
extern OS_PORT_INTERNAL struct os_port_sleepers os_port_lock_sleepers;

/* The contended paths, out of line to keep the uncontended ones short. */
OS_PORT_INTERNAL void os_port_lock_wait(os_port_lock_t *lock);
OS_PORT_INTERNAL OS_PORT_WAKE_ATTR void os_port_lock_wake(os_port_lock_t *lock);

/* Sets the lock word to 1; nonzero if it was 1 already (taken). */
static inline int
os_port_lock_take(os_port_lock_t *lock)
{
#if OS_PORT_X86_ASM && !OS_PORT_BENCH_TAKE_EXCHANGE
    int was_taken;

    /* A locked instruction is a full barrier; "memory" keeps the compiler
     * from moving the pool's accesses across it. */
    __asm__ volatile("lock btsl $0, %0"
                     : "+m"(*lock), "=@ccc"(was_taken)
                     :
                     : "memory");
    return was_taken;
#else
    return (int)__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE);
#endif
}

/* Whether a thread sleeps on some lock; read after the release's store. */
static inline int
os_port_lock_sleeping(void)
{
#if OS_PORT_X86_ASM
    int sleeping;

    __asm__ volatile("cmpl $0, %1"
                     : "=@ccne"(sleeping)
                     : "m"(os_port_lock_sleepers.count));
    return sleeping;
#else
    return __atomic_load_n(&os_port_lock_sleepers.count, __ATOMIC_RELAXED) !=
           0;
#endif
}

static inline void
os_port_lock_call_wake(os_port_lock_t *lock)
{
#if OS_PORT_WAKE_SAVES_ALL
    uintptr_t addr;

    /* The address is taken before the stack pointer moves, in case the
     * operand is relative to it. */
    __asm__ volatile("lea %1, %0\n\t"
                     "lea -128(%%rsp), %%rsp\n\t"
                     "push %%rdi\n\t"
                     "mov %0, %%rdi\n\t"
                     "call os_port_lock_wake\n\t"
                     "pop %%rdi\n\t"
                     "lea 128(%%rsp), %%rsp"
                     : "=&r"(addr)
                     : "m"(*lock)
                     : "memory", "cc");
#else
    os_port_lock_wake(lock);
#endif
}

/* Takes the lock when it is free; the caller waits out of line if not. */
static inline int
os_crit_try_enter(os_port_lock_t *lock, os_sr_t *sr)
{
    *sr = 0;
    return !os_port_lock_take(lock);
}

static inline os_sr_t
os_crit_enter(os_port_lock_t *lock)
{
    if (os_port_lock_take(lock)) {
        os_port_lock_wait(lock);
    }
    return 0;
}

/*
 * A store, then (where waiters sleep until woken) a read of the sleeper
 * count: no atomic read-modify-write, which would cost the uncontended pair
 * far more (os_port.c has the figures). The compiler must not read the
 * count before the store.
 */
static inline void
os_crit_exit(os_port_lock_t *lock, os_sr_t sr)
{
    (void)sr;
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
#if OS_PORT_LOCK_WAKES
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (__builtin_expect(os_port_lock_sleeping(), 0)) {
        os_port_lock_call_wake(lock);
    }
#endif
}

#elif OS_PORT_CORTEX_M

typedef uint32_t os_sr_t;

static inline os_sr_t
os_crit_enter(os_port_lock_t *lock)
{
    uint32_t primask;

    (void)lock;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) : : "memory");
    return primask;
}

static inline int
os_crit_try_enter(os_port_lock_t *lock, os_sr_t *sr)
{
    *sr = os_crit_enter(lock);
    return 1;
}

static inline void
os_crit_exit(os_port_lock_t *lock, os_sr_t primask)
{
    (void)lock;
    /* Restores the caller's mask, so nested critical sections work. */
    __asm__ volatile("msr primask, %0" : : "r"(primask) : "memory");
}

#elif OS_PORT_RISCV

typedef unsigned long os_sr_t;

/* mstatus.MIE: the machine-mode global interrupt enable. */
#define OS_PORT_RISCV_MIE 8UL

/*
 * The CSR instructions belong to the Zicsr extension, which GCC 12 and
 * binutils 2.38 on no longer count in the base ISA: with -march=rv32imac
 * (the CPU and nothing else) the assembler refuses them. The extension is
 * switched on around them unless -march already names it.
 */
#if defined(__riscv_zicsr) || defined(__clang__) || __GNUC__ < 12
#define OS_PORT_RISCV_CSR(insn) insn
#else
#define OS_PORT_RISCV_CSR(insn)                                                \
    ".option push\n\t.option arch, +zicsr\n\t" insn "\n\t.option pop"
#endif

static inline os_sr_t
os_crit_enter(os_port_lock_t *lock)
{
    unsigned long mstatus;

    (void)lock;
    __asm__ volatile(OS_PORT_RISCV_CSR("csrrci %0, mstatus, 8")
                     : "=r"(mstatus)
                     :
                     : "memory");
    return mstatus & OS_PORT_RISCV_MIE;
}

static inline int
os_crit_try_enter(os_port_lock_t *lock, os_sr_t *sr)
{
    *sr = os_crit_enter(lock);
    return 1;
}

static inline void
os_crit_exit(os_port_lock_t *lock, os_sr_t mie)
{
    (void)lock;
    /* Sets MIE back only if it was set on entry: nested sections work. */
    __asm__ volatile(OS_PORT_RISCV_CSR("csrs mstatus, %0")
                     :
                     : "r"(mie)
                     : "memory");
}

#elif defined(OS_PORT_USER)

typedef uintptr_t os_sr_t;

static inline os_sr_t
os_crit_enter(os_port_lock_t *lock)
{
    (void)lock;
    return os_port_enter_critical();
}

static inline int
os_crit_try_enter(os_port_lock_t *lock, os_sr_t *sr)
{
    *sr = os_crit_enter(lock);
    return 1;
}

static inline void
os_crit_exit(os_port_lock_t *lock, os_sr_t sr)
{
    (void)lock;
    os_port_exit_critical(sr);
}

#else /* single-threaded */

typedef int os_sr_t;

static inline os_sr_t
os_crit_enter(os_port_lock_t *lock)
{
    (void)lock;
    return 0;
}

static inline int
os_crit_try_enter(os_port_lock_t *lock, os_sr_t *sr)
{
    *sr = os_crit_enter(lock);
    return 1;
}

static inline void
os_crit_exit(os_port_lock_t *lock, os_sr_t sr)
{
    (void)lock;
    (void)sr;
}

#endif

#endif /* OS_PORT_CRIT_H */
