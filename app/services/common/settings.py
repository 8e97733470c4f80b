"""Read and write the typed settings: the application's (app.config.SETTINGS) and every area's (registry)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.config import SETTINGS
from app.kit import registry
from app.kit.settings import Setting
from app.models import SettingValue


def declared(key: str) -> Setting:
    """The declaration of a setting; KeyError for a key nobody declared (a programming error)."""
    if key in SETTINGS:
        return SETTINGS[key]
    for setting in registry.declared_settings():
        if setting.key == key:
            return setting
    raise KeyError(key)


def all_declared() -> list[Setting]:
    return [*SETTINGS.values(), *registry.declared_settings()]


def get_setting(session: Session, key: str):
    setting = declared(key)
    row = session.get(SettingValue, key)
    return setting.default if row is None else row.value


def set_setting(session: Session, key: str, value: object) -> None:
    setting = declared(key)
    if setting.default is not None and not isinstance(value, type(setting.default)):
        raise TypeError(f"设置 {setting.label} 的值类型应为 {type(setting.default).__name__}")
    row = session.get(SettingValue, key)
    if row is None:
        session.add(SettingValue(key=key, value=value))
    else:
        row.value = value
    session.info.clear()  # values services cached for this session may derive from settings
