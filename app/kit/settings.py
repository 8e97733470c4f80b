"""A user-changeable setting, declared once with its type, default, label and (for rules) its source.

The application's own settings are listed in app.config.SETTINGS; an area declares its settings in its
registry entry (Area.settings). Values live in the database's `setting` table (JSON); app.services.common
.settings reads and writes them. Rules that may change (rates, intervals, cadences) are settings too, with
the document they come from in `source`, so the user can see where a default comes from and change it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    key: str
    default: object
    label: str
    source: str = ""  # where the default comes from, e.g. 中组发〔2008〕3号; "" for plain preferences
