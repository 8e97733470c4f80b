"""Issue 7 §7, encryption at rest: the data key, the conversion both ways, an interrupted conversion,
and the connections the application makes to an encrypted ledger."""

from __future__ import annotations

import sqlite3

import pytest

from app.infra import ledger_db
from app.services.access import data_key, encryption
from app.services.common.storage import LockedLedgerError, open_data_folder

pytestmark = pytest.mark.usefixtures("fast_scrypt")
START = "zhibu-2026"


def member_count(db) -> int:
    from sqlalchemy import text

    with db.session() as s:
        return s.execute(text("SELECT count(*) FROM member")).scalar_one()


def a_member_id_number(db) -> str:
    from sqlalchemy import text

    with db.session() as s:
        return s.execute(text("SELECT id_number FROM member WHERE id_number != '' LIMIT 1")).scalar_one()


def forget(folder) -> None:
    """As a new process: nothing is unlocked."""
    ledger_db.forget_key(folder)


@pytest.fixture
def encrypted(source):
    """The filled data folder, its password set and its database encrypted; open (a fresh Database)."""
    db, key = encryption.set_start_password(source, START, encrypt=True)
    yield db, key
    db.dispose()


def test_the_data_key_is_wrapped_by_the_password_and_by_the_recovery_key(tmp_path):
    path = tmp_path / "ledger.key"
    key = data_key.new_data_key()
    data_key.new_key_file(path, key, START, "ABCDE-FGHJK-MNPQR-STUVW-XYZ23-45678")
    assert data_key.unlock(path, START) == key
    assert data_key.unlock(path, "abcde fghjk mnpqr stuvw xyz23 45678") == key  # case, spaces do not matter
    assert data_key.unlock(path, "wrong") is None
    assert key.hex() not in path.read_text() and START not in path.read_text()
    before = data_key.read_key_file(path)
    data_key.rewrap_password(path, key, "new-password")
    assert data_key.unlock(path, "new-password") == key and data_key.unlock(path, START) is None
    assert data_key.read_key_file(path)["recovery"] == before["recovery"]  # the recovery wrap stays


def test_a_damaged_key_file_is_a_chinese_refusal(tmp_path):
    path = tmp_path / "ledger.key"
    path.write_text('{"format": "x"}')
    with pytest.raises(data_key.KeyFileError, match="密钥文件已损坏"):
        data_key.unlock(path, START)
    with pytest.raises(data_key.KeyFileError, match="找不到它的密钥文件"):
        data_key.unlock(tmp_path / "none.key", START)


def test_turning_encryption_on_leaves_no_readable_database_and_the_data_unchanged(source, data_dir):
    count, id_number = member_count(source), a_member_id_number(source)
    db, key = encryption.set_start_password(source, START, encrypt=True)
    try:
        assert key  # the first password's recovery key, shown once
        raw = (data_dir / "ledger.sqlite3").read_bytes()
        assert not raw.startswith(b"SQLite format 3") and id_number.encode() not in raw
        assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("ledger")) == [
            "ledger.key", "ledger.lock", "ledger.sqlite3"]  # no plain copy left beside it
        assert member_count(db) == count  # the reopened Database reads it with the key
        with pytest.raises(sqlite3.DatabaseError):  # plain sqlite3 cannot
            sqlite3.connect(data_dir / "ledger.sqlite3").execute("SELECT count(*) FROM member").fetchone()
    finally:
        db.dispose()


def test_an_encrypted_ledger_opens_only_after_the_password_unlocked_it(encrypted, data_dir):
    db, _key = encrypted
    count = member_count(db)
    db.dispose()
    forget(data_dir)
    with pytest.raises(LockedLedgerError, match="数据库已加密"):
        open_data_folder(data_dir)
    assert not encryption.unlock_folder(data_dir, "wrong")
    assert encryption.unlock_folder(data_dir, START)
    again = open_data_folder(data_dir)
    try:
        assert member_count(again) == count
    finally:
        again.dispose()


def test_a_password_change_rewraps_the_key_without_reencrypting(encrypted, data_dir):
    db, _key = encrypted
    salt = (data_dir / "ledger.sqlite3").read_bytes()[:16]
    key = ledger_db.key_for(data_dir)
    db, _ = encryption.set_start_password(db, "another-one", old=START)
    db.dispose()
    assert (data_dir / "ledger.sqlite3").read_bytes()[:16] == salt  # the same encrypted file
    assert data_key.unlock(data_dir / "ledger.key", "another-one") == key  # the same data key
    forget(data_dir)
    assert not encryption.unlock_folder(data_dir, START)
    assert encryption.unlock_folder(data_dir, "another-one")


def test_the_recovery_key_opens_an_encrypted_ledger_and_sets_a_new_password(encrypted, data_dir):
    db, recovery = encrypted
    db.dispose()
    forget(data_dir)
    assert encryption.unlock_folder(data_dir, recovery)  # the password is forgotten
    db = open_data_folder(data_dir)
    encryption.recover_password(db, recovery, "brand-new", "brand-new")
    db.dispose()
    forget(data_dir)
    assert encryption.unlock_folder(data_dir, "brand-new")


def test_turning_it_off_gives_back_a_plain_database(encrypted, data_dir):
    db, _key = encrypted
    count = member_count(db)
    db, _ = encryption.set_start_password(db, START, old=START, encrypt=False)
    try:
        assert (data_dir / "ledger.sqlite3").read_bytes().startswith(b"SQLite format 3\x00")
        assert not (data_dir / "ledger.key").exists()
        assert member_count(db) == count
    finally:
        db.dispose()


def test_clearing_the_password_decrypts_the_file(encrypted, data_dir):
    from app.services.access.control import AccessError

    db, recovery = encrypted
    with pytest.raises(AccessError, match="当前密码不正确"):
        encryption.clear_start_password(db, "wrong")
    db = encryption.clear_start_password(db, recovery)  # the recovery key is enough
    db.dispose()
    assert not encryption.is_encrypted(data_dir) and not (data_dir / "ledger.key").exists()


@pytest.mark.parametrize("step", encryption.STEPS)
@pytest.mark.parametrize("encrypt", [True, False], ids=["on", "off"])
def test_an_interrupted_conversion_leaves_a_ledger_that_opens(branch_db, data_dir, monkeypatch, step, encrypt):
    """A kill after each step (simulated by an exception there and no clean-up after it) leaves the old
    or the new database in place, and the next open finds the data whole."""
    from app.services.backup.backup_service import database_facts

    counts = database_facts(data_dir / "ledger.sqlite3")[2]
    db = branch_db
    if not encrypt:
        db, _ = encryption.set_start_password(branch_db, START, encrypt=True)
    key = ledger_db.key_for(data_dir / "ledger.sqlite3") or data_key.new_data_key()

    class Killed(BaseException):
        pass

    def kill(name):
        if name == step:
            raise Killed

    monkeypatch.setattr(encryption, "_after_step", kill)
    monkeypatch.setattr(encryption, "_remove", lambda path: None)  # a kill cleans nothing up
    if encrypt:
        data_key.new_key_file(data_key.key_file_path(data_dir), key, START, "ABCDE-FGHJK-MNPQR-STUVW-XYZ23-45678")
    db.engine.dispose()
    with pytest.raises(Killed):
        encryption.convert_database(data_dir, encrypt=encrypt, key=key)
    db.dispose()
    monkeypatch.undo()
    # the next start (a new process): the password unlocks when the file needs it
    forget(data_dir)
    if encryption.is_encrypted(data_dir):
        assert encryption.unlock_folder(data_dir, START)
    again = open_data_folder(data_dir)
    try:
        facts = database_facts(data_dir / "ledger.sqlite3")
        assert facts[1] == "中共测试市实验小学支部委员会"
        assert {t: n for t, n in facts[2].items() if t not in ("setting", "audit_entry")} == {
            t: n for t, n in counts.items() if t not in ("setting", "audit_entry")}
    finally:
        again.dispose()
    names = {p.name for p in data_dir.iterdir()}
    assert not {n for n in names if "converting" in n}  # nothing of the conversion is left behind
    assert ("ledger.key" in names) == encryption.is_encrypted(data_dir)


def test_every_direct_connection_gets_the_key(encrypted, data_dir, tmp_path):
    """backup, restore's checks, the integrity check and copies all read the encrypted file."""
    from app.infra.sqlite_files import copy_database
    from app.services.backup.backup_service import database_facts, integrity_check

    db, _key = encrypted
    assert integrity_check(data_dir / "ledger.sqlite3") == ["ok"]
    revision, branch, counts = database_facts(data_dir / "ledger.sqlite3")
    assert counts["member"] == member_count(db)
    copy = data_dir / "backups" / "copy.sqlite3"
    copy_database(data_dir / "ledger.sqlite3", copy)
    assert ledger_db.is_encrypted_file(copy)  # a copy inside the data folder stays encrypted
    assert database_facts(copy)[2] == counts


def test_a_plain_ledger_never_loads_sqlcipher(data_dir):
    """The plain path is unchanged: opening, backing up and checking a plain ledger imports no sqlcipher3."""
    import subprocess
    import sys

    script = ("import sys\n"
              "from app.services.common.storage import open_data_folder\n"
              "from app.services.backup.backup_service import create_backup\n"
              f"db = open_data_folder({str(data_dir)!r})\n"
              "db.dispose()\n"
              f"create_backup(db.path.parent, db.path.parent / 'backups')\n"
              "print('sqlcipher3' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_restore_into_an_encrypted_folder_from_a_plain_backup_leaves_no_stale_key(branch_db, data_dir, tmp_path):
    """The pre-restore copy keeps the encrypted database with its key file; the restored plain one opens."""
    from app.services.backup.backup_service import create_backup, restore_backup

    plain = create_backup(data_dir, tmp_path / "usb.blbak").path
    db, _key = encryption.set_start_password(branch_db, START, encrypt=True)
    db.dispose()
    result = restore_backup(plain, data_dir)
    assert not encryption.is_encrypted(data_dir) and not (data_dir / "ledger.key").exists()
    assert (result.pre_restore_dir / "ledger.key").is_file()
    assert ledger_db.is_encrypted_file(result.pre_restore_dir / "ledger.sqlite3")
    assert data_key.unlock(result.pre_restore_dir / "ledger.key", START) is not None
    again = open_data_folder(data_dir)
    again.dispose()
