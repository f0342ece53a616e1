/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * os_mempool_clear() and os_mempool_is_sane(). The corruptions are written
 * into free blocks, the way a stray write or a use after free damages a
 * pool: a free block's first word holds the next free block's address (NULL
 * at the end), its second word the tag (free_tag()). Each damaged link is
 * written twice: alone, and with the tag that matches it, as if the library
 * had written it; is_sane must find both.
 */
#include <stdint.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

#define NBLK 8
#define BSIZE 12
#define STRIDE OS_ALIGN(BSIZE, OS_ALIGNMENT)

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
static struct os_mempool pool;

static uintptr_t
blk(int i)
{
    return (uintptr_t)buf + (uintptr_t)i * STRIDE;
}

static uintptr_t
word(uintptr_t block)
{
    uintptr_t w;

    memcpy(&w, (void *)block, sizeof(w));
    return w;
}

static void
set_word(uintptr_t block, uintptr_t w)
{
    memcpy((void *)block, &w, sizeof(w));
}

static uintptr_t
tag_word(uintptr_t block)
{
    return word(block + sizeof(uintptr_t));
}

static void
set_tag_word(uintptr_t block, uintptr_t w)
{
    set_word(block + sizeof(uintptr_t), w);
}

/* A free block's link set to w, with the matching tag. */
static void
set_link(uintptr_t block, uintptr_t w)
{
    set_word(block, w);
    set_tag_word(block, free_tag(block, w));
}

/* Blocks 0 to 3 handed out, 1 and 2 put back: 6 free, min 4. */
static void
used_pool(void)
{
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, NULL), OS_OK);
    for (i = 0; i < 4; i++) {
        ck_assert_uint_eq((uintptr_t)os_memblock_get(&pool), blk(i));
    }
    ck_assert_int_eq(os_memblock_put(&pool, (void *)blk(1)), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, (void *)blk(2)), OS_OK);
    ck_assert(os_mempool_is_sane(&pool));
}

/* The free blocks in list order, found by following the links. */
static int
free_list(uintptr_t *out)
{
    uintptr_t b = (uintptr_t)pool.slh_first;
    int n = 0;

    while (b != 0 && n <= NBLK) {
        ck_assert_uint_eq(tag_word(b), free_tag(b, word(b)));
        out[n++] = b;
        b = word(b);
    }
    ck_assert_int_eq(n, (int)pool.mp_num_free);
    return n;
}

START_TEST(test_sane_on_fresh_used_empty_and_full_pools)
{
    void *b[NBLK];
    int i;

    ck_assert(!os_mempool_is_sane(NULL));
    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, NULL), OS_OK);
    ck_assert(os_mempool_is_sane(&pool));
    for (i = 0; i < NBLK; i++) {
        b[i] = os_memblock_get(&pool);
        ck_assert(os_mempool_is_sane(&pool));
    }
    for (i = 0; i < NBLK; i += 2) {
        ck_assert_int_eq(os_memblock_put(&pool, b[i]), OS_OK);
        ck_assert(os_mempool_is_sane(&pool));
    }
    ck_assert_int_eq(os_mempool_init(&pool, 0, BSIZE, buf, NULL), OS_OK);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* A damaged link anywhere in the list (head, middle, last) is found, and
 * the pool is sane again once the word is restored. */
START_TEST(test_sane_finds_corrupted_links)
{
    uintptr_t list[NBLK + 1];
    uintptr_t bad[7];
    uintptr_t saved;
    int n;
    int pos;
    int v;

    used_pool();
    n = free_list(list);
    ck_assert_int_eq(n, 6);
    for (pos = 0; pos < n; pos++) {
        uintptr_t next = pos + 1 < n ? list[pos + 1] : 0;
        uintptr_t saved_tag = tag_word(list[pos]);

        bad[0] = next + 4; /* off a boundary */
        bad[1] = next + STRIDE / 2;
        bad[2] = blk(NBLK); /* past the end */
        bad[3] = blk(0) - STRIDE;
        bad[4] = ~(uintptr_t)0;
        bad[5] = next != 0 ? 0 : blk(1); /* ends early, or goes on */
        bad[6] = (uintptr_t)&pool; /* outside the buffer */
        saved = word(list[pos]);
        for (v = 0; v < 7; v++) {
            set_word(list[pos], bad[v]);
            ck_assert_msg(!os_mempool_is_sane(&pool),
                          "link %d set to %#lx not found", pos,
                          (unsigned long)bad[v]);
            set_tag_word(list[pos], free_tag(list[pos], bad[v]));
            ck_assert_msg(!os_mempool_is_sane(&pool),
                          "link %d set to %#lx with its tag not found", pos,
                          (unsigned long)bad[v]);
            set_tag_word(list[pos], saved_tag);
        }
        set_word(list[pos], saved);
        ck_assert(os_mempool_is_sane(&pool));
        /* The tag alone damaged. */
        set_tag_word(list[pos], saved_tag ^ 1);
        ck_assert(!os_mempool_is_sane(&pool));
        set_tag_word(list[pos], 0);
        ck_assert(!os_mempool_is_sane(&pool));
        set_tag_word(list[pos], saved_tag);
        ck_assert(os_mempool_is_sane(&pool));
    }
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* A free block pointing at itself or at an earlier one makes a loop; one
 * pointing at a held block, or ending the list early, breaks the count. */
START_TEST(test_sane_finds_loops_and_short_lists)
{
    uintptr_t list[NBLK + 1];
    uintptr_t saved;
    int n;
    int pos;
    int to;

    used_pool();
    n = free_list(list);
    for (pos = 0; pos < n; pos++) {
        uintptr_t saved_tag = tag_word(list[pos]);

        saved = word(list[pos]);
        for (to = 0; to <= pos; to++) {
            set_link(list[pos], list[to]);
            ck_assert_msg(!os_mempool_is_sane(&pool),
                          "loop from %d to %d not found", pos, to);
        }
        if (pos + 1 < n) {
            set_link(list[pos], 0);
            ck_assert(!os_mempool_is_sane(&pool));
        }
        set_link(list[pos], blk(0)); /* a held block */
        ck_assert(!os_mempool_is_sane(&pool));
        set_word(list[pos], saved);
        set_tag_word(list[pos], saved_tag);
        ck_assert(os_mempool_is_sane(&pool));
    }
    /* The head itself damaged. */
    pool.slh_first = (struct os_memblock *)(blk(1) + 1);
    ck_assert(!os_mempool_is_sane(&pool));
    pool.slh_first = NULL;
    ck_assert(!os_mempool_is_sane(&pool));
    pool.slh_first = (struct os_memblock *)list[0];
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* Counters that disagree with the list, or with each other. */
START_TEST(test_sane_finds_wrong_counts)
{
    used_pool();
    ck_assert_uint_eq(pool.mp_num_free, 6);
    ck_assert_uint_eq(pool.mp_min_free, 4);
    pool.mp_num_free = 7;
    ck_assert(!os_mempool_is_sane(&pool));
    pool.mp_num_free = 5;
    ck_assert(!os_mempool_is_sane(&pool));
    pool.mp_num_free = NBLK + 1;
    ck_assert(!os_mempool_is_sane(&pool));
    pool.mp_num_free = 6;
    pool.mp_min_free = 7;
    ck_assert(!os_mempool_is_sane(&pool));
    pool.mp_min_free = 4;
    ck_assert(os_mempool_is_sane(&pool));
    pool.mp_num_blocks = 4;
    ck_assert(!os_mempool_is_sane(&pool));
    pool.mp_num_blocks = NBLK;
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* clear: every block free again, counters back to the top, blocks in
 * address order; it also repairs a damaged list. */
START_TEST(test_clear)
{
    uintptr_t list[NBLK + 1];
    int i;

    ck_assert_int_eq(os_mempool_clear(NULL), OS_INVALID_PARAM);
    used_pool();
    ck_assert_int_eq(os_mempool_clear(&pool), OS_OK);
    ck_assert_uint_eq(pool.mp_num_free, NBLK);
    ck_assert_uint_eq(pool.mp_min_free, NBLK);
    ck_assert(os_mempool_is_sane(&pool));
    for (i = 0; i < NBLK; i++) {
        ck_assert_uint_eq((uintptr_t)os_memblock_get(&pool), blk(i));
    }
    ck_assert_ptr_null(os_memblock_get(&pool));

    used_pool();
    free_list(list);
    set_link(list[1], list[0]);
    pool.mp_num_free = 1;
    ck_assert(!os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_clear(&pool), OS_OK);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_uint_eq(pool.mp_num_free, NBLK);
    /* Blocks handed out before the clear are free again: putting one is a
     * double put. */
    ck_assert_int_eq(os_memblock_put(&pool, (void *)blk(3)), OS_INVALID_PARAM);

    ck_assert_int_eq(os_mempool_init(&pool, 0, BSIZE, buf, NULL), OS_OK);
    ck_assert_int_eq(os_mempool_clear(&pool), OS_OK);
    ck_assert_uint_eq(pool.mp_num_free, 0);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

Suite *
sane_suite(void)
{
    const TTest *tests[] = {test_sane_on_fresh_used_empty_and_full_pools,
                            test_sane_finds_corrupted_links,
                            test_sane_finds_loops_and_short_lists,
                            test_sane_finds_wrong_counts,
                            test_clear,
                            NULL};

    return unit_suite("clear/is_sane", tests, NULL, NULL, 0);
}
