/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The user port in a firmware simulator whose interrupts are POSIX
 * signals, as Mynewt's native simulator models them. A timer "interrupt"
 * takes a buffer from a pool for each packet it receives and queues it;
 * the main loop, the simulator's task, takes packets off the queue and
 * puts their buffers back. Built with -DOS_PORT_USER (the library and this
 * program), the library's critical section is the simulator's own: the
 * interrupt signal blocked. Returns 0 when every packet arrived, in order,
 * and the pool ends whole.
 *
 * Built without -DOS_PORT_USER the library takes its host lock instead,
 * which a signal handler must never wait for (it could be waiting for the
 * very call it interrupted). This program then raises its "interrupt" from
 * the main loop rather than from a timer signal.
 *
 * example-host-only: POSIX signals and an interval timer
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <unistd.h>

#include "os/os_mempool.h"

#define PACKETS 2000
#define RX_BLOCKS 8

struct packet {
    uint32_t seq;
    uint8_t payload[60];
};

static os_membuf_t rx_buf[OS_MEMPOOL_SIZE(RX_BLOCKS, sizeof(struct packet))];
static struct os_mempool rx_pool;

/* Packets received and not yet handled, oldest first. The interrupt adds,
 * the task removes; at most RX_BLOCKS are ever waiting. */
static struct packet *rx_queue[RX_BLOCKS];
static unsigned int rx_head;
static unsigned int rx_tail;
static uint32_t rx_next_seq;

/* [critical-section] */
/* The simulator's interrupts: one signal, which its timer raises. */
#define SIM_IRQ SIGALRM

static void
sim_irq_mask(int how, sigset_t *before)
{
    sigset_t irq;

    sigemptyset(&irq);
    sigaddset(&irq, SIM_IRQ);
    sigprocmask(how, &irq, before);
}

uintptr_t
os_port_enter_critical(void)
{
    sigset_t before;

    sim_irq_mask(SIG_BLOCK, &before);
    /* What the exit restores: whether the interrupt was blocked already,
     * as it is inside another critical section or in the handler. */
    return (uintptr_t)sigismember(&before, SIM_IRQ);
}

void
os_port_exit_critical(uintptr_t was_blocked)
{
    if (!was_blocked) {
        sim_irq_mask(SIG_UNBLOCK, NULL);
    }
}
/* [critical-section] */

/* [interrupt] */
/* A packet arrives: the handler runs with SIM_IRQ blocked, like an
 * interrupt handler at its own priority, and may call the pool. */
static void
sim_rx_interrupt(int sig)
{
    struct packet *pkt = os_memblock_get(&rx_pool);

    (void)sig;
    if (pkt == NULL) {
        return; /* no buffer free: the packet is dropped */
    }
    pkt->seq = rx_next_seq++;
    rx_queue[rx_tail % RX_BLOCKS] = pkt;
    rx_tail++;
}
/* [interrupt] */

/* The next queued packet, or NULL: the task takes it with the interrupt
 * masked, through the same critical section the library uses. */
static struct packet *
rx_dequeue(void)
{
    struct packet *pkt = NULL;
    uintptr_t state = os_port_enter_critical();

    if (rx_head != rx_tail) {
        pkt = rx_queue[rx_head % RX_BLOCKS];
        rx_head++;
    }
    os_port_exit_critical(state);
    return pkt;
}

/* Starts (every 50 us) or stops the simulator's timer interrupt. */
static void
sim_timer(long period_us)
{
    struct itimerval timer = {{0, period_us}, {0, period_us}};

#ifdef OS_PORT_USER
    setitimer(ITIMER_REAL, &timer, NULL);
#else
    (void)timer; /* no signals without the user port, see above */
#endif
}

/* Nothing to do until the next interrupt. */
static void
sim_wait_for_interrupt(void)
{
#ifdef OS_PORT_USER
    pause();
#else
    sim_rx_interrupt(SIM_IRQ);
#endif
}

int
main(void)
{
    struct sigaction irq;
    struct packet *pkt;
    uint32_t received = 0;

    if (os_mempool_init(&rx_pool, RX_BLOCKS, sizeof(struct packet), rx_buf,
                        "rx") != OS_OK) {
        return 1;
    }
    irq.sa_handler = sim_rx_interrupt;
    sigemptyset(&irq.sa_mask);
    irq.sa_flags = SA_RESTART;
    sigaction(SIM_IRQ, &irq, NULL);
    sim_timer(50);

    /* [task] */
    while (received < PACKETS) {
        pkt = rx_dequeue();
        if (pkt == NULL) {
            sim_wait_for_interrupt();
            continue;
        }
        if (pkt->seq != received) {
            return 1;
        }
        received++;
        /* The interrupt may take a buffer while this put runs: the
         * library masks it for the few instructions that need it. */
        if (os_memblock_put(&rx_pool, pkt) != OS_OK) {
            return 1;
        }
    }
    /* [task] */

    sim_timer(0);
    while ((pkt = rx_dequeue()) != NULL) {
        if (os_memblock_put(&rx_pool, pkt) != OS_OK) {
            return 1;
        }
    }
    return rx_pool.mp_num_free == RX_BLOCKS && os_mempool_is_sane(&rx_pool)
               ? 0
               : 1;
}
