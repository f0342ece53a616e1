/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What the debug options promise a user who has a memory bug: the damage a
 * buggy program does to a pool (writing a block after putting it back,
 * writing past a block's end, breaking a free-list link or a counter) reaches
 * the corruption hook with the damaged pool and block, and correct use never
 * does. (What os_mempool_is_sane() finds without a debug option, a broken
 * free list or counter, is tests/unit/test_sane.c's, run in more builds.)
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

#define NBLOCKS 4
#define BSIZE 32
/* Bytes of a block the user may write: the block size rounded up. */
#define BBYTES OS_ALIGN(BSIZE, OS_ALIGNMENT)

#if OS_MEMPOOL_DEBUG

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLOCKS, 100)];
static os_membuf_t other_buf[OS_MEMPOOL_SIZE(NBLOCKS, BSIZE)];
static struct os_mempool mp;
static struct os_mempool other;

static void
setup(void)
{
    ck_assert_int_eq(os_mempool_init(&mp, NBLOCKS, BSIZE, buf, "debug"), OS_OK);
    ck_assert_int_eq(
        os_mempool_init(&other, NBLOCKS, BSIZE, other_buf, "other"), OS_OK);
}

static void
teardown(void)
{
    os_mempool_unregister(&mp);
    os_mempool_unregister(&other);
}

/* Gets every block of mp, in the order they come. */
static void
get_all(struct os_mempool *pool, unsigned char *blocks[NBLOCKS])
{
    int i;

    for (i = 0; i < NBLOCKS; i++) {
        blocks[i] = os_memblock_get(pool);
        ck_assert_ptr_nonnull(blocks[i]);
    }
    ck_assert_ptr_null(os_memblock_get(pool));
}

#define MAX_CALLS 8

static struct hook_call {
    struct os_mempool *mp;
    void *block;
} calls[MAX_CALLS];
static int ncalls;

static void
record_hook(struct os_mempool *pool, void *block, const char *what)
{
    ck_assert_ptr_nonnull(what);
    ck_assert_int_gt((int)strlen(what), 0);
    if (ncalls < MAX_CALLS) {
        calls[ncalls].mp = pool;
        calls[ncalls].block = block;
    }
    ncalls++;
}

static void
hook_setup(void)
{
    ncalls = 0;
    os_mempool_set_corrupt_hook(record_hook);
    setup();
}

static void
hook_teardown(void)
{
    teardown();
    os_mempool_set_corrupt_hook(NULL);
}

/*
 * The first report names pool and block; any further one (the full check of
 * OS_MEMPOOL_CHECK finds the same damage again) names the same pool.
 */
static void
assert_reported(const struct os_mempool *pool, const void *block)
{
    int i;

    ck_assert_int_ge(ncalls, 1);
    ck_assert_int_le(ncalls, MAX_CALLS);
    ck_assert_ptr_eq(calls[0].mp, pool);
    ck_assert_ptr_eq(calls[0].block, block);
    for (i = 1; i < ncalls; i++) {
        ck_assert_ptr_eq(calls[i].mp, pool);
    }
}

/* A whole session of correct use, with several block sizes (one-word
 * blocks included): not one report. Every refused put, on the other hand,
 * is reported once, with its pool and block: Mynewt's checking builds
 * assert there, and callers often ignore what a put returns. */
START_TEST(test_correct_use_is_never_reported)
{
    static const int sizes[] = {1, (int)sizeof(void *), 13, BSIZE, 100};
    static const int order[NBLOCKS] = {2, 0, 3, 1};
    unsigned char *b[NBLOCKS];
    unsigned char *foreign;
    size_t s;
    int round;
    int i;

    foreign = os_memblock_get(&other);
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        size_t bytes = OS_ALIGN((size_t)sizes[s], OS_ALIGNMENT);

        ck_assert_int_eq(os_mempool_init(&mp, NBLOCKS, sizes[s], buf, "d"),
                         OS_OK);
        for (round = 0; round < 3; round++) {
            get_all(&mp, b);
            for (i = 0; i < NBLOCKS; i++) {
                /* Every byte of the block, the rounding included. */
                memset(b[i], 0xc0 + i, bytes);
            }
            ck_assert(os_mempool_is_sane(&mp));
            for (i = 0; i < NBLOCKS; i++) {
                ck_assert_int_eq(os_memblock_put(&mp, b[order[i]]), OS_OK);
            }
            ck_assert(os_mempool_is_sane(&mp));
            ck_assert_int_eq(ncalls, 0);
            /* Refused: already free, off a boundary, of another pool. */
            ck_assert_int_eq(os_memblock_put(&mp, b[2]), OS_INVALID_PARAM);
            assert_reported(&mp, b[2]);
            ncalls = 0;
            ck_assert_int_eq(os_memblock_put(&mp, b[1] + 1), OS_INVALID_PARAM);
            assert_reported(&mp, b[1] + 1);
            ncalls = 0;
            ck_assert_int_eq(os_memblock_put(&mp, foreign), OS_INVALID_PARAM);
            assert_reported(&mp, foreign);
            ncalls = 0;
            /* NULL is an argument error, not damage: no report. */
            ck_assert_int_eq(os_memblock_put(&mp, NULL), OS_INVALID_PARAM);
            ck_assert_int_eq(os_memblock_put(NULL, b[0]), OS_INVALID_PARAM);
            ck_assert_int_eq(ncalls, 0);
            ck_assert(os_mempool_is_sane(&mp));
            if (round == 1) {
                ck_assert_int_eq(os_mempool_clear(&mp), OS_OK);
            }
        }
    }
    ck_assert_int_eq(os_memblock_put(&other, foreign), OS_OK);
    ck_assert_int_eq(ncalls, 0);
}
END_TEST

START_TEST(test_set_hook_returns_the_previous_one)
{
    os_mempool_corrupt_fn *def;

    /* Function pointers: Check's pointer asserts take void *. */
    /* The fixture put record_hook in place. */
    ck_assert(os_mempool_set_corrupt_hook(NULL) == record_hook);
    def = os_mempool_set_corrupt_hook(record_hook);
    ck_assert(def != NULL);
    ck_assert(def != record_hook);
    ck_assert(os_mempool_set_corrupt_hook(NULL) == record_hook);
    /* NULL put the default back. */
    ck_assert(os_mempool_set_corrupt_hook(record_hook) == def);
}
END_TEST

/* Damages mp the way the first enabled option detects, then makes the
 * call that detects it; returns the block the report must name. */
static void *
damage_and_detect(void)
{
    unsigned char *b = os_memblock_get(&mp);

    ck_assert_ptr_nonnull(b);
    if (OS_MEMPOOL_POISON) {
        ck_assert_int_eq(os_memblock_put(&mp, b), OS_OK);
        b[BBYTES - 1] ^= 1;
        ck_assert_ptr_eq(os_memblock_get(&mp), b);
        return b;
    }
    if (OS_MEMPOOL_GUARD) {
        b[BBYTES] ^= 1;
        ck_assert_int_eq(os_memblock_put(&mp, b), OS_OK);
        return b;
    }
    mp.mp_num_free++;
    ck_assert_ptr_nonnull(os_memblock_get(&mp));
    return NULL;
}

/*
 * gcov writes its counters at exit, which abort() skips: the coverage build
 * (HARD_GCOV_DUMP defined) writes them from the SIGABRT handler, which then
 * returns and lets abort() kill the process with SIGABRT all the same.
 */
#ifdef HARD_GCOV_DUMP
void __gcov_dump(void); /* NOLINT: libgcov's, a reserved name */
#endif

static void
dump_coverage(int sig)
{
    (void)sig;
#ifdef HARD_GCOV_DUMP
    __gcov_dump();
#endif
}

/* Loop test: _i 0 for a named pool, 1 for a pool without a name. */
START_TEST(test_default_hook_aborts)
{
    signal(SIGABRT, dump_coverage);
    setup();
    if (_i == 1) {
        ck_assert_int_eq(os_mempool_init(&mp, NBLOCKS, BSIZE, buf, NULL),
                         OS_OK);
    }
    os_mempool_set_corrupt_hook(NULL);
    damage_and_detect();
    /* Not reached: the default hook aborts (the test expects SIGABRT). */
}
END_TEST

START_TEST(test_a_hook_that_returns_lets_the_call_go_on)
{
    void *block = damage_and_detect();

    assert_reported(&mp, block);
    /* The pool is still usable afterwards. */
    ck_assert_int_eq(os_mempool_clear(&mp), OS_OK);
    ck_assert_ptr_eq(os_memblock_get(&mp), buf);
}
END_TEST

/* A free list and a count that disagree reach the hook from get, which
 * then hands nothing out. */
START_TEST(test_list_and_count_disagreeing_is_reported_on_get)
{
    struct os_memblock *head = SLIST_FIRST(&mp);

    /* The list ends while blocks are counted free. */
    SLIST_FIRST(&mp) = NULL;
    ck_assert_ptr_null(os_memblock_get(&mp));
    assert_reported(&mp, NULL);
    SLIST_FIRST(&mp) = head;
    /* One block counted free while the list goes on. */
    ncalls = 0;
    mp.mp_num_free = 1;
    ck_assert_ptr_null(os_memblock_get(&mp));
    assert_reported(&mp, head);
    mp.mp_num_free = NBLOCKS;
    ck_assert(os_mempool_is_sane(&mp));
}
END_TEST

#endif /* OS_MEMPOOL_DEBUG */

#if OS_MEMPOOL_POISON

START_TEST(test_write_after_put_is_reported_on_get)
{
    unsigned char *b[NBLOCKS];
    size_t off;

    get_all(&mp, b);
    /* Any byte of the block counts, the last one included. */
    for (off = 0; off < BBYTES; off++) {
        unsigned char saved;

        ncalls = 0;
        ck_assert_int_eq(os_memblock_put(&mp, b[1]), OS_OK);
        saved = b[1][off];
        b[1][off] ^= 0xff;
        ck_assert_int_eq(ncalls, 0);
        if (off < 2 * sizeof(uintptr_t)) {
            /* The link or its tag: get does not follow the link, hands
             * nothing out, and reports the block. */
            ck_assert_ptr_null(os_memblock_get(&mp));
            assert_reported(&mp, b[1]);
            ck_assert(!os_mempool_is_sane(&mp));
            b[1][off] = saved;
            ck_assert(os_mempool_is_sane(&mp));
            ncalls = 0;
            ck_assert_ptr_eq(os_memblock_get(&mp), b[1]);
            ck_assert_int_eq(ncalls, 0);
        } else {
            /* The poison: the damaged block comes back (LIFO), reported. */
            ck_assert_ptr_eq(os_memblock_get(&mp), b[1]);
            assert_reported(&mp, b[1]);
        }
    }
}
END_TEST

START_TEST(test_is_sane_finds_a_write_after_put)
{
    unsigned char *b[NBLOCKS];

    get_all(&mp, b);
    ck_assert_int_eq(os_memblock_put(&mp, b[0]), OS_OK);
    ck_assert_int_eq(os_memblock_put(&mp, b[3]), OS_OK);
    b[0][BBYTES / 2] ^= 0xff;
    ck_assert(!os_mempool_is_sane(&mp));
    b[0][BBYTES / 2] ^= 0xff;
    ck_assert(os_mempool_is_sane(&mp));
    ck_assert_int_eq(ncalls, 0);
}
END_TEST

#endif /* OS_MEMPOOL_POISON */

#if OS_MEMPOOL_GUARD

START_TEST(test_bytes_include_the_guard)
{
    unsigned char *b[NBLOCKS];
    size_t stride = OS_ALIGN(13, OS_ALIGNMENT) + OS_ALIGNMENT;
    int i;

    ck_assert_uint_eq(OS_MEMPOOL_BYTES(NBLOCKS, 13), NBLOCKS * stride);
    ck_assert_uint_eq(OS_MEMPOOL_SIZE(NBLOCKS, 13) * sizeof(os_membuf_t),
                      NBLOCKS * stride);
    ck_assert_int_eq(os_mempool_init(&mp, NBLOCKS, 13, buf, "g"), OS_OK);
    get_all(&mp, b);
    for (i = 0; i < NBLOCKS; i++) {
        ck_assert_ptr_eq(b[i], (unsigned char *)buf + i * stride);
    }
}
END_TEST

/* A buffer of exactly OS_MEMPOOL_BYTES holds the last block's guard: the
 * pool never writes past it, and an overrun of the last block is caught. */
START_TEST(test_guard_stays_inside_the_buffer)
{
    static struct {
        os_membuf_t pool[OS_MEMPOOL_SIZE(NBLOCKS, 20)];
        unsigned char after[16];
    } mem;
    unsigned char *b[NBLOCKS];
    unsigned char *last;
    int i;

    memset(mem.after, 0x3c, sizeof(mem.after));
    ck_assert_int_eq(os_mempool_init(&mp, NBLOCKS, 20, mem.pool, "g"), OS_OK);
    get_all(&mp, b);
    for (i = 0; i < NBLOCKS; i++) {
        ck_assert_int_eq(os_memblock_put(&mp, b[i]), OS_OK);
    }
    ck_assert_int_eq(os_mempool_clear(&mp), OS_OK);
    for (i = 0; i < (int)sizeof(mem.after); i++) {
        ck_assert_uint_eq(mem.after[i], 0x3c);
    }
    get_all(&mp, b);
    last = b[NBLOCKS - 1];
    ck_assert_uint_eq(
        (uintptr_t)(last + OS_ALIGN(20, OS_ALIGNMENT) + OS_ALIGNMENT),
        (uintptr_t)mem.after);
    last[OS_ALIGN(20, OS_ALIGNMENT)] ^= 1;
    ck_assert_int_eq(ncalls, 0);
    ck_assert_int_eq(os_memblock_put(&mp, last), OS_OK);
    assert_reported(&mp, last);
}
END_TEST

START_TEST(test_overrun_is_reported_on_put)
{
    unsigned char *b[NBLOCKS];
    int i;

    get_all(&mp, b);
    for (i = 0; i < OS_ALIGNMENT; i++) {
        ncalls = 0;
        /* One byte too far, at each position of the guard. */
        b[2][BBYTES + i] ^= 0x80;
        ck_assert_int_eq(os_memblock_put(&mp, b[2]), OS_OK);
        assert_reported(&mp, b[2]);
        ck_assert_ptr_eq(os_memblock_get(&mp), b[2]);
        b[2][BBYTES + i] ^= 0x80;
    }
}
END_TEST

/* A memset one block too long runs over the guard into the next block:
 * reported for the block that overran, not for its neighbour. */
START_TEST(test_overrun_into_the_next_block_names_the_culprit)
{
    unsigned char *b[NBLOCKS];

    get_all(&mp, b);
    memset(b[0], 0, BBYTES + OS_ALIGNMENT + 8);
    ck_assert_int_eq(ncalls, 0);
    ck_assert_int_eq(os_memblock_put(&mp, b[0]), OS_OK);
    assert_reported(&mp, b[0]);
}
END_TEST

START_TEST(test_write_past_end_after_put_is_reported_on_get)
{
    unsigned char *b = os_memblock_get(&mp);

    ck_assert_int_eq(os_memblock_put(&mp, b), OS_OK);
    b[BBYTES] = 0;
    ck_assert_ptr_eq(os_memblock_get(&mp), b);
    assert_reported(&mp, b);
}
END_TEST

/* Any byte of any block's guard, the first block's and the last one's
 * included. */
START_TEST(test_is_sane_finds_an_overrun_of_a_held_block)
{
    unsigned char *b[NBLOCKS];
    int i;
    int at;

    get_all(&mp, b);
    for (i = 0; i < NBLOCKS; i++) {
        for (at = 0; at < OS_ALIGNMENT; at += OS_ALIGNMENT - 1) {
            b[i][BBYTES + at] ^= 1;
            ck_assert_msg(!os_mempool_is_sane(&mp),
                          "overrun of block %d, byte %d of its guard, not "
                          "found",
                          i, at);
            b[i][BBYTES + at] ^= 1;
            ck_assert(os_mempool_is_sane(&mp));
        }
    }
    ck_assert_int_eq(ncalls, 0);
}
END_TEST

#endif /* OS_MEMPOOL_GUARD */

#if OS_MEMPOOL_CHECK

/* Leaves b[0] held and the free list b1 -> b2 -> b3. */
static void
hold_first_free_rest(unsigned char *b[NBLOCKS])
{
    int i;

    get_all(&mp, b);
    for (i = NBLOCKS - 1; i > 0; i--) {
        ck_assert_int_eq(os_memblock_put(&mp, b[i]), OS_OK);
    }
}

/* Flips one bit of the free-list link of a free block, as a stray write. */
static struct os_memblock *
corrupt_link(void *block)
{
    struct os_memblock *mb = block;
    struct os_memblock *old = SLIST_NEXT(mb, mb_next);

    SLIST_NEXT(mb, mb_next) =
        (struct os_memblock *)((uintptr_t)old ^ (uintptr_t)1 << 4);
    return old;
}

START_TEST(test_broken_link_is_reported_on_put)
{
    unsigned char *b[NBLOCKS];
    struct os_memblock *old;

    /* A stray write breaks b2's link. */
    hold_first_free_rest(b);
    old = corrupt_link(b[2]);
    ck_assert_int_eq(ncalls, 0);
    ck_assert_int_eq(os_memblock_put(&mp, b[0]), OS_OK);
    /* The damage is in the list, not in the block being put. */
    assert_reported(&mp, NULL);
    SLIST_NEXT((struct os_memblock *)b[2], mb_next) = old;
    ck_assert(os_mempool_is_sane(&mp));
}
END_TEST

START_TEST(test_wrong_count_is_reported_on_get_and_put)
{
    unsigned char *b = os_memblock_get(&mp);

    /* One free block fewer counted than listed. */
    mp.mp_num_free--;
    ck_assert_int_eq(os_memblock_put(&mp, b), OS_OK);
    assert_reported(&mp, NULL);
    ncalls = 0;
    ck_assert_ptr_eq(os_memblock_get(&mp), b);
    assert_reported(&mp, NULL);
    /* Every block counted free while one is held: the put is refused, as
     * the block cannot be one the pool lent. */
    ncalls = 0;
    mp.mp_num_free = NBLOCKS;
    ck_assert_int_eq(os_memblock_put(&mp, b), OS_INVALID_PARAM);
    assert_reported(&mp, b);
}
END_TEST

#if OS_MEMPOOL_POISON
/* With the full check, a write to any free block is found on the next
 * call, whichever block that call hands out. */
START_TEST(test_write_to_another_free_block_is_reported_on_get)
{
    unsigned char *b[NBLOCKS];

    get_all(&mp, b);
    ck_assert_int_eq(os_memblock_put(&mp, b[3]), OS_OK);
    ck_assert_int_eq(os_memblock_put(&mp, b[2]), OS_OK);
    b[3][BBYTES - 1] = 0;
    ck_assert_ptr_eq(os_memblock_get(&mp), b[2]);
    assert_reported(&mp, NULL);
}
END_TEST
#endif

#if OS_MEMPOOL_GUARD
/* With the full check, an overrun of a block still held is found on the
 * next call on the pool. */
START_TEST(test_overrun_of_a_held_block_is_reported_on_any_call)
{
    unsigned char *b[NBLOCKS];

    get_all(&mp, b);
    b[1][BBYTES] ^= 1;
    ck_assert_int_eq(os_memblock_put(&mp, b[0]), OS_OK);
    assert_reported(&mp, NULL);
}
END_TEST
#endif

#endif /* OS_MEMPOOL_CHECK */

Suite *
corrupt_suite(void)
{
    Suite *s = suite_create("corrupt");
    TCase *tc = tcase_create("corrupt");

#if OS_MEMPOOL_DEBUG
    tcase_add_checked_fixture(tc, hook_setup, hook_teardown);
    tcase_add_test(tc, test_correct_use_is_never_reported);
    tcase_add_test(tc, test_set_hook_returns_the_previous_one);
    tcase_add_test(tc, test_a_hook_that_returns_lets_the_call_go_on);
    tcase_add_test(tc, test_list_and_count_disagreeing_is_reported_on_get);
#endif
#if OS_MEMPOOL_POISON
    tcase_add_test(tc, test_write_after_put_is_reported_on_get);
    tcase_add_test(tc, test_is_sane_finds_a_write_after_put);
#endif
#if OS_MEMPOOL_GUARD
    tcase_add_test(tc, test_bytes_include_the_guard);
    tcase_add_test(tc, test_guard_stays_inside_the_buffer);
    tcase_add_test(tc, test_overrun_is_reported_on_put);
    tcase_add_test(tc, test_overrun_into_the_next_block_names_the_culprit);
    tcase_add_test(tc, test_write_past_end_after_put_is_reported_on_get);
    tcase_add_test(tc, test_is_sane_finds_an_overrun_of_a_held_block);
#endif
#if OS_MEMPOOL_CHECK
    tcase_add_test(tc, test_broken_link_is_reported_on_put);
    tcase_add_test(tc, test_wrong_count_is_reported_on_get_and_put);
#if OS_MEMPOOL_POISON
    tcase_add_test(tc, test_write_to_another_free_block_is_reported_on_get);
#endif
#if OS_MEMPOOL_GUARD
    tcase_add_test(tc, test_overrun_of_a_held_block_is_reported_on_any_call);
#endif
#endif
    suite_add_tcase(s, tc);

#if OS_MEMPOOL_DEBUG
    /* Its own case: no fixture, the default hook, and a child that must
     * die of SIGABRT (Check runs each test in a forked child). */
    tc = tcase_create("default-hook");
    tcase_add_loop_test_raise_signal(tc, test_default_hook_aborts, SIGABRT, 0,
                                     2);
    suite_add_tcase(s, tc);
#endif
    return s;
}
