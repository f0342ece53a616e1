# Issue 13: the library as CMake projects consume it (tests/cmake/cmake.sh):
# add_subdirectory, find_package against CMake's install and against
# `make install`, the two installs compared, and the Cortex-M4 build of the
# toolchain file, each configured and built from scratch.
#
#   make cmake-tests
CMAKE_TEST_DIR := $(BUILD)/cmake
# The test runs make itself; named without $(MAKE) so that `make -n check`
# does not run it.
CMAKE_TEST_MAKE = $(firstword $(MAKE))

.PHONY: deps-cmake cmake-tests
deps-cmake:
	$(call need_debs,cmake make gcc-arm-none-eabi libnewlib-arm-none-eabi \
	    binutils-arm-none-eabi binutils python3 check pkg-config)

cmake-tests: $(LIB_A) $(LIB_SO) $(PC_FILE) $(CMAKE_FILES) $(MAN_DEP) | deps-cmake
	$(call run_logged,cmake,INSTALL_TEST_MAKE='$(CMAKE_TEST_MAKE)' CC='$(CC)' \
	    CPPFLAGS='$(CPPFLAGS)' BUILD='$(BUILD)' tests/cmake/cmake.sh $(CMAKE_TEST_DIR))

CHECK_TARGETS += cmake-tests
