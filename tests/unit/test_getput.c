/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

#define NBLK 8
#define BSIZE 20
#define STRIDE OS_ALIGN(BSIZE, OS_ALIGNMENT)
/* Past any pool, and a multiple of every power-of-two stride: 4 GiB on a
 * 64-bit target, 2 GiB on a 32-bit one. */
#if UINTPTR_MAX > 0xffffffffu
#define FAR ((uintptr_t)(UINT64_C(1) << 32))
#else
#define FAR ((uintptr_t)1 << 31)
#endif

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
static os_membuf_t other_buf[OS_MEMPOOL_SIZE(2, BSIZE)];
static struct os_mempool pool;
static struct os_mempool other;

static uintptr_t
blk(int i)
{
    return (uintptr_t)buf + (uintptr_t)i * STRIDE;
}

/*
 * The pool every refused-put test starts from: blocks 0 to 5 handed out,
 * then 1, 3 and 4 put back. Held: 0, 2, 5. Free: 1, 3, 4, 6, 7. The other
 * pool holds its block 0.
 */
static void
scenario(void)
{
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, "getput"), OS_OK);
    for (i = 0; i < 6; i++) {
        ck_assert_uint_eq((uintptr_t)os_memblock_get(&pool), blk(i));
    }
    ck_assert_int_eq(os_memblock_put(&pool, (void *)blk(1)), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, (void *)blk(3)), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, (void *)blk(4)), OS_OK);
    ck_assert_uint_eq(pool.mp_num_free, 5);
    ck_assert_uint_eq(pool.mp_min_free, 2);
    ck_assert_int_eq(os_mempool_init(&other, 2, BSIZE, other_buf, "other"),
                     OS_OK);
    ck_assert_ptr_eq(os_memblock_get(&other), other_buf);
}

static void
scenario_end(void)
{
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
    ck_assert_int_eq(os_mempool_unregister(&other), OS_OK);
}

/* Takes every free block; returns how many, in the order handed out. */
static int
drain(struct os_mempool *mp, void **out, int max)
{
    int n = 0;
    void *b;

    while ((b = os_memblock_get(mp)) != NULL) {
        ck_assert_int_lt(n, max);
        out[n++] = b;
    }
    return n;
}

START_TEST(test_get_null_and_empty)
{
    void *b[NBLK];

    ck_assert_ptr_null(os_memblock_get(NULL));
    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, NULL), OS_OK);
    ck_assert_int_eq(drain(&pool, b, NBLK), NBLK);
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_uint_eq(pool.mp_num_free, 0);
    ck_assert_uint_eq(pool.mp_min_free, 0);
    ck_assert(os_mempool_is_sane(&pool));
    /* An empty pool takes its blocks back. */
    ck_assert_int_eq(os_memblock_put(&pool, b[3]), OS_OK);
    ck_assert_ptr_eq(os_memblock_get(&pool), b[3]);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

START_TEST(test_min_free_tracks_the_lowest_count)
{
    void *b[NBLK];
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, NULL), OS_OK);
    for (i = 0; i < 3; i++) {
        b[i] = os_memblock_get(&pool);
        ck_assert_uint_eq(pool.mp_min_free, NBLK - 1 - i);
    }
    ck_assert_int_eq(os_memblock_put(&pool, b[0]), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, b[1]), OS_OK);
    ck_assert_uint_eq(pool.mp_num_free, NBLK - 1);
    ck_assert_uint_eq(pool.mp_min_free, NBLK - 3);
    /* Going down again without passing the low leaves it. */
    b[0] = os_memblock_get(&pool);
    b[1] = os_memblock_get(&pool);
    ck_assert_uint_eq(pool.mp_min_free, NBLK - 3);
    b[3] = os_memblock_get(&pool);
    ck_assert_uint_eq(pool.mp_num_free, NBLK - 4);
    ck_assert_uint_eq(pool.mp_min_free, NBLK - 4);
    /* A refused put changes neither counter. */
    ck_assert_int_eq(os_memblock_put(&pool, (char *)b[3] + 1),
                     OS_INVALID_PARAM);
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(os_memblock_put(&pool, b[i]), OS_OK);
    }
    ck_assert_uint_eq(pool.mp_num_free, NBLK);
    ck_assert_uint_eq(pool.mp_min_free, NBLK - 4);
    ck_assert_int_eq(drain(&pool, b, NBLK), NBLK);
    ck_assert_uint_eq(pool.mp_min_free, 0);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

struct bad_put {
    struct os_mempool *mp;
    uintptr_t addr;
    int from; /* what os_memblock_from() says of it */
};

static int
bad_puts(struct bad_put *bad, int max)
{
    static const int free_blocks[] = {1, 3, 4, 6, 7};
    const uintptr_t end = blk(NBLK);
    int n = 0;
    int i;
    uintptr_t off;

#define BAD(m, a, f)                                                           \
    do {                                                                       \
        ck_assert_int_lt(n, max);                                              \
        bad[n].mp = (m);                                                       \
        bad[n].addr = (a);                                                     \
        bad[n].from = (f);                                                     \
        n++;                                                                   \
    } while (0)

    BAD(NULL, blk(0), 0);
    BAD(NULL, 0, 0);
    BAD(&pool, 0, 0);
    /* Outside the buffer, before and after. */
    BAD(&pool, blk(0) - STRIDE, 0);
    BAD(&pool, blk(0) - OS_ALIGNMENT, 0);
    BAD(&pool, blk(0) - 1, 0);
    BAD(&pool, end, 0);
    BAD(&pool, end + STRIDE, 0);
    BAD(&pool, end + OS_ALIGNMENT, 0);
    BAD(&pool, end + FAR, 0);
    BAD(&pool, blk(0) - FAR, 0);
    BAD(&pool, UINTPTR_MAX - (OS_ALIGNMENT - 1), 0);
    BAD(&pool, OS_ALIGNMENT, 0);
    /* Every offset inside a held, a free, and the last block. */
    for (off = 1; off < STRIDE; off++) {
        BAD(&pool, blk(2) + off, 0);
        BAD(&pool, blk(6) + off, 0);
        BAD(&pool, blk(NBLK - 1) + off, 0);
    }
    /* A block of another pool, held there. */
    BAD(&pool, (uintptr_t)other_buf, 0);
    BAD(&pool, (uintptr_t)other_buf + STRIDE, 0);
    BAD(&other, blk(0), 0);
    /* Already free: never handed out, put first, put last, in between. */
    for (i = 0; i < 5; i++) {
        BAD(&pool, blk(free_blocks[i]), 1);
    }
#undef BAD
    return n;
}

/*
 * Refused puts return OS_INVALID_PARAM and change nothing: the counters
 * stay, and the blocks later gets return are exactly those (in the same
 * order) that they return without the refused put.
 */
static void
check_refused_puts(os_error_t (*put)(struct os_mempool *, void *))
{
    static struct bad_put bad[3 * OS_ALIGN(BSIZE, OS_ALIGNMENT) + 32];
    void *expect[NBLK + 1];
    void *got[NBLK + 1];
    int nexpect;
    int nbad;
    int i;

    scenario();
    nexpect = drain(&pool, expect, NBLK);
    ck_assert_int_eq(nexpect, 5);
    nbad = bad_puts(bad, (int)(sizeof(bad) / sizeof(bad[0])));
    for (i = 0; i < nbad; i++) {
        scenario();
        ck_assert_msg(put(bad[i].mp, (void *)bad[i].addr) == OS_INVALID_PARAM,
                      "put #%d (%p) was not refused", i, (void *)bad[i].addr);
        ck_assert_msg(
            os_memblock_from(bad[i].mp, (void *)bad[i].addr) == bad[i].from,
            "os_memblock_from() wrong for #%d (%p)", i, (void *)bad[i].addr);
        ck_assert_uint_eq(pool.mp_num_free, 5);
        ck_assert_uint_eq(pool.mp_min_free, 2);
        ck_assert_uint_eq(other.mp_num_free, 1);
        ck_assert(os_mempool_is_sane(&pool));
        ck_assert_int_eq(drain(&pool, got, NBLK), nexpect);
        ck_assert_mem_eq(got, expect, sizeof(void *) * (size_t)nexpect);
    }
    scenario_end();
}

START_TEST(test_put_refusals_change_nothing)
{
    check_refused_puts(os_memblock_put);
}
END_TEST

START_TEST(test_put_from_cb_refusals_change_nothing)
{
    check_refused_puts(os_memblock_put_from_cb);
}
END_TEST

/* A double put right after other puts, and after the block went back
 * through the whole list. */
START_TEST(test_double_put_after_other_puts)
{
    void *b[NBLK];
    int i;

    ck_assert_int_eq(os_mempool_init(&pool, NBLK, BSIZE, buf, NULL), OS_OK);
    ck_assert_int_eq(drain(&pool, b, NBLK), NBLK);
    for (i = 0; i < NBLK; i++) {
        ck_assert_int_eq(os_memblock_put(&pool, b[i]), OS_OK);
        ck_assert_int_eq(os_memblock_put(&pool, b[0]), OS_INVALID_PARAM);
        ck_assert_int_eq(os_memblock_put(&pool, b[i]), OS_INVALID_PARAM);
        ck_assert_int_eq(os_memblock_put_from_cb(&pool, b[i / 2]),
                         OS_INVALID_PARAM);
        ck_assert_uint_eq(pool.mp_num_free, (unsigned)i + 1);
    }
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(drain(&pool, b, NBLK), NBLK);
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/*
 * The words of a held block are the user's: whatever they hold, even the
 * link and tag a free block carries (see the design guide), the block goes
 * back exactly once.
 */
START_TEST(test_held_block_with_free_looking_words_goes_back_once)
{
    void *got[NBLK + 1];
    uintptr_t words[12][2];
    uintptr_t b2 = blk(2);
    int nvalues = 0;
    int v;
    int i;
    int n;
    int seen;

    scenario();
#define WORDS(w0, w1)                                                        \
    do {                                                                     \
        words[nvalues][0] = (w0);                                            \
        words[nvalues][1] = (w1);                                            \
        nvalues++;                                                           \
    } while (0)
    WORDS(0, 0);
    WORDS(~(uintptr_t)0, ~(uintptr_t)0);
    WORDS(0, free_tag(b2, 0));                  /* the end of the list */
    WORDS(blk(1), free_tag(b2, blk(1)));        /* a free block */
    WORDS(blk(7), free_tag(b2, blk(7)));        /* the last free block */
    WORDS(blk(0), free_tag(b2, blk(0)));        /* a held block */
    WORDS(b2, free_tag(b2, b2));                /* itself */
    WORDS(blk(NBLK), free_tag(b2, blk(NBLK)));  /* just past the end */
    WORDS(blk(1), 0);                           /* plain addresses */
    WORDS(b2, 0);
    WORDS(blk(4), free_tag(blk(4), blk(1)));    /* another block's pair */
    WORDS((uintptr_t)pool.slh_first, free_tag(b2, (uintptr_t)pool.slh_first));
#undef WORDS
    for (v = 0; v < nvalues; v++) {
        for (i = 0; i < 2; i++) {
            os_error_t (*put)(struct os_mempool *, void *) =
                i == 0 ? os_memblock_put : os_memblock_put_from_cb;

            scenario();
            memcpy((void *)b2, words[v], sizeof(words[v]));
            ck_assert_msg(put(&pool, (void *)b2) == OS_OK,
                          "held block with words %#lx %#lx refused",
                          (unsigned long)words[v][0],
                          (unsigned long)words[v][1]);
            ck_assert_uint_eq(pool.mp_num_free, 6);
            ck_assert_int_eq(put(&pool, (void *)b2), OS_INVALID_PARAM);
            ck_assert_uint_eq(pool.mp_num_free, 6);
            ck_assert(os_mempool_is_sane(&pool));
            n = drain(&pool, got, NBLK);
            ck_assert_int_eq(n, 6);
            for (seen = 0; n-- > 0;) {
                seen |= 1 << (((uintptr_t)got[n] - blk(0)) / STRIDE);
            }
            /* Free were 1, 3, 4, 6, 7; now 2 too, each once. */
            ck_assert_int_eq(seen, 0xde);
        }
    }
    /* The only block of a pool, held with the very words it has when free:
     * it goes back once, and the list it ends is NULL-terminated. */
    ck_assert_int_eq(os_mempool_init(&pool, 1, BSIZE, buf, NULL), OS_OK);
    ck_assert_ptr_eq(os_memblock_get(&pool), buf);
    words[0][0] = 0;
    words[0][1] = free_tag((uintptr_t)buf, 0);
    memcpy(buf, words[0], sizeof(words[0]));
    ck_assert_int_eq(os_memblock_put(&pool, buf), OS_OK);
    ck_assert_int_eq(os_memblock_put(&pool, buf), OS_INVALID_PARAM);
    ck_assert_uint_eq(pool.mp_num_free, 1);
    ck_assert_ptr_eq(SLIST_FIRST(&pool), (struct os_memblock *)buf);
    ck_assert_ptr_null(SLIST_NEXT(SLIST_FIRST(&pool), mb_next));
    scenario_end();
}
END_TEST

/*
 * A free list and a count that disagree: get hands nothing out rather than
 * follow the list past its count or trust a count past the list's end, and
 * leaves the pool as it is for os_mempool_is_sane() to report.
 */
START_TEST(test_get_stops_where_list_and_count_disagree)
{
    struct os_mempool saved;
    struct os_memblock *head;

    /* The list ends (NULL head) while blocks are counted free. */
    scenario();
    head = pool.slh_first;
    pool.slh_first = NULL;
    memcpy(&saved, &pool, sizeof(pool));
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert(memcmp(&saved, &pool, sizeof(pool)) == 0);
    ck_assert(!os_mempool_is_sane(&pool));
    pool.slh_first = head;
    ck_assert(os_mempool_is_sane(&pool));
    /* One block counted free, or none, while the list goes on. */
    pool.mp_num_free = 1;
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_uint_eq(pool.mp_num_free, 1);
    ck_assert_ptr_eq(pool.slh_first, head);
    pool.mp_num_free = 0;
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_uint_eq(pool.mp_num_free, 0);
    ck_assert(!os_mempool_is_sane(&pool));
    /* The last free block counted as two: its NULL link ends the list too
     * soon. */
    pool.mp_num_free = 5;
    ck_assert(os_mempool_is_sane(&pool));
    while (pool.mp_num_free > 1) {
        ck_assert_ptr_nonnull(os_memblock_get(&pool));
    }
    head = pool.slh_first;
    ck_assert_ptr_null(SLIST_NEXT(head, mb_next));
    pool.mp_num_free = 2;
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_ptr_eq(pool.slh_first, head);
    ck_assert(!os_mempool_is_sane(&pool));
    pool.mp_num_free = 1;
    ck_assert_ptr_eq(os_memblock_get(&pool), head);
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert(os_mempool_is_sane(&pool));
    scenario_end();
}
END_TEST

/*
 * A free block whose first word a use after put overwrote is still free:
 * its put is refused, and so is the put of every other free block, before
 * the damaged one in the list, or behind it where the list cannot be
 * followed; the pool, its buffer included, is left byte for byte as it was.
 */
START_TEST(test_free_block_with_overwritten_link_is_refused)
{
    static const uintptr_t values[] = {0, 1, ~(uintptr_t)0};
    static const int free_blocks[] = {1, 3, 4, 6, 7};
    static os_membuf_t saved_buf[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
    struct os_mempool saved_pool;
    size_t v;
    size_t f;
    int b;

    for (v = 0; v < sizeof(values) / sizeof(values[0]) + 1; v++) {
        /* Free: 1, 3, 4, 6, 7, listed 4, 3, 1, 6, 7. */
        for (b = 1; b < NBLK; b += 3) {
            uintptr_t w = v < sizeof(values) / sizeof(values[0])
                              ? values[v]
                              : blk(0); /* a held block */

            scenario();
            memcpy((void *)blk(b), &w, sizeof(w));
            memcpy(&saved_pool, &pool, sizeof(pool));
            memcpy(saved_buf, buf, sizeof(buf));
            for (f = 0; f < sizeof(free_blocks) / sizeof(free_blocks[0]); f++) {
                void *a = (void *)blk(free_blocks[f]);

                ck_assert_msg(os_memblock_put(&pool, a) == OS_INVALID_PARAM,
                              "block %d taken, block %d damaged",
                              free_blocks[f], b);
                ck_assert_int_eq(os_memblock_put_from_cb(&pool, a),
                                 OS_INVALID_PARAM);
            }
            ck_assert(memcmp(&saved_pool, &pool, sizeof(pool)) == 0);
            ck_assert(memcmp(saved_buf, buf, sizeof(buf)) == 0);
            scenario_end();
        }
    }
}
END_TEST

/*
 * A block in use goes back in constant time, whatever it holds and whatever
 * became of the free list: a use after put that damaged another block
 * (here a free block's link overwritten) does not make the puts of the
 * blocks other owners hold fail. Those are taken, handed out again, and
 * gets stop at the damage. In a pool of two-word blocks, and of one-word
 * blocks (which go back untouched, as get left them: their word is all
 * they have).
 */
START_TEST(test_blocks_in_use_go_back_into_a_damaged_list)
{
    enum { N = 6 };
    static const int sizes[] = {BSIZE, (int)sizeof(uintptr_t)};
    void *b[N];
    size_t s;
    int i;

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        size_t bytes = OS_ALIGN((size_t)sizes[s], OS_ALIGNMENT);
        uintptr_t bad = blk(0) + 1;

        ck_assert_int_eq(os_mempool_init(&pool, N, sizes[s], buf, NULL), OS_OK);
        /* The last one comes from the last free block. */
        ck_assert_int_eq(drain(&pool, b, N), N);
        ck_assert_int_eq(os_memblock_put(&pool, b[0]), OS_OK);
        ck_assert_int_eq(os_memblock_put(&pool, b[1]), OS_OK);
        if (bytes >= 2 * sizeof(uintptr_t)) {
            /* What owners store: bytes whose low bits are all ones, as a
             * tag's are, and all ones, a common sentinel. */
            memset(b[2], 0xaf, bytes);
            memset(b[3], 0xff, bytes);
        }
        /* b[1], free, written after its put. */
        memcpy(b[1], &bad, sizeof(bad));
        ck_assert(!os_mempool_is_sane(&pool));
        for (i = 2; i < N; i++) {
            ck_assert_msg(os_memblock_put(&pool, b[i]) == OS_OK,
                          "size %d: block %d refused", sizes[s], i);
        }
        ck_assert_uint_eq(pool.mp_num_free, N);
        for (i = N - 1; i >= 2; i--) {
            ck_assert_ptr_eq(os_memblock_get(&pool), b[i]);
        }
        ck_assert_ptr_null(os_memblock_get(&pool));
        ck_assert(!os_mempool_is_sane(&pool));
    }
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/*
 * At every block size, a free block whose first word was overwritten is
 * refused: a block with room for two pointers (its size rounded up to
 * OS_ALIGNMENT) keeps its tag, whatever the first word holds; a one-word
 * block cleared (a->next = NULL) reads as the end of the list.
 */
START_TEST(test_overwritten_free_block_refused_at_every_size)
{
    enum { N = 5 };
    void *b[N];
    int size;
    int i;

    for (size = 1; size <= 3 * OS_ALIGNMENT + 1; size++) {
        unsigned char *mem = malloc(OS_MEMPOOL_BYTES(N, size));
        int keyed = OS_ALIGN((size_t)size, OS_ALIGNMENT) >= 2 * sizeof(void *);
        uintptr_t w = keyed ? 1 : 0;

        ck_assert_ptr_nonnull(mem);
        ck_assert_int_eq(os_mempool_init(&pool, N, size, mem, NULL), OS_OK);
        ck_assert_int_eq(drain(&pool, b, N), N);
        for (i = N - 1; i > 0; i--) {
            ck_assert_int_eq(os_memblock_put(&pool, b[i]), OS_OK);
        }
        for (i = 1; i < N; i++) {
            uintptr_t saved;

            memcpy(&saved, b[i], sizeof(saved));
            memcpy(b[i], &w, sizeof(w));
            ck_assert_msg(os_memblock_put(&pool, b[i]) == OS_INVALID_PARAM,
                          "size %d: free block %d taken again", size, i);
            ck_assert_uint_eq(pool.mp_num_free, N - 1);
            memcpy(b[i], &saved, sizeof(saved));
        }
        ck_assert(os_mempool_is_sane(&pool));
        free(mem);
    }
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/*
 * Get follows no link that is not a block of the pool (one inside a block,
 * past the end, elsewhere), in a pool of one-word blocks too, whose links
 * have no tag beside them: it returns NULL, leaves the pool as it is, and
 * os_mempool_is_sane() reports it.
 */
START_TEST(test_get_never_follows_a_link_outside_the_pool)
{
    enum { N = 6 };
    static os_membuf_t mem[OS_MEMPOOL_SIZE(N, BSIZE)];
    static const int sizes[] = {(int)sizeof(uintptr_t), BSIZE};
    struct os_mempool saved;
    uintptr_t bad[4];
    size_t s;
    size_t v;

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uintptr_t stride = OS_ALIGN((uintptr_t)sizes[s], OS_ALIGNMENT);

        bad[0] = (uintptr_t)mem + 2 * stride + 1;
        bad[1] = (uintptr_t)mem + N * stride;
        bad[2] = (uintptr_t)mem - stride;
        bad[3] = (uintptr_t)&pool;
        for (v = 0; v < sizeof(bad) / sizeof(bad[0]); v++) {
            ck_assert_int_eq(os_mempool_init(&pool, N, sizes[s], mem, NULL),
                             OS_OK);
            ck_assert_ptr_eq(os_memblock_get(&pool), mem);
            /* The head is now block 1; its link goes astray. */
            memcpy((char *)mem + stride, &bad[v], sizeof(bad[v]));
            memcpy(&saved, &pool, sizeof(pool));
            ck_assert_msg(os_memblock_get(&pool) == NULL,
                          "size %d: link %#lx followed", sizes[s],
                          (unsigned long)bad[v]);
            ck_assert(memcmp(&saved, &pool, sizeof(pool)) == 0);
            ck_assert(!os_mempool_is_sane(&pool));
        }
    }
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/*
 * Writing all block_size bytes of held blocks never disturbs the free
 * blocks between them, for every small block size.
 */
START_TEST(test_held_blocks_do_not_touch_neighbours)
{
    enum { N = 9 };
    unsigned char *b[N];
    void *got[N];
    int size;
    int i;
    int j;

    for (size = 1; size <= 3 * OS_ALIGNMENT + 1; size++) {
        unsigned char *mem = malloc(OS_MEMPOOL_BYTES(N, size));

        ck_assert_ptr_nonnull(mem);
        ck_assert_int_eq(os_mempool_init(&pool, N, size, mem, NULL), OS_OK);
        for (i = 0; i < N; i++) {
            b[i] = os_memblock_get(&pool);
        }
        for (i = 0; i < N; i += 2) {
            ck_assert_int_eq(os_memblock_put(&pool, b[i]), OS_OK);
        }
        for (i = 1; i < N; i += 2) {
            memset(b[i], 0xff, (size_t)size);
        }
        ck_assert(os_mempool_is_sane(&pool));
        ck_assert_int_eq(drain(&pool, got, N), (N + 1) / 2);
        for (i = 0; i < (N + 1) / 2; i++) {
            ck_assert_uint_eq(((uintptr_t)got[i] - (uintptr_t)mem) /
                                  OS_ALIGN((unsigned)size, OS_ALIGNMENT) % 2,
                              0);
        }
        for (i = 1; i < N; i += 2) {
            for (j = 0; j < size; j++) {
                ck_assert_uint_eq(b[i][j], 0xff);
            }
        }
        free(mem);
    }
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/*
 * os_memblock_from() against plain arithmetic, for every byte around pools
 * of many strides (odd parts 1 to 63 times powers of two): the library
 * finds block boundaries without dividing, so every stride is its own case.
 */
START_TEST(test_from_matches_arithmetic_for_many_strides)
{
    enum { N = 7, MAXSIZE = 64 * OS_ALIGNMENT };
    static os_membuf_t mem[OS_MEMPOOL_SIZE(N + 4, MAXSIZE)];
    const uintptr_t base = (uintptr_t)mem + 2 * MAXSIZE;
    int size;

    for (size = 1; size <= MAXSIZE; size += size < 4 * OS_ALIGNMENT ? 1 : 5) {
        uintptr_t stride = OS_ALIGN((uintptr_t)size, OS_ALIGNMENT);
        uintptr_t a;

        ck_assert_int_eq(os_mempool_init(&pool, N, size, (void *)base, NULL),
                         OS_OK);
        for (a = base - 2 * stride; a < base + (N + 2) * stride; a++) {
            int expect = a >= base && (a - base) % stride == 0 &&
                         (a - base) / stride < N;

            ck_assert_msg(os_memblock_from(&pool, (void *)a) == expect,
                          "size %d offset %ld", size, (long)(a - base));
        }
        /* Far away, wrapping around, and the ends of the address space. */
        ck_assert_int_eq(os_memblock_from(&pool, (void *)(base + N * stride)),
                         0);
        ck_assert_int_eq(os_memblock_from(&pool, (void *)(base - stride * N)),
                         0);
#if UINTPTR_MAX > 0xffffffffu
        /* Addresses that alias the pool modulo 2^32: the test must look at
         * the whole word. */
        ck_assert_int_eq(os_memblock_from(&pool, (void *)(base + stride * FAR)),
                         0);
        ck_assert_int_eq(os_memblock_from(&pool, (void *)(base - stride * FAR)),
                         0);
#endif
        ck_assert_int_eq(os_memblock_from(&pool, (void *)(uintptr_t)stride), 0);
        ck_assert_int_eq(os_memblock_from(&pool, (void *)UINTPTR_MAX), 0);
        ck_assert_int_eq(os_memblock_from(&pool, NULL), 0);
        ck_assert_int_eq(os_memblock_from(NULL, (void *)base), 0);
    }
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
}
END_TEST

/* A pool of 2^20 blocks from the heap: every block once, in address order,
 * exactly a stride apart; all go back; the ends are recognised. */
START_TEST(test_large_pool)
{
    enum { N = 1 << 20, SIZE = 12 };
    const size_t stride = OS_ALIGN(SIZE, OS_ALIGNMENT);
    unsigned char *mem = malloc(OS_MEMPOOL_BYTES(N, SIZE));
    unsigned char *b;
    size_t i;

    ck_assert_ptr_nonnull(mem);
    ck_assert_int_eq(os_mempool_init(&pool, N, SIZE, mem, "large"), OS_OK);
    ck_assert_uint_eq(pool.mp_num_free, N);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_memblock_from(&pool, mem + (N - 1) * stride), 1);
    ck_assert_int_eq(os_memblock_from(&pool, mem + N * stride), 0);
    for (i = 0; i < N; i++) {
        b = os_memblock_get(&pool);
        if (b != mem + i * stride) {
            ck_abort_msg("block %lu at %p, expected %p", (unsigned long)i,
                         (void *)b, (void *)(mem + i * stride));
        }
        b[SIZE - 1] = (unsigned char)i;
    }
    ck_assert_ptr_null(os_memblock_get(&pool));
    ck_assert_uint_eq(pool.mp_min_free, 0);
    for (i = N; i-- > 0;) {
        if (os_memblock_put(&pool, mem + i * stride) != OS_OK) {
            ck_abort_msg("put of block %lu refused", (unsigned long)i);
        }
    }
    ck_assert_int_eq(os_memblock_put(&pool, mem + (N - 1) * stride),
                     OS_INVALID_PARAM);
    ck_assert_int_eq(os_memblock_put(&pool, mem + N * stride),
                     OS_INVALID_PARAM);
    ck_assert_uint_eq(pool.mp_num_free, N);
    ck_assert_uint_eq(pool.mp_min_free, 0);
    ck_assert(os_mempool_is_sane(&pool));
    ck_assert_int_eq(os_mempool_unregister(&pool), OS_OK);
    free(mem);
}
END_TEST

Suite *
getput_suite(void)
{
    const TTest *tests[] = {test_get_null_and_empty,
                            test_min_free_tracks_the_lowest_count,
                            test_put_refusals_change_nothing,
                            test_put_from_cb_refusals_change_nothing,
                            test_double_put_after_other_puts,
                            test_held_block_with_free_looking_words_goes_back_once,
                            test_free_block_with_overwritten_link_is_refused,
                            test_get_never_follows_a_link_outside_the_pool,
                            test_overwritten_free_block_refused_at_every_size,
                            test_blocks_in_use_go_back_into_a_damaged_list,
                            test_get_stops_where_list_and_count_disagree,
                            test_held_blocks_do_not_touch_neighbours,
                            test_from_matches_arithmetic_for_many_strides,
                            test_large_pool,
                            NULL};

    return unit_suite("getput", tests, NULL, NULL, 60);
}
