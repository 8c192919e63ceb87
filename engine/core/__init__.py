"""Core state: the mutable game state and its primitives, orders, the seeded RNG, saves and replay.

Core imports nothing above it: no rule, no game, no AI.
"""
