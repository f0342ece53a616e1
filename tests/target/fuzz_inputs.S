/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/* The fuzz inputs recorded by dump_inputs.c, in flash, byte for byte. The
 * assembler finds the file in the directory given with -Wa,-I. */
    .section .rodata.fuzz_inputs, "a"
    .global fuzz_inputs
fuzz_inputs:
    .incbin "fuzz_inputs.bin"
