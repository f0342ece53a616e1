# Releases (issue 13): one version everywhere.
#
# make check runs version-check: the header's version macros, the soname,
# mempool.pc, the CMake version files and CHANGELOG.md's newest entry agree,
# and the check catches each disagreement.
VERSION_CMAKE := $(BUILD)/version/cmake

.PHONY: version-check

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

CHECK_TARGETS += version-check
