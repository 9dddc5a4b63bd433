"""Home page, language switch and static pages."""
