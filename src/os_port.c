/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

#include "os_port_crit.h"

#if OS_PORT_HOST

#include <sched.h>

/*
 * Spin a little, then yield. A pool operation holds the lock for a few
 * nanoseconds, so a short spin usually wins; yielding stops a waiter from
 * burning the core that the lock holder needs when there are more threads
 * than cores. A mutex was measured slower than malloc on the uncontended
 * path, which defeats the point of a pool.
 */
#define OS_PORT_SPINS 128

static inline void
os_port_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ volatile("yield");
#endif
}

void
os_port_lock_wait(uint8_t *lock)
{
    int spins;

    for (;;) {
        for (spins = 0; spins < OS_PORT_SPINS; spins++) {
            if (!__atomic_load_n(lock, __ATOMIC_RELAXED) &&
                !__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) {
                return;
            }
            os_port_pause();
        }
        sched_yield();
    }
}

#else

/* Nothing to do on ports without a lock; ISO C wants a declaration. */
typedef int os_port_no_lock_wait;

#endif
