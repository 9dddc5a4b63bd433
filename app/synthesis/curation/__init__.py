"""Analysts' curation of themes: rename, notes, move, pin, merge, split, label review."""
