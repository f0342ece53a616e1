/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Lost wake-ups of the host lock. In each round a holder takes a pool's
 * lock (as a pool function does), lets a waiter call os_memblock_get() on
 * the pool, releases the lock after a delay that varies from round to
 * round, and then waits for the waiter to finish. The delays land the
 * release at every stage of the waiter's way to sleep: before it tries,
 * while it spins or yields, while it counts itself as a sleeper and
 * fences, and once it is asleep. If a release ever missed a waiter going
 * to sleep, that waiter would sleep for good and the holder wait for it
 * for good: an alarm fails the test rather than letting it hang.
 *
 * tests/port.mk builds it against the default library, one whose waiters
 * sleep at their first failed try (-DOS_PORT_HOST_YIELDS=0) and the
 * fallback that naps (-DOS_PORT_HOST_NO_FUTEX).
 *
 * Usage: wake_race [ROUNDS]. Prints "port: N passed, N failed".
 */
#define _GNU_SOURCE 1

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "os/os_mempool.h"
#include "os_port_crit.h"

#if !OS_PORT_HOST
#error "this test is for the host port"
#endif

#define TIMEOUT 30

static os_membuf_t buf[OS_MEMPOOL_SIZE(2, 16)];
static struct os_mempool pool;
static sem_t waiter_go;
static sem_t waiter_done;
static long rounds = 20000;
static long failures;
static long waiter_sleeps;

static void
on_alarm(int sig)
{
    static const char msg[] = "port: a waiter was never woken (hung for the "
                              "whole timeout)\nport: 0 passed, 1 failed\n";

    (void)sig;
    if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0) {
        _exit(2);
    }
    _exit(1);
}

static void
semaphore_wait(sem_t *sem)
{
    while (sem_wait(sem) != 0) {
    }
}

static void *
waiter(void *arg)
{
    struct rusage usage;
    long round;

    (void)arg;
    for (round = 0; round < rounds; round++) {
        void *block;

        semaphore_wait(&waiter_go);
        block = os_memblock_get(&pool);
        if (block == NULL || os_memblock_put(&pool, block) != OS_OK) {
            failures++;
        }
        sem_post(&waiter_done);
    }
    if (getrusage(RUSAGE_THREAD, &usage) == 0) {
        waiter_sleeps = usage.ru_nvcsw;
    }
    return NULL;
}

/* A delay of about n loop turns, without a system call. */
static void
spin(unsigned int n)
{
    volatile unsigned int i;

    for (i = 0; i < n; i++) {
    }
}

int
main(int argc, char **argv)
{
    unsigned int seed = 1;
    pthread_t w;
    long round;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1) {
        rounds = atol(argv[1]);
    }
    signal(SIGALRM, on_alarm);
    alarm(TIMEOUT);
    if (os_mempool_init(&pool, 2, 16, buf, "race") != OS_OK ||
        sem_init(&waiter_go, 0, 0) != 0 || sem_init(&waiter_done, 0, 0) != 0 ||
        pthread_create(&w, NULL, waiter, NULL) != 0) {
        printf("port: setup failed\nport: 0 passed, 1 failed\n");
        return 1;
    }
    for (round = 0; round < rounds; round++) {
        os_sr_t sr = os_crit_enter(&pool.mp_lock);

        sem_post(&waiter_go);
        /* 0 to about 30 us, then and now much longer. */
        seed = seed * 1103515245u + 12345u;
        spin((seed >> 16) % (round % 64 == 0 ? 200000 : 20000));
        os_crit_exit(&pool.mp_lock, sr);
        semaphore_wait(&waiter_done);
    }
    pthread_join(w, NULL);
    printf("port: %ld rounds of a release racing a waiter on its way to "
           "sleep: the waiter waited in the kernel %ld times, %ld failed "
           "calls\n",
           rounds, waiter_sleeps, failures);
    if (failures == 0 && os_mempool_is_sane(&pool) && pool.mp_num_free == 2) {
        printf("port: 1 passed, 0 failed\n");
        return 0;
    }
    printf("port: 0 passed, 1 failed\n");
    return 1;
}
