"""Networked team play: each cell at its own screen, a white cell, a projector.

``protocol`` the JSON messages, their schema and size caps; ``views`` what each
role may see; ``host`` the authoritative game without the network (roles, orders
checked against the legal ones, the white cell's console, AI seats, autosave);
``server`` websockets on asyncio; ``client`` a blocking session and a seat played
by an AI policy (same RNG derivation as a playout, so the hashes match);
``remote`` a role's live view for a window; ``table`` the pygame window of
``eastflank join`` (the only module here that imports pygame, inside functions);
``load`` the many-clients load run.
"""
