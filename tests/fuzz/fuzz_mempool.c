/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * libFuzzer target: the input is a sequence of operations on three pools,
 * each checked against the reference model of tests/model/ (which blocks
 * are free or held, the counters, the free list, the registry) and against
 * what the harness itself knows:
 *
 * - a block is never handed out twice (the model checks every get);
 * - every refused put or init leaves the pool, its buffer and the registry
 *   byte for byte as they were;
 * - the library never writes into a held block (each holds a pattern,
 *   checked after every operation);
 * - an extended pool's put callback is called exactly for the puts the
 *   model accepts, with the right arguments, outside the lock;
 * - os_mempool_is_sane() finds a broken free-list link it can be sure of;
 * - the registry lists the pools in order, with their names.
 *
 * Any difference aborts with a message, which libFuzzer reports as a crash.
 * Built with the debug options too: then the corruption hook must report
 * each refused put once, and nothing else, since the harness only damages
 * a pool between two is_sane() calls.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/os_mempool.h"
#include "pool_model.h"

#define NPOOLS 3
#define BUF_WORDS 256
/* Every block is at least OS_ALIGNMENT bytes apart. */
#define MAX_BLOCKS (BUF_WORDS * sizeof(os_membuf_t) / OS_ALIGNMENT)
#define WORD sizeof(uintptr_t)

/* Separate arrays, so AddressSanitizer puts a red zone between them. */
static os_membuf_t buf0[BUF_WORDS];
static os_membuf_t buf1[BUF_WORDS];
static os_membuf_t buf2[BUF_WORDS];
static os_membuf_t *const bufs[NPOOLS] = {buf0, buf1, buf2};

static struct os_mempool_ext pools[NPOOLS];
static struct pool_model models[NPOOLS];
static unsigned char states[NPOOLS][MAX_BLOCKS];
static struct registry_model registry;

/* What the harness knows beyond the model. */
static struct {
    int ready;         /* initialised at least once, successfully */
    int ext;           /* last init was os_mempool_ext_init() */
    int cb_mode;       /* put callback in place: -1 none, else a CB_ mode */
    unsigned char tag; /* pattern byte of the held blocks */
} pool_info[NPOOLS];

/* Pattern of each held block: its first word, then tag bytes. */
/*
 * The first two words of each held block, as the user last wrote them: the
 * first word, and what the second holds, compactly (a 16 KiB
 * microcontroller runs this harness too): the pool's pattern, or the tag of
 * the first word (HELD_TAG), or that tag with its low bit flipped.
 */
#define HELD_PATTERN 0
#define HELD_TAG 1
#define HELD_TAG_FLIPPED 2
static uintptr_t held_word[NPOOLS][MAX_BLOCKS];
static unsigned char held_second[NPOOLS][MAX_BLOCKS];

static char *const names[] = {
    NULL,
    "a",
    "b",
    "pool",
    "a name longer than the thirty-one characters of omi_name",
};

enum { CB_FREE, CB_KEEP, CB_FREE_TWICE, CB_MODES };

static struct {
    int calls;
    struct os_mempool_ext *ome;
    void *data;
    void *arg;
} cb_seen;

static const uint8_t *in;
static size_t in_left;
static unsigned op_count;

static void
fail(const char *what)
{
    fprintf(stderr, "fuzz_mempool: operation %u: %s\n", op_count, what);
    abort();
}

static void
expect(int ok, const char *what)
{
    if (!ok) {
        fail(what);
    }
}

static unsigned
next_byte(void)
{
    if (in_left == 0) {
        return 0;
    }
    in_left--;
    return *in++;
}

static uint32_t
next_u32(void)
{
    uint32_t v = 0;
    int i;

    for (i = 0; i < 4; i++) {
        v = v << 8 | next_byte();
    }
    return v;
}

/*
 * Reports of the corruption hook (debug builds). The harness damages pools
 * only between two is_sane() calls, so the only reports it may see are
 * those of the refused puts it makes itself: exactly one each, naming the
 * pool and the block, and none at any other time.
 */
static struct {
    int expected;             /* a refused put is under way */
    int count;                /* reports during it */
    struct os_mempool *mp;    /* what the last one named */
    void *block;
} reports;

#if OS_MEMPOOL_DEBUG
static void
hook_reports_refusals(struct os_mempool *mp, void *block, const char *what)
{
    if (!reports.expected) {
        fail(what);
    }
    reports.count++;
    reports.mp = mp;
    reports.block = block;
}
#endif

/* A put the harness knows must be refused: its report checked in debug
 * builds (none for a NULL block, an argument error rather than damage). */
static os_error_t
refused_put(struct os_mempool *mp, void *target, int from_cb)
{
    os_error_t rc;

    reports.expected = 1;
    reports.count = 0;
    rc = from_cb ? os_memblock_put_from_cb(mp, target)
                 : os_memblock_put(mp, target);
    reports.expected = 0;
    if (OS_MEMPOOL_DEBUG && target != NULL) {
        expect(reports.count == 1 && reports.mp == mp &&
                   reports.block == target,
               "refused put not reported once with its pool and block");
    } else {
        expect(reports.count == 0, "report for a put of NULL");
    }
    return rc;
}

static size_t
block_bytes(int p)
{
    return OS_ALIGN((size_t)models[p].block_size, OS_ALIGNMENT);
}

/* The bytes at the start of a block that the free list uses while it is
 * free: the link, and the tag when the block has room for two words. */
static size_t
head_bytes(int p)
{
    return block_bytes(p) >= 2 * WORD ? 2 * WORD : WORD;
}

static unsigned char *block_addr(int p, uint32_t i);

/* The first words held block i of pool p must hold (head_bytes() of them). */
static const unsigned char *
expected_head(int p, uint32_t i)
{
    static uintptr_t words[2];
    unsigned char *b = block_addr(p, i);

    words[0] = held_word[p][i];
    if (held_second[p][i] == HELD_PATTERN) {
        memset(&words[1], pool_info[p].tag, WORD);
    } else {
        words[1] = ~((uintptr_t)b ^ words[0]) ^
                   (uintptr_t)(held_second[p][i] == HELD_TAG_FLIPPED);
    }
    return (const unsigned char *)words;
}

static unsigned char *
block_addr(int p, uint32_t i)
{
    return pool_model_block(&models[p], i);
}

/* Held blocks still hold what the harness wrote; the model agrees with the
 * pool; the registry agrees with the model. */
static void
check_all(void)
{
    const char *err;
    uint32_t i;
    size_t j;
    int p;

    for (p = 0; p < NPOOLS; p++) {
        if (!pool_info[p].ready) {
            continue;
        }
        err = pool_model_compare(&models[p], &pools[p].mpe_mp);
        if (err != NULL) {
            fail(err);
        }
        for (i = 0; i < models[p].num_blocks; i++) {
            unsigned char *b = block_addr(p, i);

            if (models[p].state[i] != PM_HELD) {
                continue;
            }
            expect(memcmp(b, expected_head(p, i), head_bytes(p)) == 0,
                   "first words of a held block changed");
            for (j = head_bytes(p); j < block_bytes(p); j++) {
                expect(b[j] == pool_info[p].tag, "held block changed");
            }
        }
    }
    err = registry_model_compare(&registry, 16);
    if (err != NULL) {
        fail(err);
    }
}

/* Snapshot of everything a refused call must leave alone. */
struct snapshot {
    struct os_mempool_ext pools[NPOOLS];
    os_membuf_t bufs[NPOOLS][BUF_WORDS];
};

static struct snapshot before;
static struct snapshot after;

static void
take(struct snapshot *s)
{
    int p;

    memcpy(s->pools, pools, sizeof(pools));
    for (p = 0; p < NPOOLS; p++) {
        memcpy(s->bufs[p], bufs[p], sizeof(s->bufs[p]));
    }
}

static void
expect_unchanged(const char *what)
{
    take(&after);
    /* Byte for byte, padding included: both are copies of the same
     * memory, and the library must not have written any of it. */
    expect(memcmp(&before, &after, sizeof(before)) == 0, /* NOLINT */
           what);
}

static os_error_t
put_cb(struct os_mempool_ext *ome, void *data, void *arg)
{
    int p = (int)(ome - pools);
    os_error_t rc;

    cb_seen.calls++;
    cb_seen.ome = ome;
    cb_seen.data = data;
    cb_seen.arg = arg;
    expect(p >= 0 && p < NPOOLS, "callback got a foreign pool");
    switch (pool_info[p].cb_mode) {
    case CB_KEEP:
        return OS_ENOMEM;
    case CB_FREE_TWICE:
        /* The pool is not locked: the callback may call it. */
        expect(os_memblock_put_from_cb(&ome->mpe_mp, data) == OS_OK,
               "put_from_cb in the callback refused");
        rc = refused_put(&ome->mpe_mp, data, 1);
        expect(rc == OS_INVALID_PARAM, "second put_from_cb accepted");
        return OS_OK;
    default:
        return os_memblock_put_from_cb(&ome->mpe_mp, data);
    }
}

/* Fills a block just handed out with the pool's pattern. */
static void
mark_held(int p, unsigned char *b)
{
    uint32_t i = (uint32_t)pool_model_index(&models[p], b);

    memset(b, pool_info[p].tag, block_bytes(p));
    memcpy(&held_word[p][i], b, WORD);
    held_second[p][i] = HELD_PATTERN;
}

static void
op_init(int p)
{
    static const int odd_values[] = {
        0, -1, 1, 2, INT_MAX, INT_MIN, 65536, 65537, 1 << 26, 0x7ffffff8,
    };
    unsigned kind = next_byte();
    unsigned where = next_byte();
    int blocks;
    int size;
    uintptr_t addr;
    char *name = names[next_byte() % (sizeof(names) / sizeof(names[0]))];
    struct os_mempool *mp = &pools[p].mpe_mp;
    os_error_t want;
    os_error_t rc;
    int ext = (int)(kind & 1);
    int fits;

    switch ((kind >> 1) % 4) {
    case 0:
    case 1:
        blocks = (int)(next_byte() % 70);
        size = 1 + (int)(next_byte() % 130);
        break;
    case 2:
        blocks = (int)next_u32();
        size = (int)next_u32();
        break;
    default:
        blocks = odd_values[next_byte() % 10];
        size = odd_values[next_byte() % 10];
        break;
    }
    switch (where % 8) {
    case 4:
        /* Misaligned by 1 to OS_ALIGNMENT - 1 bytes. */
        addr = (uintptr_t)bufs[p] + 1 + next_byte() % (OS_ALIGNMENT - 1);
        break;
    case 5:
        addr = 0;
        break;
    case 6:
        /* Aligned, near the top of the address space: never written. */
        addr = (UINTPTR_MAX - (uintptr_t)next_byte() * OS_ALIGNMENT) &
               ~(uintptr_t)(OS_ALIGNMENT - 1);
        break;
    case 7:
        addr = (uintptr_t)bufs[p] +
               OS_ALIGNMENT * (uintptr_t)(1 + next_byte() % 4);
        break;
    default:
        addr = (uintptr_t)bufs[p];
        break;
    }
    want = pool_model_init_rc(blocks, size, (void *)addr);
    fits = addr >= (uintptr_t)bufs[p] &&
           addr < (uintptr_t)bufs[p] + sizeof(buf0) &&
           (uint64_t)blocks * pool_model_stride(size) <=
               (uintptr_t)bufs[p] + sizeof(buf0) - addr;
    /* A valid init writes the buffer: only into one that is big enough. */
    if (want == OS_OK && !fits && blocks > 0) {
        return;
    }
    if (next_byte() % 16 == 0) {
        rc = ext ? os_mempool_ext_init(NULL, blocks, size, (void *)addr, name)
                 : os_mempool_init(NULL, blocks, size, (void *)addr, name);
        expect(rc == OS_INVALID_PARAM, "init of NULL accepted");
        return;
    }
    take(&before);
    rc = ext ? os_mempool_ext_init(&pools[p], blocks, size, (void *)addr, name)
             : os_mempool_init(mp, blocks, size, (void *)addr, name);
    expect(rc == want, "init result differs from the model");
    if (rc != OS_OK) {
        expect_unchanged("failed init changed something");
        return;
    }
    expect(pool_model_init(&models[p], blocks, size, (void *)addr) == OS_OK,
           "model refused the init");
    registry_model_init(&registry, mp);
    expect(mp->name == name, "name not kept by pointer");
    pool_info[p].ready = 1;
    pool_info[p].ext = ext;
    pool_info[p].tag = (unsigned char)(0x11 * (p + 1) + blocks);
    if (ext) {
        expect(pools[p].mpe_put_cb == NULL && pools[p].mpe_put_arg == NULL,
               "ext_init left a callback");
        pool_info[p].cb_mode = -1;
    }
}

/* An address for put, put_from_cb or from: a block held, free, of another
 * pool, off a boundary, outside the buffer, NULL, elsewhere, or any. Only a
 * held block is ever written, and only those the model says are blocks are
 * read: the library must tell the others apart without touching them. */
static void *
pick_target(int p)
{
    const struct pool_model *m = &models[p];
    unsigned kind = next_byte();
    unsigned k = next_byte();
    uint32_t held = pool_model_held_count(m);
    int q = (p + 1 + (int)(k & 1)) % NPOOLS;
    static uintptr_t elsewhere;

    switch (kind % 11) {
    case 0:
    case 1:
    case 2:
        if (held > 0) {
            return block_addr(p, pool_model_held_index(m, k % held));
        }
        return NULL;
    case 3:
        return m->num_blocks > 0 ? block_addr(p, k % m->num_blocks) : NULL;
    case 4:
        /* Inside a block, off its start. */
        if (m->num_blocks == 0) {
            return NULL;
        }
        return (void *)((uintptr_t)block_addr(p, k % m->num_blocks) + 1 +
                        next_byte() % (m->stride - 1));
    case 5:
        /* Just past the end, or a stride before the start (addresses
         * only: computed as integers). */
        return (void *)((k & 1)
                            ? m->membuf + (uintptr_t)m->num_blocks * m->stride
                            : m->membuf - m->stride);
    case 6:
        if (pool_info[q].ready && models[q].num_blocks > 0) {
            return block_addr(q, k % models[q].num_blocks);
        }
        return bufs[q];
    case 7:
        return &elsewhere;
    case 9:
        /* Any address within 2 GiB of the buffer, either side: the
         * library's index test against the model's division. */
        return (void *)(m->membuf + (uintptr_t)(int32_t)next_u32());
    case 10:
        /* Any address at all. */
        return (void *)((uintptr_t)next_u32() << (k % 2 * 16) ^
                        (uintptr_t)next_u32() * (UINTPTR_MAX / 0xffffffffU));
    default:
        return NULL;
    }
}

static void
op_get(int p)
{
    struct os_mempool *mp = &pools[p].mpe_mp;
    unsigned char *b = os_memblock_get(mp);
    const char *err = pool_model_get(&models[p], b);

    if (err != NULL) {
        fail(err);
    }
    if (b != NULL) {
        mark_held(p, b);
    }
}

static void
op_put(int p, int from_cb)
{
    struct os_mempool *mp = &pools[p].mpe_mp;
    void *target = pick_target(p);
    os_error_t want = pool_model_put_rc(&models[p], target);
    int via_cb = !from_cb && pool_info[p].ext && pools[p].mpe_put_cb != NULL;
    uint32_t free_before = models[p].num_free;
    os_error_t rc;

    take(&before);
    memset(&cb_seen, 0, sizeof(cb_seen));
    if (want != OS_OK) {
        rc = refused_put(mp, target, from_cb);
    } else {
        rc = from_cb ? os_memblock_put_from_cb(mp, target)
                     : os_memblock_put(mp, target);
    }
    if (want != OS_OK) {
        expect(rc == want, "put of a bad block: wrong result");
        expect(cb_seen.calls == 0, "callback called for a bad block");
        expect_unchanged("refused put changed something");
        return;
    }
    if (!via_cb) {
        expect(rc == OS_OK, "put of a held block refused");
        expect(cb_seen.calls == 0, "callback called without a callback");
        pool_model_put(&models[p], target);
        return;
    }
    expect(cb_seen.calls == 1 && cb_seen.ome == &pools[p] &&
               cb_seen.data == target && cb_seen.arg == (void *)&pool_info[p],
           "callback not called once with the pool, block and argument");
    if (pool_info[p].cb_mode == CB_KEEP) {
        expect(rc == OS_ENOMEM, "callback's result not returned");
        expect_unchanged("callback kept the block, yet the pool changed");
        return;
    }
    expect(rc == OS_OK, "callback's put_from_cb failed");
    pool_model_put(&models[p], target);
    expect(models[p].num_free == free_before + 1, "model count");
}

static void
op_set_callback(int p)
{
    unsigned mode = next_byte() % (CB_MODES + 1);

    /* Allowed on any struct os_mempool_ext, extended or not: a pool not
     * initialised as extended must ignore it. */
    pools[p].mpe_put_cb = mode < CB_MODES ? put_cb : NULL;
    pools[p].mpe_put_arg = &pool_info[p];
    pool_info[p].cb_mode = mode < CB_MODES ? (int)mode : -1;
}

/* A user's write to the first words of a held block: what a free block
 * holds there (a link, NULL or to a block, and its tag when the block has
 * room for one), zeros, or anything: the double-put check must not take
 * the block for a free one. */
static void
op_write(int p)
{
    const struct pool_model *m = &models[p];
    uint32_t held = pool_model_held_count(m);
    unsigned k = next_byte();
    unsigned kind = next_byte();
    uintptr_t value[2];
    unsigned char *b;
    uint32_t i;

    if (held == 0) {
        return;
    }
    i = pool_model_held_index(m, k % held);
    b = block_addr(p, i);
    switch (kind % 4) {
    case 0:
        value[0] = 0;
        break;
    case 1:
        value[0] = (uintptr_t)block_addr(p, next_byte() % m->num_blocks);
        break;
    case 2:
        value[0] = (uintptr_t)b;
        break;
    default:
        value[0] = next_u32();
        break;
    }
    /* The tag a free block with that link has; now and then not. */
    value[1] = ~((uintptr_t)b ^ value[0]) ^ (uintptr_t)(kind >> 7);
    memcpy(b, value, head_bytes(p));
    held_word[p][i] = value[0];
    held_second[p][i] = (kind >> 7) ? HELD_TAG_FLIPPED : HELD_TAG;
}

/*
 * A stray write to a free block's link, between two is_sane() calls. A link
 * that leads outside the pool, or ends the list early, must be found; a
 * link to a block can make another consistent-looking list, so is_sane()
 * is only required to be false when the damage is certain.
 */
static void
op_corrupt(int p)
{
    const struct pool_model *m = &models[p];
    const struct os_mempool *mp = &pools[p].mpe_mp;
    struct os_memblock *b = SLIST_FIRST(mp);
    unsigned steps = next_byte();
    uintptr_t value = next_u32();
    unsigned k = next_byte();
    uintptr_t old[2];
    uintptr_t words[2];
    unsigned n = 0;

    if (b == NULL) {
        return;
    }
    /* Block number `steps` of the free list (at most the last). */
    while (n < steps % m->num_free && SLIST_NEXT(b, mb_next) != NULL) {
        b = SLIST_NEXT(b, mb_next);
        n++;
    }
    if (k & 1) {
        /* A link to some block of the pool, as a real pointer would be. */
        value = (uintptr_t)block_addr(p, (k >> 1) % m->num_blocks);
    }
    memcpy(old, b, head_bytes(p));
    if (value == old[0]) {
        return;
    }
    /* The link alone, or with the tag that matches it (k & 2), as if the
     * library had written it. */
    words[0] = value;
    words[1] = k & 2 ? ~((uintptr_t)b ^ value) : old[1];
    memcpy(b, words, head_bytes(p));
    if ((value != 0 && pool_model_index(m, (void *)value) < 0) ||
        (value == 0 && n + 1 < m->num_free) ||
        (head_bytes(p) > WORD && !(k & 2))) {
        expect(!os_mempool_is_sane(mp), "is_sane missed a broken link");
    } else {
        (void)os_mempool_is_sane(mp);
    }
    memcpy(b, old, head_bytes(p));
    expect(os_mempool_is_sane(mp), "is_sane false after the repair");
}

static void
op_from(int p)
{
    void *target = pick_target(p);
    int want = pool_model_from(&models[p], target);

    expect(os_memblock_from(&pools[p].mpe_mp, target) == want,
           "os_memblock_from differs from the model");
}

static void
op_lookup(void)
{
    struct os_mempool_info info;
    char *name = names[next_byte() % (sizeof(names) / sizeof(names[0]))];
    struct os_mempool *want = NULL;
    int i;

    /* The first registered pool with that name, in registry order. */
    for (i = 0; name != NULL && i < registry.num_registered; i++) {
        const struct os_mempool *mp = registry.order[i];

        if (mp->name != NULL && strcmp(mp->name, name) == 0) {
            want = (struct os_mempool *)mp;
            break;
        }
    }
    memset(&info, 0x7f, sizeof(info));
    expect(os_mempool_get(name, &info) == want, "os_mempool_get: wrong pool");
    if (want != NULL) {
        size_t len = strlen(name);

        if (len > OS_MEMPOOL_INFO_NAME_LEN - 1) {
            len = OS_MEMPOOL_INFO_NAME_LEN - 1;
        }
        /* The name, truncated, then a NUL. */
        expect(info.omi_num_free == (int)want->mp_num_free &&
                   memcmp(info.omi_name, name, len) == 0 &&
                   info.omi_name[len] == '\0',
               "os_mempool_get: wrong information");
    }
}

static void
reset(void)
{
    int p;

    /* The registry is global: forget the previous input's pools. */
    for (p = 0; p < NPOOLS; p++) {
        os_mempool_unregister(&pools[p].mpe_mp);
    }
    memset(pools, 0, sizeof(pools));
    memset(pool_info, 0, sizeof(pool_info));
    registry_model_setup(&registry);
    for (p = 0; p < NPOOLS; p++) {
        pool_model_setup(&models[p], states[p], MAX_BLOCKS);
        registry_model_track(&registry, &pools[p].mpe_mp, false);
        pool_info[p].cb_mode = -1;
    }
    op_count = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int p;

#if OS_MEMPOOL_DEBUG
    os_mempool_set_corrupt_hook(hook_reports_refusals);
#endif
    reset();
    in = data;
    in_left = size;
    while (in_left > 0) {
        unsigned op = next_byte();

        p = (int)(op >> 4) % NPOOLS;
        op_count++;
        if ((op & 15) == 0) {
            op_init(p);
        } else if ((op & 15) == 15) {
            /* Calls with a NULL pool, which nothing must mind. */
            expect(os_memblock_get(NULL) == NULL, "get(NULL)");
            expect(os_memblock_put(NULL, bufs[p]) == OS_INVALID_PARAM,
                   "put(NULL, ...)");
            expect(os_memblock_put_from_cb(NULL, bufs[p]) == OS_INVALID_PARAM,
                   "put_from_cb(NULL, ...)");
            expect(os_memblock_from(NULL, bufs[p]) == 0, "from(NULL, ...)");
            expect(os_mempool_clear(NULL) == OS_INVALID_PARAM, "clear(NULL)");
            expect(!os_mempool_is_sane(NULL), "is_sane(NULL)");
            expect(os_mempool_unregister(NULL) == OS_INVALID_PARAM,
                   "unregister(NULL)");
            op_lookup();
        } else if (!pool_info[p].ready) {
            continue;
        } else {
            switch (op & 15) {
            case 1:
            case 2:
            case 3:
                op_get(p);
                break;
            case 4:
            case 5:
            case 6:
                op_put(p, 0);
                break;
            case 7:
                op_put(p, 1);
                break;
            case 8:
                expect(os_mempool_clear(&pools[p].mpe_mp) == OS_OK, "clear");
                pool_model_clear(&models[p]);
                break;
            case 9:
                op_set_callback(p);
                break;
            case 10:
                expect(
                    os_mempool_unregister(&pools[p].mpe_mp) ==
                        registry_model_unregister(&registry, &pools[p].mpe_mp),
                    "unregister result differs from the model");
                break;
            case 11:
                op_write(p);
                break;
            case 12:
                op_corrupt(p);
                break;
            case 13:
                op_from(p);
                break;
            default:
                op_lookup();
                break;
            }
        }
        check_all();
    }
    /* Drain: every free block comes out once, then NULL. */
    for (p = 0; p < NPOOLS; p++) {
        while (pool_info[p].ready && models[p].num_free > 0) {
            op_get(p);
        }
        if (pool_info[p].ready) {
            op_get(p);
        }
    }
    check_all();
    return 0;
}
