# Unit tests: one Check suite per area, all linked into one runner.
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_HDRS := $(wildcard tests/unit/*.h)
UNIT_BIN  := $(BUILD)/tests/unit

.PHONY: deps-check unit-tests
deps-check:
	$(call need_debs,check pkg-config)

$(UNIT_BIN): $(UNIT_SRCS) $(UNIT_HDRS) $(LIB_SRCS) $(LIB_HDRS) | deps-check
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Isrc -Itests/unit $(ALL_CFLAGS) $(CHECK_CFLAGS) \
	    $(UNIT_SRCS) $(LIB_SRCS) -o $@ $(CHECK_LIBS) -lpthread

unit-tests: $(UNIT_BIN)
	$(call run_logged,unit,$(UNIT_BIN))

CHECK_TARGETS += unit-tests
