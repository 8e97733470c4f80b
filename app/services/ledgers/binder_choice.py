"""The user's pick and order of the annual binder's sections, remembered as a setting (binder.sections).

The keys are the binder sections' stable keys (app.kit.registry.binder_catalogue). Nothing remembered:
the usual sections in the usual order. A remembered key whose area is gone is passed over.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.kit import registry
from app.kit.errors import UserError
from app.kit.settings import Setting
from app.services.common.settings import get_setting, set_setting

SECTIONS_SETTING = "binder.sections"
SETTINGS = (Setting(SECTIONS_SETTING, [], "年度台账包含的部分及顺序（空：常用的部分，按常用顺序）"),)


def section_titles() -> dict[str, str]:
    """Every section key the binder can hold -> its title, in the default order."""
    return {part.key: part.title for _doc, part in registry.binder_catalogue()}


def default_sections() -> list[str]:
    return [part.key for _doc, part in registry.binder_catalogue() if part.default]


def valid_keys_text() -> str:
    return "、".join(f"{key}（{title}）" for key, title in section_titles().items())


def checked_keys(keys: Sequence[str]) -> list[str]:
    """The keys as given, each known and once; a UserError naming the valid keys otherwise."""
    known = section_titles()
    keys = [str(k).strip() for k in keys]
    if not keys:
        raise UserError("请至少选择年度台账的一个部分。")
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise UserError(f"没有名为“{'、'.join(unknown)}”的台账部分。可选的部分：{valid_keys_text()}。",
                        field="sections")
    twice = sorted({k for k in keys if keys.count(k) > 1}, key=keys.index)
    if twice:
        raise UserError(f"台账部分“{'、'.join(known[k] for k in twice)}”选了不止一次，每个部分只能出现一次。",
                        field="sections")
    return keys


def remembered_sections(session: Session) -> list[str]:
    """The user's pick and order, or the default when nothing (still valid) is remembered."""
    known = section_titles()
    stored = get_setting(session, SECTIONS_SETTING) or []
    keys = [k for k in stored if k in known]
    return keys or default_sections()


def remember_sections(session: Session, keys: Sequence[str]) -> None:
    """Store the pick and order (in the caller's transaction); UserError for an unknown or repeated key."""
    set_setting(session, SECTIONS_SETTING, checked_keys(keys))
