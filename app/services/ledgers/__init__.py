"""台账与打印: the annual binder's remembered choice of sections (binder_choice) and its completeness check
(completeness)."""
