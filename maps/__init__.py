"""The reproducible map build (maps/build.py) and its curated facts."""
