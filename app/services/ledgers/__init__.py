"""台账与打印: what the annual binder needs beyond the documents themselves (its completeness check)."""
