"""Open data: a read-only JSON API with CSV and XLSX downloads, under CC BY 4.0."""
