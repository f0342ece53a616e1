# Issue 11: debug builds are first class (the DEBUG= and flags rules are the
# Makefile's). tests/build/debug_build.sh checks, in a scratch tree, that a
# change of flags rebuilds the library and that `make DEBUG=...` lands in a
# directory of its own with the options compiled in and in mempool.pc.
#
#   make debug-build-tests
DEBUG_BUILD_TEST_MAKE = $(firstword $(MAKE))

.PHONY: debug-build-tests
debug-build-tests:
	$(call run_logged,debug-build,INSTALL_TEST_MAKE='$(DEBUG_BUILD_TEST_MAKE)' CC='$(CC)' \
	    tests/build/debug_build.sh $(BUILD)/debug-build-test)

CHECK_TARGETS += debug-build-tests
