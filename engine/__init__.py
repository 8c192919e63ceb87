"""Eastern Flank: a turn-based wargame engine for the Belarus / Eastern Flank crisis.

Layers (dependencies point one way): hexgrid <- projection <- theatre/mapfile
<- model <- loader <- state/actions <- rules <- game <- ai <- playout <- cli.
``engine.ui`` reads the engine and is imported lazily; nothing else imports pygame.
"""

__version__ = "0.1.0"
