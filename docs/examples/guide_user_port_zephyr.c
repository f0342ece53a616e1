/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The user port on Zephyr, single core: irq_lock() masks interrupts and
 * returns a key that irq_unlock() restores, so sections nest.
 *
 * On the target this file includes <zephyr/kernel.h>. On a PC, where make
 * check compiles and runs it, the stand-ins below play the kernel: a
 * variable for the interrupt mask. Returns 0 when nested sections restore
 * the mask and a get and a put leave it as they found it.
 *
 * example-cflags: -DOS_PORT_USER
 */
#include <stdint.h>

#include "os/os_mempool.h"

/* Stand-ins for Zephyr's irq_lock() and irq_unlock(), on a PC. */
static unsigned int sim_masked;

static unsigned int
irq_lock(void)
{
    unsigned int key = sim_masked;

    sim_masked = 1;
    return key;
}

static void
irq_unlock(unsigned int key)
{
    sim_masked = key;
}

/* [zephyr] */
uintptr_t
os_port_enter_critical(void)
{
    return irq_lock();
}

void
os_port_exit_critical(uintptr_t key)
{
    irq_unlock((unsigned int)key);
}
/* [zephyr] */

int
main(void)
{
    static os_membuf_t buf[OS_MEMPOOL_SIZE(4, 32)];
    static struct os_mempool pool;
    uintptr_t outer;
    uintptr_t inner;
    void *block;

    outer = os_port_enter_critical();
    inner = os_port_enter_critical();
    os_port_exit_critical(inner);
    if (sim_masked != 1) {
        return 1; /* the inner exit must leave interrupts masked */
    }
    os_port_exit_critical(outer);
    if (sim_masked != 0 || os_mempool_init(&pool, 4, 32, buf, "z") != OS_OK) {
        return 1;
    }
    block = os_memblock_get(&pool);
    if (block == NULL || os_memblock_put(&pool, block) != OS_OK ||
        sim_masked != 0) {
        return 1;
    }
    return os_mempool_unregister(&pool) == OS_OK ? 0 : 1;
}
