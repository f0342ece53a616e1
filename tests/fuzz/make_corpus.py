#!/usr/bin/env python3
# Writes the seed corpus of fuzz_mempool into tests/fuzz/corpus/. Each
# seed is a short, meaningful session; the fuzzer mutates from there.
# Encoding (see fuzz_mempool.c): an operation byte is pool << 4 | code,
# followed by the bytes that operation reads.
import os
import sys

INIT, GET, PUT, PUT_FROM_CB, CLEAR, SETCB, UNREG, WRITE, CORRUPT, FROM, \
    LOOKUP, NULLS = 0, 1, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15
# pick_target kinds: held, any block, off a boundary, outside, foreign,
# elsewhere, NULL.
HELD, ANY, OFF, OUTSIDE, FOREIGN, ELSEWHERE, NUL = 0, 3, 4, 5, 6, 7, 8
NAMES = {None: 0, "a": 1, "b": 2, "pool": 3, "long": 4}


def op(pool, code, *args):
    return bytes([pool << 4 | code, *args])


def init(pool, blocks, size, ext=0, name="pool", where=0):
    # kind 0: small blocks (byte % 70) and size (1 + byte % 130); the
    # last byte (non-zero) is not the NULL-pool variant.
    return op(pool, INIT, ext, where, NAMES[name], blocks, size - 1, 1)


def odd_init(pool, blocks_i, size_i, where=0, extra=()):
    # kind 6: blocks and size from the table of odd values.
    return op(pool, INIT, 6, where, 0, blocks_i, size_i, *extra, 1)


SEEDS = {
    "basic": init(0, 8, 24) + op(0, GET) * 3 + op(0, PUT, HELD, 1) +
    op(0, PUT, ANY, 1) + op(0, PUT, OFF, 0, 5) + op(0, FROM, HELD, 0) +
    op(0, GET) + op(0, CLEAR) + op(0, GET) * 9,
    "callbacks": init(1, 4, 15, ext=1, name="a") + op(1, SETCB, 0) +
    op(1, GET) * 3 + op(1, PUT, HELD, 0) + op(1, SETCB, 1) +
    op(1, PUT, HELD, 0) + op(1, SETCB, 2) + op(1, PUT, HELD, 0) +
    op(1, PUT_FROM_CB, HELD, 0) + op(1, SETCB, 3) + op(1, PUT, ANY, 2),
    "bad_inits": init(0, 4, 8) + odd_init(0, 1, 0) + odd_init(0, 4, 3) +
    odd_init(0, 6, 9) + odd_init(0, 8, 8) + odd_init(0, 2, 3, where=6,
                                                      extra=(7,)) +
    op(0, INIT, 0, 4, 0, 4, 8, 3, 1) + op(0, INIT, 0, 5, 0, 4, 8, 1) +
    op(0, INIT, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 8, 1) + op(0, GET) * 5 +
    odd_init(1, 0, 2, where=6, extra=(0,)) + op(1, GET) +
    op(2, INIT, 1, 0, 0, 4, 8, 0) + op(2, INIT, 0, 0, 0, 4, 8, 16),
    "registry": init(0, 2, 8, name="a") + init(1, 2, 8, name="b") +
    init(2, 2, 8, name="a") + op(0, LOOKUP, 1) + op(0, UNREG) +
    op(0, LOOKUP, 1) + op(0, UNREG) + init(0, 3, 16, name="long") +
    op(0, LOOKUP, 4) + op(1, NULLS, 2) + init(1, 1, 4, name=None),
    "user_writes": init(2, 6, 32) + op(2, GET) * 4 + op(2, WRITE, 0, 0) +
    op(2, WRITE, 1, 1, 5) + op(2, WRITE, 2, 2) +
    op(2, WRITE, 3, 3, 0xde, 0xad, 0xbe, 0xef) + op(2, PUT, HELD, 0) +
    op(2, PUT, HELD, 0) + op(2, CORRUPT, 1, 0, 0, 0, 9, 0) +
    op(2, CORRUPT, 0, 0, 0, 0, 0, 5) + op(2, PUT, HELD, 0) * 3,
    "three_pools": init(0, 5, 8) + init(1, 5, 40, ext=1, name="b") +
    init(2, 5, 1, where=7) + op(0, GET) + op(1, GET) + op(2, GET) +
    op(0, PUT, FOREIGN, 0) + op(1, PUT, FOREIGN, 1) +
    op(2, PUT, ELSEWHERE, 0) + op(2, PUT, NUL, 0) +
    op(0, PUT, OUTSIDE, 0) + op(0, PUT, OUTSIDE, 1) + op(1, CLEAR) +
    op(0, PUT_FROM_CB, HELD, 0) + op(2, FROM, OFF, 0, 1),
}

out = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "corpus")
os.makedirs(out, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
