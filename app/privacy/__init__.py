"""Privacy: the privacy notice and consents, deleting an account, retention, the data export."""
