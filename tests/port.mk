# The ports on the host: the host lock under contention and real-time
# priorities, the user port with a signal handler, the manual's user-port
# example, and the library cross-built for riscv64 Linux and run there
# (qemu-user). Each test prints "port: N passed, N failed[, N skipped]"
# lines that make check adds up (tests/port/run.sh makes one for a program
# that prints none, or crashes, or hangs).
#
#   make port-tests         all of the below but port-lock-cost (each one
#                           is in make check)
#   make port-lock          the host lock: a SCHED_FIFO waiter and a holder
#                           of lower priority on one CPU, releases racing
#                           waiters on their way to sleep, threads on
#                           shared pools, two SCHED_FIFO threads on two
#                           CPUs on one pool (truly in parallel, whatever
#                           the machine's load)
#   make port-signals       pools shared with a signal handler (user port)
#   make port-user-example  docs/examples/guide_user_port*.c against a
#                           -DOS_PORT_USER library: the library calls each
#                           example's critical section, in pairs, and the
#                           signal example's nesting holds
#   make port-riscv64       riscv64 Linux: the library cross-built with GCC
#                           12, two programs linked with what mempool.pc
#                           lists, run under qemu-riscv64
#   make port-lock-cost     what the host lock's take and release cost on
#                           this machine, and two threads' throughput on one
#                           pool with waiters that sleep sooner or never (a
#                           benchmark, not in make check)

PORT_DIR := $(BUILD)/port
PORT_RUN := tests/port/run.sh
PORT_CFLAGS = $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS)

.PHONY: port-tests port-lock port-signals port-user-example port-riscv64 \
    port-lock-cost deps-port-cost deps-port-riscv64

# --- The host lock ----------------------------------------------------------
# Three builds: as shipped; waiters that sleep at their first failed try,
# so that nearly every contended call goes through the kernel; and the
# fallback that naps instead of using a futex (what non-Linux hosts get).
PORT_LOCK_BUILDS := default sleepy nofutex
port_lock_def_default :=
port_lock_def_sleepy := -DOS_PORT_HOST_YIELDS=0
port_lock_def_nofutex := -DOS_PORT_HOST_NO_FUTEX
PORT_LOCK_TESTS := rt_lock wake_race lock_stress lock_parallel
# And, for port-lock-cost, waiters that sleep after fewer tries, or never,
# and a take by exchange rather than bit-test-and-set.
PORT_COST_BUILDS := tries128 tries16 never exchange
port_lock_def_tries128 := -DOS_PORT_HOST_YIELDS=128
port_lock_def_tries16 := -DOS_PORT_HOST_YIELDS=16
port_lock_def_never := -DOS_PORT_HOST_YIELDS=4000000000u
port_lock_def_exchange := -DOS_PORT_BENCH_TAKE_EXCHANGE=1

# Each build's library once (make's own rules, under its own BUILD), then
# $(call port_lock_rule,TEST,BUILD): the test linked with it.
PORT_LIB_BUILDS := $(PORT_LOCK_BUILDS) $(PORT_COST_BUILDS)
$(PORT_LIB_BUILDS:%=$(PORT_DIR)/lib-%/libmempool.a): $(LIB_SRCS) $(LIB_HDRS)
	@$(MAKE) --no-print-directory BUILD=$(@D) \
	    CPPFLAGS='$(CPPFLAGS) $(port_lock_def_$(patsubst lib-%,%,$(notdir $(@D))))' $@

define port_lock_rule
$(PORT_DIR)/$(1)-$(2): tests/port/$(1).c $(PORT_DIR)/lib-$(2)/libmempool.a
	$$(CC) $$(PORT_CFLAGS) $(port_lock_def_$(2)) $$^ -o $$@ -lpthread
endef
$(foreach t,$(PORT_LOCK_TESTS),$(foreach b,$(PORT_LOCK_BUILDS),\
    $(eval $(call port_lock_rule,$(t),$(b)))))

# The wake is called from inline assembly on x86-64, which link-time
# optimisation cannot see: the race again, library and test built with
# -flto together, waiters sleeping at once.
$(PORT_DIR)/wake_race-lto: tests/port/wake_race.c $(LIB_SRCS) $(LIB_HDRS)
	$(CC) $(PORT_CFLAGS) -flto -DOS_PORT_HOST_YIELDS=0 $< $(LIB_SRCS) -o $@ -lpthread

# In a variable: commas in a $(call) argument would split it.
PORT_LOCK_RUN = status=0; \
    for b in $(PORT_LOCK_BUILDS); do \
        echo "port: host lock, $$b build:"; \
        $(PORT_RUN) rt_lock-$$b 60 $(PORT_DIR)/rt_lock-$$b || status=1; \
        $(PORT_RUN) wake_race-$$b 60 $(PORT_DIR)/wake_race-$$b 5000 || status=1; \
        $(PORT_RUN) lock_stress-$$b 60 $(PORT_DIR)/lock_stress-$$b 50000 || status=1; \
        $(PORT_RUN) lock_parallel-$$b 60 $(PORT_DIR)/lock_parallel-$$b || status=1; \
    done; \
    echo "port: host lock, sleepy build with link-time optimisation:"; \
    $(PORT_RUN) wake_race-lto 60 $(PORT_DIR)/wake_race-lto 2000 || status=1; \
    exit $$status

port-lock: $(foreach t,$(PORT_LOCK_TESTS),$(PORT_LOCK_BUILDS:%=$(PORT_DIR)/$(t)-%)) \
    $(PORT_DIR)/wake_race-lto
	$(call run_logged,port-lock,$(PORT_LOCK_RUN))

# --- The user port ----------------------------------------------------------
$(PORT_DIR)/signals: tests/port/signals.c $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(PORT_CFLAGS) -DOS_PORT_USER $< $(LIB_SRCS) -o $@

port-signals: $(PORT_DIR)/signals
	$(call run_logged,port-signals,$(PORT_RUN) signals 60 $<)

# The library as a user builds it with the option, then each user-port
# example of the manual linked with it through tests/port/user_wrap.c,
# which watches the library's calls to the example's critical section.
PORT_USER_LIB := $(PORT_DIR)/user/libmempool.a
PORT_USER_EXAMPLES := $(sort $(wildcard docs/examples/guide_user_port*.c))
# The signal example's handler calls the pool: nesting is checked too.
port_wrap_def_guide_user_port := -DUSER_WRAP_SIGNAL=SIGALRM

$(PORT_USER_LIB): $(LIB_SRCS) $(LIB_HDRS)
	@$(MAKE) --no-print-directory BUILD=$(PORT_DIR)/user \
	    CPPFLAGS='$(CPPFLAGS) -DOS_PORT_USER' $@

$(PORT_DIR)/user/%: docs/examples/%.c tests/port/user_wrap.c $(PORT_USER_LIB)
	$(CC) $(ALL_CPPFLAGS) -DOS_PORT_USER $(port_wrap_def_$*) $(ALL_CFLAGS) \
	    $< tests/port/user_wrap.c $(PORT_USER_LIB) -o $@ \
	    -Wl,--wrap=os_port_enter_critical,--wrap=os_port_exit_critical

PORT_USER_RUN = status=0; \
    for e in $(PORT_USER_EXAMPLES:docs/examples/%.c=%); do \
        $(PORT_RUN) $$e.c 60 $(PORT_DIR)/user/$$e || status=1; \
    done; exit $$status

port-user-example: $(PORT_USER_EXAMPLES:docs/examples/%.c=$(PORT_DIR)/user/%)
	$(call run_logged,port-user-example,$(PORT_USER_RUN))

# --- riscv64 Linux ----------------------------------------------------------
# tests/port/riscv64.sh says why the cross compiler's driver is not among
# the packages installed here.
deps-port-riscv64:
	$(call need_debs,qemu-user binutils-riscv64-linux-gnu \
	    cpp-12-riscv64-linux-gnu libgcc-12-dev-riscv64-cross \
	    libc6-dev-riscv64-cross pkg-config)

port-riscv64: | deps-port-riscv64
	$(call run_logged,port-riscv64,PORT_MAKE='$(firstword $(MAKE))' \
	    tests/port/riscv64.sh $(PORT_DIR)/riscv64)

port-tests: port-lock port-signals port-user-example port-riscv64

CHECK_TARGETS += port-lock port-signals port-user-example port-riscv64

# --- The cost of the lock ---------------------------------------------------
# Uncontended: the ways to take and release a lock, in the shape of a
# get+put pair (no library). Contended: two threads on one pool with the
# library as shipped and with waiters that sleep after fewer tries, or
# never (tests/port/lock_threads.c; src/os_port.c cites both).

deps-port-cost:
	$(call need_debs,valgrind)

$(PORT_DIR)/lock_cost: tests/port/lock_cost.c
	@mkdir -p $(dir $@)
	$(CC) $(WARNINGS) -O2 $< -o $@

$(foreach b,default $(PORT_COST_BUILDS),$(eval $(call port_lock_rule,lock_threads,$(b))))

port-lock-cost: $(PORT_DIR)/lock_cost | deps-port-cost $(addprefix $(PORT_DIR)/lock_threads-,default $(PORT_COST_BUILDS))
	$(PORT_DIR)/lock_cost
	@echo
	@echo "two threads on one pool, 60 ms runs, median of those with both on a CPU:"
	@$(PORT_DIR)/lock_threads-default "as shipped (1024 tries, then sleep)"
	@$(PORT_DIR)/lock_threads-tries128 "128 tries, then sleep"
	@$(PORT_DIR)/lock_threads-tries16 "16 tries, then sleep"
	@$(PORT_DIR)/lock_threads-never "never sleep (yield forever)"
	@$(PORT_DIR)/lock_threads-exchange "as shipped, but take by exchange"
	@echo
	@echo "instructions per get+put pair (callgrind, 100000 pairs less none):"
	@for b in default exchange; do \
	    for n in 0 100000; do \
	        valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	            $(PORT_DIR)/lock_threads-$$b $$b pairs $$n 2>&1 | \
	            sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; \
	    done | paste -sd' ' | awk -v b=$$b \
	        '{ printf "%-36s %6.1f (the loop adds 3)\n", b, ($$2 - $$1) / 100000 }'; \
	done
