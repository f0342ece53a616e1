/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * RISC-V machine mode: the machine timer of the CLINT (mtime, mtimecmp) as
 * the timer, mstatus.MIE as the interrupt mask, and the trap handler: the
 * timer interrupt calls target_tick(), anything else ends the run.
 */
#include <stdint.h>

#include "target.h"

void riscv_trap(uint32_t mcause, uintptr_t mepc, uintptr_t mtval);

/* The CLINT of the SiFive E31 (and of QEMU's sifive_e, virt, ...). */
#define CLINT_MTIMECMP_LO (*(volatile uint32_t *)0x02004000u)
#define CLINT_MTIMECMP_HI (*(volatile uint32_t *)0x02004004u)
#define CLINT_MTIME_LO (*(volatile uint32_t *)0x0200bff8u)
#define CLINT_MTIME_HI (*(volatile uint32_t *)0x0200bffcu)

#define MSTATUS_MIE 8u
#define MIE_MTIE 0x80u
#define MCAUSE_INTERRUPT 0x80000000u
#define MCAUSE_MACHINE_TIMER 7u

/* CSR instructions without Zicsr on the command line (see startup.S). */
#define CSR_ASM(insn)                                                          \
    ".option push\n\t.option arch, +zicsr\n\t" insn "\n\t.option pop"

void
riscv_trap(uint32_t mcause, uintptr_t mepc, uintptr_t mtval)
{
    if (mcause == (MCAUSE_INTERRUPT | MCAUSE_MACHINE_TIMER)) {
        target_tick();
        return;
    }
    target_trap("RISC-V trap (mcause, mtval in brackets)", mepc,
                mcause << 24 ^ mtval);
}

static uint64_t
mtime(void)
{
    uint32_t hi;
    uint32_t lo;

    do {
        hi = CLINT_MTIME_HI;
        lo = CLINT_MTIME_LO;
    } while (hi != CLINT_MTIME_HI);
    return (uint64_t)hi << 32 | lo;
}

void
target_timer_next(uint32_t ticks)
{
    uint64_t when = mtime() + ticks;

    /* Never a compare value below both the old and the new one. */
    CLINT_MTIMECMP_HI = UINT32_MAX;
    CLINT_MTIMECMP_LO = (uint32_t)when;
    CLINT_MTIMECMP_HI = (uint32_t)(when >> 32);
}

void
target_timer_start(uint32_t ticks)
{
    uint32_t mask = MIE_MTIE;

    target_timer_next(ticks);
    __asm__ volatile(CSR_ASM("csrs mie, %0") : : "r"(mask) : "memory");
}

void
target_timer_stop(void)
{
    uint32_t mask = MIE_MTIE;

    __asm__ volatile(CSR_ASM("csrc mie, %0") : : "r"(mask) : "memory");
}

uint32_t
target_irq_masked(void)
{
    uint32_t mstatus;

    __asm__ volatile(CSR_ASM("csrr %0, mstatus") : "=r"(mstatus));
    return !(mstatus & MSTATUS_MIE);
}

void
target_irq_mask(void)
{
    __asm__ volatile(CSR_ASM("csrci mstatus, 8") : : : "memory");
}

void
target_irq_unmask(void)
{
    __asm__ volatile(CSR_ASM("csrsi mstatus, 8") : : : "memory");
}
