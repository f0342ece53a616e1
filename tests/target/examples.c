/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The docs examples on the target, all in one image: each example's main()
 * (renamed by -Dmain=example_NAME) runs in turn and must return 0 and
 * print exactly docs/examples/NAME.out (nothing when there is none), as on
 * the host (tests/docs/examples.c). The registry is emptied before each,
 * as a program starts with it empty. One line per example, PASS or FAIL.
 */
#include <stdio.h>
#include <string.h>

#include "examples.h"
#include "os/os_mempool.h"
#include "target.h"

static char captured[4096];
static size_t captured_len;
static int captured_overflow;

static void
capture(char c)
{
    if (captured_len < sizeof(captured) - 1) {
        captured[captured_len++] = c;
    } else {
        captured_overflow = 1;
    }
}

int
main(void)
{
    const struct target_example *e;
    int failed = 0;
    int rc;

    for (e = target_examples; e->file != NULL; e++) {
        os_mempool_module_init();
        captured_len = 0;
        captured_overflow = 0;
        target_fault_context = e->file;
        target_capture = capture;
        rc = e->main();
        target_capture = NULL;
        target_fault_context = NULL;
        captured[captured_len] = '\0';
        if (rc != 0) {
            printf("example %s: FAIL: returned %d\n", e->file, rc);
            failed++;
        } else if (captured_overflow ||
                   strcmp(captured, e->output != NULL ? e->output : "") != 0) {
            printf("example %s: FAIL: printed something else:\n%s\n", e->file,
                   captured);
            failed++;
        } else {
            printf("example %s: PASS\n", e->file);
        }
    }
    return failed != 0;
}
