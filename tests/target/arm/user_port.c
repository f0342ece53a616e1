/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The user port (-DOS_PORT_USER) as an RTOS that runs its tasks in
 * unprivileged thread mode provides it: an unprivileged task cannot mask
 * interrupts itself (`cpsid i` and writes to BASEPRI are ignored there), so
 * the critical section is a supervisor call into a privileged handler. The
 * handler masks with BASEPRI, not PRIMASK: the supervisor call that leaves
 * the critical section must still be taken, and SVC has the highest
 * priority while the interrupts the section keeps out (SysTick here) have a
 * lower one. For ARMv7-M and ARMv8-M mainline (no BASEPRI on ARMv6-M).
 */
#include <stdint.h>

#include "os/os_port.h"
#include "target.h"

#define SCB_SHPR3 (*(volatile uint32_t *)0xe000ed20u)
/* SysTick's priority, and the BASEPRI that masks it (and all below it). */
#define USER_PORT_TICK_PRIORITY 0x80u
#define USER_PORT_MASK_LEVEL 0x80u

enum { SVC_ENTER = 0, SVC_EXIT = 1, SVC_QUERY = 2 };

void user_port_setup(void);
uint32_t user_port_masked(void);
void arm_svc_dispatch(uint32_t *frame);

void
user_port_setup(void)
{
    SCB_SHPR3 = (SCB_SHPR3 & 0x00ffffffu) | USER_PORT_TICK_PRIORITY << 24;
}

uintptr_t
os_port_enter_critical(void)
{
    register uintptr_t r0 __asm__("r0");

    __asm__ volatile("svc %1" : "=r"(r0) : "i"(SVC_ENTER) : "memory");
    return r0;
}

void
os_port_exit_critical(uintptr_t state)
{
    register uintptr_t r0 __asm__("r0") = state;

    __asm__ volatile("svc %1" : "+r"(r0) : "i"(SVC_EXIT) : "memory");
}

/* Nonzero inside a critical section. Asked of the privileged handler:
 * unprivileged code reads BASEPRI as 0. */
uint32_t
user_port_masked(void)
{
    register uintptr_t r0 __asm__("r0");

    __asm__ volatile("svc %1" : "=r"(r0) : "i"(SVC_QUERY) : "memory");
    return r0 != 0;
}

/* frame: the caller's stacked r0-r3, r12, lr, pc, xPSR; the SVC number is
 * the immediate of the instruction before the stacked pc. */
void
arm_svc_dispatch(uint32_t *frame)
{
    const uint8_t *pc = (const uint8_t *)frame[6];
    uint32_t basepri;

    __asm__ volatile("mrs %0, basepri" : "=r"(basepri));
    switch (pc[-2]) {
    case SVC_ENTER:
        frame[0] = basepri;
        basepri = USER_PORT_MASK_LEVEL;
        __asm__ volatile("msr basepri, %0" : : "r"(basepri) : "memory");
        break;
    case SVC_EXIT:
        __asm__ volatile("msr basepri, %0" : : "r"(frame[0]) : "memory");
        break;
    case SVC_QUERY:
        frame[0] = basepri;
        break;
    default:
        target_trap("unknown SVC", frame[6], pc[-2]);
    }
}

__attribute__((naked)) void
arm_svc_handler(void)
{
    __asm__ volatile("tst lr, #4\n\t"
                     "ite eq\n\t"
                     "mrseq r0, msp\n\t"
                     "mrsne r0, psp\n\t"
                     "b arm_svc_dispatch\n");
}
