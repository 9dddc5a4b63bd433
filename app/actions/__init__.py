"""From the Forum to the plan: the plan's actions (operational projects and agreements),
the proposals and themes linked to them, and their progress (accountability, issue 17)."""
