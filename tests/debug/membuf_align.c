/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The header promises that an array of os_membuf_t is aligned for any
 * pool, wherever it is declared: a global, a local, a member of a struct
 * after a char. Built for every target and alignment the compiler checks
 * cover (including -m32 -DOS_ALIGNMENT=8, where the ABI aligns uint64_t on
 * 4 bytes only); exits 0 when os_mempool_init() accepts every such buffer.
 */
#include <stdio.h>

#include "os/os_mempool.h"

struct after_char {
    char c;
    os_membuf_t buf[OS_MEMPOOL_SIZE(4, 12)];
};

struct after_short {
    short s;
    os_membuf_t buf[OS_MEMPOOL_SIZE(4, 12)];
};

static struct after_char g_char;
static struct after_short g_short[3];
static os_membuf_t g_buf[OS_MEMPOOL_SIZE(4, 12)];

static int
accepts(void *buf, const char *what)
{
    struct os_mempool mp;
    os_error_t rc = os_mempool_init(&mp, 4, 12, buf, NULL);

    if (rc != OS_OK) {
        printf("%s: os_mempool_init returned %d\n", what, (int)rc);
        return 0;
    }
    return os_mempool_unregister(&mp) == OS_OK;
}

int
main(void)
{
    struct after_char l_char;
    struct after_short l_short[3];
    os_membuf_t l_buf[OS_MEMPOOL_SIZE(4, 12)];
    int ok = 1;
    int i;

    ok &= accepts(g_char.buf, "global struct member after a char");
    ok &= accepts(g_buf, "global array");
    ok &= accepts(l_char.buf, "local struct member after a char");
    ok &= accepts(l_buf, "local array");
    for (i = 0; i < 3; i++) {
        ok &= accepts(g_short[i].buf, "member of a global array of structs");
        ok &= accepts(l_short[i].buf, "member of a local array of structs");
    }
    return ok ? 0 : 1;
}
