"""Accounts: registration, login, roles and verified representatives."""
