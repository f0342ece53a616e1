/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The interrupt race: the main loop and a timer interrupt that fires every
 * ~100 cycles (each interval drawn anew, so the interrupt lands everywhere
 * in the loop) both get and put blocks of two shared pools, one of them
 * extended with a put callback that frees the block. The handler also asks
 * os_mempool_is_sane() of both, walks the registry and takes a fourth pool
 * out of it, which the main loop initialises again, while the main loop
 * takes a third pool out of the registry and puts it back.
 *
 * What a user relies on, checked as it happens:
 * - no block is handed out twice: every block has an owner (free, main
 *   loop, handler), and a get must return a free one;
 * - the library never writes into a block that is held: each holder fills
 *   its block with its own pattern and finds it whole when it puts it;
 * - no legitimate put is refused, and an extended pool's callback is
 *   called once per put, with the interrupt mask of the caller (outside the
 *   pool's lock);
 * - the handler never sees a pool or the registry half-changed: is_sane is
 *   true there, the registry walk ends and lists the pools it must, in
 *   order; no registration or removal is lost while the other context
 *   changes the registry too;
 * - nothing is lost: with interrupts masked, the blocks held plus the
 *   pool's free count make the whole pool, and at the end every block comes
 *   out of the pool exactly once;
 * - every function that takes a lock leaves the interrupt mask as it found
 *   it: masked stays masked (a call inside the caller's own critical
 *   section must not end it), enabled stays enabled.
 *
 * The first failure ends the run with status 1; a fault ends it with 3.
 * Built with the single-threaded port, the same program must fail: that is
 * what shows the checks can see a race.
 *
 * Compile-time settings: RACE_TICKS_MIN/MAX, the interval between two
 * interrupts in timer ticks (the board's timer); RACE_INTERRUPTS, how many
 * interrupts the race lasts; RACE_UNPRIVILEGED (Cortex-M), the main loop
 * runs in unprivileged thread mode.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "os/os_mempool.h"
#include "target.h"

#ifndef RACE_TICKS_MIN
#define RACE_TICKS_MIN 60
#endif
#ifndef RACE_TICKS_MAX
#define RACE_TICKS_MAX 140
#endif
#ifndef RACE_INTERRUPTS
#define RACE_INTERRUPTS 6000
#endif
/* Interrupts in a row without the main loop moving: it is stuck. */
#define RACE_WATCHDOG 1000

#define BLOCK 16
#define PLAIN_BLOCKS 8
#define EXT_BLOCKS 6
#define CHURN_BLOCKS 4
#define HOP_BLOCKS 2
#define MAX_BLOCKS 8
/* More than a pool has, together: gets also find pools empty. */
#define MAIN_HOLD 6
#define ISR_HOLD 4

enum owner { FREE, MAIN, ISR };
static const char *const context_name[] = {"?", "main loop", "handler"};

/* The interrupt mask as the port in use sees it. */
#if defined(OS_PORT_USER)
#define PORT_NAME "user port (SVC into a privileged handler, BASEPRI)"
uint32_t user_port_masked(void);
void user_port_setup(void);

static uint32_t
race_masked(void)
{
    return user_port_masked();
}

static uintptr_t
race_mask(void)
{
    return os_port_enter_critical();
}

static void
race_unmask(uintptr_t state)
{
    os_port_exit_critical(state);
}
#else
#if OS_PORT_CORTEX_M
#define PORT_NAME "Cortex-M port (PRIMASK)"
#elif OS_PORT_RISCV
#define PORT_NAME "RISC-V port (mstatus.MIE)"
#else
#define PORT_NAME "single-threaded port (no critical section)"
#endif

static uint32_t
race_masked(void)
{
    return target_irq_masked();
}

static uintptr_t
race_mask(void)
{
    uintptr_t state = target_irq_masked();

    target_irq_mask();
    return state;
}

static void
race_unmask(uintptr_t state)
{
    if (!state) {
        target_irq_unmask();
    }
}
#endif

/*
 * Unprivileged with the Cortex-M port: `cpsid i` is ignored, so the main
 * loop cannot make a critical section of its own, nor can the library.
 */
#if defined(RACE_UNPRIVILEGED) && !defined(OS_PORT_USER)
#define RACE_OWN_MASK 0
#else
#define RACE_OWN_MASK 1
#endif

struct tracked {
    struct os_mempool *mp;
    unsigned char *buf;
    uint32_t blocks;
    volatile uint8_t owner[MAX_BLOCKS];
    volatile uint8_t pattern[MAX_BLOCKS];
};

struct holder {
    void *block[MAIN_HOLD];
    uint32_t count;
    uint32_t limit;
};

static os_membuf_t plain_buf[OS_MEMPOOL_SIZE(PLAIN_BLOCKS, BLOCK)];
static os_membuf_t ext_buf[OS_MEMPOOL_SIZE(EXT_BLOCKS, BLOCK)];
static os_membuf_t churn_buf[OS_MEMPOOL_SIZE(CHURN_BLOCKS, BLOCK)];
static os_membuf_t hop_buf[OS_MEMPOOL_SIZE(HOP_BLOCKS, BLOCK)];
static struct os_mempool plain;
static struct os_mempool_ext ext;
static struct os_mempool_ext churn;
static struct os_mempool hop;
static char plain_name[] = "race_plain";
static char ext_name[] = "race_ext";
static char churn_name[] = "race_churn";
static char hop_name[] = "race_hop";
/* Set once a pool's init has returned, cleared before it is unregistered:
 * while set, the pool must be in the registry. */
static volatile int churn_registered;
static volatile int hop_registered;

static struct tracked plain_t = {
    &plain, (unsigned char *)plain_buf, PLAIN_BLOCKS, {0}, {0}};
static struct tracked ext_t = {
    &ext.mpe_mp, (unsigned char *)ext_buf, EXT_BLOCKS, {0}, {0}};

/* Blocks held by each context, per pool. */
static struct holder main_plain = {{0}, 0, MAIN_HOLD};
static struct holder main_ext = {{0}, 0, MAIN_HOLD - 2};
static struct holder isr_plain = {{0}, 0, ISR_HOLD};
static struct holder isr_ext = {{0}, 0, ISR_HOLD - 1};

static volatile int in_isr;
static volatile int failing;
static volatile uint32_t interrupts;
static volatile uint32_t iterations;
static volatile int stop_requested;
static volatile int stopped;
static uint32_t main_rng = 0x9e3779b9u;
static uint32_t isr_rng = 0x7f4a7c15u;
static uint8_t serial;

/* Callback calls and the puts that should have made them, by context. */
static volatile uint32_t cb_calls[3];
static volatile uint32_t cb_puts[3];
static volatile uint32_t cb_expect_masked[3];

static struct {
    uint32_t gets, empty, puts, sane, walks, hops;
} stats[3];

static uint32_t
next_random(uint32_t *state)
{
    /* xorshift32 */
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

static int
context(void)
{
    return in_isr ? ISR : MAIN;
}

static void
race_fail(const char *what)
{
    /* The handler does nothing more: the first failure is the report. */
    failing = 1;
    printf("race: FAIL: %s (in the %s, iteration %lu, interrupt %lu)\n", what,
           context_name[context()], (unsigned long)iterations,
           (unsigned long)interrupts);
    target_exit(1);
}

/* The mask after a library call is the mask before it. */
static void
mask_kept(uint32_t before, const char *call)
{
    static char message[96];

    if (race_masked() != before) {
        snprintf(message, sizeof(message), "%s %s interrupts", call,
                 before ? "unmasked" : "masked");
        race_fail(message);
    }
}

static long
block_index(const struct tracked *t, const void *block)
{
    uintptr_t offset = (uintptr_t)block - (uintptr_t)t->buf;

    if ((uintptr_t)block < (uintptr_t)t->buf || offset % BLOCK != 0 ||
        offset / BLOCK >= t->blocks) {
        return -1;
    }
    return (long)(offset / BLOCK);
}

static uint32_t
count_owned(const struct tracked *t)
{
    uint32_t i;
    uint32_t n = 0;

    for (i = 0; i < t->blocks; i++) {
        n += t->owner[i] != FREE;
    }
    return n;
}

/* A get by the current context; NULL when the pool is empty. */
static void *
take(struct tracked *t)
{
    uint32_t masked = race_masked();
    int ctx = context();
    void *block = os_memblock_get(t->mp);
    long i;

    mask_kept(masked, "os_memblock_get");
    if (block == NULL) {
        stats[ctx].empty++;
        return NULL;
    }
    i = block_index(t, block);
    if (i < 0) {
        race_fail("os_memblock_get returned an address that is no block");
    }
    if (t->owner[i] != FREE) {
        race_fail("os_memblock_get handed out a block that is held");
    }
    t->owner[i] = (uint8_t)ctx;
    t->pattern[i] = (uint8_t)(ctx << 6 ^ serial++);
    memset(block, t->pattern[i], BLOCK);
    stats[ctx].gets++;
    return block;
}

/* A put by the current context of a block it holds; via_cb: with
 * os_memblock_put_from_cb() rather than os_memblock_put(). */
static void
give(struct tracked *t, void *block, int via_cb)
{
    uint32_t masked = race_masked();
    int ctx = context();
    long i = block_index(t, block);
    size_t j;
    os_error_t rc;

    for (j = 0; j < BLOCK; j++) {
        if (((unsigned char *)block)[j] != t->pattern[i]) {
            race_fail("the library wrote into a block that is held");
        }
    }
    /* Free before the put: once it returns, the other context may get it. */
    t->owner[i] = FREE;
    if (via_cb) {
        rc = os_memblock_put_from_cb(t->mp, block);
        mask_kept(masked, "os_memblock_put_from_cb");
    } else {
        if (t == &ext_t) {
            cb_puts[ctx]++;
            cb_expect_masked[ctx] = masked;
        }
        rc = os_memblock_put(t->mp, block);
        mask_kept(masked, "os_memblock_put");
    }
    if (rc != OS_OK) {
        race_fail("a put of a held block was refused");
    }
    stats[ctx].puts++;
}

/* The extended pool's callback: frees the block. */
static os_error_t
ext_put_cb(struct os_mempool_ext *ome, void *data, void *arg)
{
    uint32_t masked = race_masked();
    os_error_t rc;

    cb_calls[context()]++;
    if (ome != &ext || arg != &ext_t) {
        race_fail("the callback got another pool or argument");
    }
    if (masked != cb_expect_masked[context()]) {
        race_fail("the callback ran with the interrupt mask changed "
                  "(inside the pool's critical section?)");
    }
    rc = os_memblock_put_from_cb(&ome->mpe_mp, data);
    mask_kept(masked, "os_memblock_put_from_cb in the callback");
    return rc;
}

static void
hold_one(struct tracked *t, struct holder *h)
{
    void *block;

    if (h->count < h->limit) {
        block = take(t);
        if (block != NULL) {
            h->block[h->count++] = block;
        }
    }
}

static void
release_one(struct tracked *t, struct holder *h, uint32_t r, int via_cb)
{
    uint32_t k;

    if (h->count > 0) {
        k = r % h->count;
        give(t, h->block[k], via_cb);
        h->block[k] = h->block[--h->count];
    }
}

static void
check_sane(struct os_mempool *mp, const char *what)
{
    uint32_t masked = race_masked();
    int sane = os_mempool_is_sane(mp);

    mask_kept(masked, "os_mempool_is_sane");
    if (!sane) {
        race_fail(what);
    }
    stats[context()].sane++;
}

static void
check_info(const struct os_mempool_info *omi, int blocks, const char *name)
{
    if (omi->omi_block_size != BLOCK || omi->omi_num_blocks != blocks ||
        omi->omi_num_free < 0 || omi->omi_num_free > blocks ||
        omi->omi_min_free > omi->omi_num_free ||
        strcmp(omi->omi_name, name) != 0) {
        race_fail("the registry described a pool wrongly");
    }
}

/*
 * Walks the registry: it ends, lists the two shared pools first, in order,
 * then the third and the fourth, each at most once, in either order. When
 * complete (the other context cannot run meanwhile), every pool that must
 * be registered is listed.
 */
static void
walk_registry(int complete)
{
    struct os_mempool_info omi;
    struct os_mempool *mp = NULL;
    uint32_t masked = race_masked();
    int seen_churn = 0;
    int seen_hop = 0;
    int n = 0;

    for (;;) {
        mp = os_mempool_info_get_next(mp, &omi);
        mask_kept(masked, "os_mempool_info_get_next");
        if (mp == NULL) {
            break;
        }
        if (n == 0 && mp == &plain) {
            check_info(&omi, PLAIN_BLOCKS, plain_name);
        } else if (n == 1 && mp == &ext.mpe_mp) {
            check_info(&omi, EXT_BLOCKS, ext_name);
        } else if (n >= 2 && mp == &churn.mpe_mp && !seen_churn) {
            check_info(&omi, CHURN_BLOCKS, churn_name);
            seen_churn = 1;
        } else if (n >= 2 && mp == &hop && !seen_hop) {
            check_info(&omi, HOP_BLOCKS, hop_name);
            seen_hop = 1;
        } else {
            race_fail("the registry walk found a pool out of place");
        }
        n++;
    }
    if (n < 2) {
        race_fail("the registry lost one of the shared pools");
    }
    if (complete &&
        ((churn_registered && !seen_churn) || (hop_registered && !seen_hop))) {
        race_fail("the registry lost a pool that is registered");
    }
    mp = os_mempool_get(ext_name, &omi);
    mask_kept(masked, "os_mempool_get");
    if (mp != &ext.mpe_mp) {
        race_fail("os_mempool_get did not find the extended pool");
    }
    check_info(&omi, EXT_BLOCKS, ext_name);
    stats[context()].walks++;
}

/* The handler takes the fourth pool out of the registry. */
static void
unregister_hop(void)
{
    uint32_t masked = race_masked();
    os_error_t rc;

    if (!hop_registered) {
        return;
    }
    hop_registered = 0;
    rc = os_mempool_unregister(&hop);
    mask_kept(masked, "os_mempool_unregister");
    if (rc != OS_OK) {
        race_fail("os_mempool_unregister refused a registered pool");
    }
    stats[context()].hops++;
}

/* The main loop takes the third pool out and puts it back, at the end, and
 * registers the fourth again when the handler has taken it out. */
static void
churn_registry(void)
{
    churn_registered = 0;
    if (os_mempool_unregister(&churn.mpe_mp) != OS_OK) {
        race_fail("os_mempool_unregister refused a registered pool");
    }
    if (os_mempool_init(&churn.mpe_mp, CHURN_BLOCKS, BLOCK, churn_buf,
                        churn_name) != OS_OK) {
        race_fail("os_mempool_init refused the third pool");
    }
    churn_registered = 1;
}

static void
register_hop(void)
{
    if (!hop_registered) {
        if (os_mempool_init(&hop, HOP_BLOCKS, BLOCK, hop_buf, hop_name) !=
            OS_OK) {
            race_fail("os_mempool_init refused the fourth pool");
        }
        hop_registered = 1;
    }
}

static void
stop_timer_from_handler(void)
{
    target_timer_stop();
    stopped = 1;
}

void
target_tick(void)
{
    static uint32_t last_iteration;
    static uint32_t stalled;
    uint32_t r = next_random(&isr_rng);

    if (failing) {
        /* Not re-armed: a RISC-V compare left due would interrupt for ever. */
        target_timer_stop();
        return;
    }
    in_isr = 1;
    interrupts++;
    if (stop_requested) {
        stop_timer_from_handler();
        in_isr = 0;
        return;
    }
    if (iterations != last_iteration) {
        last_iteration = iterations;
        stalled = 0;
    } else if (++stalled == RACE_WATCHDOG) {
        race_fail("the main loop made no progress");
    }
    switch (r % 8) {
    case 0:
    case 1:
        hold_one(&plain_t, &isr_plain);
        break;
    case 2:
        release_one(&plain_t, &isr_plain, r >> 8, 0);
        break;
    case 3:
        hold_one(&ext_t, &isr_ext);
        break;
    case 4:
        release_one(&ext_t, &isr_ext, r >> 8, (r >> 16) % 4 == 0);
        break;
    case 5:
        check_sane(&plain, "os_mempool_is_sane false in the handler");
        check_sane(&ext.mpe_mp, "os_mempool_is_sane false in the handler");
        break;
    case 6:
        unregister_hop();
        break;
    default:
        walk_registry(1);
        break;
    }
    in_isr = 0;
    target_timer_next(RACE_TICKS_MIN +
                      (r >> 4) % (RACE_TICKS_MAX - RACE_TICKS_MIN + 1));
}

/* With interrupts masked: the blocks held and the free ones make the pool. */
static void
check_whole(const struct tracked *t, const char *what)
{
    if (count_owned(t) + t->mp->mp_num_free != t->blocks) {
        race_fail(what);
    }
}

/*
 * Every function that takes a lock, called with interrupts masked and with
 * them enabled, on the third pool (the handler only meets it in the
 * registry): each must leave the mask as it was. module_init empties the
 * registry, so it is called only before the race.
 */
static void
check_every_call(int masked_state, int with_module_init)
{
    struct os_mempool_info omi;
    uintptr_t state = 0;
    uint32_t masked;
    void *block;

    if (masked_state) {
        state = race_mask();
    }
    masked = race_masked();
    if (masked != (uint32_t)(masked_state != 0)) {
        race_fail("the test could not set the interrupt mask");
    }
    if (with_module_init) {
        os_mempool_module_init();
        mask_kept(masked, "os_mempool_module_init");
    }
    if (os_mempool_ext_init(&churn, CHURN_BLOCKS, BLOCK, churn_buf,
                            churn_name) != OS_OK) {
        race_fail("os_mempool_ext_init refused the third pool");
    }
    mask_kept(masked, "os_mempool_ext_init");
    churn_registered = 1;
    block = os_memblock_get(&churn.mpe_mp);
    mask_kept(masked, "os_memblock_get");
    if (block == NULL || os_memblock_put(&churn.mpe_mp, block) != OS_OK) {
        race_fail("get and put on the third pool");
    }
    mask_kept(masked, "os_memblock_put");
    block = os_memblock_get(&churn.mpe_mp);
    if (block == NULL ||
        os_memblock_put_from_cb(&churn.mpe_mp, block) != OS_OK) {
        race_fail("get and put_from_cb on the third pool");
    }
    mask_kept(masked, "os_memblock_put_from_cb");
    (void)os_memblock_get(&churn.mpe_mp);
    if (os_mempool_clear(&churn.mpe_mp) != OS_OK) {
        race_fail("os_mempool_clear");
    }
    mask_kept(masked, "os_mempool_clear");
    if (!os_mempool_is_sane(&churn.mpe_mp)) {
        race_fail("os_mempool_is_sane false on the third pool");
    }
    mask_kept(masked, "os_mempool_is_sane");
    if (os_mempool_info_get(&churn.mpe_mp, &omi) != OS_OK ||
        omi.omi_num_free != CHURN_BLOCKS) {
        race_fail("os_mempool_info_get");
    }
    mask_kept(masked, "os_mempool_info_get");
    churn_registered = 0;
    if (os_mempool_unregister(&churn.mpe_mp) != OS_OK) {
        race_fail("os_mempool_unregister");
    }
    mask_kept(masked, "os_mempool_unregister");
    if (os_mempool_init(&churn.mpe_mp, CHURN_BLOCKS, BLOCK, churn_buf,
                        churn_name) != OS_OK) {
        race_fail("os_mempool_init refused the third pool");
    }
    mask_kept(masked, "os_mempool_init");
    churn_registered = 1;
    if (!with_module_init) {
        walk_registry(masked_state);
    }
    if (masked_state) {
        race_unmask(state);
    }
}

/* One pass of the main loop. */
static void
main_step(void)
{
    uint32_t r = next_random(&main_rng);
    uintptr_t state;

    hold_one(&plain_t, &main_plain);
    hold_one(&ext_t, &main_ext);
    if (r % 3 != 0) {
        release_one(&plain_t, &main_plain, r >> 8, 0);
    }
    if ((r >> 2) % 3 != 0) {
        release_one(&ext_t, &main_ext, r >> 12, (r >> 4) % 4 == 0);
    }
    register_hop();
    if ((r >> 18) % 4 == 0) {
        churn_registry();
    }
    switch ((r >> 20) % 16) {
    case 0:
        walk_registry(0);
        break;
    case 1:
        if (RACE_OWN_MASK) {
            state = race_mask();
            walk_registry(1);
            race_unmask(state);
        }
        break;
    case 2:
        check_sane(&plain, "os_mempool_is_sane false in the main loop");
        break;
    case 3:
        if (RACE_OWN_MASK) {
            /* Calls inside the caller's own critical section; the
             * handler cannot run, so the pools must add up. */
            state = race_mask();
            hold_one(&plain_t, &main_plain);
            release_one(&ext_t, &main_ext, r, 0);
            check_whole(&plain_t, "a block of the plain pool was lost");
            check_whole(&ext_t, "a block of the extended pool was lost");
            check_sane(&plain, "os_mempool_is_sane false, interrupts masked");
            if (!race_masked()) {
                race_fail("the critical section ended early");
            }
            race_unmask(state);
        }
        break;
    case 4:
        if (RACE_OWN_MASK && (r & 0xf) == 0) {
            check_every_call(1, 0);
        } else if ((r & 0xf) == 1) {
            check_every_call(0, 0);
        }
        break;
    default:
        break;
    }
}

static void
release_all(struct tracked *t, struct holder *h)
{
    while (h->count > 0) {
        release_one(t, h, 0, 0);
    }
}

/* After the race: every block comes out once, then the pool is empty. */
static void
drain(struct tracked *t, const char *name)
{
    uint32_t i;

    if (t->mp->mp_num_free != t->blocks || !os_mempool_is_sane(t->mp)) {
        printf("race: %s: %lu of %lu blocks free at the end\n", name,
               (unsigned long)t->mp->mp_num_free, (unsigned long)t->blocks);
        race_fail("blocks were lost");
    }
    for (i = 0; i < t->blocks; i++) {
        if (take(t) == NULL) {
            race_fail("the pool ran out before its last block");
        }
    }
    if (os_memblock_get(t->mp) != NULL) {
        race_fail("the pool handed out more blocks than it has");
    }
    for (i = 0; i < t->blocks; i++) {
        give(t, t->buf + i * BLOCK, 0);
    }
}

int
main(void)
{
    printf("race: %s%s; an interrupt every %d to %d timer ticks, %d in all\n",
           PORT_NAME,
#ifdef RACE_UNPRIVILEGED
           ", main loop unprivileged",
#else
           "",
#endif
           RACE_TICKS_MIN, RACE_TICKS_MAX, RACE_INTERRUPTS);
    /* Interrupts enabled (RISC-V starts with them masked), none due yet. */
    target_irq_unmask();
    /* Before the race, every locking function, on an empty registry. */
    check_every_call(0, 1);
    check_every_call(1, 1);
    os_mempool_module_init();
    if (os_mempool_init(&plain, PLAIN_BLOCKS, BLOCK, plain_buf, plain_name) !=
            OS_OK ||
        os_mempool_ext_init(&ext, EXT_BLOCKS, BLOCK, ext_buf, ext_name) !=
            OS_OK ||
        os_mempool_init(&churn.mpe_mp, CHURN_BLOCKS, BLOCK, churn_buf,
                        churn_name) != OS_OK) {
        race_fail("init");
    }
    churn_registered = 1;
    register_hop();
    ext.mpe_put_cb = ext_put_cb;
    ext.mpe_put_arg = &ext_t;

#if defined(OS_PORT_USER)
    user_port_setup();
#endif
    target_timer_start(RACE_TICKS_MAX);
#ifdef RACE_UNPRIVILEGED
    arm_drop_privilege();
#endif
    while (interrupts < RACE_INTERRUPTS) {
        main_step();
        iterations++;
    }
    stop_requested = 1;
    while (!stopped) {
        /* The handler stops the timer (unprivileged code cannot). */
    }

    release_all(&plain_t, &main_plain);
    release_all(&plain_t, &isr_plain);
    release_all(&ext_t, &main_ext);
    release_all(&ext_t, &isr_ext);
    drain(&plain_t, plain_name);
    drain(&ext_t, ext_name);
    walk_registry(1);
    if (cb_calls[MAIN] != cb_puts[MAIN] || cb_calls[ISR] != cb_puts[ISR]) {
        race_fail("the callback was not called once per put");
    }
    printf("race: PASS: %lu iterations, %lu interrupts; main loop: %lu gets "
           "(%lu empty), %lu puts; handler: %lu gets (%lu empty), %lu puts, "
           "%lu is_sane, %lu registry walks, %lu removals\n",
           (unsigned long)iterations, (unsigned long)interrupts,
           (unsigned long)stats[MAIN].gets, (unsigned long)stats[MAIN].empty,
           (unsigned long)stats[MAIN].puts, (unsigned long)stats[ISR].gets,
           (unsigned long)stats[ISR].empty, (unsigned long)stats[ISR].puts,
           (unsigned long)stats[ISR].sane, (unsigned long)stats[ISR].walks,
           (unsigned long)stats[ISR].hops);
    return 0;
}
