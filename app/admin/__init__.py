"""Administration: roles, reference data, representatives, audit log."""
