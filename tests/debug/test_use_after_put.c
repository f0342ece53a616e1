/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Use after put: a block is put back, its owner writes into it anyway (its
 * first word cleared, as `a->next = NULL` does, its second word, both),
 * then puts it again. Whatever the write, the library never hands a block
 * out twice and never follows the damaged link: either the second put is
 * refused, or it is taken and the gets that follow stop at the damage (get
 * returns NULL, os_mempool_is_sane() is false) until the pool is cleared.
 * With a debug option on, the damage reaches the corruption hook. Built in
 * every configuration of tests/debug/, the default one included.
 *
 * The outcomes, as the design guide documents them:
 * - a block of two words or more keeps, in its second word, a tag made
 *   from its link: while the tag is there the block reads as free whatever
 *   its first word holds, so the second put is refused, the block
 *   untouched or its first word cleared alike;
 * - a write to the tag makes the block read as held: the second put is
 *   taken (unless every block is counted free, which refuses it), and the
 *   gets stop at the block the write damaged;
 * - a one-word block whose word was cleared still reads as a free one (its
 *   word is NULL): the second put is refused.
 */
#include <stdint.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

#define NBLOCKS 6
#define MAXSIZE 32

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLOCKS, MAXSIZE)];
static struct os_mempool pool;
static unsigned char *blocks[NBLOCKS];
static int reports;

#if OS_MEMPOOL_DEBUG
static void
count_report(struct os_mempool *mp, void *block, const char *what)
{
    (void)block;
    (void)what;
    ck_assert_ptr_eq(mp, &pool);
    reports++;
}
#endif

static void
setup(void)
{
    reports = 0;
#if OS_MEMPOOL_DEBUG
    os_mempool_set_corrupt_hook(count_report);
#endif
}

static void
teardown(void)
{
    os_mempool_unregister(&pool);
#if OS_MEMPOOL_DEBUG
    os_mempool_set_corrupt_hook(NULL);
#endif
}

/* The writes a use after put makes. */
enum write {
    FIRST_WORD,  /* the link: a->next = NULL */
    SECOND_WORD, /* the tag */
    BOTH_WORDS,
    NO_WRITE,
    NWRITES
};

static const char *const write_names[NWRITES] = {"first word", "second word",
                                                 "both words", "no write"};

/*
 * A pool of NBLOCKS blocks of `size` bytes, all handed out, then put back
 * in the order NBLOCKS-1 .. 0 except block `held`: the free list is block
 * 0 first (when not held), then up. Returns the number of free blocks.
 */
static uint32_t
prepare(int size, int held)
{
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLOCKS, size, buf, "uap"), OS_OK);
    for (i = 0; i < NBLOCKS; i++) {
        blocks[i] = os_memblock_get(&pool);
        ck_assert_ptr_nonnull(blocks[i]);
    }
    for (i = NBLOCKS - 1; i >= 0; i--) {
        if (i != held) {
            ck_assert_int_eq(os_memblock_put(&pool, blocks[i]), OS_OK);
        }
    }
    return pool.mp_num_free;
}

static void
write_after_put(unsigned char *a, enum write w, size_t words)
{
    uintptr_t zero = 0;

    if (w == FIRST_WORD || w == BOTH_WORDS) {
        memcpy(a, &zero, sizeof(zero));
    }
    if ((w == SECOND_WORD || w == BOTH_WORDS) && words > 1) {
        memcpy(a + sizeof(zero), &zero, sizeof(zero));
    }
}

/*
 * Gets until the pool gives nothing (at most twice its size): no block
 * comes twice, each is a block of the pool. Returns how many came.
 */
static int
drain_once_each(void)
{
    int seen[NBLOCKS] = {0};
    int n = 0;
    int tries;

    for (tries = 0; tries < 2 * NBLOCKS; tries++) {
        unsigned char *b = os_memblock_get(&pool);
        long i;

        if (b == NULL) {
            return n;
        }
        /* Blocks are OS_MEMPOOL_BYTES(1, size) apart, the guard included. */
        i = (long)((uintptr_t)b - (uintptr_t)buf) /
            (long)OS_MEMPOOL_BYTES(1, pool.mp_block_size);
        ck_assert(os_memblock_from(&pool, b));
        ck_assert_int_ge(i, 0);
        ck_assert_int_lt(i, NBLOCKS);
        ck_assert_msg(!seen[i], "block %ld handed out twice", i);
        seen[i] = 1;
        n++;
    }
    ck_abort_msg("get never returned NULL");
    return n;
}

/*
 * Every write, on the block at the head of the free list, in its middle
 * and at its end, in a pool of two-word blocks and in a pool of one-word
 * blocks; the pool with one block held and with none.
 */
START_TEST(test_use_after_put_never_hands_a_block_out_twice)
{
    static const int sizes[] = {MAXSIZE, (int)sizeof(uintptr_t)};
    size_t s;
    int held;
    int w;
    int pos;

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        size_t words = OS_ALIGN((size_t)sizes[s], OS_ALIGNMENT) /
                       sizeof(uintptr_t);

        for (held = -1; held < 1; held++) {
            for (w = 0; w < NWRITES; w++) {
                for (pos = 0; pos < 3; pos++) {
                    /* Free list 0..5 (or 1..5 with block 0 held). */
                    int first = held == 0 ? 1 : 0;
                    int index = pos == 0 ? first
                                         : pos == 1 ? 3 : NBLOCKS - 1;
                    uint32_t free_before = prepare(sizes[s], held);
                    unsigned char *a = blocks[index];
                    unsigned char before[2 * sizeof(uintptr_t)];
                    size_t used = words > 1 ? 2 * sizeof(uintptr_t)
                                            : sizeof(uintptr_t);
                    int damaged;
                    os_error_t rc;
                    int n;

                    reports = 0;
                    memcpy(before, a, used);
                    write_after_put(a, (enum write)w, words);
                    /* Clearing a word that held 0 (the last block's link)
                     * changes nothing. */
                    damaged = memcmp(before, a, used) != 0;
                    rc = os_memblock_put(&pool, a);
                    /* Refused: the block untouched, its tag intact (only
                     * the first word written), a one-word block whose word
                     * reads as a link (cleared: NULL), every block counted
                     * free. Otherwise taken. */
                    if (!damaged || w == FIRST_WORD || words == 1 ||
                        held < 0) {
                        ck_assert_msg(rc == OS_INVALID_PARAM,
                                      "%zu words, %s, position %d, held %d: "
                                      "second put taken",
                                      words, write_names[w], pos, held);
                        ck_assert_uint_eq(pool.mp_num_free, free_before);
                    } else {
                        ck_assert_msg(rc == OS_OK,
                                      "%zu words, %s, position %d: second "
                                      "put refused",
                                      words, write_names[w], pos);
                        ck_assert_uint_eq(pool.mp_num_free, free_before + 1);
                    }
                    ck_assert_uint_le(pool.mp_num_free, pool.mp_num_blocks);
                    n = drain_once_each();
                    if (!damaged) {
                        ck_assert_int_eq(n, (int)free_before);
                        ck_assert(os_mempool_is_sane(&pool));
                    } else {
                        /* Stopped at the damage, and says so. */
                        ck_assert_int_le(n, (int)free_before);
                        ck_assert(!os_mempool_is_sane(&pool));
                        ck_assert_ptr_null(os_memblock_get(&pool));
                        if (OS_MEMPOOL_DEBUG) {
                            ck_assert_int_ge(reports, 1);
                        }
                    }
                    if (OS_MEMPOOL_DEBUG && rc == OS_INVALID_PARAM) {
                        ck_assert_int_ge(reports, 1);
                    }
                    /* Clearing makes the pool whole again. */
                    ck_assert_int_eq(os_mempool_clear(&pool), OS_OK);
                    ck_assert(os_mempool_is_sane(&pool));
                    ck_assert_int_eq(drain_once_each(), NBLOCKS);
                }
            }
        }
    }
}
END_TEST

/*
 * The sequence of the bug report: a pool of four, block a put, then
 * a->next = NULL, then a put again. It ends in a detected corruption, with
 * a handed out once at most, and no crash.
 */
START_TEST(test_reported_sequence)
{
    void *b[4];
    struct os_memblock *a;
    void *first;
    void *second;
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, 4, MAXSIZE, buf, "uap"), OS_OK);
    for (i = 0; i < 4; i++) {
        b[i] = os_memblock_get(&pool);
    }
    a = b[0];
    for (i = 3; i >= 0; i--) {
        ck_assert_int_eq(os_memblock_put(&pool, b[i]), OS_OK);
    }
    SLIST_NEXT(a, mb_next) = NULL;
    /* Its tag still says free: refused. */
    ck_assert_int_eq(os_memblock_put(&pool, a), OS_INVALID_PARAM);
    ck_assert_uint_eq(pool.mp_num_free, 4);
    first = os_memblock_get(&pool);
    second = os_memblock_get(&pool);
    ck_assert(first == NULL || second != first);
    ck_assert_ptr_null(second);
    ck_assert(!os_mempool_is_sane(&pool));
}
END_TEST

Suite *
use_after_put_suite(void)
{
    Suite *s = suite_create("use after put");
    TCase *tc = tcase_create("use after put");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_use_after_put_never_hands_a_block_out_twice);
    tcase_add_test(tc, test_reported_sequence);
    suite_add_tcase(s, tc);
    return s;
}
