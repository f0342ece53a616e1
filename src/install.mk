# Installing the library the way C libraries are installed:
#
#   make install   [PREFIX=/usr/local] [DESTDIR=/staging/root]
#   make uninstall (same variables)
#
# LIBDIR, INCLUDEDIR, MANDIR, PKGCONFIGDIR and CMAKEDIR follow PREFIX unless
# given. Besides mempool.pc, install writes the CMake package files
# (cmake/*.cmake.in), the same text as CMake's own install writes, so
# find_package(mempool) works on either install.
# uninstall removes the files install writes, computed from the same tree,
# and the $(INCLUDEDIR)/os and $(CMAKEDIR) directories if that leaves them
# empty; it leaves the other directories (lib, include, pkgconfig, man3),
# which are shared.

PREFIX       ?= /usr/local
EXEC_PREFIX  ?= $(PREFIX)
LIBDIR       ?= $(EXEC_PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATAROOTDIR  ?= $(PREFIX)/share
MANDIR       ?= $(DATAROOTDIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEDIR     ?= $(LIBDIR)/cmake/mempool
INSTALL      ?= install

INSTALL_HDRS := $(wildcard include/os/*.h)
PC_FILE      := $(BUILD)/mempool.pc
CMAKE_FILES  := $(BUILD)/mempoolConfig.cmake $(BUILD)/mempoolConfigVersion.cmake
# A release tarball (make dist) ships the man pages built, in docs/man/: from
# it, install needs neither Doxygen nor Sphinx. A checkout builds them.
MAN_SHIPPED  := $(wildcard docs/man/*.3)
MAN_BUILT    := $(if $(MAN_SHIPPED),docs/man,$(BUILD)/docs/man)
MAN_DEP      := $(if $(MAN_SHIPPED),,docs-man)
# What install writes into LIBDIR: the real shared library, its soname link
# (what programs load), the link the linker finds for -lmempool, the archive.
LIB_INSTALLED := $(notdir $(LIB_SO_REAL)) $(SONAME) libmempool.so libmempool.a

# The export list, preprocessed with the header's macros so that the names
# follow the build options the way the header's declarations do.
$(LIB_MAP): src/libmempool.map include/os/os_mempool.h $(LIB_FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -E -P -x c -imacros os/os_mempool.h $< -o $@.tmp
	sed '/^[[:space:]]*$$/d' $@.tmp >$@ && rm -f $@.tmp

# A program must be compiled with the options the library was built with
# (port, alignment, debug options), so they travel in Cflags. Directories
# under PREFIX are written relative to ${prefix}.
pc_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
PC_CFLAGS = $(filter -DOS_%,$(CPPFLAGS))

# $(call write_pc,OUT): mempool.pc for PREFIX and the directories.
write_pc = sed -e 's|@prefix@|$(PREFIX)|' \
    -e 's|@libdir@|$(call pc_rel,$(LIBDIR))|' \
    -e 's|@includedir@|$(call pc_rel,$(INCLUDEDIR))|' \
    -e 's|@version@|$(VERSION)|' \
    -e 's|@cflags@|$(if $(PC_CFLAGS), $(PC_CFLAGS))|' src/mempool.pc.in >$(1)

# The CMake package, from the templates CMakeLists.txt configures too: the
# compile definitions are the ones Cflags carry, the directories are written
# relative to CMAKEDIR (so a staged or moved install still works), and the
# pointer size is the compiler's, for the version file to refuse a consumer
# of another size. $(call write_cmake,TEMPLATE,OUT)
cmake_rel = $(shell realpath -m -s --relative-to='$(CMAKEDIR)' '$(1)')
CMAKE_DEFS = $(subst $(space),;,$(strip $(patsubst -D%,%,$(PC_CFLAGS))))
write_cmake = ptr=$$(printf '__SIZEOF_POINTER__\n' | \
    $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -E -P -x c - | tr -d '[:space:]') && \
    sed -e 's|@MEMPOOL_VERSION@|$(VERSION)|g' \
    -e 's|@MEMPOOL_VERSION_MAJOR@|$(VERSION_MAJOR)|g' \
    -e "s|@MEMPOOL_SIZEOF_VOID_P@|$$ptr|g" \
    -e 's|@MEMPOOL_DEFINITIONS@|$(CMAKE_DEFS)|g' \
    -e 's|@MEMPOOL_INCLUDEDIR_REL@|$(call cmake_rel,$(INCLUDEDIR))|g' \
    -e 's|@MEMPOOL_LIBDIR_REL@|$(call cmake_rel,$(LIBDIR))|g' $(1) >$(2)

# The build's copies, for the default directories unless given, rewritten
# only when their text changes (PREFIX and the rest are not files make can
# compare dates with). The temporary name carries the shell's PID, as makes
# run by tests share BUILD.
replace_if_changed = if cmp -s $(1) $(2); then rm -f $(1); else mv -f $(1) $(2); echo "wrote $(2)"; fi
$(PC_FILE): src/mempool.pc.in include/os/os_mempool.h FORCE_PC
	@mkdir -p $(dir $@)
	@tmp=$@.$$$$; $(call write_pc,$$tmp) && $(call replace_if_changed,$$tmp,$@)

$(CMAKE_FILES): $(BUILD)/%: cmake/%.in include/os/os_mempool.h FORCE_PC
	@mkdir -p $(dir $@)
	@tmp=$@.$$$$; $(call write_cmake,$<,$$tmp) && $(call replace_if_changed,$$tmp,$@)

# The man pages are the manual's (docs-man, tests/docs.mk), or a tarball's.
.PHONY: install uninstall FORCE_PC
FORCE_PC:

# mempool.pc and the CMake package are written for this install's PREFIX and
# directories into a directory of its own, not over the build's copies: two
# installs to different places at once do not take each other's.
install: $(LIB_A) $(LIB_SO) $(MAN_DEP)
	$(INSTALL) -d '$(DESTDIR)$(INCLUDEDIR)/os' '$(DESTDIR)$(LIBDIR)' \
	    '$(DESTDIR)$(PKGCONFIGDIR)' '$(DESTDIR)$(CMAKEDIR)' '$(DESTDIR)$(MANDIR)/man3'
	$(INSTALL) -m 644 $(INSTALL_HDRS) '$(DESTDIR)$(INCLUDEDIR)/os/'
	$(INSTALL) -m 644 $(LIB_A) '$(DESTDIR)$(LIBDIR)/'
	$(INSTALL) -m 755 $(LIB_SO_REAL) '$(DESTDIR)$(LIBDIR)/'
	ln -sf $(notdir $(LIB_SO_REAL)) '$(DESTDIR)$(LIBDIR)/$(SONAME)'
	ln -sf $(SONAME) '$(DESTDIR)$(LIBDIR)/libmempool.so'
	@tmp=$$(mktemp -d '$(BUILD)/install.XXXXXX') && \
	$(call write_pc,$$tmp/mempool.pc) && \
	$(call write_cmake,cmake/mempoolConfig.cmake.in,$$tmp/mempoolConfig.cmake) && \
	$(call write_cmake,cmake/mempoolConfigVersion.cmake.in,$$tmp/mempoolConfigVersion.cmake) && \
	echo "$(INSTALL) -m 644 mempool.pc '$(DESTDIR)$(PKGCONFIGDIR)/'" && \
	$(INSTALL) -m 644 $$tmp/mempool.pc '$(DESTDIR)$(PKGCONFIGDIR)/' && \
	echo "$(INSTALL) -m 644 $(notdir $(CMAKE_FILES)) '$(DESTDIR)$(CMAKEDIR)/'" && \
	$(INSTALL) -m 644 $$tmp/mempoolConfig.cmake $$tmp/mempoolConfigVersion.cmake \
	    '$(DESTDIR)$(CMAKEDIR)/'; \
	status=$$?; rm -rf "$$tmp"; exit $$status
	$(INSTALL) -m 644 $(MAN_BUILT)/*.3 '$(DESTDIR)$(MANDIR)/man3/'

# The man page names come from the built manual, as for install.
uninstall: $(MAN_DEP)
	rm -f $(foreach h,$(notdir $(INSTALL_HDRS)),'$(DESTDIR)$(INCLUDEDIR)/os/$(h)') \
	    $(foreach f,$(LIB_INSTALLED),'$(DESTDIR)$(LIBDIR)/$(f)') \
	    '$(DESTDIR)$(PKGCONFIGDIR)/$(notdir $(PC_FILE))' \
	    $(foreach f,$(notdir $(CMAKE_FILES)),'$(DESTDIR)$(CMAKEDIR)/$(f)')
	@for p in $(MAN_BUILT)/*.3; do \
	    [ -e "$$p" ] || continue; \
	    echo "rm -f $(DESTDIR)$(MANDIR)/man3/$${p##*/}"; \
	    rm -f "$(DESTDIR)$(MANDIR)/man3/$${p##*/}"; \
	done
	[ ! -d '$(DESTDIR)$(INCLUDEDIR)/os' ] || \
	    rmdir --ignore-fail-on-non-empty '$(DESTDIR)$(INCLUDEDIR)/os'
	[ ! -d '$(DESTDIR)$(CMAKEDIR)' ] || \
	    rmdir --ignore-fail-on-non-empty '$(DESTDIR)$(CMAKEDIR)'

ALL_TARGETS += $(PC_FILE) $(CMAKE_FILES)
