"""Use cases and domain rules, one module per area. No Qt here.

Importing the package imports nothing else: the roster's vocabulary and field lists (pure Python) are read
by the window before SQLAlchemy is imported (app/ui/quick_start.py). The audit trail's listener is
registered by app.services.common.storage, which opens every data folder.
"""
