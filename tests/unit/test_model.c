/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Model-based random test: a seeded sequence of random operations over three
 * pools of different block sizes (the second one extended, with a put
 * callback), each checked against the reference model of tests/model/ right
 * after it runs: result codes, counters, the set of free blocks, the
 * registry, is_sane, and the contents of the blocks the test holds.
 *
 * The seed is printed; set MEMPOOL_TEST_SEED to replay a failing run.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/os_mempool.h"
#include "pool_model.h"
#include "suites.h"

#define STEPS 100000L
#define DEFAULT_SEED UINT64_C(20261122)
#define NPOOLS 3
#define EXT 1 /* the pool with a put callback */
#define MAXBLK 48
#define MAXSIZE (3 * OS_ALIGNMENT + 1)

static os_membuf_t mbuf[NPOOLS][OS_MEMPOOL_SIZE(MAXBLK, MAXSIZE)];
static unsigned char shadow[NPOOLS][sizeof(mbuf[0])];
static struct os_mempool_ext mpool[NPOOLS];
static unsigned char mstate[NPOOLS][MAXBLK];
static struct pool_model model[NPOOLS];
static struct registry_model reg;
static char *pnames[NPOOLS] = {"model-0", "model-1", "model-2"};

/* What the run exercised, printed at the end so a change that starves an
 * operation shows. */
static struct {
    long puts_ok;
    long puts_refused;
    long callbacks;
    long inits_ok;
    long inits_refused;
    long empty_gets;
} stats;

static uint64_t rng_state;
static uint64_t seed;
static long step;
static const char *op = "start";

/* The put callback's behaviour, chosen by the test. */
enum cb_mode { CB_NONE, CB_FREE, CB_KEEP, CB_ERROR, CB_MODES };

static struct {
    enum cb_mode mode;
    int calls;
    void *expect_block;
    os_error_t result;
    char error[160];
} cb;

/* xorshift64*: fast, and the same sequence for a seed everywhere. */
static uint64_t
rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static uint32_t
below(uint32_t n)
{
    return (uint32_t)((rnd() >> 32) % n);
}

#define FAIL(...)                                                              \
    ck_abort_msg(                                                              \
        "seed %" PRIu64 ", step %ld (%s): %s", seed, step, op,                 \
        (snprintf(fail_msg, sizeof(fail_msg), __VA_ARGS__), fail_msg))

static char fail_msg[256];

static void
expect_rc(os_error_t got, int want)
{
    if ((int)got != want) {
        FAIL("returned %d, model says %d", (int)got, want);
    }
}

static struct os_mempool *
P(int i)
{
    return &mpool[i].mpe_mp;
}

static os_error_t
put_cb(struct os_mempool_ext *ome, void *data, void *arg)
{
    os_error_t rc;
    int want;

    cb.calls++;
    stats.callbacks++;
    if (ome != &mpool[EXT] || data != cb.expect_block || arg != &cb) {
        snprintf(cb.error, sizeof(cb.error),
                 "callback got pool %p block %p arg %p", (void *)ome, data,
                 arg);
        return OS_ERROR;
    }
    switch (cb.mode) {
    case CB_FREE:
        rc = os_memblock_put_from_cb(&ome->mpe_mp, data);
        want = pool_model_put(&model[EXT], data);
        if ((int)rc != want) {
            snprintf(cb.error, sizeof(cb.error),
                     "put_from_cb in callback returned %d, model %d", (int)rc,
                     want);
        }
        return rc;
    case CB_KEEP:
        return OS_OK;
    default:
        return cb.result;
    }
}

static void
set_cb_mode(enum cb_mode mode)
{
    cb.mode = mode;
    cb.result = below(2) ? OS_ENOMEM : OS_EBUSY;
    mpool[EXT].mpe_put_cb = mode == CB_NONE ? NULL : put_cb;
    mpool[EXT].mpe_put_arg = &cb;
}

/* Offset of a block in its buffer, for the shadow copy. */
static size_t
offset(int p, const void *block)
{
    return (size_t)((uintptr_t)block - (uintptr_t)mbuf[p]);
}

static void
fill_block(int p, void *block)
{
    unsigned char v = (unsigned char)rnd();
    size_t off = offset(p, block);
    uint32_t j;

    for (j = 0; j < model[p].block_size; j++) {
        shadow[p][off + j] = (unsigned char)(v + j * 7);
    }
    memcpy(block, &shadow[p][off], model[p].block_size);
}

static void
check_block(int p, const void *block)
{
    if (memcmp(block, &shadow[p][offset(p, block)], model[p].block_size) != 0) {
        FAIL("held block %p of pool %d was written by someone else", block, p);
    }
}

static void *
random_held(int p)
{
    uint32_t n = pool_model_held_count(&model[p]);

    if (n == 0) {
        return NULL;
    }
    return pool_model_block(&model[p],
                            pool_model_held_index(&model[p], below(n)));
}

static void *
random_free(int p)
{
    uint32_t i;

    if (model[p].num_free == 0) {
        return NULL;
    }
    do {
        i = below(model[p].num_blocks);
    } while (mstate[p][i] != PM_FREE);
    return pool_model_block(&model[p], i);
}

static void
do_get(int p)
{
    void *b = os_memblock_get(P(p));
    const char *err;

    op = "get";
    if ((err = pool_model_get(&model[p], b)) != NULL) {
        FAIL("pool %d: %s", p, err);
    }
    if (b != NULL) {
        fill_block(p, b);
    } else {
        stats.empty_gets++;
    }
}

/*
 * A put the model says must succeed or fail. On the extended pool with a
 * callback, a put that passes the checks goes to the callback and returns
 * what it returned; a refused one never reaches it.
 */
static void
do_put(int p, void *b, int from_cb)
{
    int want = pool_model_put_rc(&model[p], b);
    int via_cb = p == EXT && !from_cb && cb.mode != CB_NONE && want == OS_OK;
    os_error_t rc;

    cb.calls = 0;
    cb.error[0] = '\0';
    cb.expect_block = b;
    rc = from_cb ? os_memblock_put_from_cb(P(p), b) : os_memblock_put(P(p), b);
    if (cb.error[0] != '\0') {
        FAIL("%s", cb.error);
    }
    if (cb.calls != via_cb) {
        FAIL("callback called %d times, expected %d", cb.calls, via_cb);
    }
    if (via_cb) {
        want = cb.mode == CB_FREE
                   ? OS_OK
                   : (int)(cb.mode == CB_KEEP ? OS_OK : cb.result);
    } else {
        want = pool_model_put(&model[p], b);
    }
    expect_rc(rc, want);
    if (rc == OS_OK) {
        stats.puts_ok++;
    } else if (rc == OS_INVALID_PARAM) {
        stats.puts_refused++;
    }
}

static void
op_put_held(int p)
{
    void *b = random_held(p);

    op = "put";
    if (b != NULL) {
        check_block(p, b);
        do_put(p, b, below(5) == 0);
    }
}

static void
op_bad_put(int p)
{
    struct pool_model *m = &model[p];
    int q = (p + 1 + (int)below(NPOOLS - 1)) % NPOOLS;
    uintptr_t base = m->membuf;
    void *b;

    op = "bad put";
    switch (below(7)) {
    case 0: /* a block of another pool, held or free */
        b = below(2) ? random_held(q) : random_free(q);
        b = b != NULL ? b : (void *)mbuf[q];
        break;
    case 1: /* off a block boundary */
        b = random_held(p);
        b = b != NULL ? b : random_free(p);
        b = b != NULL ? (char *)b + 1 + below(m->stride - 1) : NULL;
        break;
    case 2:
        b = (void *)(base - m->stride * (1 + below(3)));
        break;
    case 3:
        b = (void *)(base + (uintptr_t)m->stride * (m->num_blocks + below(3)));
        break;
    case 4:
        b = NULL;
        break;
    case 5: /* NULL pool */
        cb.calls = 0;
        expect_rc(os_memblock_put(NULL, random_held(p)), OS_INVALID_PARAM);
        expect_rc(os_memblock_put_from_cb(NULL, random_held(p)),
                  OS_INVALID_PARAM);
        if (cb.calls != 0) {
            FAIL("callback called for a NULL pool");
        }
        return;
    default: /* double put of a free block */
        op = "double put";
        b = random_free(p);
        break;
    }
    if (os_memblock_from(P(p), b) != pool_model_from(m, b)) {
        FAIL("os_memblock_from(%p) disagrees with the model", b);
    }
    if (pool_model_put_rc(m, b) != OS_INVALID_PARAM) {
        return; /* an empty pool gave nothing bad to try */
    }
    do_put(p, b, below(2));
}

/* The user's words of a held block set to what a free block holds (a
 * link, and its tag when the block has room for it), or to something close;
 * the block must still go back exactly once. */
static void
op_link_like_word(int p)
{
    struct pool_model *m = &model[p];
    void *b = random_held(p);
    void *other;
    uintptr_t w[2];
    size_t len = sizeof(uintptr_t);

    op = "free-looking words";
    if (b == NULL || m->block_size < sizeof(uintptr_t)) {
        return;
    }
    other = below(2) ? random_free(p) : random_held(p);
    switch (below(4)) {
    case 0:
        w[0] = 0;
        break;
    case 1:
        w[0] = (uintptr_t)(other != NULL ? other : b);
        break;
    case 2:
        w[0] = (uintptr_t)b;
        break;
    default:
        w[0] = below(2) ? (uintptr_t)P(p)->slh_first : ~(uintptr_t)0;
        break;
    }
    if (m->block_size > sizeof(uintptr_t)) {
        w[1] = below(4) ? free_tag((uintptr_t)b, w[0]) : 0;
        len = sizeof(w);
    }
    memcpy(&shadow[p][offset(p, b)], w, len);
    memcpy(b, w, len);
}

static void
op_from(int p)
{
    struct pool_model *m = &model[p];
    void *b = (void *)(m->membuf - 2 * m->stride +
                       below((m->num_blocks + 4) * m->stride));

    op = "from";
    if (os_memblock_from(P(p), b) != pool_model_from(m, b)) {
        FAIL("os_memblock_from(%p) disagrees with the model", b);
    }
}

static void
op_clear(int p)
{
    op = "clear";
    expect_rc(os_mempool_clear(P(p)), OS_OK);
    pool_model_clear(&model[p]);
}

static void
op_unregister(int p)
{
    op = "unregister";
    expect_rc(os_mempool_unregister(P(p)),
              registry_model_unregister(&reg, P(p)));
}

/* A new shape for a pool, or a bad one that must leave it untouched. */
static void
op_init(int p)
{
    int size = 1 + (int)below(below(4) ? MAXSIZE : 4 * MAXSIZE);
    int room = (int)(sizeof(mbuf[p]) / pool_model_stride(size));
    int blocks = (int)below((uint32_t)(room < MAXBLK ? room : MAXBLK) + 1);
    char *mem = (char *)mbuf[p];
    os_error_t rc;
    int want;

    op = "init";
    switch (below(8)) {
    case 0:
        blocks = below(2) ? -1 : INT_MIN;
        break;
    case 1:
        size = below(2) ? 0 : -(int)below(100) - 1;
        break;
    case 2:
        mem += 1 + below(OS_ALIGNMENT - 1);
        break;
    case 3:
        blocks = INT_MAX;
        break;
    default:
        break;
    }
    want = pool_model_init(&model[p], blocks, size, mem);
    ck_assert_int_ge(want, 0);
    rc = p == EXT ? os_mempool_ext_init(&mpool[p], blocks, size, mem, pnames[p])
                  : os_mempool_init(P(p), blocks, size, mem, pnames[p]);
    expect_rc(rc, want);
    if (rc != OS_OK) {
        stats.inits_refused++;
    } else {
        stats.inits_ok++;
        registry_model_init(&reg, P(p));
        if (p == EXT) {
            if (mpool[EXT].mpe_put_cb != NULL) {
                FAIL("ext_init left the callback set");
            }
            cb.mode = CB_NONE;
        }
    }
}

static void
op_lookup(int p)
{
    struct os_mempool_info omi;
    struct os_mempool *want =
        registry_model_registered(&reg, P(p)) ? P(p) : NULL;

    op = "lookup";
    if (os_mempool_get(pnames[p], &omi) != want) {
        FAIL("os_mempool_get(\"%s\") wrong", pnames[p]);
    }
    if (want != NULL && (omi.omi_num_free != (int)model[p].num_free ||
                         omi.omi_min_free != (int)model[p].min_free ||
                         strcmp(omi.omi_name, pnames[p]) != 0)) {
        FAIL("os_mempool_get(\"%s\") filled wrong information", pnames[p]);
    }
}

static void
check_all(void)
{
    const char *err;
    void *b;
    int p;

    for (p = 0; p < NPOOLS; p++) {
        if ((err = pool_model_compare(&model[p], P(p))) != NULL) {
            FAIL("pool %d: %s", p, err);
        }
        if ((b = random_held(p)) != NULL) {
            check_block(p, b);
        }
    }
    if ((err = registry_model_compare(&reg, 64)) != NULL) {
        FAIL("%s", err);
    }
}

START_TEST(test_model_random_operations)
{
    static const int sizes[NPOOLS] = {1, 3 * OS_ALIGNMENT, MAXSIZE};
    const char *env = getenv("MEMPOOL_TEST_SEED");
    int p;
    uint32_t r;

    seed = env != NULL && *env != '\0' ? strtoull(env, NULL, 0) : DEFAULT_SEED;
    rng_state = seed != 0 ? seed : 1;
    printf("model: %ld random operations, seed %" PRIu64
           " (set MEMPOOL_TEST_SEED to change it)\n",
           STEPS, seed);
    registry_model_setup(&reg);
    memset(&cb, 0, sizeof(cb));
    memset(&stats, 0, sizeof(stats));
    for (p = 0; p < NPOOLS; p++) {
        pool_model_setup(&model[p], mstate[p], MAXBLK);
        registry_model_track(&reg, P(p), false);
        ck_assert_int_eq(pool_model_init(&model[p], MAXBLK, sizes[p], mbuf[p]),
                         OS_OK);
        ck_assert_int_eq(
            p == EXT
                ? os_mempool_ext_init(&mpool[p], MAXBLK, sizes[p], mbuf[p],
                                      pnames[p])
                : os_mempool_init(P(p), MAXBLK, sizes[p], mbuf[p], pnames[p]),
            OS_OK);
        registry_model_init(&reg, P(p));
    }
    check_all();
    for (step = 0; step < STEPS; step++) {
        p = (int)below(NPOOLS);
        r = below(1000);
        if (r < 330) {
            do_get(p);
        } else if (r < 640) {
            op_put_held(p);
        } else if (r < 760) {
            op_bad_put(p);
        } else if (r < 800) {
            op_link_like_word(p);
        } else if (r < 840) {
            op_from(p);
        } else if (r < 870) {
            op = "callback";
            set_cb_mode((enum cb_mode)below(CB_MODES));
        } else if (r < 875) {
            op_clear(p);
        } else if (r < 890) {
            op_unregister(p);
        } else if (r < 910) {
            op_init(p);
        } else {
            op_lookup(p);
        }
        check_all();
    }
    for (p = 0; p < NPOOLS; p++) {
        os_mempool_unregister(P(p));
    }
    printf("model: %ld puts taken, %ld refused, %ld callbacks, %ld gets "
           "found a pool empty, %ld inits, %ld refused\n",
           stats.puts_ok, stats.puts_refused, stats.callbacks, stats.empty_gets,
           stats.inits_ok, stats.inits_refused);
}
END_TEST

Suite *
model_suite(void)
{
    const TTest *tests[] = {test_model_random_operations, NULL};

    return unit_suite("model", tests, NULL, NULL, 120);
}
