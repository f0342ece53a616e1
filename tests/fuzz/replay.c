/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Runs the fuzz target without libFuzzer, for compilers and targets that
 * lack it (gcc, -m32): each file named on the command line, then `-r N`
 * pseudo-random inputs from a fixed seed, so a run is repeatable. A
 * mismatch aborts in the target; reaching the end means every input passed.
 *
 * The replay of one build is one test, whatever the number of inputs: it
 * ends with "NAME: 1 passed, 0 failed (N inputs)", NAME given by `-n NAME`
 * (default "replay"). A file that cannot be read fails the test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 4096

static uint8_t input[MAX_INPUT];

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    if (f == NULL) {
        perror(path);
        return 1;
    }
    n = fread(input, 1, sizeof(input), f);
    fclose(f);
    LLVMFuzzerTestOneInput(input, n);
    return 0;
}

int
main(int argc, char **argv)
{
    uint64_t state = 0x2545f4914f6cdd1dULL;
    const char *name = "replay";
    long randoms = 0;
    long inputs = 0;
    int unreadable = 0;
    long r;
    size_t i;
    int a;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "-r") == 0 && a + 1 < argc) {
            randoms = strtol(argv[++a], NULL, 10);
        } else if (strcmp(argv[a], "-n") == 0 && a + 1 < argc) {
            name = argv[++a];
        } else if (run_file(argv[a]) != 0) {
            unreadable++;
        } else {
            inputs++;
        }
    }
    for (r = 0; r < randoms; r++) {
        size_t len;

        /* xorshift64: lengths up to MAX_INPUT / 2, bytes uniform. */
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        len = (size_t)(state % (MAX_INPUT / 2));
        for (i = 0; i < len; i++) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            input[i] = (uint8_t)(state >> 24);
        }
        LLVMFuzzerTestOneInput(input, len);
        inputs++;
    }
    printf("%s: %d passed, %d failed (%ld inputs)\n", name, unreadable == 0,
           unreadable != 0, inputs);
    return unreadable != 0;
}
