"""The scenario editor (`eastflank edit`): pygame front end over the round-trip editor."""
