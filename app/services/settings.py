"""Read and write the typed settings declared in app.config.SETTINGS."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.config import SETTINGS
from app.models import SettingValue


def get_setting(session: Session, key: str):
    declared = SETTINGS[key]
    row = session.get(SettingValue, key)
    return declared.default if row is None else row.value


def set_setting(session: Session, key: str, value: object) -> None:
    declared = SETTINGS[key]
    if declared.default is not None and not isinstance(value, type(declared.default)):
        raise TypeError(f"设置 {declared.label} 的值类型应为 {type(declared.default).__name__}")
    row = session.get(SettingValue, key)
    if row is None:
        session.add(SettingValue(key=key, value=value))
    else:
        row.value = value
