/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A program of a CMake project that links mempool::mempool (or
 * mempool::static, mempool::shared). It uses a pool the way the manual does,
 * then prints the compile-time choices it was built with: tests/cmake/cmake.sh
 * compares them with the library's options, which must have reached it as
 * usage requirements. Exits 0 when the pool behaved as documented.
 */

#include <stdint.h>
#include <stdio.h>

#include "os/os_mempool.h"

#define BLOCKS 4
#define BLOCK_SIZE 24

static os_membuf_t app_buf[OS_MEMPOOL_SIZE(BLOCKS, BLOCK_SIZE)];
static struct os_mempool app_pool;

#if OS_MEMPOOL_DEBUG
/* With a debug option, the refused double put below is reported; the
 * default hook would abort. This one counts the reports. */
static unsigned long app_reports;

static void
app_count_report(struct os_mempool *mp, void *block, const char *what)
{
    (void)mp;
    (void)block;
    (void)what;
    app_reports++;
}
#endif

#if defined(OS_PORT_USER)
/* The user port: the application's critical section, here a counter that
 * shows the library entered it. */
static unsigned long app_critical_entries;

uintptr_t
os_port_enter_critical(void)
{
    app_critical_entries++;
    return 0;
}

void
os_port_exit_critical(uintptr_t state)
{
    (void)state;
}
#endif

static const char *
app_port(void)
{
#if defined(OS_PORT_USER)
    return app_critical_entries > 0 ? "user" : "user-never-entered";
#elif defined(OS_PORT_SINGLE_THREADED)
    return "single";
#elif OS_PORT_HOST
    return "host";
#elif OS_PORT_CORTEX_M
    return "cortex-m";
#else
    return "other";
#endif
}

int
main(void)
{
    void *first;
    void *second;

#if OS_MEMPOOL_DEBUG
    os_mempool_set_corrupt_hook(app_count_report);
#endif
    if (os_mempool_init(&app_pool, BLOCKS, BLOCK_SIZE, app_buf, "cmake") !=
        OS_OK) {
        return 1;
    }
    first = os_memblock_get(&app_pool);
    second = os_memblock_get(&app_pool);
    if (first == NULL || second == NULL || app_pool.mp_num_free != BLOCKS - 2) {
        return 1;
    }
    /* A block put twice is refused, the pool unchanged. */
    if (os_memblock_put(&app_pool, first) != OS_OK ||
        os_memblock_put(&app_pool, first) != OS_INVALID_PARAM ||
        os_memblock_put(&app_pool, second) != OS_OK ||
        app_pool.mp_num_free != BLOCKS || app_pool.mp_min_free != BLOCKS - 2) {
        return 1;
    }
#if OS_MEMPOOL_DEBUG
    if (app_reports != 1) {
        return 1;
    }
#endif
    printf("version=%d.%d.%d port=%s alignment=%d poison=%d guard=%d "
           "check=%d\n",
           OS_MEMPOOL_VERSION_MAJOR, OS_MEMPOOL_VERSION_MINOR,
           OS_MEMPOOL_VERSION_PATCH, app_port(), OS_ALIGNMENT,
           OS_MEMPOOL_POISON, OS_MEMPOOL_GUARD, OS_MEMPOOL_CHECK);
    return 0;
}
