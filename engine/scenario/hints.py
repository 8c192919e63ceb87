"""Plain-words hints for YAML syntax errors: the parser's own words rarely tell a facilitator what to do."""

from __future__ import annotations


def yaml_hint(message: str) -> str:
    """A plain-words hint for a YAML syntax error (the parser's words alone rarely help)."""
    m = message.lower()
    if "<stream end>" in m or "end of stream" in m:
        return "a quote or bracket is not closed"
    if "mapping values are not allowed" in m:
        return ("quote text that contains ': ' (write title: \"Zapad: the exercise\"), "
                "or check the line is not indented more than its key")
    if "found character '\\t'" in m:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in m or "simple key" in m:
        return "a key needs ':' after it; quote text that starts with a special character"
    if "did not find expected key" in m or "expected <block end>" in m:
        return "check the indentation: keys of one mapping line up, list items start with '- '"
    if "found unexpected end of stream" in m or "found unexpected end" in m:
        return "a quote or bracket is not closed"
    if "found undefined alias" in m or "found character '*'" in m or "found character '@'" in m \
            or "found character '`'" in m or "found character '%'" in m:
        return "quote text that starts with *, &, @, `, % or !"
    if "expected ',' or ']'" in m or "expected ',' or '}'" in m:
        return "in [..] or {..}, separate items with ', ' and quote text that contains ',' or ':'"
    return "quote text that contains ':', '#' or starts with a special character"
