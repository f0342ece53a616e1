# Hardening: the debug options' tests, ThreadSanitizer, the compiler matrix,
# the cross builds, coverage, the fuzzer and lint.
#
#   make check       runs debug-tests, tsan-tests, compilers, cross-builds
#                    and fuzz-replay (the seeds and random inputs, replayed)
#   make coverage    line and branch coverage of src/ by the unit and debug
#                    tests; fails below COVERAGE_LINES / COVERAGE_BRANCHES
#   make fuzz        the libFuzzer target for FUZZ_SECONDS (default 60)
#   make lint        cppcheck and clang-tidy on src/, include/ and tests

HARD_CLANG := clang-14

.PHONY: deps-hardening
deps-hardening: deps-check
	$(call need_debs,clang clang-14 libclang-rt-14-dev clang-tidy cppcheck gcovr \
	    libtsan2 gcc-multilib g++ gcc-arm-none-eabi libnewlib-arm-none-eabi \
	    binutils-arm-none-eabi shellcheck)

# --- Debug options ----------------------------------------------------------
# The tests of tests/debug/ against the library built with each debug option,
# all three, and none (the lock and is_sane tests need no option), and with
# none but the host lock's fallback for hosts without futex and membarrier
# (nofutex: its waiters nap).
# membuf_align.c is a program of its own, run by compilers.sh per target.
HARD_DEBUG_SRCS := $(sort $(filter-out tests/debug/membuf_align.c,$(wildcard tests/debug/*.c)))
HARD_DEBUG_HDRS := $(wildcard tests/debug/*.h)
HARD_DEBUG_CONFIGS := none poison guard check all nofutex
hard_opts_none :=
hard_opts_poison := -DOS_MEMPOOL_POISON=1
hard_opts_guard := -DOS_MEMPOOL_GUARD=1
hard_opts_check := -DOS_MEMPOOL_CHECK=1
hard_opts_all := -DOS_MEMPOOL_POISON=1 -DOS_MEMPOOL_GUARD=1 -DOS_MEMPOOL_CHECK=1
hard_opts_nofutex := -DOS_PORT_HOST_NO_FUTEX

HARD_DEBUG_DIR ?= $(BUILD)/debug

$(HARD_DEBUG_DIR)/%: $(HARD_DEBUG_SRCS) $(HARD_DEBUG_HDRS) $(LIB_SRCS) $(LIB_HDRS) | deps-check
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc $(hard_opts_$*) $(ALL_CFLAGS) $(CHECK_CFLAGS) \
	    $(HARD_DEBUG_SRCS) $(LIB_SRCS) -o $@ $(CHECK_LIBS) -lpthread

.PHONY: debug-tests $(HARD_DEBUG_CONFIGS:%=debug-test-%)
debug-tests: $(HARD_DEBUG_CONFIGS:%=debug-test-%)
$(HARD_DEBUG_CONFIGS:%=debug-test-%): debug-test-%: $(HARD_DEBUG_DIR)/%
	$(call run_logged,debug-$*,$<)

CHECK_TARGETS += debug-tests

# --- Fuzzing ----------------------------------------------------------------
# tests/fuzz/fuzz_mempool.c checks every operation against tests/model/.
# `make fuzz` runs libFuzzer (clang, ASan + UBSan) from the committed seeds
# for FUZZ_SECONDS, then the build with every debug option for a third of
# that; new inputs go to build/fuzz/corpus*, crashes to build/fuzz/crash-*.
# make check replays the seeds and fixed pseudo-random inputs through gcc
# builds with ASan + UBSan: -O2, every debug option, -m32 (OS_ALIGNMENT 4,
# and 8), -Os and the single-threaded port.
FUZZ_SECONDS ?= 60
FUZZ_DEBUG_SECONDS ?= $(shell echo $$(( ($(FUZZ_SECONDS) + 2) / 3 )))
FUZZ_RANDOM_INPUTS ?= 3000
HARD_FUZZ := $(BUILD)/fuzz
HARD_FUZZ_SRCS := tests/fuzz/fuzz_mempool.c tests/model/pool_model.c
HARD_FUZZ_DEPS := $(HARD_FUZZ_SRCS) tests/fuzz/replay.c tests/model/pool_model.h \
    $(LIB_SRCS) $(LIB_HDRS)
HARD_FUZZ_FLAGS := $(WARNINGS) -g -Iinclude -Isrc -Itests/model
HARD_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HARD_ALL_OPTS := $(hard_opts_all)

$(HARD_FUZZ)/fuzz_mempool $(HARD_FUZZ)/fuzz_mempool_debug: $(HARD_FUZZ_DEPS) | deps-hardening
	@mkdir -p $(dir $@)
	$(HARD_CLANG) $(HARD_FUZZ_FLAGS) -O1 $(if $(findstring debug,$(notdir $@)),$(HARD_ALL_OPTS)) \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $(HARD_FUZZ_SRCS) $(LIB_SRCS) -o $@

# The replays: -O2; every debug option; -m32, also with 8-byte blocks; -Os
# (src/ has code compiled only when optimizing for size, as firmware usually
# is); the single-threaded port, which no other test runs.
HARD_REPLAYS := replay replay-debug replay-m32 replay-m32-align8 replay-Os replay-single
hard_replay_replay := -O2
hard_replay_replay-debug := -O2 $(HARD_ALL_OPTS)
hard_replay_replay-m32 := -O2 -m32
hard_replay_replay-m32-align8 := -O2 -m32 -DOS_ALIGNMENT=8
hard_replay_replay-Os := -Os
hard_replay_replay-single := -O2 -DOS_PORT_SINGLE_THREADED

$(HARD_REPLAYS:%=$(HARD_FUZZ)/%): $(HARD_FUZZ)/%: $(HARD_FUZZ_DEPS) | deps-hardening
	@mkdir -p $(dir $@)
	gcc $(HARD_FUZZ_FLAGS) $(hard_replay_$*) $(HARD_SAN) \
	    $(HARD_FUZZ_SRCS) tests/fuzz/replay.c $(LIB_SRCS) -o $@

.PHONY: fuzz fuzz-replay
fuzz: $(HARD_FUZZ)/fuzz_mempool $(HARD_FUZZ)/fuzz_mempool_debug
	$(call run_logged,fuzz,tests/fuzz/run_fuzz.sh $(HARD_FUZZ)/fuzz_mempool \
	    $(FUZZ_SECONDS) $(HARD_FUZZ)/corpus tests/fuzz/corpus && \
	    tests/fuzz/run_fuzz.sh $(HARD_FUZZ)/fuzz_mempool_debug \
	    $(FUZZ_DEBUG_SECONDS) $(HARD_FUZZ)/corpus-debug tests/fuzz/corpus)

# Each build's replay is one test in make check's count, with the number of
# inputs it ran beside it.
fuzz-replay: $(HARD_REPLAYS:%=$(HARD_FUZZ)/%)
	$(call run_logged,fuzz-replay,$(HARD_FUZZ)/replay -n fuzz-replay tests/fuzz/corpus/* -r $(FUZZ_RANDOM_INPUTS))
	$(call run_logged,fuzz-replay-debug,$(HARD_FUZZ)/replay-debug -n fuzz-replay-debug tests/fuzz/corpus/* -r $(FUZZ_RANDOM_INPUTS))
	$(call run_logged,fuzz-replay-m32,$(HARD_FUZZ)/replay-m32 -n fuzz-replay-m32 tests/fuzz/corpus/* -r $(FUZZ_RANDOM_INPUTS))
	$(call run_logged,fuzz-replay-m32-align8,$(HARD_FUZZ)/replay-m32-align8 -n fuzz-replay-m32-align8 tests/fuzz/corpus/* -r $(FUZZ_RANDOM_INPUTS))
	$(call run_logged,fuzz-replay-Os,$(HARD_FUZZ)/replay-Os -n fuzz-replay-Os tests/fuzz/corpus/* -r $(FUZZ_RANDOM_INPUTS))
	$(call run_logged,fuzz-replay-single,$(HARD_FUZZ)/replay-single -n fuzz-replay-single tests/fuzz/corpus/* -r $(FUZZ_RANDOM_INPUTS))

CHECK_TARGETS += fuzz-replay

# --- Coverage ---------------------------------------------------------------
# The unit runner (built by tests/unit.mk's own rule, with --coverage added
# to CFLAGS) and the debug tests in every configuration at -O0, and the
# unit runner and the debug tests without options at -Os, so each line of
# src/ is counted in the build that compiles it: optimised code puts code
# on lines of its own (the wake's register saves, called from assembly),
# and the debug lock test makes every release wake a sleeper, whatever the
# timing of the unit runner's threads. Nothing is excluded: the
# Cortex-M critical section is preprocessed away on the host and so is not
# counted as code. The runs' output goes to build/coverage/*.log, not to
# build/logs/, so make check does not count these runs again.
COVERAGE_LINES ?= 100
COVERAGE_BRANCHES ?= 95
HARD_COV := $(BUILD)/coverage
HARD_COV_MAKE = $(MAKE) --no-print-directory CFLAGS="-O0 -g --coverage -DHARD_GCOV_DUMP" \
    UNIT_BIN=$(HARD_COV)/unit HARD_DEBUG_DIR=$(HARD_COV)/debug

.PHONY: coverage
coverage: | deps-hardening
	@rm -rf $(HARD_COV) && mkdir -p $(HARD_COV)
	@$(HARD_COV_MAKE) $(HARD_COV)/unit $(HARD_DEBUG_CONFIGS:%=$(HARD_COV)/debug/%)
	@$(HARD_COV_MAKE) CFLAGS="-Os -g --coverage -DHARD_GCOV_DUMP" \
	    UNIT_BIN=$(HARD_COV)/unit-Os HARD_DEBUG_DIR=$(HARD_COV)/debug-Os \
	    $(HARD_COV)/unit-Os $(HARD_COV)/debug-Os/none
	@set -e; for t in unit unit-Os $(HARD_DEBUG_CONFIGS:%=debug/%) debug-Os/none; do \
	    log=$(HARD_COV)/$$(echo $$t | tr / -).log; \
	    $(HARD_COV)/$$t > $$log 2>&1 || { cat $$log; exit 1; }; \
	    echo "coverage run $$t: $$(grep -E 'Checks: ' $$log | tail -1)"; \
	done
	gcovr --root . --filter 'src/' --print-summary $(HARD_COV)
	gcovr --root . --filter 'src/' --branches \
	    --fail-under-line $(COVERAGE_LINES) --fail-under-branch $(COVERAGE_BRANCHES) \
	    --print-summary $(HARD_COV)

# --- ThreadSanitizer --------------------------------------------------------
# The whole unit suite (its concurrency tests above all) and the tests of
# tests/debug/ without and with every debug option (lock waits, threads
# sharing a pool), built by their own rules with -fsanitize=thread added.
# A race report ends the test's process with status 66: Check counts the
# test as failed.
HARD_TSAN := $(BUILD)/tsan
HARD_TSAN_ENV := TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"

.PHONY: tsan-tests
tsan-tests: | deps-hardening
	@$(MAKE) --no-print-directory CFLAGS="-O1 -g -fsanitize=thread" \
	    UNIT_BIN=$(HARD_TSAN)/unit HARD_DEBUG_DIR=$(HARD_TSAN)/debug \
	    $(HARD_TSAN)/unit $(HARD_TSAN)/debug/none $(HARD_TSAN)/debug/all
	$(call run_logged,tsan-unit,$(HARD_TSAN_ENV) $(HARD_TSAN)/unit)
	$(call run_logged,tsan-debug-none,$(HARD_TSAN_ENV) $(HARD_TSAN)/debug/none)
	$(call run_logged,tsan-debug-all,$(HARD_TSAN_ENV) $(HARD_TSAN)/debug/all)

CHECK_TARGETS += tsan-tests

# --- Compilers and targets --------------------------------------------------
# tests/debug/compilers.sh: gcc and clang, C99 and C11, -O0 and -O2, gcc
# -m32, the header in C++. tests/debug/cross.sh: Cortex-M0, M4 and RV32IMAC
# builds in every port and option (the bare-metal toolchains come with
# deps-target, tests/target.mk, which runs the ports on QEMU).
.PHONY: compilers cross-builds
compilers: | deps-hardening
	$(call run_logged,compilers,tests/debug/compilers.sh $(BUILD)/compilers 2)

cross-builds: | deps-hardening deps-target
	$(call run_logged,cross,tests/debug/cross.sh $(BUILD)/cross)

CHECK_TARGETS += compilers cross-builds

# --- Lint -------------------------------------------------------------------
# cppcheck and clang-tidy (.clang-tidy at the top) on the library in each
# port and debug configuration and on the hardening tests, and shellcheck on
# their scripts; any finding fails. The unit tests and the model are left to
# their own area.
hard_lint_host := -D__unix__
hard_lint_debug := -D__unix__ $(hard_opts_all)
hard_lint_guard := -D__unix__ $(hard_opts_guard)
hard_lint_single := -DOS_PORT_SINGLE_THREADED
hard_lint_cortex-m4 := -D__ARM_ARCH_PROFILE=77 -DOS_ALIGNMENT=4
hard_tidy_cortex-m4 := --target=thumbv7em-none-eabi -mcpu=cortex-m4 -mthumb \
    -isystem /usr/lib/arm-none-eabi/include
HARD_LINT_TESTS := $(wildcard tests/debug/*.c tests/fuzz/*.c)
HARD_CPPCHECK := cppcheck --std=c99 --enable=warning,style,performance,portability \
    --inline-suppr --suppressions-list=tests/cppcheck-suppressions.txt \
    --error-exitcode=1 --quiet -Iinclude -Isrc -Itests/model -Itests/debug
HARD_TIDY := clang-tidy --quiet
# In the tests only: OS_MEMPOOL_SIZE() and OS_ALIGN() multiply in the type of
# their arguments, int for the constants a user (and a test) writes, and
# the check asks for a cast at every such use. The library has none.
HARD_TIDY_TESTS := $(HARD_TIDY) --checks=-bugprone-implicit-widening-of-multiplication-result

.PHONY: lint
lint: | deps-hardening
	$(HARD_CPPCHECK) $(hard_lint_host) src/*.c
	$(HARD_CPPCHECK) $(hard_lint_debug) src/*.c
	$(HARD_CPPCHECK) $(hard_lint_guard) src/*.c
	$(HARD_CPPCHECK) $(hard_lint_single) src/*.c
	$(HARD_CPPCHECK) $(hard_lint_cortex-m4) src/*.c
	$(HARD_CPPCHECK) $(hard_lint_host) $(HARD_LINT_TESTS)
	$(HARD_CPPCHECK) $(hard_lint_debug) $(HARD_LINT_TESTS)
	$(HARD_CPPCHECK) --language=c++ -D__unix__ tests/debug/cxx_header.cpp
	$(HARD_TIDY) src/*.c -- -std=c99 -Iinclude -Isrc
	$(HARD_TIDY) src/*.c -- -std=c99 -Iinclude -Isrc $(hard_opts_all)
	$(HARD_TIDY) src/*.c -- -std=c99 -Iinclude -Isrc $(hard_opts_guard)
	$(HARD_TIDY) src/*.c -- -std=c99 -Iinclude -Isrc -DOS_PORT_SINGLE_THREADED
	$(HARD_TIDY) src/*.c -- -std=c99 -Iinclude -Isrc $(hard_tidy_cortex-m4)
	$(HARD_TIDY_TESTS) $(HARD_LINT_TESTS) -- -std=c99 -Iinclude -Isrc -Itests/model -Itests/debug
	$(HARD_TIDY_TESTS) $(HARD_LINT_TESTS) -- -std=c99 -Iinclude -Isrc -Itests/model -Itests/debug $(hard_opts_all)
	$(HARD_TIDY_TESTS) tests/debug/cxx_header.cpp -- -Iinclude
	shellcheck tests/debug/*.sh tests/fuzz/*.sh tests/target/*.sh
	@echo "lint: cppcheck and clang-tidy found nothing"
