"""Structured proposals, supports, comments and flags."""
