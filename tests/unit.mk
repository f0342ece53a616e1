# Unit tests: one Check suite per area, all linked into one runner, with the
# reference model of tests/model/. The library sources are compiled into the
# runner so that the sanitizer build instruments them too.
#
#   make unit-tests           the suite built with $(CFLAGS) (-O2 -g)
#   make unit-tests-asan      built with AddressSanitizer and UBSan
#   make unit-tests-valgrind  the first build under valgrind memcheck
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

.PHONY: deps-check unit-tests unit-tests-asan unit-tests-valgrind
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

CHECK_TARGETS += unit-tests unit-tests-asan unit-tests-valgrind
