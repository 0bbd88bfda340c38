"""Writes of the follow-up workflow, by area: planning, progress updates, requests."""
