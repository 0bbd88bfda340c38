"""Web pages of the follow-up workflow, by area: progress updates (updates.py) and the work
around a recommendation and a focal point's own page (work.py)."""
