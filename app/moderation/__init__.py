"""Moderation: the queue, decisions on proposals, comments and flags, the audit log."""
