# The ports on the host: the host lock under contention and real-time
# priorities. Each test prints "port: N passed, N failed[, N skipped]"
# lines that make check adds up (tests/port/run.sh makes one for a program
# that prints none, or crashes, or hangs).
#
#   make port-tests         all of the below but port-lock-cost (each one
#                           is in make check)
#   make port-lock          the host lock: a SCHED_FIFO waiter and a holder
#                           of lower priority on one CPU, releases racing
#                           waiters on their way to sleep, threads on
#                           shared pools
#   make port-lock-cost     what the host lock's take and release cost on
#                           this machine (a benchmark, not in make check)

PORT_DIR := $(BUILD)/port
PORT_RUN := tests/port/run.sh
PORT_CFLAGS = $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS)

.PHONY: port-tests port-lock port-lock-cost

# --- The host lock ----------------------------------------------------------
# Three builds: as shipped; waiters that sleep at their first failed try,
# so that nearly every contended call goes through the kernel; and the
# fallback that naps instead of using a futex (what non-Linux hosts get).
PORT_LOCK_BUILDS := default sleepy nofutex
port_lock_def_default :=
port_lock_def_sleepy := -DOS_PORT_HOST_YIELDS=0
port_lock_def_nofutex := -DOS_PORT_HOST_NO_FUTEX
PORT_LOCK_TESTS := rt_lock wake_race lock_stress

# Each build's library once (make's own rules, under its own BUILD), then
# $(call port_lock_rule,TEST,BUILD): the test linked with it.
$(PORT_LOCK_BUILDS:%=$(PORT_DIR)/lib-%/libmempool.a): $(LIB_SRCS) $(LIB_HDRS)
	@$(MAKE) --no-print-directory BUILD=$(@D) \
	    CPPFLAGS='$(CPPFLAGS) $(port_lock_def_$(patsubst lib-%,%,$(notdir $(@D))))' $@

define port_lock_rule
$(PORT_DIR)/$(1)-$(2): tests/port/$(1).c $(PORT_DIR)/lib-$(2)/libmempool.a
	$$(CC) $$(PORT_CFLAGS) $(port_lock_def_$(2)) $$^ -o $$@ -lpthread
endef
$(foreach t,$(PORT_LOCK_TESTS),$(foreach b,$(PORT_LOCK_BUILDS),\
    $(eval $(call port_lock_rule,$(t),$(b)))))

# In a variable: commas in a $(call) argument would split it.
PORT_LOCK_RUN = status=0; \
    for b in $(PORT_LOCK_BUILDS); do \
        echo "port: host lock, $$b build:"; \
        $(PORT_RUN) rt_lock-$$b 60 $(PORT_DIR)/rt_lock-$$b || status=1; \
        $(PORT_RUN) wake_race-$$b 60 $(PORT_DIR)/wake_race-$$b 5000 || status=1; \
        $(PORT_RUN) lock_stress-$$b 60 $(PORT_DIR)/lock_stress-$$b 50000 || status=1; \
    done; exit $$status

port-lock: $(foreach t,$(PORT_LOCK_TESTS),$(PORT_LOCK_BUILDS:%=$(PORT_DIR)/$(t)-%))
	$(call run_logged,port-lock,$(PORT_LOCK_RUN))

port-tests: port-lock

CHECK_TARGETS += port-lock

# --- The cost of the lock ---------------------------------------------------
$(PORT_DIR)/lock_cost: tests/port/lock_cost.c
	@mkdir -p $(dir $@)
	$(CC) $(WARNINGS) -O2 $< -o $@

port-lock-cost: $(PORT_DIR)/lock_cost
	$<
