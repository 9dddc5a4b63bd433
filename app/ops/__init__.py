"""Operations: backup and restore, fault injection for the crash tests."""
