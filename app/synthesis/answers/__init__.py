"""Official answers to proposals, one by one or a whole theme at once."""
