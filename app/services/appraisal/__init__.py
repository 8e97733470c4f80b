"""民主评议党员: rounds, participants, tallies, grades and follow-ups (domain.md §5, issue 12)."""
