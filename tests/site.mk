# The documentation site: one site, one theme (mkdocs-material), one
# navigation and one search index for the guide (docs/site/) and the
# reference manual that Sphinx renders from the header (docs/manual/), and
# the browser test that reads the result.
#
#   make docs        the manual (docs-manual, docs-man), then the site in
#                    build/site/ with the manual under build/site/manual/
#   make serve       serves build/site on 127.0.0.1 (SERVE_PORT, default
#                    8000): the search needs it (a page opened from disk
#                    says so)
#   make site-test   opens the built site in Debian's Chromium (in make check)

SITE_DIR      := $(BUILD)/site
SITE_SHOTS    := $(BUILD)/site-test
SERVE_PORT    ?= 8000
BROWSER_DIR   := tests/browser
BROWSER_MODS  := $(BROWSER_DIR)/node_modules/.package-lock.json
# The manual's targets, when its fragment is there (it is read first).
SITE_MANUAL   := $(if $(wildcard tests/docs.mk),docs-manual docs-man)
SITE_MANUAL_PAGES ?= $(BUILD)/docs/pages

.PHONY: deps-site docs docs-site serve site-test

# Node.js and npm come with the machine (from NodeSource on ours); ask Debian
# for them only where there is no npm at all.
deps-site:
	$(call need_debs,mkdocs mkdocs-material python3-pymdownx chromium \
	    $(if $(shell command -v npm),,nodejs npm))

# MkDocs lays the manual's pages (Sphinx's page bodies, tests/docs.mk) out
# under $(SITE_DIR)/manual/ with the guide's, in one theme, one navigation
# and one search index: docs/site/hooks/site_hooks.py.
docs-site: $(SITE_MANUAL) | deps-site
	MEMPOOL_MANUAL_PAGES=$(SITE_MANUAL_PAGES) \
	    mkdocs build --strict --quiet --site-dir $(SITE_DIR)

docs: docs-site
	@echo "docs: the site is $(SITE_DIR)/index.html, the manual $(SITE_DIR)/manual/index.html"
	@echo "docs: read it with 'make serve' (http://127.0.0.1:$(SERVE_PORT)/)"

serve: docs
	@echo "serve: http://127.0.0.1:$(SERVE_PORT)/ (Ctrl-C stops it)"
	cd $(SITE_DIR) && /usr/bin/python3 -m http.server --bind 127.0.0.1 $(SERVE_PORT)

# playwright-core only: it never downloads a browser; the test drives
# /usr/bin/chromium. npm ci installs exactly what package-lock.json pins.
$(BROWSER_MODS): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json | deps-site
	cd $(BROWSER_DIR) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
	    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

site-test: docs $(BROWSER_MODS)
	@rm -rf $(SITE_SHOTS)
	$(call run_logged,site-browser,node $(BROWSER_DIR)/site.test.js $(SITE_DIR) $(SITE_SHOTS))

# The site links into the manual, so it is built (and checked) only where
# the manual's rules are.
ifneq ($(SITE_MANUAL),)
ALL_TARGETS   += docs
CHECK_TARGETS += site-test
endif
