"""台账与打印: what the user chose for the annual binder."""
