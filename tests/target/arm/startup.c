/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Cortex-M (ARMv6-M, ARMv7-M, ARMv8-M mainline): the vector table, the
 * reset and fault handlers, semihosting by `bkpt 0xab`, SysTick as the
 * timer and PRIMASK as the interrupt mask. The same code on every Arm
 * board: only the memory map differs (target.ld).
 */
#include <stddef.h>
#include <stdint.h>

#include "target.h"

extern char __stack_top[];
void target_start(void) __attribute__((noreturn));

#define SYST_CSR (*(volatile uint32_t *)0xe000e010u)
#define SYST_RVR (*(volatile uint32_t *)0xe000e014u)
#define SYST_CVR (*(volatile uint32_t *)0xe000e018u)
#define SCB_ICSR (*(volatile uint32_t *)0xe000ed04u)
#define SYST_CSR_ENABLE_TICKINT_CPUCLK 7u
#define SCB_ICSR_PENDSTCLR (1u << 25)

long
semihost_call(long op, const void *arg)
{
    register long r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;

    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void
reset_handler(void)
{
    target_start();
}

/* The exception number and the stacked pc of the frame the fault pushed. */
void arm_fault_report(const uint32_t *frame);

void
arm_fault_report(const uint32_t *frame)
{
    uint32_t ipsr;

    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    target_trap("Cortex-M fault (exception number in brackets)", frame[6],
                ipsr & 0x1ffu);
}

/* Finds the frame on the stack that was in use (EXC_RETURN bit 2). Written
 * for ARMv6-M, so it runs on every Cortex-M. */
__attribute__((naked)) static void
fault_handler(void)
{
    __asm__ volatile("movs r0, #4\n\t"
                     "mov r1, lr\n\t"
                     "tst r0, r1\n\t"
                     "beq 1f\n\t"
                     "mrs r0, psp\n\t"
                     "b arm_fault_report\n"
                     "1:\n\t"
                     "mrs r0, msp\n\t"
                     "b arm_fault_report\n");
}

/* A program that calls SVC (the user port's critical section) defines it. */
void arm_svc_handler(void) __attribute__((weak, alias("fault_handler")));

static void
systick_handler(void)
{
    target_tick();
}

__attribute__((section(".vectors"), used)) static const struct {
    void *initial_sp;
    void (*handler[15])(void);
} vectors = {
    __stack_top,
    {
        reset_handler,   /* 1: reset */
        fault_handler,   /* 2: NMI */
        fault_handler,   /* 3: HardFault */
        fault_handler,   /* 4: MemManage */
        fault_handler,   /* 5: BusFault */
        fault_handler,   /* 6: UsageFault */
        fault_handler,   /* 7: SecureFault (ARMv8-M) */
        NULL,            /* 8 */
        NULL,            /* 9 */
        NULL,            /* 10 */
        arm_svc_handler, /* 11: SVCall */
        fault_handler,   /* 12: DebugMonitor */
        NULL,            /* 13 */
        fault_handler,   /* 14: PendSV */
        systick_handler, /* 15: SysTick */
    },
};

/* picolibc's startup would name the entry point so; target.ld does too. */
void _start(void) __attribute__((alias("reset_handler")));

void
target_timer_start(uint32_t cycles)
{
    SYST_CSR = 0;
    target_timer_next(cycles);
    SYST_CSR = SYST_CSR_ENABLE_TICKINT_CPUCLK;
}

void
target_timer_next(uint32_t cycles)
{
    /* Counted from now: clearing the counter reloads it, and a tick that
     * came due while the handler ran is forgotten, so the interrupted code
     * always runs for about `cycles` between two interrupts. */
    SYST_RVR = cycles - 1;
    SYST_CVR = 0;
    SCB_ICSR = SCB_ICSR_PENDSTCLR;
}

void
target_timer_stop(void)
{
    SYST_CSR = 0;
    SCB_ICSR = SCB_ICSR_PENDSTCLR;
}

uint32_t
target_irq_masked(void)
{
    uint32_t primask;

    __asm__ volatile("mrs %0, primask" : "=r"(primask));
    return primask & 1u;
}

void
target_irq_mask(void)
{
    __asm__ volatile("cpsid i" : : : "memory");
}

void
target_irq_unmask(void)
{
    __asm__ volatile("cpsie i" : : : "memory");
}

void
arm_drop_privilege(void)
{
    uint32_t control;

    __asm__ volatile("mrs %0, control" : "=r"(control));
    control |= 1u;
    __asm__ volatile("msr control, %0\n\tisb" : : "r"(control) : "memory");
}
