"""The metric registry: the loader's list of names and the analysis layer's implementations agree."""

from __future__ import annotations

import subprocess
import sys

from engine.scenario import metricreg


def test_every_declared_metric_has_an_implementation_and_back():
    from engine.analysis import metrics  # registers the implementations
    assert metrics.METRICS is metricreg.METRICS
    assert sorted(metricreg.BUILTIN - set(metricreg.METRICS)) == []
    ours = {n for n, fn in metricreg.METRICS.items() if fn.__module__.startswith("engine.")}
    assert sorted(ours - metricreg.BUILTIN) == []
    assert len(metricreg.BUILTIN) == 23  # with land_cut and fire_cover (the Suwałki gap case)


def test_the_loader_knows_metric_names_without_the_analysis_layer():
    code = ("import sys; import engine.scenario.loader as L, engine.scenario.metricreg as R; "
            "print('engine.analysis' in sys.modules, 'units_near_border' in R.known_metrics())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_registering_an_undeclared_metric_declares_it():
    try:
        @metricreg.register_metric("zz_test_metric", params=("side",))
        def zz(state, params, ctx):
            """A test metric."""
            return 1.0
        assert metricreg.DECLARED["zz_test_metric"].params == ("side",)
        assert metricreg.DECLARED["zz_test_metric"].doc == "A test metric."
        assert "zz_test_metric" in metricreg.known_metrics()
    finally:
        metricreg.METRICS.pop("zz_test_metric", None)
        metricreg.DECLARED.pop("zz_test_metric", None)
