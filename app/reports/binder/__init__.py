"""The annual binder (年度台账), issue 15. What the UI and the command line use:

    binder_sections(session, year) -> [BinderSection(key, title, document, options, default, order)]
    write_annual_binder(session, path, *, year, sections=None, preparer=None, progress=None) -> AnnualBinderResult
    remembered_sections(session) -> [key]; remember_sections(session, keys)

Sections come from the registry's catalogue (a Document with a `builder`, placed by its `binder_parts`),
so a new area's documents join the binder without a change here.
"""

from app.reports.binder.annual import AnnualBinderResult, write_annual_binder
from app.reports.binder.sections import BinderSection, binder_sections
from app.services.ledgers.binder_choice import default_sections, remember_sections, remembered_sections

__all__ = ["AnnualBinderResult", "BinderSection", "binder_sections", "default_sections", "remember_sections",
           "remembered_sections", "write_annual_binder"]
