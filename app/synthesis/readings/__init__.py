"""Readings of a run: the public synthesis pages, its charts and the analysts' cross-readings."""
