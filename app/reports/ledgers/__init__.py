"""台账与打印's own documents: the 支部基本情况 sheet (the annual binder's first section)."""
