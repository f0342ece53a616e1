/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The fuzz replay on the target: the inputs tests/fuzz/replay.c feeds the
 * fuzz target on the host (the committed corpus, then the first of its
 * fixed pseudo-random inputs), recorded by dump_inputs.c and linked into
 * flash, each run through the same target, tests/fuzz/fuzz_mempool.c,
 * against the same reference model, tests/model/. A mismatch aborts in
 * the target, which ends the run with status 1 and names the input.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_inputs.S and the generated fuzz_inputs.c. */
extern const uint8_t fuzz_inputs[];
extern const uint16_t fuzz_input_size[];
extern const uint32_t fuzz_input_count;
extern const char *const fuzz_input_name[];
extern const uint32_t fuzz_input_files;

static volatile uint32_t current;

static void
on_abort(int sig)
{
    uint32_t i = current;

    (void)sig;
    if (i < fuzz_input_files) {
        printf("fuzz-replay: FAIL: input %lu, corpus file %s\n",
               (unsigned long)i, fuzz_input_name[i]);
    } else {
        printf("fuzz-replay: FAIL: input %lu, pseudo-random input %lu\n",
               (unsigned long)i, (unsigned long)(i - fuzz_input_files));
    }
    target_exit(1);
}

int
main(void)
{
    const uint8_t *data = fuzz_inputs;
    uint32_t i;

    signal(SIGABRT, on_abort);
    for (i = 0; i < fuzz_input_count; i++) {
        current = i;
        LLVMFuzzerTestOneInput(data, fuzz_input_size[i]);
        data += fuzz_input_size[i];
    }
    printf("fuzz-replay: PASS: %lu inputs (%lu corpus files, %lu "
           "pseudo-random), %lu bytes\n",
           (unsigned long)fuzz_input_count, (unsigned long)fuzz_input_files,
           (unsigned long)(fuzz_input_count - fuzz_input_files),
           (unsigned long)(data - fuzz_inputs));
    return 0;
}
