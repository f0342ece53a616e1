# mempool: Apache Mynewt's memory pool API as a standalone C99 library.
#
#   make            the static and shared library under build/, and the manual
#   make check      every test (installs the Debian packages it lacks)
#
# Each area keeps its rules beside its files (tests/*.mk, docs/*.mk, ...);
# this file holds the library and what they share.

.DEFAULT_GOAL := all
SHELL := /bin/bash

# --- Debug builds -----------------------------------------------------------
# `make DEBUG=poison,guard,check` (any of them, in any order, on make's
# command line) builds the library with those debug options, each as
# -DOS_MEMPOOL_<OPTION>=1, into a directory of its own named after the
# sorted list (build/debug-check-guard-poison/) unless BUILD is given; its
# mempool.pc carries the options. The manual is the same for every build, so
# `make DEBUG=...` makes only the libraries and mempool.pc. DEBUG from the
# environment is ignored: other tools use that name.
ifneq ($(origin DEBUG),command line)
DEBUG :=
endif
comma := ,
empty :=
space := $(empty) $(empty)
DEBUG_OPTS := $(sort $(subst $(comma),$(space),$(DEBUG)))
ifneq ($(filter-out poison guard check,$(DEBUG_OPTS)),)
$(error DEBUG takes poison, guard and check, comma-separated; got "$(DEBUG)")
endif
ifneq ($(DEBUG_OPTS),)
BUILD ?= build/debug-$(subst $(space),-,$(DEBUG_OPTS))
DEBUG_CPPFLAGS := $(if $(filter poison,$(DEBUG_OPTS)),-DOS_MEMPOOL_POISON=1) \
    $(if $(filter guard,$(DEBUG_OPTS)),-DOS_MEMPOOL_GUARD=1) \
    $(if $(filter check,$(DEBUG_OPTS)),-DOS_MEMPOOL_CHECK=1)
DEBUG_CPPFLAGS := $(filter-out $(CPPFLAGS),$(DEBUG_CPPFLAGS))
override CPPFLAGS += $(DEBUG_CPPFLAGS)
endif

BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS := -std=c99 -Wall -Wextra -Wpedantic -Werror
ALL_CPPFLAGS = -Iinclude $(CPPFLAGS)
ALL_CFLAGS = $(WARNINGS) $(CFLAGS)

# The version, major.minor.patch, read from the one place it is written.
version_part = $(shell sed -n 's/^\#define OS_MEMPOOL_VERSION_$(1) \([0-9]*\)$$/\1/p' include/os/os_mempool.h)
VERSION_MAJOR := $(call version_part,MAJOR)
VERSION := $(VERSION_MAJOR).$(call version_part,MINOR).$(call version_part,PATCH)

LIB_SRCS := $(sort $(wildcard src/*.c))
LIB_HDRS := $(wildcard include/os/*.h src/*.h)
LIB_A    := $(BUILD)/libmempool.a
LIB_SO   := $(BUILD)/libmempool.so
SONAME   := libmempool.so.$(VERSION_MAJOR)
LIB_SO_REAL := $(BUILD)/libmempool.so.$(VERSION)
# The shared library exports the API and nothing else: its objects hide all
# but what the public header declares, and a version script made from
# src/libmempool.map (rule in src/install.mk) lists the exports.
SO_CFLAGS = -fvisibility=hidden -include src/os_mempool_export.h
LIB_MAP  := $(BUILD)/libmempool.map

# --- Debian packages --------------------------------------------------------
# $(call need_debs,pkg...): a recipe line that installs the listed Debian
# packages that are missing, and says so. NO_AUTO_DEPS=1 only reports them.
NO_AUTO_DEPS ?=
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
define need_debs
@command -v dpkg-query >/dev/null 2>&1 || exit 0; \
missing=""; \
for p in $(1); do \
    dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
done; \
[ -n "$$missing" ] || exit 0; \
if [ -n "$(NO_AUTO_DEPS)" ]; then \
    echo "make: missing Debian packages:$$missing (NO_AUTO_DEPS is set, not installing)" >&2; exit 1; \
fi; \
echo "make: installing missing Debian packages:$$missing"; \
$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null && \
$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
    install --no-install-recommends $$missing >/dev/null && \
echo "make: installed$$missing"
endef

# --- Tests ------------------------------------------------------------------
# Every test target keeps its output in $(LOGS)/NAME.log through run_logged;
# `make check` then adds up, log by log:
#   "NAME: N passed, N failed" or "NAME: N passed, N failed, N skipped" at
#       the start of a line, anything after it (such as "(3006 inputs)");
#       a skipped test is neither passed nor failed;
#   Check's "Checks: N, Failures: F, Errors: E", in a log without such a
#       line (the Check runners here print one that counts their skips:
#       tests/check_skip.h);
#   "SKIP: TEST: REASON", the reason a test skipped, which make check
#       repeats with the log's name before its total,
# and ends with "make check: N passed, N failed, N skipped".
LOGS := $(BUILD)/logs
run_logged = @mkdir -p $(LOGS); set -o pipefail; ( $(2) ) 2>&1 | tee $(LOGS)/$(1).log

CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

# --- The library ------------------------------------------------------------
# What the library is built with, one file per BUILD directory, rewritten
# only when the text changes: a change of compiler or flags rebuilds the
# objects, both libraries and the export list, and nothing else. (The
# temporary name carries the shell's PID: makes run by tests share BUILD.)
LIB_FLAGS := $(BUILD)/flags
shell_quote = '$(subst ','\'',$(1))'
$(LIB_FLAGS): FORCE_FLAGS
	@mkdir -p $(dir $@)
	@tmp=$@.$$$$; printf '%s\n' $(call shell_quote,CC $(CC)) \
	    $(call shell_quote,CPPFLAGS $(ALL_CPPFLAGS)) $(call shell_quote,CFLAGS $(ALL_CFLAGS)) \
	    $(call shell_quote,SO_CFLAGS $(SO_CFLAGS)) $(call shell_quote,LDFLAGS $(LDFLAGS)) >$$tmp; \
	if cmp -s $$tmp $@; then rm -f $$tmp; else \
	    [ ! -e $@ ] || echo "flags of $(BUILD) changed: the library is rebuilt"; mv -f $$tmp $@; fi

$(BUILD)/obj/%.o: src/%.c $(LIB_HDRS) $(LIB_FLAGS) | $(BUILD)/obj
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/pic/%.o: src/%.c $(LIB_HDRS) $(LIB_FLAGS) | $(BUILD)/pic
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fPIC $(SO_CFLAGS) -c $< -o $@

$(BUILD)/obj $(BUILD)/pic:
	@mkdir -p $@

$(LIB_A): $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIB_SO_REAL): $(LIB_SRCS:src/%.c=$(BUILD)/pic/%.o) $(LIB_MAP) $(LIB_FLAGS)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(LIB_MAP) \
	    $(LDFLAGS) $(filter %.o,$^) -o $@

$(LIB_SO): $(LIB_SO_REAL)
	ln -sf $(notdir $(LIB_SO_REAL)) $(BUILD)/$(SONAME)
	ln -sf $(notdir $(LIB_SO_REAL)) $@

.PHONY: all lib check clean FORCE_FLAGS
FORCE_FLAGS:
lib: $(LIB_A) $(LIB_SO)

# Areas add their targets to these.
ALL_TARGETS   := lib
CHECK_TARGETS :=

include $(sort $(wildcard src/*.mk tests/*.mk tests/*/*.mk docs/*.mk))

all: $(if $(DEBUG_OPTS),lib $(PC_FILE) $(CMAKE_FILES),$(ALL_TARGETS))

check: $(CHECK_TARGETS)
	@awk ' \
	    function flush() { if (!plain) { pass += cpass; fail += cfail } cpass = cfail = plain = 0 } \
	    FNR == 1 { flush(); name = FILENAME; sub(/^.*\//, "", name); sub(/\.log$$/, "", name) } \
	    /^SKIP: / { skips = skips "make check: skipped in " name ": " substr($$0, 7) "\n"; next } \
	    match($$0, /Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/) { \
	        split(substr($$0, RSTART, RLENGTH), f, /[^0-9]+/); \
	        cpass += f[2] - f[3] - f[4]; cfail += f[3] + f[4]; next } \
	    match($$0, /^([A-Za-z0-9_.+-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?/) { \
	        line = substr($$0, RSTART, RLENGTH); sub(/^[^ ]*: /, "", line); \
	        split(line, f, /[^0-9]+/); plain = 1; pass += f[1]; fail += f[2]; skip += f[3] } \
	    END { flush(); printf "%s", skips; \
	        printf "make check: %d passed, %d failed, %d skipped\n", pass, fail, skip; exit fail != 0 }' \
	    /dev/null $(wildcard $(LOGS)/*.log)

clean:
	rm -rf $(BUILD)
