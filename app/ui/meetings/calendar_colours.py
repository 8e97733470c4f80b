"""The compliance calendar's colours, one per cell state, shared by the 组织生活 page and the home page."""

from app.services.meetings.calendar import DUE, FUTURE, HELD_CELL, MISSING

CELL_COLOURS = {HELD_CELL: "#c8e6c9", MISSING: "#ffcdd2", DUE: "#fff3c4", FUTURE: "#f2f2f2"}
