"""The game: the ``Game`` (static data and the order dispatch table), the turn sequence and legal orders."""
