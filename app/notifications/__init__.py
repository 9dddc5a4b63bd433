"""E-mail notifications: an outbox, people's preferences, immediate delivery and a daily digest."""
