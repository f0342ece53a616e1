/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Stands between a library built with -DOS_PORT_USER and the application's
 * critical section. Linked with
 * -Wl,--wrap=os_port_enter_critical,--wrap=os_port_exit_critical, the
 * library's calls come here and go on to the application's functions; the
 * application's own calls, made in the file that defines them, are not
 * wrapped. Checks that the library does call them, in matching pairs, and
 * that each exit leaves the signal mask as the matching enter found it.
 * Built with -DUSER_WRAP_SIGNAL=SIG for a program whose critical section
 * blocks the signal SIG and whose handler of SIG calls the pool, it also
 * checks that some enters found SIG blocked already (calls from the
 * handler: nesting) and that their exits left it blocked. Prints what it
 * saw when the program exits, and makes the exit status 3 if anything was
 * wrong.
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

uintptr_t __real_os_port_enter_critical(void);
void __real_os_port_exit_critical(uintptr_t state);
uintptr_t __wrap_os_port_enter_critical(void);
void __wrap_os_port_exit_critical(uintptr_t state);

#define DEPTH_MAX 16

/* The signal masks found by the enters still open, innermost last. */
static sigset_t found[DEPTH_MAX];
static volatile sig_atomic_t depth;
static volatile sig_atomic_t deepest;
static volatile sig_atomic_t enters;
static volatile sig_atomic_t exits;
static volatile sig_atomic_t nested;
static volatile sig_atomic_t wrong;

static int
same_mask(const sigset_t *a, const sigset_t *b)
{
    int sig;

    for (sig = 1; sig < 32; sig++) {
        if (sigismember(a, sig) != sigismember(b, sig)) {
            return 0;
        }
    }
    return 1;
}

uintptr_t
__wrap_os_port_enter_critical(void)
{
    sigset_t before;
    uintptr_t state;

    sigprocmask(SIG_BLOCK, NULL, &before);
    state = __real_os_port_enter_critical();
    /* Inside the section now: nothing interrupts the bookkeeping. */
    if (depth >= DEPTH_MAX) {
        wrong++;
        return state;
    }
    found[depth] = before;
#ifdef USER_WRAP_SIGNAL
    if (sigismember(&before, USER_WRAP_SIGNAL)) {
        nested++;
    }
#endif
    depth++;
    if (depth > deepest) {
        deepest = depth;
    }
    enters++;
    return state;
}

void
__wrap_os_port_exit_critical(uintptr_t state)
{
    sigset_t expected;
    sigset_t after;

    if (depth <= 0) {
        wrong++;
        __real_os_port_exit_critical(state);
        return;
    }
    depth--;
    expected = found[depth];
    exits++;
    __real_os_port_exit_critical(state);
    sigprocmask(SIG_BLOCK, NULL, &after);
    if (!same_mask(&expected, &after)) {
        wrong++;
    }
}

static void __attribute__((destructor))
report(void)
{
    int need_nested = 0;

#ifdef USER_WRAP_SIGNAL
    /* The handler calls the pool: some enters found the signal blocked. */
    need_nested = 1;
#endif
    printf("port: the library entered the application's critical section "
           "%d times (%d with the interrupt already blocked, %d deep at "
           "most), left it %d times; %d exits left another signal mask than "
           "the enter found\n",
           (int)enters, (int)nested, (int)deepest, (int)exits, (int)wrong);
    fflush(stdout);
    if (enters == 0 || (need_nested && nested == 0) || enters != exits ||
        depth != 0 || wrong != 0) {
        printf("port: the library did not use the user port as it must\n");
        fflush(stdout);
        _exit(3);
    }
}
