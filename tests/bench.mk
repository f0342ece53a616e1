# Benchmarks and code size (a benchmark, never a timed test):
#
#   make bench            one run of everything the performance page shows:
#                         instructions per operation (callgrind), the timed
#                         tables, the threads, code size, the goals met or
#                         missed, and the plot, with the run's provenance.
#                         Prints the tables, keeps the run in
#                         build/bench/run/ and copies it into docs/site/bench/
#                         (committed: the page includes it, and `make docs`
#                         never runs the benchmark)
#   make bench-callgrind  the same (the name the goals were given with)
#   make bench-threads    the threads table alone, and the goals (a quick
#                         look at a change of the host lock; writes nothing)
#   make size             library text for Cortex-M0/M4 at -Os, and
#                         sizeof(struct os_mempool) on Cortex-M and the host
#
# `make check` builds the benchmark and runs `bench selftest`, which checks
# that each linked build is the one its figures claim to be, and
# bench-fresh, which fails when docs/site/bench/ was produced from sources
# other than the current ones: after a change to src/, include/ or the
# benchmark, rerun `make bench` and commit docs/site/bench/.

BENCH_DIR  := $(BUILD)/bench
BENCH_BIN  := $(BENCH_DIR)/bench
BENCH_RUN  := $(BENCH_DIR)/run
BENCH_PAGE ?= docs/site/bench
BENCH_CG   := $(BENCH_DIR)/callgrind.csv
BENCH_SIZE := $(BENCH_DIR)/size.txt
BENCH_PROV := $(BENCH_DIR)/provenance.txt
BENCH_SRCS := tests/bench/bench.c tests/bench/report.c tests/bench/threads.c
BENCH_HDRS := tests/bench/bench.h tests/bench/report.h \
    tests/bench/mynewt_pool.h tests/bench/threads.h
BENCH_CFLAGS = $(WARNINGS) -O2 -g -D_GNU_SOURCE
# What bench-fresh expects in $(BENCH_PAGE): what `make bench` copies there.
BENCH_OUTPUTS := run.txt pairs.txt scale.txt ops.txt threads.txt size.txt \
    goals.txt bench.csv bench.svg sources.txt

# The library once more per variant, its global symbols renamed with the
# variant's prefix so that all of them link into one benchmark program.
# GUARD's header renames init to *_guarded; the prefix takes its place.
# The build without the double-put check needs a private switch of src/;
# it is built only while src/ has it (bench.c then has BENCH_HAVE_nodp).
BENCH_NODP := $(if $(shell grep -l OS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK \
    $(LIB_SRCS) $(wildcard src/*.h) 2>/dev/null),nodp)
BENCH_VARIANTS := st $(BENCH_NODP) poison guard check
BENCH_DEF_st     := -DOS_PORT_SINGLE_THREADED
BENCH_DEF_nodp   := -DOS_MEMPOOL_BENCH_NO_DOUBLE_PUT_CHECK=1
BENCH_DEF_poison := -DOS_MEMPOOL_POISON=1
BENCH_DEF_guard  := -DOS_MEMPOOL_GUARD=1
BENCH_DEF_check  := -DOS_MEMPOOL_CHECK=1
BENCH_VAR_OBJS := $(BENCH_VARIANTS:%=$(BENCH_DIR)/lib-%.o)
# The plain Mynewt-style pool, with the host port's lock and without.
BENCH_PLAIN_OBJS := $(BENCH_DIR)/mynewt_pool.o $(BENCH_DIR)/mynewt_pool_st.o

# Other allocators, each in its own program (both replace malloc when
# linked). Built when Debian's package is installed, checked when make runs
# the recipe, so the first run after deps-bench installs them has them.
BENCH_HELPERS := jemalloc mimalloc
BENCH_HDR_jemalloc := /usr/include/jemalloc/jemalloc.h
BENCH_HDR_mimalloc := /usr/include/mimalloc.h

ARM_CC ?= arm-none-eabi-gcc
ARM_SIZE ?= arm-none-eabi-size
ARM_NM ?= arm-none-eabi-nm

.PHONY: deps-bench bench bench-build bench-helpers bench-callgrind \
    bench-threads bench-selftest bench-fresh size

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

# Compiled as the library is, with its private port header (src/).
$(BENCH_DIR)/mynewt_pool.o: tests/bench/mynewt_pool.c tests/bench/mynewt_pool.h \
    $(LIB_HDRS) tests/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) -c $< -o $@

$(BENCH_DIR)/mynewt_pool_st.o: tests/bench/mynewt_pool.c \
    tests/bench/mynewt_pool.h $(LIB_HDRS) tests/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) -DOS_PORT_SINGLE_THREADED \
	    -c $< -o $@

# Needs only the compiler: valgrind's header is optional (bench.h), so
# `make check` installs nothing for it.
$(BENCH_BIN): $(BENCH_SRCS) $(BENCH_HDRS) $(LIB_A) $(BENCH_VAR_OBJS) \
    $(BENCH_PLAIN_OBJS) tests/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(BENCH_CFLAGS) \
	    $(BENCH_VARIANTS:%=-DBENCH_HAVE_%) $(BENCH_SRCS) $(LIB_A) \
	    $(BENCH_VAR_OBJS) $(BENCH_PLAIN_OBJS) -o $@ -lpthread

bench-helpers: tests/bench/alloc.c tests/bench/bench.h | deps-bench
	@mkdir -p $(BENCH_DIR)
	@set -e; for h in $(BENCH_HELPERS); do \
	    case $$h in \
	    jemalloc) hdr=$(BENCH_HDR_jemalloc);; \
	    mimalloc) hdr=$(BENCH_HDR_mimalloc);; \
	    esac; \
	    out=$(BENCH_DIR)/bench-$$h; \
	    if [ ! -f $$hdr ]; then echo "bench: $$h not installed, left out"; rm -f $$out; continue; fi; \
	    if [ ! $$out -nt tests/bench/alloc.c ] || [ ! $$out -nt tests/bench/bench.h ]; then \
	        echo "$(CC) -DBENCH_ALLOCATOR=$$h tests/bench/alloc.c -o $$out -l$$h"; \
	        $(CC) $(BENCH_CFLAGS) -DBENCH_ALLOCATOR=$$h tests/bench/alloc.c \
	            -o $$out -l$$h; \
	    fi; \
	done

bench-build: $(BENCH_BIN) bench-helpers

# Expanded when bench's recipe runs, after bench-helpers built what it could.
bench_helpers_built = $(wildcard $(BENCH_HELPERS:%=$(BENCH_DIR)/bench-%))

# Provenance first (the load and the date at the start), then the
# instruction counts: each program runs its parts under callgrind, every
# part dumped on its own, and tests/bench/callgrind.awk turns the dumps into
# instructions per op. Then the timed run, which reads those, the sizes and
# the provenance and writes the tables; then the plot. The committed copy is
# replaced only once all of it succeeded.
bench: bench-build size | deps-bench
	@rm -rf $(BENCH_RUN) $(BENCH_DIR)/cg && mkdir -p $(BENCH_RUN) $(BENCH_DIR)/cg
	tests/bench/provenance.sh info "$(CC)" "$(CFLAGS)" $(BENCH_PAGE) >$(BENCH_PROV)
	@set -e; for p in $(BENCH_BIN) $(bench_helpers_built); do \
	    n=$$(basename $$p); \
	    echo "valgrind --tool=callgrind $$p callgrind"; \
	    valgrind --tool=callgrind --callgrind-out-file=$(BENCH_DIR)/cg/$$n.%p \
	        $$p callgrind 2>$(BENCH_DIR)/cg/$$n.log || \
	        { cat $(BENCH_DIR)/cg/$$n.log; exit 1; }; \
	done
	@awk -f tests/bench/callgrind.awk $(BENCH_DIR)/cg/*.*.[0-9]* >$(BENCH_CG)
	$(BENCH_BIN) --out $(BENCH_RUN) --instructions $(BENCH_CG) \
	    --size $(BENCH_SIZE) --provenance $(BENCH_PROV) \
	    $(foreach h,$(bench_helpers_built),--helper $(h))
	@sed -n 's/^sources\t//p' $(BENCH_PROV) >$(BENCH_RUN)/sources.txt
	@field() { sed -n "s/^$$1\t//p" $(BENCH_PROV) | tr -d "'\"\\\\"; }; \
	cap1="make bench, $$(field date), commit $$(field commit), tree $$(field tree)"; \
	cap2="$$(field cpu), $$(field cores); $$(field compiler) $$(field cflags)"; \
	gnuplot -e "dir='$(BENCH_RUN)'; out='$(BENCH_RUN)/bench.svg'; cap1='$$cap1'; cap2='$$cap2'" \
	    tests/bench/plot.gp
	@mkdir -p $(BENCH_PAGE) && rm -f $(BENCH_OUTPUTS:%=$(BENCH_PAGE)/%)
	cp $(BENCH_OUTPUTS:%=$(BENCH_RUN)/%) $(BENCH_PAGE)/
	@echo "bench: wrote $(BENCH_RUN)/ and copied it to $(BENCH_PAGE)/ (commit it)"

bench-callgrind: bench

bench-threads: $(BENCH_BIN)
	$(BENCH_BIN) threads

bench-selftest: $(BENCH_BIN)
	$(call run_logged,bench-selftest,$(BENCH_BIN) selftest)

# Compares a hash of the current sources with the one the committed run
# recorded; reads files only (no build, no run).
bench-fresh:
	$(call run_logged,bench-fresh,tests/bench/provenance.sh check $(BENCH_PAGE) $(BENCH_OUTPUTS))

CHECK_TARGETS += bench-selftest bench-fresh

# --- size -------------------------------------------------------------------
# The whole library as firmware links it: every source, -Os, Thumb. The
# pool structure's size on Cortex-M comes from the cross compiler (the size
# of an object of that type, read with nm), on the host from a program.
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
	    echo "text $$cpu $$text"; \
	    if [ $$cpu = cortex-m4 ]; then $(ARM_NM) --size-sort -S --radix=d $$objs | \
	        awk '$$3 ~ /[tT]/ { print $$2 + 0, $$4 }' | sort -k1,1nr -k2 | \
	        awk '{ print "func " $$2 " " $$1 }'; fi; \
	done >$(BENCH_SIZE).tmp
	@printf '#include "os/os_mempool.h"\nstruct os_mempool bench_sizeof_probe;\n' \
	    >$(BENCH_DIR)/size/probe.c
	@$(ARM_CC) -mcpu=cortex-m4 $(SIZE_CFLAGS) $(ALL_CPPFLAGS) \
	    -c $(BENCH_DIR)/size/probe.c -o $(BENCH_DIR)/size/probe-m4.o
	@$(ARM_NM) -S --radix=d $(BENCH_DIR)/size/probe-m4.o | \
	    awk '$$4 == "bench_sizeof_probe" { print "sizeof cortex-m4", $$2 + 0 }' \
	    >>$(BENCH_SIZE).tmp
	@printf '#include "os/os_mempool.h"\n#include <stdio.h>\nint main(void) { printf("%%zu\\n", sizeof(struct os_mempool)); return 0; }\n' \
	    >$(BENCH_DIR)/size/sizeof.c
	@$(CC) $(ALL_CPPFLAGS) $(WARNINGS) $(BENCH_DIR)/size/sizeof.c -o $(BENCH_DIR)/size/sizeof
	@echo "sizeof host-$$(uname -m) $$($(BENCH_DIR)/size/sizeof)" >>$(BENCH_SIZE).tmp
	@mv $(BENCH_SIZE).tmp $(BENCH_SIZE)
	@awk '$$1 == "text" { printf "size: %-10s -Os text %5d bytes (whole library)\n", $$2, $$3 } \
	    $$1 == "func" { printf "      %5d  %s\n", $$3, $$2 } \
	    $$1 == "sizeof" { printf "size: sizeof(struct os_mempool) on %s: %d bytes\n", $$2, $$3 }' \
	    $(BENCH_SIZE)
