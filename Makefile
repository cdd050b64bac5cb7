# Ponder: `make run` runs it, `make test` runs every test headless. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PROMPT ?= Show me what you can do

.PHONY: run test bench bench-store demo-server clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# For now Ponder runs in the terminal against its built-in demo provider (no key, no network).
run: $(STAMP)
	$(BIN)/ponder ask --provider demo --model demo/reasoning "$(PROMPT)"

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/stream.py

bench-store: $(STAMP)
	$(BIN)/python bench/store.py

demo-server: $(STAMP)
	$(BIN)/ponder demo-server

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
