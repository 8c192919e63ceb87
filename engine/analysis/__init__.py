"""Analysis: playouts, Monte Carlo, statistics, metrics, effects, charts, bench and synthetic theatres."""

# Campaign measures register themselves with engine.analysis.metrics (arrival_hour, encircled ...).
from engine.analysis import metrics_campaign as _metrics_campaign  # noqa: E402,F401
