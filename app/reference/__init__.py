"""Reference data of the strategic plan: Drivers, PNRR missions, keywords, zones, comuni."""
