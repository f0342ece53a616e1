/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Output and exit through semihosting, and picolibc's standard streams on
 * top of them. Lines are buffered and written whole, one debugger call
 * each; stderr is stdout, so messages keep their order.
 */
#include <stdio.h>
#include <string.h>

#include "target.h"

void (*target_capture)(char c);

static char line[128];
static size_t line_len;

void
target_puts(const char *s)
{
    (void)semihost_call(SEMIHOST_SYS_WRITE0, s);
}

static void
flush_line(void)
{
    line[line_len] = '\0';
    if (line_len > 0) {
        target_puts(line);
    }
    line_len = 0;
}

void
target_exit(int status)
{
    /* SYS_EXIT_EXTENDED, so that QEMU exits with the status itself (plain
     * SYS_EXIT on a 32-bit target only tells success from failure). */
    uintptr_t block[2];

    flush_line();
    if (target_stack_overflowed()) {
        target_puts("FAIL: the stack outgrew the room target.ld gives it\n");
        status = 4;
    }
    block[0] = SEMIHOST_ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uintptr_t)status;
    (void)semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
    for (;;) {
        /* QEMU has exited; nothing else runs. */
    }
}

static int
stream_put(char c, FILE *f)
{
    (void)f;
    if (target_capture != NULL) {
        target_capture(c);
        return (unsigned char)c;
    }
    line[line_len++] = c;
    if (c == '\n' || line_len == sizeof(line) - 1) {
        flush_line();
    }
    return (unsigned char)c;
}

static FILE stream =
    FDEV_SETUP_STREAM(stream_put, NULL, NULL, _FDEV_SETUP_WRITE);

FILE *const stdin = NULL;
FILE *const stdout = &stream;
FILE *const stderr = &stream;

/* What picolibc asks of an operating system: exit() ends here, and so
 * does abort() (raise(SIGABRT), unless the program handles it). */
void _exit(int status) __attribute__((noreturn));
int getpid(void);
int kill(int pid, int sig);

void
_exit(int status)
{
    target_exit(status);
}

int
getpid(void)
{
    return 1;
}

int
kill(int pid, int sig)
{
    (void)pid;
    printf("killed by signal %d\n", sig);
    target_exit(128 + sig);
}
