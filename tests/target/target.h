/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What the on-target programs get from the startup code of their
 * architecture (arm/startup.c, riscv/startup.S and riscv/trap.c) and from
 * the semihosting glue (semihost.c): output and exit through the debugger
 * interface QEMU emulates, a periodic timer interrupt, and the interrupt
 * mask as the library's port sees it.
 */
#ifndef TARGET_H
#define TARGET_H

#include <stdint.h>

/* Semihosting operations (Arm's "Semihosting for AArch32 and AArch64"). */
#define SEMIHOST_SYS_WRITE0 0x04
#define SEMIHOST_SYS_EXIT 0x18
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026

/* The debugger call: bkpt 0xab on Arm, slli/ebreak/srai on RISC-V. */
long semihost_call(long op, const void *arg);

/* Writes a NUL-terminated string to the host's standard output. */
void target_puts(const char *s);

/* Ends the run: QEMU exits with this status. */
void target_exit(int status) __attribute__((noreturn));

/*
 * While set, what the program writes to stdout goes to this function
 * instead of the host (the examples' output is compared, not shown).
 */
extern void (*target_capture)(char c);

/* The timer interrupt: the first one `cycles` timer ticks from now. */
void target_timer_start(uint32_t cycles);
/* From the handler: the next one `cycles` ticks after this one. */
void target_timer_next(uint32_t cycles);
void target_timer_stop(void);
/* Called from the timer's interrupt handler; the program defines it. */
void target_tick(void);

/*
 * The interrupt mask the library's own port uses: PRIMASK on Cortex-M,
 * mstatus.MIE on RISC-V. Nonzero when interrupts are masked.
 */
uint32_t target_irq_masked(void);
void target_irq_mask(void);
void target_irq_unmask(void);

/* Nonzero when the stack went below the room target.ld gives it. */
int target_stack_overflowed(void);

/* Reports a fault or an unexpected trap, then ends the run (status 3). */
void target_trap(const char *what, uintptr_t pc, uintptr_t detail)
    __attribute__((noreturn));

/* Named in the fault report when set: what was running. */
extern const char *target_fault_context;

/* Cortex-M: thread mode goes on unprivileged (CONTROL.nPRIV), as an
 * MPU-protected RTOS task runs. ARMv7-M and ARMv8-M mainline. */
void arm_drop_privilege(void);

#endif /* TARGET_H */
