"""The start-up password: stored only as a scrypt hash, changed only with the current password."""

from __future__ import annotations

import pytest

from app.services.access import control as access
from app.services.access.control import AccessControl, AccessError

SECRET = "Dang-Fei-2026!"  # distinctive, so that finding it in the file's bytes would mean plain text


@pytest.fixture
def cheap_hash(monkeypatch):
    """A lower scrypt cost keeps these tests fast; one test below checks the real parameters."""
    monkeypatch.setattr("app.services.access.verifier.LOG2_N", 10)


@pytest.fixture
def control(db, cheap_hash) -> AccessControl:
    return AccessControl(db)


def test_default_is_no_password_and_fifteen_minutes(control):
    assert not control.has_password()
    assert not control.verify("")
    assert control.idle_minutes() == 15


def test_password_is_stored_only_as_a_salted_scrypt_hash(db, data_dir):
    control = AccessControl(db)
    assert control.save(old="", new=SECRET, confirm=SECRET, remove=False, idle_minutes=15) == \
        "已设置启动密码：以后打开支部台账时需要输入此密码。"
    with db.session() as s:
        stored = access.get_setting(s, "access.password_hash")
    scheme, log2_n, r, p, salt, key = stored.split("$")
    assert (scheme, log2_n, r, p) == ("scrypt", "15", "8", "1")  # n = 32768: the real cost
    assert len(salt) == 24 and len(key) == 44  # 16 and 32 bytes in base64
    assert control.verify(SECRET) and not control.verify(SECRET.lower()) and not control.verify("")
    db.dispose()  # checkpoint: everything is in the files now
    files = [f for f in data_dir.iterdir() if f.name.startswith("ledger.sqlite3")]
    content = b"".join(f.read_bytes() for f in files)
    assert stored.encode() in content  # the hash is there ...
    for form in (SECRET.encode("utf-8"), SECRET.encode("utf-16-le"), SECRET.encode("utf-16-be")):
        assert form not in content  # ... the password is not


def test_same_password_twice_gives_different_hashes(cheap_hash):
    first, second = access.hash_password(SECRET), access.hash_password(SECRET)
    assert first != second
    assert access.password_matches(SECRET, first) and access.password_matches(SECRET, second)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$10$8$1$!!$!!", "scrypt$40$8$1$AAAA$AAAA", "md5$x"])
def test_malformed_stored_value_matches_nothing(stored):
    assert not access.password_matches(SECRET, stored)


def test_changing_needs_the_current_password(control):
    control.save(old="", new=SECRET, confirm=SECRET, remove=False, idle_minutes=15)
    with pytest.raises(AccessError, match="^当前密码不正确$"):
        control.save(old="wrong", new="new-pass", confirm="new-pass", remove=False, idle_minutes=5)
    with pytest.raises(AccessError, match="^请先输入当前密码$"):
        control.save(old="", new="new-pass", confirm="new-pass", remove=False, idle_minutes=5)
    assert control.verify(SECRET) and control.idle_minutes() == 15  # nothing changed, not even the minutes
    assert control.save(old=SECRET, new="new-pass", confirm="new-pass", remove=False, idle_minutes=5) == \
        "已修改启动密码。闲置 5 分钟后自动锁定。"
    assert control.verify("new-pass") and not control.verify(SECRET)


@pytest.mark.parametrize("new,confirm,message", [
    ("", "", None),  # nothing typed: the password stays as it is
    ("abc", "abc", "新密码太短：至少需要 4 个字符"),
    ("abcd", "abce", "两次输入的新密码不一致，请重新输入"),
    ("x" * 129, "x" * 129, "新密码太长：最多 128 个字符"),
    ("", "abcd", "请输入新密码"),
])
def test_new_password_rules(control, new, confirm, message):
    if message is None:
        assert control.save(old="", new=new, confirm=confirm, remove=False, idle_minutes=15) == "设置未改变。"
        assert not control.has_password()
        return
    with pytest.raises(AccessError, match=f"^{message}$"):
        control.save(old="", new=new, confirm=confirm, remove=False, idle_minutes=15)
    assert not control.has_password()


def test_removing_needs_the_current_password(control):
    control.save(old="", new=SECRET, confirm=SECRET, remove=False, idle_minutes=15)
    with pytest.raises(AccessError, match="当前密码不正确"):
        control.save(old="nope", new="", confirm="", remove=True, idle_minutes=15)
    assert control.has_password()
    assert control.save(old=SECRET, new="", confirm="", remove=True, idle_minutes=0) == \
        "已取消启动密码：以后打开支部台账时不再询问密码。不再自动锁定。"
    assert not control.has_password() and control.idle_minutes() == 0


def test_idle_minutes_range(control):
    with pytest.raises(AccessError, match="0 到 480 分钟之间"):
        control.save(old="", new="", confirm="", remove=False, idle_minutes=-1)
    assert control.save(old="", new="", confirm="", remove=False, idle_minutes=480) == "闲置 480 分钟后自动锁定。"


def test_password_command_shows_state_and_clears_only_with_the_password_or_the_key(
        control, data_dir, capsys, tmp_path, monkeypatch):
    import io
    import sys

    from app.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # a script: no terminal to ask on
    assert main(["password", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "未设置启动密码：打开支部台账时不询问密码。"
    control.save(old="", new=SECRET, confirm=SECRET, remove=False, idle_minutes=10)
    key = control.last_recovery_key
    assert main(["password", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "已设置启动密码；闲置 10 分钟后自动锁定。"
    assert main(["password", "--clear", "--data-dir", str(data_dir)]) == 2  # without the old one: refused
    assert "需要当前密码或恢复密钥" in capsys.readouterr().err and control.has_password()
    key_file = tmp_path / "key.txt"
    key_file.write_text(key.lower().replace("-", " "), encoding="utf-8")
    assert main(["password", "--clear", "--recovery-key-file", str(key_file), "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "已取消启动密码：下次打开支部台账时不再询问密码。"
    assert not control.has_password() and control.idle_minutes() == 10
