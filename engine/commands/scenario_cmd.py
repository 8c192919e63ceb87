"""CLI verbs (being written)."""


def register(sub) -> None:
    """Adds no verbs yet."""
