"""党费 (dues): bases and rates by the national rules, the month ledger, arrears, 上缴 (domain.md §3)."""
