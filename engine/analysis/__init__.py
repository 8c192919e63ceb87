"""Analysis: playouts, Monte Carlo, statistics, metrics, effects, charts, bench and synthetic theatres."""
