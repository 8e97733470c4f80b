"""发展党员: the 25 steps, their rules, recording them, and the hand-over into the roster (domain.md §2)."""
