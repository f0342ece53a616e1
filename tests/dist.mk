# Releases (issue 13): the tarball, its check, and one version everywhere.
#
#   make dist        build/mempool-VERSION.tar.gz (tests/dist/dist.sh): the
#                    files git tracks and the man pages built, the same
#                    bytes from the same files
#   make distcheck   that tarball unpacked in a temporary directory: make,
#                    make check with DISTCHECK_TARGETS, make install
#                    DESTDIR= and uninstall, a CMake FetchContent build of
#                    it (tests/dist/distcheck.sh)
#
# make check runs version-check (the header's version macros, the soname,
# mempool.pc, the CMake version files and CHANGELOG.md's newest entry agree,
# and the check catches each disagreement) and dist-tests (two tarballs made
# from scratch are the same bytes, and hold what they should).
DIST_TARBALL := $(BUILD)/mempool-$(VERSION).tar.gz
# The quick subset of make check that distcheck runs in the unpacked tree:
# the unit suite (without its sanitizer and valgrind runs), the manual's and
# the README's examples, the docs checks (the drift check skips its
# reference-text cases there, and distcheck lists the skips), the install,
# export and CMake tests, the version check and the debug-build test. Left
# out: the sanitizer, valgrind, ThreadSanitizer and fuzz runs, the compiler
# matrix and cross builds, the browser test and bench-selftest, which test
# the code rather than the tarball and take most of make check's time.
DISTCHECK_TARGETS ?= unit-tests docs-examples readme-examples docs-drift \
    docs-warnings docs-man-check exports-tests install-tests cmake-tests \
    version-check debug-build-tests
DIST_TEST_MAKE = $(firstword $(MAKE))
VERSION_CMAKE := $(BUILD)/version/cmake

.PHONY: deps-dist dist distcheck dist-tests version-check
deps-dist:
	$(call need_debs,git tar gzip coreutils)

dist: | deps-dist
	MAKE='$(MAKE)' tests/dist/dist.sh $(BUILD) $(VERSION)

# Not logged under $(LOGS): make check would count it.
distcheck: dist
	@set -o pipefail; MAKE='$(MAKE)' DISTCHECK_TARGETS='$(DISTCHECK_TARGETS)' \
	    tests/dist/distcheck.sh $(DIST_TARBALL) 2>&1 | tee $(BUILD)/distcheck.log

dist-tests: | deps-dist
	$(call run_logged,dist,MAKE='$(DIST_TEST_MAKE)' \
	    tests/dist/dist_test.sh $(BUILD)/dist-test $(VERSION))

# CMake's side: a configure of the top CMakeLists.txt writes its mempool.pc
# and version file.
version-check: $(LIB_SO) $(PC_FILE) $(CMAKE_FILES) | deps-cmake
	@rm -rf $(VERSION_CMAKE) && mkdir -p $(VERSION_CMAKE)
	@cmake -S . -B $(VERSION_CMAKE) -DMEMPOOL_INSTALL=ON >$(VERSION_CMAKE)/configure.log 2>&1 || \
	    { cat $(VERSION_CMAKE)/configure.log; exit 1; }
	$(call run_logged,version,tests/dist/version.sh include/os/os_mempool.h CHANGELOG.md \
	    $(LIB_SO_REAL) $(PC_FILE) $(BUILD)/mempoolConfigVersion.cmake \
	    $(VERSION_CMAKE)/mempool.pc $(VERSION_CMAKE)/mempoolConfigVersion.cmake)
	$(call run_logged,version-selftest,tests/dist/version_selftest.sh $(BUILD)/version/selftest \
	    include/os/os_mempool.h CHANGELOG.md $(LIB_SO_REAL) $(PC_FILE) \
	    $(BUILD)/mempoolConfigVersion.cmake)

CHECK_TARGETS += version-check dist-tests
