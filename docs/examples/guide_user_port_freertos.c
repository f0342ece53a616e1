/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The user port on FreeRTOS. In a task the library's critical section is
 * taskENTER_CRITICAL(), which nests by itself (and on a multi-core build
 * also takes the kernel's lock); in an interrupt handler it is
 * taskENTER_CRITICAL_FROM_ISR(), which returns the mask to restore.
 *
 * On the target this file includes "FreeRTOS.h" and "task.h". On a PC,
 * where make check compiles and runs it, the stand-ins below play the
 * kernel: a variable for the interrupt mask, a nesting count, and a flag
 * saying whether an interrupt handler is running. Returns 0 when nested
 * sections, in a task and in a handler, restore what they found, and a get
 * and a put leave the mask as they found it.
 *
 * example-cflags: -DOS_PORT_USER
 */
#include <stdint.h>

#include "os/os_mempool.h"

/* Stand-ins for FreeRTOS's portmacro.h and task.h, on a PC. */
typedef unsigned long UBaseType_t;
typedef long BaseType_t;
static UBaseType_t sim_mask;
static UBaseType_t sim_nesting;
static BaseType_t sim_in_handler;

static BaseType_t
xPortIsInsideInterrupt(void)
{
    return sim_in_handler;
}

static void
taskENTER_CRITICAL(void)
{
    sim_mask = 1;
    sim_nesting++;
}

static void
taskEXIT_CRITICAL(void)
{
    if (--sim_nesting == 0) {
        sim_mask = 0;
    }
}

static UBaseType_t
taskENTER_CRITICAL_FROM_ISR(void)
{
    UBaseType_t before = sim_mask;

    sim_mask = 1;
    return before;
}

static void
taskEXIT_CRITICAL_FROM_ISR(UBaseType_t before)
{
    sim_mask = before;
}

/* [freertos] */
/* What a task's section returns: no interrupt mask has this value. */
#define IN_TASK UINTPTR_MAX

uintptr_t
os_port_enter_critical(void)
{
    if (xPortIsInsideInterrupt()) {
        return (uintptr_t)taskENTER_CRITICAL_FROM_ISR();
    }
    taskENTER_CRITICAL();
    return IN_TASK;
}

void
os_port_exit_critical(uintptr_t state)
{
    if (state == IN_TASK) {
        taskEXIT_CRITICAL();
    } else {
        taskEXIT_CRITICAL_FROM_ISR((UBaseType_t)state);
    }
}
/* [freertos] */

/* Entered twice, left twice: masked in between, as found at the end. */
static int
nests(void)
{
    UBaseType_t found = sim_mask;
    uintptr_t outer = os_port_enter_critical();
    uintptr_t inner = os_port_enter_critical();

    os_port_exit_critical(inner);
    if (sim_mask != 1) {
        return 0;
    }
    os_port_exit_critical(outer);
    return sim_mask == found;
}

int
main(void)
{
    static os_membuf_t buf[OS_MEMPOOL_SIZE(4, 32)];
    static struct os_mempool pool;
    void *block;

    if (!nests()) {
        return 1;
    }
    sim_in_handler = 1;
    if (!nests()) {
        return 1;
    }
    sim_in_handler = 0;
    if (os_mempool_init(&pool, 4, 32, buf, "f") != OS_OK) {
        return 1;
    }
    block = os_memblock_get(&pool);
    if (block == NULL || os_memblock_put(&pool, block) != OS_OK ||
        sim_mask != 0 || sim_nesting != 0) {
        return 1;
    }
    return os_mempool_unregister(&pool) == OS_OK ? 0 : 1;
}
