"""Consultations (participatory processes) with their phases."""
