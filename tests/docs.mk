# The reference manual and what keeps it true to the code.
#
#   make docs-manual   Doxygen XML (build/docs/xml) and the manual's pages
#                      as Sphinx renders them (build/docs/pages), zero
#                      warnings; the site (tests/site.mk) lays them out
#   make docs-man      the man(3) pages, build/docs/man/*.3
#   make docs-examples every docs/examples/*.c compiled, run and checked
#   make docs-drift    the docs against the header (and the README's table of
#                      functions against its @brief lines), that check checked
#   make docs-warnings the Doxygen and Sphinx builds had no warning
#   make docs-man-check every reference page has its man page, laid out as
#                      man-pages(7) says, 80 columns, no groff warning
#
# Each build runs only when its inputs change; Sphinx itself re-reads only
# the pages whose sources (includes, examples, Doxygen XML) changed.

DOCS_OUT      := $(BUILD)/docs
DOCS_HDRS     := $(wildcard include/os/*.h)
DOCS_EXAMPLES := $(wildcard docs/examples/*)
DOCS_SOURCES  := $(shell find docs/manual -type f -not -name '*.pyc')
# Each build's log is its target: moved in place only when the build
# succeeds, so a failed build runs again, and docs-warnings reads what made
# the output. (The temporary name carries the shell's PID: two makes in one
# tree must not take each other's log.)
DOCS_XML      := $(DOCS_OUT)/doxygen.log
DOCS_HTML     := $(DOCS_OUT)/sphinx-pages.log
DOCS_MAN      := $(DOCS_OUT)/sphinx-man.log
DOCS_EX_BIN   := $(BUILD)/tests/docs-examples
# Debian's Sphinx and Breathe live in the system Python, not in a pyenv one.
DOCS_PYTHON   := /usr/bin/python3
SPHINX        := sphinx-build -W --keep-going -n -q

.PHONY: deps-docs docs-manual docs-man docs-examples readme-examples docs-drift docs-warnings \
    docs-man-check

deps-docs:
	$(call need_debs,doxygen python3-sphinx python3-breathe python3-myst-parser \
	    check pkg-config man-db)

$(DOCS_XML): docs/Doxyfile $(DOCS_HDRS) $(DOCS_EXAMPLES) | deps-docs
	@mkdir -p $(DOCS_OUT)
	@set -o pipefail; doxygen docs/Doxyfile 2>&1 | tee $@.$$$$ && mv $@.$$$$ $@

$(DOCS_HTML): $(DOCS_XML) $(DOCS_SOURCES) $(DOCS_EXAMPLES) | deps-docs
	@set -o pipefail; $(SPHINX) -b mempool-pages -d $(DOCS_OUT)/doctrees-pages \
	    docs/manual $(DOCS_OUT)/pages 2>&1 | tee $@.$$$$ && mv $@.$$$$ $@

$(DOCS_MAN): $(DOCS_XML) $(DOCS_SOURCES) $(DOCS_EXAMPLES) | deps-docs
	@set -o pipefail; $(SPHINX) -b man -d $(DOCS_OUT)/doctrees-man \
	    docs/manual $(DOCS_OUT)/man 2>&1 | tee $@.$$$$ && mv $@.$$$$ $@

docs-manual: $(DOCS_HTML)
docs-man: $(DOCS_MAN)

# The builds above fail on the first warning; this counts them, from the
# logs of the builds that made what is there now.
docs-warnings: $(DOCS_HTML) $(DOCS_MAN)
	$(call run_logged,docs-warnings,sh tests/docs/no_warnings.sh \
	    $(DOCS_XML) $(DOCS_HTML) $(DOCS_MAN))

# Every reference page has its man page, with the reference's sections.
docs-man-check: $(DOCS_MAN)
	$(call run_logged,docs-man,sh tests/docs/man_pages.sh $(DOCS_OUT)/man)

$(DOCS_EX_BIN): tests/docs/examples.c | deps-docs
	@mkdir -p $(dir $@)
	$(CC) $(WARNINGS) $(CHECK_CFLAGS) $< -o $@ $(CHECK_LIBS)

docs-examples: $(DOCS_EX_BIN) $(LIB_A)
	@mkdir -p $(DOCS_OUT)/examples
	$(call run_logged,docs-examples,CC="$(CC)" EXAMPLES_LIB=$(LIB_A) \
	    EXAMPLES_OUT=$(DOCS_OUT)/examples $(DOCS_EX_BIN))

# The README is read before the manual: its examples compile and run too.
readme-examples: $(LIB_A)
	$(call run_logged,readme,tests/docs/readme_examples.sh "$(CC)" $(LIB_A) \
	    $(BUILD)/docs/readme)

docs-drift: | deps-docs
	$(call run_logged,docs-drift,$(DOCS_PYTHON) tests/docs/drift.py && \
	    $(DOCS_PYTHON) tests/docs/api_table.py && \
	    $(DOCS_PYTHON) tests/docs/test_drift.py)

ALL_TARGETS   += docs-manual docs-man
CHECK_TARGETS += docs-examples readme-examples docs-drift docs-warnings docs-man-check
