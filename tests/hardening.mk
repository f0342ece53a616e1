# Hardening: the debug options' tests, ThreadSanitizer, the compiler matrix,
# the cross builds, coverage, the fuzzer and lint.
#
#   make check       runs debug-tests, tsan-tests, compilers, cross-builds
#                    and fuzz-corpus (a replay of the committed corpus)
#   make coverage    line and branch coverage of src/ by the unit and debug
#                    tests; fails below COVERAGE_LINES / COVERAGE_BRANCHES
#   make fuzz        the libFuzzer target for FUZZ_SECONDS (default 60)
#   make lint        cppcheck and clang-tidy on src/, include/ and tests

HARD_CLANG := clang-14

.PHONY: deps-hardening
deps-hardening: deps-check
	$(call need_debs,clang-14 libclang-rt-14-dev clang-tidy-14 cppcheck gcovr \
	    gcc-multilib g++ gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi)

# --- Debug options ----------------------------------------------------------
# The tests of tests/debug/ against the library built with each debug option,
# all three, and none (the lock and is_sane tests need no option).
HARD_DEBUG_SRCS := $(sort $(wildcard tests/debug/*.c))
HARD_DEBUG_HDRS := $(wildcard tests/debug/*.h)
HARD_DEBUG_CONFIGS := none poison guard check all
hard_opts_none :=
hard_opts_poison := -DOS_MEMPOOL_POISON=1
hard_opts_guard := -DOS_MEMPOOL_GUARD=1
hard_opts_check := -DOS_MEMPOOL_CHECK=1
hard_opts_all := -DOS_MEMPOOL_POISON=1 -DOS_MEMPOOL_GUARD=1 -DOS_MEMPOOL_CHECK=1

$(BUILD)/debug/%: $(HARD_DEBUG_SRCS) $(HARD_DEBUG_HDRS) $(LIB_SRCS) $(LIB_HDRS) | deps-check
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc $(hard_opts_$*) $(ALL_CFLAGS) $(CHECK_CFLAGS) \
	    $(HARD_DEBUG_SRCS) $(LIB_SRCS) -o $@ $(CHECK_LIBS) -lpthread

.PHONY: debug-tests $(HARD_DEBUG_CONFIGS:%=debug-test-%)
debug-tests: $(HARD_DEBUG_CONFIGS:%=debug-test-%)
$(HARD_DEBUG_CONFIGS:%=debug-test-%): debug-test-%: $(BUILD)/debug/%
	$(call run_logged,debug-$*,$<)

CHECK_TARGETS += debug-tests
