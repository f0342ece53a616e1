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
