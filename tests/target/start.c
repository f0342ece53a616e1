/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What every board does before main(), once the architecture's reset code
 * has a stack: RAM laid out as target.ld says, picolibc's thread-local
 * block (errno) in place. And the report of a fault or an unexpected trap,
 * which ends the run.
 */
#include <picolibc.h> /* before picotls.h, which it configures */
#include <picotls.h>
#include <string.h>

#include "target.h"

extern char __data_start[], __data_end[], __data_source[];
extern char __bss_start[], __bss_end[], __tls_base[];
/* The lowest address of the stack target.ld sets aside. */
extern uint32_t __heap_end[];

/* Written over the stack's room at reset: target_exit() finds it whole at
 * the bottom unless the program used more stack than target.ld gives. */
#define STACK_PAINT 0x5aa5c33cu

int main(void);
void target_start(void) __attribute__((noreturn));

const char *target_fault_context;

void
target_start(void)
{
    volatile uint32_t here = 0;
    uint32_t *p;

    /* Up to a little below this frame: what is above is in use. */
    for (p = __heap_end; (uintptr_t)p < (uintptr_t)&here - 64; p++) {
        *p = STACK_PAINT;
    }
    memcpy(__data_start, __data_source, (size_t)(__data_end - __data_start));
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    _init_tls(__tls_base);
    _set_tls(__tls_base);
    target_exit(main());
}

/* A program that starts the timer defines its handler. */
__attribute__((weak)) void
target_tick(void)
{
    target_trap("timer interrupt, no handler", 0, 0);
}

/* Hex without stdio: the trap may have come from inside printf. */
static void
put_hex(uintptr_t v)
{
    char s[2 + 2 * sizeof(v) + 1];
    size_t i;

    s[0] = '0';
    s[1] = 'x';
    for (i = 0; i < 2 * sizeof(v); i++) {
        s[2 + i] =
            "0123456789abcdef"[(v >> (4 * (2 * sizeof(v) - 1 - i))) & 15];
    }
    s[sizeof(s) - 1] = '\0';
    target_puts(s);
}

int
target_stack_overflowed(void)
{
    return __heap_end[0] != STACK_PAINT || __heap_end[1] != STACK_PAINT;
}

void
target_trap(const char *what, uintptr_t pc, uintptr_t detail)
{
    target_puts("\nFAIL: ");
    target_puts(what);
    target_puts(" at pc ");
    put_hex(pc);
    target_puts(" (");
    put_hex(detail);
    target_puts(")");
    if (target_fault_context != NULL) {
        target_puts(" in ");
        target_puts(target_fault_context);
    }
    target_puts("\n");
    target_exit(3);
}
