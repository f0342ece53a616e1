# Issue 6: the installed library (tests/install/install.sh) and the exports
# of the shared library (tests/install/exports.py).
# An example of the manual whose output is documented (a .out file).
INSTALL_EXAMPLE := docs/examples/os_mempool_info_get_next.c
# The exports also follow the debug options: a build with all of them.
INSTALL_DEBUG := $(BUILD)/install/debug
INSTALL_DEBUG_FLAGS := -DOS_MEMPOOL_POISON=1 -DOS_MEMPOOL_GUARD=1 -DOS_MEMPOOL_CHECK=1

# The test runs make itself; named without $(MAKE) so that `make -n check`
# does not run it.
INSTALL_TEST_MAKE = $(firstword $(MAKE))

.PHONY: deps-install install-tests exports-tests
deps-install:
	$(call need_debs,pkg-config man-db binutils libc6-dev python3)

$(INSTALL_DEBUG)/libmempool.so: $(LIB_SRCS) $(LIB_HDRS) src/libmempool.map
	$(MAKE) --no-print-directory BUILD=$(INSTALL_DEBUG) \
	    CPPFLAGS='$(CPPFLAGS) $(INSTALL_DEBUG_FLAGS)' $@

exports-tests: $(LIB_SO) $(INSTALL_DEBUG)/libmempool.so | deps-install
	$(call run_logged,exports,CC='$(CC)' /usr/bin/python3 tests/install/exports.py \
	    include/os/os_mempool.h $(LIB_SO) '$(ALL_CPPFLAGS)' \
	    $(INSTALL_DEBUG)/libmempool.so '$(ALL_CPPFLAGS) $(INSTALL_DEBUG_FLAGS)')

install-tests: $(LIB_A) $(LIB_SO) $(PC_FILE) docs-man | deps-install
	$(call run_logged,install,INSTALL_TEST_MAKE='$(INSTALL_TEST_MAKE)' CC='$(CC)' \
	    CPPFLAGS='$(CPPFLAGS)' BUILD='$(BUILD)' \
	    tests/install/install.sh $(INSTALL_EXAMPLE))

CHECK_TARGETS += exports-tests install-tests
