# Ponder: `make run` runs it, `make test` runs every test headless. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PROMPT ?= Show me what you can do

.PHONY: run ask test bench bench-store bench-ui bench-render screenshots translations demo-server bundle install-desktop clean

$(STAMP): pyproject.toml
	@echo "Setting up .venv: Ponder and the packages it needs (PySide6, httpx, ...). This happens once and takes a minute or two."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# The window, starting with the built-in demo provider (no key, no network needed). With no display
# (a server, a container), Ponder streams a demo answer in the terminal instead.
run: $(STAMP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(BIN)/ponder --demo; \
	else \
		echo "No display here: Ponder answers in the terminal instead (ponder ask). On a desktop, make run opens the window."; \
		$(BIN)/ponder ask --provider demo --model demo/reasoning "$(PROMPT)"; \
	fi

# One answer in the terminal, for a machine without a display.
ask: $(STAMP)
	$(BIN)/ponder ask --provider demo --model demo/reasoning "$(PROMPT)"

# ruff (errors and likely bugs) and mypy (strict on the core) first, then every test.
test: $(STAMP)
	$(BIN)/ruff check app tests bench packaging
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(ARGS)

# The one-folder bundle and its tarball, in build/bundle/ (a venv of its own; see packaging/build.sh).
bundle:
	PYTHON=$(PYTHON) packaging/build.sh

# Ponder in the application menu: a desktop entry and the icon under ~/.local/share.
install-desktop: $(STAMP)
	$(BIN)/ponder install-desktop

bench: $(STAMP)
	$(BIN)/python bench/stream.py

bench-store: $(STAMP)
	$(BIN)/python bench/store.py

bench-ui: $(STAMP)
	$(BIN)/python bench/ui.py

bench-render: $(STAMP)
	$(BIN)/python bench/render.py

# The README's screenshots, from the real window against the demo (offscreen).
screenshots: $(STAMP)
	$(BIN)/python docs/screenshots/make.py

# The translation catalogues (resources/i18n/*.ts) brought up to date with the source, and compiled.
translations: $(STAMP)
	$(BIN)/python resources/i18n/update.py

demo-server: $(STAMP)
	$(BIN)/ponder demo-server

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
