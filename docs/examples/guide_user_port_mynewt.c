/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The user port on Apache Mynewt: the library's critical section is the
 * kernel's, OS_ENTER_CRITICAL and OS_EXIT_CRITICAL, which save the
 * interrupt mask and restore it (PRIMASK on a Cortex-M), so they nest.
 *
 * On the target this file includes "os/os.h". On a PC, where make check
 * compiles and runs it, the stand-ins below play the kernel: a variable
 * for the interrupt mask. Returns 0 when nested sections restore the mask
 * and a get and a put leave it as they found it.
 *
 * example-cflags: -DOS_PORT_USER
 */
#include <stdint.h>

#include "os/os_mempool.h"

/* Stand-ins for Mynewt's os_arch.h, on a PC. */
typedef uint32_t os_sr_t;
static os_sr_t sim_primask;

static os_sr_t
os_arch_save_sr(void)
{
    os_sr_t sr = sim_primask;

    sim_primask = 1;
    return sr;
}

static void
os_arch_restore_sr(os_sr_t sr)
{
    sim_primask = sr;
}

#define OS_ENTER_CRITICAL(sr) ((sr) = os_arch_save_sr())
#define OS_EXIT_CRITICAL(sr) os_arch_restore_sr(sr)

/* [mynewt] */
uintptr_t
os_port_enter_critical(void)
{
    os_sr_t sr;

    OS_ENTER_CRITICAL(sr);
    return sr;
}

void
os_port_exit_critical(uintptr_t sr)
{
    OS_EXIT_CRITICAL((os_sr_t)sr);
}
/* [mynewt] */

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
    if (sim_primask != 1) {
        return 1; /* the inner exit must leave interrupts masked */
    }
    os_port_exit_critical(outer);
    if (sim_primask != 0 || os_mempool_init(&pool, 4, 32, buf, "m") != OS_OK) {
        return 1;
    }
    block = os_memblock_get(&pool);
    if (block == NULL || os_memblock_put(&pool, block) != OS_OK ||
        sim_primask != 0) {
        return 1;
    }
    return os_mempool_unregister(&pool) == OS_OK ? 0 : 1;
}
