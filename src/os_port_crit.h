/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Critical sections of each port. A pool is guarded by its own lock byte on
 * the host, so threads working on different pools never wait for each
 * other; on a Cortex-M the critical section masks interrupts, which also
 * guards against interrupt handlers, and the lock byte is unused.
 */
#ifndef OS_PORT_CRIT_H
#define OS_PORT_CRIT_H

#include <stdint.h>

#include "os/os_port.h"

#if OS_PORT_HOST

typedef int os_sr_t;

/* The contended path, out of line to keep the uncontended one short. */
void os_port_lock_wait(os_port_lock_t *lock);

/* Takes the lock when it is free; the caller waits out of line if not. */
static inline int
os_crit_try_enter(os_port_lock_t *lock, os_sr_t *sr)
{
    *sr = 0;
    return !__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE);
}

static inline os_sr_t
os_crit_enter(os_port_lock_t *lock)
{
    if (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) {
        os_port_lock_wait(lock);
    }
    return 0;
}

static inline void
os_crit_exit(os_port_lock_t *lock, os_sr_t sr)
{
    (void)sr;
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
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
 * The CSR instructions are written encoded (.insn), because GNU as 2.38 and
 * later refuse their mnemonics unless -march names Zicsr, and the HiFive1's
 * usual -march=rv32imac does not (GCC 12, Debian 12's toolchain).
 * csrrci rd, mstatus, 8 is SYSTEM (0x73), funct3 7, rs1 field 8 (the
 * immediate), CSR 0x300; csrs mstatus, rs is csrrs x0 (funct3 2).
 */
#define OS_PORT_RISCV_CSRRCI_MSTATUS_8 ".insn i 0x73, 7, %0, x8, 0x300"
#define OS_PORT_RISCV_CSRS_MSTATUS ".insn i 0x73, 2, x0, %0, 0x300"

static inline os_sr_t
os_crit_enter(os_port_lock_t *lock)
{
    unsigned long mstatus;

    (void)lock;
    __asm__ volatile(OS_PORT_RISCV_CSRRCI_MSTATUS_8
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
    __asm__ volatile(OS_PORT_RISCV_CSRS_MSTATUS : : "r"(mie) : "memory");
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
