"""Scenarios: safe YAML, the declaration of every key, checks, ``extends`` merging, the frozen model and the JSON Schema."""
