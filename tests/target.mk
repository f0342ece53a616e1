# On-target tests: the library built for each CPU that Debian's QEMU
# emulates, with nothing on its command line but the CPU (the port follows
# from the compiler: Cortex-M or RISC-V), and run there; output and exit
# status go through semihosting. Startup code, linker script and
# semihosting glue are tests/target/'s own; picolibc gives printf and
# string functions.
#
#   board       CPU                       QEMU
#   microbit    Cortex-M0  (ARMv6-M)      qemu-system-arm -M microbit
#   mps2-an385  Cortex-M3  (ARMv7-M)      qemu-system-arm -M mps2-an385
#   mps2-an386  Cortex-M4  (ARMv7E-M)     qemu-system-arm -M mps2-an386
#   mps2-an500  Cortex-M7  (ARMv7E-M)     qemu-system-arm -M mps2-an500
#   mps2-an505  Cortex-M33 (ARMv8-M)      qemu-system-arm -M mps2-an505
#   sifive_e    RV32IMAC   (HiFive1)      qemu-system-riscv32 -M sifive_e
#
# On every board: the fuzz replay against the reference model (fuzz.c; the
# corpus and the first TGT_FUZZ_RANDOM pseudo-random inputs of
# tests/fuzz/replay.c), the docs examples (examples.c; a file with a line
# "example-host-only: WHY" is left out and reported skipped, one with
# "example-cflags: FLAGS" gets an image of its own, the library built with
# those flags), the interrupt race (race.c), and the race built with the
# single-threaded port, which must fail. On mps2-an385 also the race with
# the main loop unprivileged: through the user port (SVC into a privileged
# handler) it must pass; through the Cortex-M port, whose `cpsid i` is
# ignored there, it must fail.
#
#   make target-tests          every board (make check runs it)
#   make target-tests-BOARD    one board
#   make target-race-BOARD     only the race runs that must pass, on one
#                              board, not logged: fails when a change of
#                              src/os_port_crit.h breaks the critical section
#                              (how mutation testing kills a port mutant)
#
# The race runs under -icount (QEMU's clock follows the instructions
# executed), so every run is the same: the interrupt lands at the same
# places, and a failure repeats.

TARGET_BOARDS := microbit mps2-an385 mps2-an386 mps2-an500 mps2-an505 sifive_e
TGT := $(BUILD)/target
TGT_FUZZ_RANDOM ?= 50

tgt_cc_arm := arm-none-eabi-gcc
tgt_cc_riscv := riscv64-unknown-elf-gcc
tgt_ar_arm := arm-none-eabi-ar
tgt_ar_riscv := riscv64-unknown-elf-ar
tgt_qemu_arm := qemu-system-arm
tgt_qemu_riscv := qemu-system-riscv32
tgt_startup_arm := tests/target/arm/startup.c
tgt_startup_riscv := tests/target/riscv/startup.S tests/target/riscv/trap.c

# Per board: architecture, CPU flags, optimisation (-Os and -O2 in turn),
# flash and RAM (origin, size; the microbit and the HiFive1 have 16 KiB of
# RAM), QEMU's -icount shift (2^N ns per instruction, about one clock tick
# of the board's timer: SysTick counts the 16, 25 or 20 MHz CPU clock, the
# HiFive1's mtime 10 MHz) and the race's interval between two interrupts
# in timer ticks (about 100 instructions of the interrupted code).
tgt_arch_microbit := arm
tgt_cpu_microbit := -mcpu=cortex-m0 -mthumb
tgt_opt_microbit := -Os
tgt_mem_microbit := 0x00000000 0x40000 0x20000000 0x4000
tgt_icount_microbit := 6
tgt_ticks_microbit := 60 140

tgt_arch_mps2-an385 := arm
tgt_cpu_mps2-an385 := -mcpu=cortex-m3 -mthumb
tgt_opt_mps2-an385 := -O2
tgt_mem_mps2-an385 := 0x00000000 0x400000 0x20000000 0x400000
tgt_icount_mps2-an385 := 5
tgt_ticks_mps2-an385 := 60 140

tgt_arch_mps2-an386 := arm
tgt_cpu_mps2-an386 := -mcpu=cortex-m4 -mthumb
tgt_opt_mps2-an386 := -Os
tgt_mem_mps2-an386 := 0x00000000 0x400000 0x20000000 0x400000
tgt_icount_mps2-an386 := 5
tgt_ticks_mps2-an386 := 60 140

tgt_arch_mps2-an500 := arm
tgt_cpu_mps2-an500 := -mcpu=cortex-m7 -mthumb
tgt_opt_mps2-an500 := -O2
tgt_mem_mps2-an500 := 0x00000000 0x400000 0x20000000 0x400000
tgt_icount_mps2-an500 := 5
tgt_ticks_mps2-an500 := 60 140

# Secure state, where QEMU starts the M33: code and data at the secure
# aliases of the FPGA's SRAMs.
tgt_arch_mps2-an505 := arm
tgt_cpu_mps2-an505 := -mcpu=cortex-m33 -mthumb
tgt_opt_mps2-an505 := -Os
tgt_mem_mps2-an505 := 0x10000000 0x400000 0x38000000 0x200000
tgt_icount_mps2-an505 := 6
tgt_ticks_mps2-an505 := 60 140

# The mask ROM jumps to 0x20400000 in the SPI flash; RAM is the 16 KiB DTIM.
tgt_arch_sifive_e := riscv
tgt_cpu_sifive_e := -march=rv32imac -mabi=ilp32
tgt_opt_sifive_e := -O2
tgt_mem_sifive_e := 0x20400000 0x1000000 0x80000000 0x4000
tgt_icount_sifive_e := 3
tgt_ticks_sifive_e := 5 11

tgt_cc = $(tgt_cc_$(tgt_arch_$(1)))
tgt_cflags = --specs=picolibc.specs $(tgt_cpu_$(1)) $(WARNINGS) $(tgt_opt_$(1)) \
    -Iinclude -Itests/target
tgt_mem = $(word $(2),$(tgt_mem_$(1)))
# Integer-only printf (none of the programs prints a float).
tgt_ldflags = -nostartfiles -T tests/target/target.ld -DPICOLIBC_INTEGER_PRINTF_SCANF \
    -Wl,--defsym=__flash=$(call tgt_mem,$(1),1),--defsym=__flash_size=$(call tgt_mem,$(1),2) \
    -Wl,--defsym=__ram=$(call tgt_mem,$(1),3),--defsym=__ram_size=$(call tgt_mem,$(1),4) \
    -Wl,--defsym=__stack_size=0x400
tgt_race_flags = -DRACE_TICKS_MIN=$(word 1,$(tgt_ticks_$(1))) \
    -DRACE_TICKS_MAX=$(word 2,$(tgt_ticks_$(1)))
TGT_QEMU_FLAGS := -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native,userspace=on
tgt_qemu = $(tgt_qemu_$(tgt_arch_$(1))) -M $(1) $(TGT_QEMU_FLAGS)
tgt_icount = -icount shift=$(tgt_icount_$(1)),sleep=off

TGT_HARNESS_SRCS := tests/target/start.c tests/target/semihost.c
TGT_HARNESS_DEPS := $(TGT_HARNESS_SRCS) tests/target/target.h tests/target/target.ld \
    $(tgt_startup_arm) $(tgt_startup_riscv)

# --- Docs examples ----------------------------------------------------------
TGT_EXAMPLES := $(sort $(wildcard docs/examples/*.c))
TGT_EX_HOST_ONLY := $(if $(TGT_EXAMPLES),$(shell grep -l 'example-host-only:' $(TGT_EXAMPLES)))
TGT_EX_CFLAGS := $(filter-out $(TGT_EX_HOST_ONLY),$(if $(TGT_EXAMPLES),$(shell grep -l \
    'example-cflags:' $(TGT_EXAMPLES))))
TGT_EX_PLAIN := $(filter-out $(TGT_EX_HOST_ONLY) $(TGT_EX_CFLAGS),$(TGT_EXAMPLES))
tgt_ex_name = $(basename $(notdir $(1)))
tgt_ex_cflags = $(shell sed -n 's/.*example-cflags:[[:space:]]*//p' $(1) | head -n 1)
TGT_EX_OWN := $(foreach f,$(TGT_EX_CFLAGS),ex-$(call tgt_ex_name,$(f)))

# --- Library variants ---------------------------------------------------------
# lib-plain (no flag: the port the compiler implies), lib-single, lib-user,
# and lib-ex-NAME for an example's own flags.
tgt_lib_plain :=
tgt_lib_single := -DOS_PORT_SINGLE_THREADED
tgt_lib_user := -DOS_PORT_USER
$(foreach f,$(TGT_EX_CFLAGS),$(eval tgt_lib_ex-$(call tgt_ex_name,$(f)) := \
    $(call tgt_ex_cflags,$(f))))

# --- Runs ---------------------------------------------------------------------
# PROGRAM:EXPECT:TESTS:SECONDS:CLOCK, for run.sh; CLOCK icount for the races.
tgt_runs = fuzz:pass:1:60: examples:pass:$(words $(TGT_EX_PLAIN)):30: \
    $(TGT_EX_OWN:%=%:pass:1:30:) race:pass:1:30:icount race-single:fail:1:30:icount \
    $(if $(filter mps2-an385,$(1)),race-user-unpriv:pass:1:30:icount \
    race-unpriv:fail:1:30:icount)
tgt_field = $(word $(2),$(subst :, ,$(1)))
tgt_images = $(foreach r,$(2),$(TGT)/$(1)/$(call tgt_field,$(r),1).elf)
tgt_run = tests/target/run.sh "$(1) $(call tgt_field,$(2),1)" $(call tgt_field,$(2),2) \
    $(call tgt_field,$(2),3) $(call tgt_field,$(2),4) $(call tgt_qemu,$(1)) \
    $(if $(call tgt_field,$(2),5),$(call tgt_icount,$(1))) \
    -kernel $(TGT)/$(1)/$(call tgt_field,$(2),1).elf
tgt_race_runs = $(foreach r,$(call tgt_runs,$(1)),$(if $(filter race%:pass,$(call \
    tgt_field,$(r),1):$(call tgt_field,$(r),2)),$(r)))
# Examples left out on the target: a line make check counts as nothing.
tgt_comma := ,
tgt_skipped = $(if $(TGT_EX_HOST_ONLY),echo "target: 0 passed$(tgt_comma) 0 \
    failed$(tgt_comma) $(words $(TGT_EX_HOST_ONLY)) skipped ($(1) examples that \
    are host-only: $(notdir $(TGT_EX_HOST_ONLY)))";)

.PHONY: deps-target target-tests $(TARGET_BOARDS:%=target-tests-%) \
    $(TARGET_BOARDS:%=target-race-%)
deps-target:
	$(call need_debs,qemu-system-arm qemu-system-misc gcc-arm-none-eabi \
	    binutils-arm-none-eabi picolibc-arm-none-eabi gcc-riscv64-unknown-elf \
	    binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf)

target-tests: $(TARGET_BOARDS:%=target-tests-%)

CHECK_TARGETS += target-tests

$(foreach b,$(TARGET_BOARDS),$(eval target-tests-$(b): $(call tgt_images,$(b),$(call \
    tgt_runs,$(b)))))
$(foreach b,$(TARGET_BOARDS),$(eval target-race-$(b): $(call tgt_images,$(b),$(call \
    tgt_race_runs,$(b)))))

# Each run says how it went; the board's log holds them all, and the board
# fails when one of them did.
$(TARGET_BOARDS:%=target-tests-%): target-tests-%: | deps-target
	$(call run_logged,target-$*,status=0; $(foreach r,$(call tgt_runs,$*),$(call \
	    tgt_run,$*,$(r)) || status=1;) $(call tgt_skipped,$*) exit $$status)

$(TARGET_BOARDS:%=target-race-%): target-race-%: | deps-target
	@status=0; $(foreach r,$(call tgt_race_runs,$*),$(call tgt_run,$*,$(r)) || status=1;) \
	    exit $$status

# --- Fuzz inputs ----------------------------------------------------------------
# tests/fuzz/replay.c itself, its fuzz target swapped for a recorder, gives
# the inputs, in flash on every board.
TGT_CORPUS := $(sort $(wildcard tests/fuzz/corpus/*))

$(TGT)/dump_inputs: tests/fuzz/replay.c tests/target/dump_inputs.c
	@mkdir -p $(dir $@)
	$(CC) $(WARNINGS) -O2 $^ -o $@

# The lists behind the generated files, rewritten only when they change, so
# that a file removed or a count changed remakes them too.
tgt_list_fuzz_inputs := $(TGT_CORPUS) -r $(TGT_FUZZ_RANDOM)
tgt_list_examples := $(TGT_EX_PLAIN)
.PHONY: tgt-lists
tgt-lists:
$(TGT)/fuzz_inputs.list $(TGT)/examples.list: $(TGT)/%.list: tgt-lists
	@mkdir -p $(dir $@)
	@echo '$(tgt_list_$*)' | cmp -s - $@ || echo '$(tgt_list_$*)' >$@

$(TGT)/fuzz_inputs.c: $(TGT)/dump_inputs $(TGT_CORPUS) $(TGT)/fuzz_inputs.list
	FUZZ_DUMP_DIR=$(TGT) FUZZ_DUMP_NAMES="$(notdir $(TGT_CORPUS))" \
	    $(TGT)/dump_inputs $(TGT_CORPUS) -r $(TGT_FUZZ_RANDOM) >$(TGT)/dump_inputs.out
	@grep -q ' 0 failed' $(TGT)/dump_inputs.out

$(TGT)/fuzz_inputs.bin: $(TGT)/fuzz_inputs.c

$(TGT)/examples_table.c: $(TGT_EX_PLAIN) $(wildcard docs/examples/*.out) \
    tests/target/gen_examples.sh $(TGT)/examples.list
	@mkdir -p $(dir $@)
	tests/target/gen_examples.sh $@ $(TGT_EX_PLAIN)

$(TGT)/ex-%_table.c: docs/examples/%.c $(wildcard docs/examples/*.out) \
    tests/target/gen_examples.sh
	@mkdir -p $(dir $@)
	tests/target/gen_examples.sh $@ $<

# --- Per board ------------------------------------------------------------------
define tgt_board_rules
$(TGT)/$(1)/lib-%.a: $(LIB_SRCS) $(LIB_HDRS) | deps-target
	@rm -rf $(TGT)/$(1)/lib-$$* && mkdir -p $(TGT)/$(1)/lib-$$*
	@set -e; for f in $(LIB_SRCS); do \
	    echo "$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $$(tgt_lib_$$*) -c $$$$f"; \
	    $(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $$(tgt_lib_$$*) -c $$$$f \
	        -o $(TGT)/$(1)/lib-$$*/$$$$(basename $$$$f .c).o; \
	done
	$(tgt_ar_$(tgt_arch_$(1))) rcs $$@ $(TGT)/$(1)/lib-$$*/*.o

# The startup code, semihosting and picolibc glue: every object is linked.
$(TGT)/$(1)/harness.a: $(TGT_HARNESS_DEPS) | deps-target
	@rm -rf $(TGT)/$(1)/harness && mkdir -p $(TGT)/$(1)/harness
	@set -e; for f in $(TGT_HARNESS_SRCS) $(tgt_startup_$(tgt_arch_$(1))); do \
	    echo "$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) -c $$$$f"; \
	    $(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) -c $$$$f \
	        -o $(TGT)/$(1)/harness/$$$$(basename $$$$f).o; \
	done
	$(tgt_ar_$(tgt_arch_$(1))) rcs $$@ $(TGT)/$(1)/harness/*.o

$(TGT)/$(1)/fuzz.elf: tests/target/fuzz.c tests/target/fuzz_inputs.S $(TGT)/fuzz_inputs.c \
    $(TGT)/fuzz_inputs.bin tests/fuzz/fuzz_mempool.c tests/model/pool_model.c \
    tests/model/pool_model.h $(TGT)/$(1)/lib-plain.a $(TGT)/$(1)/harness.a
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) -Itests/model -Wa,-I$(TGT) \
	    tests/target/fuzz.c tests/target/fuzz_inputs.S $(TGT)/fuzz_inputs.c \
	    tests/fuzz/fuzz_mempool.c tests/model/pool_model.c $(TGT)/$(1)/lib-plain.a \
	    -Wl,--whole-archive $(TGT)/$(1)/harness.a -Wl,--no-whole-archive \
	    $(call tgt_ldflags,$(1)) -o $$@

$(TGT)/$(1)/ex/%.o: docs/examples/%.c $(LIB_HDRS) | deps-target
	@mkdir -p $$(dir $$@)
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $$(call tgt_ex_cflags,$$<) \
	    -Dmain=example_$$(subst -,_,$$*) -c $$< -o $$@

$(TGT)/$(1)/examples.elf: tests/target/examples.c tests/target/examples.h \
    $(TGT)/examples_table.c $(TGT_EX_PLAIN:docs/examples/%.c=$(TGT)/$(1)/ex/%.o) \
    $(TGT)/$(1)/lib-plain.a $(TGT)/$(1)/harness.a
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) tests/target/examples.c \
	    $(TGT)/examples_table.c $(TGT_EX_PLAIN:docs/examples/%.c=$(TGT)/$(1)/ex/%.o) \
	    $(TGT)/$(1)/lib-plain.a -Wl,--whole-archive $(TGT)/$(1)/harness.a \
	    -Wl,--no-whole-archive $(call tgt_ldflags,$(1)) -o $$@

$(TGT)/$(1)/ex-%.elf: tests/target/examples.c tests/target/examples.h $(TGT)/ex-%_table.c \
    $(TGT)/$(1)/ex/%.o $(TGT)/$(1)/lib-ex-%.a $(TGT)/$(1)/harness.a
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $$(tgt_lib_ex-$$*) tests/target/examples.c \
	    $(TGT)/ex-$$*_table.c $(TGT)/$(1)/ex/$$*.o $(TGT)/$(1)/lib-ex-$$*.a \
	    -Wl,--whole-archive $(TGT)/$(1)/harness.a -Wl,--no-whole-archive \
	    $(call tgt_ldflags,$(1)) -o $$@

$(TGT)/$(1)/race.elf: tests/target/race.c $(TGT)/$(1)/lib-plain.a $(TGT)/$(1)/harness.a
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $(call tgt_race_flags,$(1)) $$< \
	    $(TGT)/$(1)/lib-plain.a -Wl,--whole-archive $(TGT)/$(1)/harness.a \
	    -Wl,--no-whole-archive $(call tgt_ldflags,$(1)) -o $$@

$(TGT)/$(1)/race-single.elf: tests/target/race.c $(TGT)/$(1)/lib-single.a $(TGT)/$(1)/harness.a
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $(call tgt_race_flags,$(1)) \
	    -DOS_PORT_SINGLE_THREADED $$< $(TGT)/$(1)/lib-single.a -Wl,--whole-archive \
	    $(TGT)/$(1)/harness.a -Wl,--no-whole-archive $(call tgt_ldflags,$(1)) -o $$@

$(TGT)/$(1)/race-user-unpriv.elf: tests/target/race.c tests/target/arm/user_port.c \
    $(TGT)/$(1)/lib-user.a $(TGT)/$(1)/harness.a
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $(call tgt_race_flags,$(1)) \
	    -DOS_PORT_USER -DRACE_UNPRIVILEGED $$< tests/target/arm/user_port.c \
	    $(TGT)/$(1)/lib-user.a -Wl,--whole-archive $(TGT)/$(1)/harness.a \
	    -Wl,--no-whole-archive $(call tgt_ldflags,$(1)) -o $$@

$(TGT)/$(1)/race-unpriv.elf: tests/target/race.c $(TGT)/$(1)/lib-plain.a $(TGT)/$(1)/harness.a
	$(call tgt_cc,$(1)) $(call tgt_cflags,$(1)) $(call tgt_race_flags,$(1)) \
	    -DRACE_UNPRIVILEGED $$< $(TGT)/$(1)/lib-plain.a -Wl,--whole-archive \
	    $(TGT)/$(1)/harness.a -Wl,--no-whole-archive $(call tgt_ldflags,$(1)) -o $$@
endef

$(foreach b,$(TARGET_BOARDS),$(eval $(call tgt_board_rules,$(b))))

# Made by pattern rules, kept: not rebuilt by every run.
.SECONDARY: $(foreach b,$(TARGET_BOARDS),$(foreach n,$(TGT_EX_OWN:ex-%=%), \
    $(TGT)/$(b)/lib-ex-$(n).a $(TGT)/$(b)/ex/$(n).o)) $(TGT_EX_OWN:%=$(TGT)/%_table.c)
