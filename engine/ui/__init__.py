"""The seminar table in pygame: the only part of ``engine`` that imports pygame.

Everything here reads the engine through :mod:`engine.ui.session`; nothing
here changes a game except by the orders the engine's ``apply_action`` takes.
"""
