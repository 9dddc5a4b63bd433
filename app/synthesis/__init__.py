"""The plan office's thematic synthesis: theme runs, curation, cross-readings, publication."""
