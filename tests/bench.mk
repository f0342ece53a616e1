# Benchmarks and code size (a benchmark, never a timed test):
#
#   make bench            the table (ns per op, x malloc, x floor), the goals,
#                         build/bench/bench.csv and build/bench/bench.svg
#   make bench-callgrind  instructions per op of each pair under callgrind,
#                         then the same table with an instructions column
#   make size             library text for Cortex-M0/M4 at -Os, and
#                         sizeof(struct os_mempool) on the host
#
# `make check` only builds the benchmark and runs `bench selftest`, which
# checks that each linked build is the one its figures claim to be.

BENCH_DIR  := $(BUILD)/bench
BENCH_BIN  := $(BENCH_DIR)/bench
BENCH_CSV  := $(BENCH_DIR)/bench.csv
BENCH_DAT  := $(BENCH_DIR)/plot.dat
BENCH_PLOT := $(BENCH_DIR)/bench.svg
BENCH_CG   := $(BENCH_DIR)/callgrind.csv
BENCH_SRCS := tests/bench/bench.c
BENCH_HDRS := tests/bench/bench.h
BENCH_CFLAGS = $(WARNINGS) -O2 -g -D_GNU_SOURCE

# The library once more per variant, its global symbols renamed with the
# variant's prefix so that all of them link into one benchmark program.
# GUARD's header renames init to *_guarded; the prefix takes its place.
BENCH_VARIANTS := st nodp poison guard check
BENCH_DEF_st     := -DOS_PORT_SINGLE_THREADED
BENCH_DEF_nodp   := -DOS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK=1
BENCH_DEF_poison := -DOS_MEMPOOL_POISON=1
BENCH_DEF_guard  := -DOS_MEMPOOL_GUARD=1
BENCH_DEF_check  := -DOS_MEMPOOL_CHECK=1
BENCH_VAR_OBJS := $(BENCH_VARIANTS:%=$(BENCH_DIR)/lib-%.o)

# Other allocators, each in its own program (both replace malloc when
# linked). Built when Debian's package is installed, checked when make runs
# the recipe, so the first run after deps-bench installs them has them.
BENCH_HELPERS := jemalloc mimalloc
BENCH_HDR_jemalloc := /usr/include/jemalloc/jemalloc.h
BENCH_HDR_mimalloc := /usr/include/mimalloc.h
BENCH_LIB_jemalloc := -ljemalloc
BENCH_LIB_mimalloc := -lmimalloc
BENCH_DEFN_jemalloc := -DBENCH_JEMALLOC
BENCH_DEFN_mimalloc := -DBENCH_MIMALLOC

ARM_CC ?= arm-none-eabi-gcc
ARM_SIZE ?= arm-none-eabi-size
ARM_NM ?= arm-none-eabi-nm

.PHONY: deps-bench bench bench-build bench-helpers bench-callgrind \
    bench-selftest size

deps-bench:
	$(call need_debs,valgrind gnuplot-nox libjemalloc-dev libmimalloc-dev \
	    gcc-arm-none-eabi binutils)

$(BENCH_DIR)/lib-%.o: $(LIB_SRCS) $(LIB_HDRS) tests/bench.mk
	@mkdir -p $(BENCH_DIR)/obj-$*
	@set -e; for s in $(LIB_SRCS); do \
	    o=$(BENCH_DIR)/obj-$*/$$(basename $$s .c).o; \
	    echo "$(CC) ... $(BENCH_DEF_$*) -c $$s -o $$o"; \
	    $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(BENCH_DEF_$*) -c $$s -o $$o; \
	    objs="$$objs $$o"; \
	done; \
	$(LD) -r $$objs -o $@.tmp
	set -o pipefail; nm -g --defined-only $@.tmp | awk '{ print $$3 }' | \
	    sed -e 's/.*/& $*_&/' -e 's/_guarded$$//' >$@.map
	objcopy --redefine-syms=$@.map $@.tmp $@
	@rm -f $@.tmp

# Needs only the compiler: valgrind's header is optional (bench.h), so
# `make check` installs nothing for it.
$(BENCH_BIN): $(BENCH_SRCS) $(BENCH_HDRS) $(LIB_A) $(BENCH_VAR_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(BENCH_CFLAGS) $(BENCH_SRCS) $(LIB_A) \
	    $(BENCH_VAR_OBJS) -o $@ -lpthread

bench-helpers: tests/bench/alloc.c $(BENCH_HDRS) | deps-bench
	@mkdir -p $(BENCH_DIR)
	@set -e; for h in $(BENCH_HELPERS); do \
	    case $$h in \
	    jemalloc) hdr=$(BENCH_HDR_jemalloc); def="$(BENCH_DEFN_jemalloc)"; lib="$(BENCH_LIB_jemalloc)";; \
	    mimalloc) hdr=$(BENCH_HDR_mimalloc); def="$(BENCH_DEFN_mimalloc)"; lib="$(BENCH_LIB_mimalloc)";; \
	    esac; \
	    out=$(BENCH_DIR)/bench-$$h; \
	    if [ ! -f $$hdr ]; then echo "bench: $$h not installed, left out"; rm -f $$out; continue; fi; \
	    if [ ! $$out -nt tests/bench/alloc.c ] || [ ! $$out -nt tests/bench/bench.h ]; then \
	        echo "$(CC) $$def tests/bench/alloc.c -o $$out $$lib"; \
	        $(CC) $(BENCH_CFLAGS) $$def tests/bench/alloc.c -o $$out $$lib; \
	    fi; \
	done

bench-build: $(BENCH_BIN) bench-helpers

bench_helper_args = $(foreach h,$(BENCH_HELPERS),$$([ -x $(BENCH_DIR)/bench-$(h) ] && echo --helper $(BENCH_DIR)/bench-$(h)))

bench: bench-build | deps-bench
	$(BENCH_BIN) --csv $(BENCH_CSV) --plot $(BENCH_DAT) $(bench_helper_args)
	@gnuplot -e "dat='$(BENCH_DAT)'; out='$(BENCH_PLOT)'" tests/bench/plot.gp && \
	    echo "bench: wrote $(BENCH_CSV) and $(BENCH_PLOT)"

# Each program runs its parts under callgrind; every part is dumped on its
# own and tests/bench/callgrind.awk turns the dumps into instructions per op.
bench-callgrind: bench-build | deps-bench
	@rm -rf $(BENCH_DIR)/cg && mkdir -p $(BENCH_DIR)/cg
	valgrind --tool=callgrind --callgrind-out-file=$(BENCH_DIR)/cg/bench.%p \
	    $(BENCH_BIN) callgrind 2>$(BENCH_DIR)/cg/bench.log
	@for h in $(BENCH_HELPERS); do \
	    [ -x $(BENCH_DIR)/bench-$$h ] || continue; \
	    echo "valgrind --tool=callgrind $(BENCH_DIR)/bench-$$h callgrind"; \
	    valgrind --tool=callgrind --callgrind-out-file=$(BENCH_DIR)/cg/$$h.%p \
	        $(BENCH_DIR)/bench-$$h callgrind 2>$(BENCH_DIR)/cg/$$h.log || exit 1; \
	done
	@awk -f tests/bench/callgrind.awk $(BENCH_DIR)/cg/*.*.[0-9]* >$(BENCH_CG)
	@echo "Instructions per op (callgrind, net of the loop):"
	@sed 's/,/ /' $(BENCH_CG) | awk '{ printf "  %-16s %7.1f\n", $$1, $$2 }'
	$(BENCH_BIN) --csv $(BENCH_CSV) --plot $(BENCH_DAT) --instructions $(BENCH_CG) $(bench_helper_args)
	@gnuplot -e "dat='$(BENCH_DAT)'; out='$(BENCH_PLOT)'" tests/bench/plot.gp && \
	    echo "bench: wrote $(BENCH_CSV), $(BENCH_CG) and $(BENCH_PLOT)"

bench-selftest: $(BENCH_BIN)
	$(call run_logged,bench-selftest,$(BENCH_BIN) selftest)

CHECK_TARGETS += bench-selftest

# --- size -------------------------------------------------------------------
# The whole library as firmware links it: every source, -Os, Thumb.
SIZE_CPUS := cortex-m0 cortex-m4
SIZE_CFLAGS = -std=c99 -Wall -Wextra -Werror -Os -mthumb -ffunction-sections

size: $(LIB_SRCS) $(LIB_HDRS) | deps-bench
	@mkdir -p $(BENCH_DIR)/size
	@set -e; for cpu in $(SIZE_CPUS); do \
	    objs=""; \
	    for s in $(LIB_SRCS); do \
	        o=$(BENCH_DIR)/size/$$cpu-$$(basename $$s .c).o; \
	        $(ARM_CC) -mcpu=$$cpu $(SIZE_CFLAGS) $(ALL_CPPFLAGS) -c $$s -o $$o; \
	        objs="$$objs $$o"; \
	    done; \
	    text=$$($(ARM_SIZE) -t $$objs | awk 'END { print $$1 }'); \
	    printf 'size: %-10s -Os text %5d bytes (whole library)\n' $$cpu $$text; \
	    if [ $$cpu = cortex-m4 ]; then $(ARM_NM) --size-sort -S --radix=d $$objs | \
	        awk '$$3 ~ /[tT]/ { printf "      %5d  %s\n", $$2, $$4 }'; fi; \
	done
	@printf '#include "os/os_mempool.h"\n#include <stdio.h>\nint main(void) { printf("%%zu\\n", sizeof(struct os_mempool)); return 0; }\n' \
	    >$(BENCH_DIR)/size/sizeof.c
	@$(CC) $(ALL_CPPFLAGS) $(WARNINGS) $(BENCH_DIR)/size/sizeof.c -o $(BENCH_DIR)/size/sizeof
	@printf 'size: host sizeof(struct os_mempool) = %s bytes\n' $$($(BENCH_DIR)/size/sizeof)
