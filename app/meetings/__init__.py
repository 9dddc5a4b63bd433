"""The Forum's meetings: agenda, registrations with a waiting list, reminders, calendars, minutes."""
