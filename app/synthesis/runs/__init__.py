"""Theme runs: start, execute (in a background job) and follow the themes engine over a consultation."""
