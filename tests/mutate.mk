# Mutation testing: what the tests hold, one wrong line of src/ at a time.
#
#   make mutate             every mutant of tests/mutate/catalogue, against
#                           the suites of tests/mutate/suites that cover its
#                           file, cheapest first, 2 at a time (MUTATE_JOBS),
#                           in private copies of the tree under
#                           $(BUILD)/mutate/; fails on a survivor the
#                           catalogue does not mark equivalent, and on a
#                           stale mutant (its code snippet gone from src/)
#   make mutate-check       the catalogue against the code only, in make
#                           check (0.2 s): every mutant's snippet found in
#                           src/, every function of src/ with a mutant or a
#                           reason
#   make mutate-selftest    the tool's own tests, in make check
#   make mutate-candidates FILE=src/x.c
#                           mutants to pick from for a file, in catalogue
#                           syntax
#   make mutate-functions   each function of src/ with its mutants
#
# MUTATE_ARGS passes options to tests/mutate/mutate.py, e.g.
# MUTATE_ARGS='--only init-keeps-lock --no-baseline'. The output goes to
# $(BUILD)/mutate/mutate.log, not to $(LOGS): it is not a make check total.
MUTATE_JOBS ?= 2
MUTATE_ARGS ?=
MUTATE := python3 tests/mutate/mutate.py

.PHONY: mutate mutate-check mutate-selftest mutate-candidates mutate-functions deps-mutate
deps-mutate:
	$(call need_debs,python3)

# The suites need what the unit and hardening tests need.
mutate: | deps-mutate deps-hardening
	@mkdir -p $(BUILD)/mutate
	@set -o pipefail; $(MUTATE) --jobs $(MUTATE_JOBS) --work $(BUILD)/mutate \
	    $(MUTATE_ARGS) 2>&1 | tee $(BUILD)/mutate/mutate.log

mutate-check: | deps-mutate
	$(call run_logged,mutate-check,$(MUTATE) --check)

# The tool's own tests, on small trees of their own (a second).
mutate-selftest: | deps-mutate
	$(call run_logged,mutate-selftest,python3 tests/mutate/test_mutate.py)

CHECK_TARGETS += mutate-check mutate-selftest

mutate-candidates: | deps-mutate
	@$(MUTATE) --list-candidates $(or $(FILE),$(error give FILE=src/...))

mutate-functions: | deps-mutate
	@$(MUTATE) --list-functions

# --- The runners, object by object ------------------------------------------
# make check builds each test runner in one compiler call. A mutant changes
# one file of src/, so the suites of tests/mutate/suites build the same
# runners from the same sources and flags object by object instead (the
# dependencies from -MMD): each mutant recompiles the file it changed and
# links, rather than every test file again.
#
#   $(MUTATE_BIN)/FLAVOUR/runner   FLAVOUR: unit, unit-asan, unit-align16,
#                                  tsan-unit, debug-CONFIG, tsan-debug-CONFIG
#                                  (CONFIG as in tests/hardening.mk)
MUTATE_BIN := $(BUILD)/mutate-bin
# As tests/unit.mk lists them (it is included after this file).
MUTATE_UNIT_SRCS := $(sort $(wildcard tests/unit/*.c tests/model/*.c))
MUTATE_TSAN := -O1 -g -fsanitize=thread

# $(call mutate_runner,FLAVOUR,SOURCES,COMPILE FLAGS,LINK FLAGS)
define mutate_runner
$(MUTATE_BIN)/$(1)/runner: $(patsubst %.c,$(MUTATE_BIN)/$(1)/%.o,$(2)) | deps-check
	$$(CC) $(3) $$^ -o $$@ $$(LDFLAGS) $(4)
$(MUTATE_BIN)/$(1)/%.o: %.c | deps-check
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CPPFLAGS) $(3) -MMD -MP -c $$< -o $$@
endef

mutate_unit_cflags = -Itests/unit -Itests/model $(WARNINGS) $(CHECK_CFLAGS)
mutate_unit_libs = $(UNIT_LDFLAGS) $(CHECK_LIBS) -lpthread
$(eval $(call mutate_runner,unit,$(MUTATE_UNIT_SRCS) $(LIB_SRCS),\
    $$(mutate_unit_cflags) $$(CFLAGS),$$(mutate_unit_libs)))
$(eval $(call mutate_runner,unit-asan,$(MUTATE_UNIT_SRCS) $(LIB_SRCS),\
    $$(mutate_unit_cflags) $$(CFLAGS) $$(UNIT_SANITIZE),\
    $$(UNIT_SANITIZE) $$(mutate_unit_libs)))
$(eval $(call mutate_runner,unit-align16,$(MUTATE_UNIT_SRCS) $(LIB_SRCS),\
    $$(mutate_unit_cflags) $$(CFLAGS) -DOS_ALIGNMENT=16,$$(mutate_unit_libs)))
$(eval $(call mutate_runner,tsan-unit,$(MUTATE_UNIT_SRCS) $(LIB_SRCS),\
    $$(mutate_unit_cflags) $$(MUTATE_TSAN),$$(MUTATE_TSAN) $$(mutate_unit_libs)))

mutate_debug_cflags = -Isrc $(WARNINGS) $(CHECK_CFLAGS)
$(foreach c,$(HARD_DEBUG_CONFIGS),$(eval $(call mutate_runner,debug-$(c),\
    $(HARD_DEBUG_SRCS) $(LIB_SRCS),$$(mutate_debug_cflags) $$(CFLAGS) \
    $$(hard_opts_$(c)),$$(CHECK_LIBS) -lpthread)))
$(foreach c,none all,$(eval $(call mutate_runner,tsan-debug-$(c),\
    $(HARD_DEBUG_SRCS) $(LIB_SRCS),$$(mutate_debug_cflags) $$(MUTATE_TSAN) \
    $$(hard_opts_$(c)),$$(MUTATE_TSAN) $$(CHECK_LIBS) -lpthread)))

-include $(shell find $(MUTATE_BIN) -name '*.d' 2>/dev/null)
