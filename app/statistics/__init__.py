"""Participation statistics: counts per comune, zone, actor type, Driver and week, the map
of the 133 comuni, their downloads and the ``/api/statistics`` rows."""
