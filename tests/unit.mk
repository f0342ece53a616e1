# Unit tests: one Check suite per area, all linked into one runner, with the
# reference model of tests/model/. The library sources are compiled into the
# runner so that the sanitizer build instruments them too.
#
#   make unit-tests           the suite built with $(CFLAGS) (-O2 -g)
#   make unit-tests-asan      built with AddressSanitizer and UBSan
#   make unit-tests-valgrind  the first build under valgrind memcheck
#
#   make unit-tests-align    the suite at every other OS_ALIGNMENT: 16 on the
#                            64-bit host, and 4, 8 and 16 built for 32-bit x86
#                            (-m32) against tests/unit/check32, a stand-in for
#                            Check (Debian has no 32-bit Check without a second
#                            dpkg architecture)
#
# MEMPOOL_TEST_SEED=N replays the model-based random test with seed N.
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c tests/model/*.c))
UNIT_HDRS := $(wildcard tests/unit/*.h tests/model/*.h)
UNIT_BIN  := $(BUILD)/tests/unit
UNIT_ASAN_BIN := $(BUILD)/tests/unit-asan

# The runner counts allocations through these wrappers (alloc_count.c).
UNIT_LDFLAGS := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
UNIT_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
    -fno-omit-frame-pointer
UNIT_COMPILE = $(CC) $(ALL_CPPFLAGS) -Itests/unit -Itests/model \
    $(ALL_CFLAGS) $(CHECK_CFLAGS)
VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect

.PHONY: deps-check unit-tests unit-tests-asan unit-tests-valgrind \
    unit-tests-align
deps-check:
	$(call need_debs,check pkg-config valgrind)

$(UNIT_BIN): $(UNIT_SRCS) $(UNIT_HDRS) $(LIB_SRCS) $(LIB_HDRS) | deps-check
	@mkdir -p $(dir $@)
	$(UNIT_COMPILE) $(UNIT_SRCS) $(LIB_SRCS) -o $@ \
	    $(LDFLAGS) $(UNIT_LDFLAGS) $(CHECK_LIBS) -lpthread

$(UNIT_ASAN_BIN): $(UNIT_SRCS) $(UNIT_HDRS) $(LIB_SRCS) $(LIB_HDRS) | deps-check
	@mkdir -p $(dir $@)
	$(UNIT_COMPILE) $(UNIT_SANITIZE) $(UNIT_SRCS) $(LIB_SRCS) -o $@ \
	    $(LDFLAGS) $(UNIT_LDFLAGS) $(CHECK_LIBS) -lpthread

unit-tests: $(UNIT_BIN)
	$(call run_logged,unit,$(UNIT_BIN))

unit-tests-asan: $(UNIT_ASAN_BIN)
	$(call run_logged,unit-asan,UBSAN_OPTIONS=print_stacktrace=1 $(UNIT_ASAN_BIN))

# Without fork, so valgrind follows every test in one process.
unit-tests-valgrind: $(UNIT_BIN)
	$(call run_logged,unit-valgrind,CK_FORK=no $(VALGRIND) $(UNIT_BIN))

# The other alignments: the same sources, the library compiled in.
UNIT_ALIGN_DIR := $(BUILD)/tests/align
UNIT_M32_ALIGNMENTS := 4 8 16
UNIT_CHECK32 := $(wildcard tests/unit/check32/*.c tests/unit/check32/*.h)
UNIT_ALIGN_BINS := $(UNIT_ALIGN_DIR)/unit-align16 \
    $(UNIT_M32_ALIGNMENTS:%=$(UNIT_ALIGN_DIR)/unit-m32-align%)

$(UNIT_ALIGN_DIR)/unit-align16: $(UNIT_SRCS) $(UNIT_HDRS) $(LIB_SRCS) $(LIB_HDRS) | deps-check
	@mkdir -p $(dir $@)
	$(UNIT_COMPILE) -DOS_ALIGNMENT=16 $(UNIT_SRCS) $(LIB_SRCS) -o $@ \
	    $(LDFLAGS) $(UNIT_LDFLAGS) $(CHECK_LIBS) -lpthread

$(UNIT_ALIGN_DIR)/unit-m32-align%: $(UNIT_SRCS) $(UNIT_HDRS) $(UNIT_CHECK32) $(LIB_SRCS) $(LIB_HDRS) | deps-m32
	@mkdir -p $(dir $@)
	$(CC) -m32 -DOS_ALIGNMENT=$* $(ALL_CPPFLAGS) -Itests/unit/check32 -Itests/unit \
	    -Itests/model $(ALL_CFLAGS) $(filter %.c,$(UNIT_CHECK32)) $(UNIT_SRCS) \
	    $(LIB_SRCS) -o $@ $(LDFLAGS) $(UNIT_LDFLAGS) -lpthread

.PHONY: deps-m32
deps-m32:
	$(call need_debs,gcc-multilib)

unit-tests-align: $(UNIT_ALIGN_BINS)
	$(call run_logged,unit-align16,$(UNIT_ALIGN_DIR)/unit-align16)
	$(call run_logged,unit-m32-align4,$(UNIT_ALIGN_DIR)/unit-m32-align4)
	$(call run_logged,unit-m32-align8,$(UNIT_ALIGN_DIR)/unit-m32-align8)
	$(call run_logged,unit-m32-align16,$(UNIT_ALIGN_DIR)/unit-m32-align16)

CHECK_TARGETS += unit-tests unit-tests-asan unit-tests-valgrind unit-tests-align
