/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * RISC-V machine mode (RV32, the HiFive1's E31 core on QEMU's sifive_e):
 * the reset entry, the trap entry (every trap goes to riscv_trap() in
 * trap.c, caller-saved registers kept) and the semihosting call.
 */

/* CSR instructions, without asking for Zicsr on the command line. */
    .option arch, +zicsr

    .section .vectors, "ax"
    .global _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, riscv_trap_entry
    csrw mtvec, t0
    call target_start

    .text
    .balign 4
riscv_trap_entry:
    addi sp, sp, -64
    sw ra, 0(sp)
    sw t0, 4(sp)
    sw t1, 8(sp)
    sw t2, 12(sp)
    sw a0, 16(sp)
    sw a1, 20(sp)
    sw a2, 24(sp)
    sw a3, 28(sp)
    sw a4, 32(sp)
    sw a5, 36(sp)
    sw a6, 40(sp)
    sw a7, 44(sp)
    sw t3, 48(sp)
    sw t4, 52(sp)
    sw t5, 56(sp)
    sw t6, 60(sp)
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call riscv_trap
    lw ra, 0(sp)
    lw t0, 4(sp)
    lw t1, 8(sp)
    lw t2, 12(sp)
    lw a0, 16(sp)
    lw a1, 20(sp)
    lw a2, 24(sp)
    lw a3, 28(sp)
    lw a4, 32(sp)
    lw a5, 36(sp)
    lw a6, 40(sp)
    lw a7, 44(sp)
    lw t3, 48(sp)
    lw t4, 52(sp)
    lw t5, 56(sp)
    lw t6, 60(sp)
    addi sp, sp, 64
    mret

/*
 * long semihost_call(long op, const void *arg): the three instructions
 * must be uncompressed and on one page, which the alignment ensures.
 */
    .global semihost_call
    .balign 16
semihost_call:
    .option push
    .option norvc
    slli zero, zero, 0x1f
    ebreak
    srai zero, zero, 7
    .option pop
    ret
