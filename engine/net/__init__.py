"""Networked team play: each cell at its own screen, a white cell, a projector.

``protocol`` (the JSON messages and their schema), ``views`` (what each role
may see), ``host`` (the authoritative game, no network), ``server`` (websockets
on asyncio), ``client`` (a session, and a seat played by an AI policy),
``table`` (the pygame window of ``eastflank join``). Only ``table`` touches
pygame, and only when a window is opened.
"""
