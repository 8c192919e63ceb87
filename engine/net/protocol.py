"""The wire protocol of networked play: JSON text messages with a declared schema and a size cap.

Every client message is one JSON object validated against :data:`CLIENT_SCHEMA`
(JSON Schema 2020-12, checked with ``jsonschema``) before the server reads any
field, so a handler only ever sees well-formed requests. Messages longer than
:data:`MAX_CLIENT_BYTES` are answered with an error without being parsed; the
transport refuses anything above :data:`MAX_FRAME_BYTES` outright.

A request may carry an integer ``id``; the reply echoes it, so a client can tell
its replies from the updates the server pushes meanwhile.

Roles: each side id of the scenario (a seat), ``white`` (the white cell, the
facilitators) and ``projector`` (public information for the plenary).
"""

from __future__ import annotations

import json
from typing import Any

from engine.errors import EngineError

WHITE = "white"
PROJECTOR = "projector"
#: A client message longer than this (UTF-8 bytes) gets an error reply without being parsed.
MAX_CLIENT_BYTES = 16 * 1024
#: The transport closes a connection (code 1009) that sends a frame above this.
MAX_FRAME_BYTES = 1024 * 1024
#: What a client accepts from the server (observations of large theatres).
MAX_SERVER_BYTES = 64 * 1024 * 1024
#: The longest order text or white-cell inject accepted.
MAX_ORDER_CHARS = 512
MAX_INJECT_CHARS = 2000

_ID = {"type": "integer", "minimum": 0, "maximum": 2 ** 53}
_NAME = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"^[A-Za-z0-9_.:\-]+$"}
_MEMO = {"type": "object", "additionalProperties": False,
         "properties": {"rng": {"type": "integer", "minimum": 0, "maximum": 2 ** 64 - 1}}}


def _msg(kind: str, required: tuple[str, ...] = (), **props: Any) -> dict:
    return {"type": "object", "additionalProperties": False,
            "required": ["type", *required],
            "properties": {"type": {"const": kind}, "id": _ID, **props}}


#: Every message a client may send.
CLIENT_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "eastflank client message",
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"enum": ["hello", "observe", "legal", "check", "order", "ping", "pause",
                                     "resume", "undo", "seat", "inject", "status"]}},
    "oneOf": [
        _msg("hello", ("code",), code={"type": "string", "minLength": 1, "maxLength": 128}),
        # side: your own side (seats), any side / "all" / "public" (white), "public" (projector)
        # at: a seat may look again at the position where it gave its own order number ``at`` (from 0),
        # to bring a restarted AI seat's policy back to where it was; nothing it did not see then
        _msg("observe", side=_NAME, at=_ID),
        # without group: the groups of legal orders; with group: that group's orders in text form
        _msg("legal", group={"type": "string", "minLength": 1, "maxLength": 128}, at=_ID),
        _msg("check", ("order",), order={"type": "string", "minLength": 1, "maxLength": MAX_ORDER_CHARS}, at=_ID),
        _msg("order", ("order",), order={"type": "string", "minLength": 1, "maxLength": MAX_ORDER_CHARS},
             memo=_MEMO),
        _msg("ping"),
        _msg("status"),
        _msg("pause", reason={"type": "string", "maxLength": MAX_INJECT_CHARS}),
        _msg("resume"),
        _msg("undo", reason={"type": "string", "maxLength": MAX_INJECT_CHARS}),
        # hand a seat to a server AI (policy) or give it back to its team (policy null)
        _msg("seat", ("side", "policy"), side=_NAME, policy={"oneOf": [_NAME, {"type": "null"}]}),
        _msg("inject", ("text",), text={"type": "string", "minLength": 1, "maxLength": MAX_INJECT_CHARS},
             to={"type": "array", "items": _NAME, "maxItems": 16, "uniqueItems": True}),
    ],
}

#: What the server sends (documented; the tests validate every server message against it).
SERVER_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "eastflank server message",
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {"enum": ["welcome", "reply", "error", "update", "turn", "inject", "over"]},
        "id": _ID,
        "ok": {"type": "boolean"},
        "reason": {"type": "string"},
    },
    "allOf": [
        {"if": {"properties": {"type": {"const": "error"}}}, "then": {"required": ["reason"]}},
        {"if": {"properties": {"type": {"const": "reply"}}}, "then": {"required": ["ok"]}},
        {"if": {"properties": {"type": {"const": "welcome"}}},
         "then": {"required": ["role", "scenario_id", "scenario_digest", "status"]}},
        {"if": {"properties": {"type": {"const": "turn"}}},
         "then": {"required": ["side", "turn", "phase", "groups"]}},
    ],
}


class ProtocolError(EngineError):
    """A message the server (or client) cannot accept; its text is the error reply."""


def _validator(schema: dict):
    try:
        import jsonschema
    except ImportError:
        raise EngineError("networked play needs jsonschema and websockets: "
                          "pip install -e '.[network]'") from None
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # "integer" is an int, not 0.0: JSON Schema counts 0.0 as an integer, and {"at": 0.0} then
    # indexed a list with a float (an internal error instead of a refusal).
    strict = cls.TYPE_CHECKER.redefine("integer", lambda _, x: isinstance(x, int) and not isinstance(x, bool))
    return jsonschema.validators.extend(cls, type_checker=strict)(schema)


_CLIENT = None


def client_validator():
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = _validator(CLIENT_SCHEMA)
    return _CLIENT


def _why(v, msg: Any) -> str:
    """One line naming the first problem, with the message type when there is one."""
    kind = msg.get("type") if isinstance(msg, dict) else None
    if not isinstance(msg, dict):
        return f"a message is a JSON object, not {type(msg).__name__}"
    if kind not in CLIENT_SCHEMA["properties"]["type"]["enum"]:
        known = ", ".join(CLIENT_SCHEMA["properties"]["type"]["enum"])
        return f"unknown message type {kind!r} (known: {known})"
    # The branch of oneOf for this type says exactly what is wrong.
    for branch in CLIENT_SCHEMA["oneOf"]:
        if branch["properties"]["type"]["const"] == kind:
            errs = sorted(_validator_for_branch(branch).iter_errors(msg), key=lambda e: list(e.path))
            if errs:
                e = errs[0]
                where = ".".join(str(p) for p in e.path) or kind
                return f"{kind}: {where}: {e.message[:200]}"
    return f"{kind}: message does not match the protocol"


_BRANCHES: dict[str, Any] = {}


def _validator_for_branch(branch: dict):
    k = branch["properties"]["type"]["const"]
    if k not in _BRANCHES:
        _BRANCHES[k] = _validator(branch)
    return _BRANCHES[k]


def decode_client(raw: str | bytes) -> dict:
    """A checked client message; ProtocolError (one line) if it is oversized, not JSON or off-schema."""
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > MAX_CLIENT_BYTES:
        raise ProtocolError(f"message of {size} bytes is over the {MAX_CLIENT_BYTES}-byte limit")
    try:
        msg = json.loads(raw)
        try:  # JSON may escape a lone surrogate ("\ud800"): pushed to others, it killed every connection
            encode(msg).encode("utf-8")
        except UnicodeEncodeError:
            raise ProtocolError("message holds a lone surrogate (text must be UTF-8)") from None
        v = client_validator()
        if not v.is_valid(msg):
            raise ProtocolError(_why(v, msg))
    except (ValueError, UnicodeDecodeError) as e:
        raise ProtocolError(f"message is not JSON ({str(e)[:120]})") from None
    except RecursionError:  # '[' * 16000 fits the size cap; it closed the connection with a traceback
        raise ProtocolError("message is nested too deeply") from None
    return msg


def encode(msg: dict) -> str:
    return json.dumps(msg, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def decode_server(raw: str | bytes) -> dict:
    """A server message as a dict (the client trusts its server's shape, not its size)."""
    try:
        msg = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise ProtocolError(f"server sent a message that is not JSON ({e})") from None
    if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
        raise ProtocolError("server sent a message without a type")
    return msg
