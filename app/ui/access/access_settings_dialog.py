"""设置 → 启动密码与自动锁定: set, change or remove the start-up password; the idle-lock minutes; the
encryption of the database file (on or off, converted with progress)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.access.control import (
    CONFIRM_PASSWORD,
    IDLE_MINUTES,
    MAX_IDLE_MINUTES,
    MIN_LENGTH,
    NEW_PASSWORD,
    OLD_PASSWORD,
    AccessControl,
    AccessError,
)
from app.ui import messages

_HINT_STYLE = "color: #555;"


def _password_field(placeholder: str, name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(name)
    return field


class AccessSettingsDialog(QDialog):
    """Saves everything in one transaction; `outcome` is the sentence saying what changed."""

    accessChanged = Signal()

    def __init__(self, access: AccessControl, parent: QWidget | None = None, *,
                 convert: Callable[[Callable, str], bool] | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._convert = convert  # MainWindow.convert_database: runs a conversion and adopts its Database
        self._had_password = access.has_password()
        self._was_encrypted = access.is_encrypted()
        self.outcome = ""
        self.setWindowTitle("启动密码与自动锁定")
        self.setMinimumWidth(560)

        intro = QLabel("设置启动密码后，每次打开支部台账都要先输入密码；离开电脑超过设定的时间，"
                       "支部台账会自动锁定，需再次输入密码。\n"
                       "启动密码防止他人在这台电脑上打开支部台账查看党员信息；要让数据文件本身也读不出来，"
                       "请同时开启下面的“加密数据库文件”。带到电脑以外的备份请设置备份密码（在“备份”页）。")
        intro.setWordWrap(True)
        self.status = QLabel(("当前：已设置启动密码" + ("，数据库文件已加密。" if self._was_encrypted else "。"))
                             if self._had_password else "当前：未设置启动密码，打开支部台账时不询问密码。")
        self.status.setStyleSheet("font-weight: bold;")

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        self.current = _password_field("修改或取消密码时必须填写", "当前密码")
        keep = "不修改密码请留空" if self._had_password else f"至少 {MIN_LENGTH} 个字符"
        self.new = _password_field(keep, "新密码")
        self.confirm = _password_field("再输入一次新密码", "再次输入新密码")
        self.remove = QCheckBox("取消启动密码（以后打开支部台账时不再询问密码）")
        self.remove.toggled.connect(self._remove_toggled)
        for field in (self.current, self.new, self.confirm):
            field.textEdited.connect(self.error.hide)  # the message was about what is being corrected

        password_box = QGroupBox("启动密码")
        box_layout = QVBoxLayout(password_box)
        form = QFormLayout()
        box_layout.addLayout(form)
        if self._had_password:
            form.addRow("当前密码：", self.current)
        form.addRow("新密码：", self.new)
        form.addRow("再次输入新密码：", self.confirm)
        if self._had_password:
            form.addRow(self.remove)
        self.current.setVisible(self._had_password)
        self.remove.setVisible(self._had_password)
        forgot = QLabel("忘记密码时：在“请输入启动密码”窗口点“忘记密码…”，用恢复密钥设置新密码，"
                        "数据不受影响。")
        forgot.setWordWrap(True)
        forgot.setStyleSheet(_HINT_STYLE)
        box_layout.addWidget(forgot)  # outside the form: a wrapped label in a form row gets squeezed

        self.idle = QSpinBox()
        self.idle.setRange(0, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" 分钟")
        self.idle.setSpecialValueText("不自动锁定")
        self.idle.setAccessibleName("闲置自动锁定时间")
        self.idle.setValue(access.idle_minutes())
        idle_box = QGroupBox("自动锁定")
        idle_layout = QVBoxLayout(idle_box)
        idle_form = QFormLayout()
        idle_form.addRow("闲置多久后锁定：", self.idle)
        idle_layout.addLayout(idle_form)
        idle_note = QLabel("只在设置了启动密码时生效；设为 0 表示不自动锁定。")
        idle_note.setWordWrap(True)
        idle_note.setStyleSheet(_HINT_STYLE)
        idle_layout.addWidget(idle_note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        self.encrypt = QCheckBox("加密数据库文件（用启动密码解锁）")
        self.encrypt.setChecked(self._was_encrypted)
        self.encrypt.setEnabled(convert is not None)
        self.encrypt.setAccessibleName("加密数据库文件")
        encrypt_box = QGroupBox("数据库加密")
        encrypt_layout = QVBoxLayout(encrypt_box)
        encrypt_layout.addWidget(self.encrypt)
        encrypt_note = QLabel(
            "开启后，数据库文件加密保存：有人复制走数据文件夹或自动备份，没有启动密码或恢复密钥也读不出"
            "党员信息（附件仍是普通文件）。开启时会显示新的恢复密钥，请交支部书记保管——忘记启动密码时"
            "只能用它打开。转换时先写出新文件并校验，再替换原文件。")
        encrypt_note.setWordWrap(True)
        encrypt_note.setStyleSheet(_HINT_STYLE)
        encrypt_layout.addWidget(encrypt_note)
        self.remove.toggled.connect(lambda on: self.encrypt.setChecked(False) if on else None)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        layout.addWidget(password_box)
        layout.addWidget(encrypt_box)
        layout.addWidget(idle_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.current if self._had_password else self.new).setFocus()

    def _remove_toggled(self, on: bool) -> None:
        for field in (self.new, self.confirm):
            field.setEnabled(not on)
            if on:
                field.clear()

    def _save(self) -> None:
        want = self.encrypt.isChecked() and not self.remove.isChecked()
        old, new = self.current.text(), self.new.text()
        decrypted = ""
        try:
            if self._was_encrypted and not want:  # decrypted first: a removed password could unlock nothing
                if not self._access.verify(old) and not self._access.verify_recovery_key(old):
                    raise AccessError("当前密码不正确" if old else "关闭数据库加密需要先输入当前密码", OLD_PASSWORD)
                if not self._run_conversion(False, old):
                    return
                decrypted = "数据库文件已解密为普通文件。"
            if want and not self._was_encrypted and not (new or self._had_password):
                raise AccessError("加密数据库需要启动密码：请先设置新密码", NEW_PASSWORD)
            if want and not self._was_encrypted and not new and not self._access.verify(old):
                raise AccessError("当前密码不正确" if old else "开启数据库加密需要输入当前密码", OLD_PASSWORD)
            self.outcome = decrypted + self._access.save(
                old=old, new=new, confirm=self.confirm.text(),
                remove=self.remove.isChecked(), idle_minutes=self.idle.value())
        except AccessError as exc:
            self._show_error(exc)
            return
        key, self._access.last_recovery_key = self._access.last_recovery_key, None
        if want and not self._was_encrypted:
            shown = self._run_conversion(True, new or old, key)
            if shown is False:
                self.outcome += "数据库文件没有加密。"
            else:
                key = shown if isinstance(shown, str) else key
                self.outcome = self.outcome.replace("设置未改变。", "") + "数据库文件已加密。"
        for field in (self.current, self.new, self.confirm):
            field.clear()
        if key:  # the first password (or encryption turned on): its recovery key is shown now, never again
            from app.ui import messages
            from app.ui.access.recovery_dialogs import RecoveryKeyDialog

            messages.run_dialog(RecoveryKeyDialog(key, self))
        self.accessChanged.emit()
        self.accept()

    def _run_conversion(self, encrypt: bool, password: str, made_key: str | None = None):
        """Through the main window (progress, pages rebuilt): False if it failed (the window said why);
        when encrypting, the recovery key to show (True if the one just made is used)."""
        from app.services.access import encryption

        shown: dict[str, str | None] = {}

        def job(db, progress):
            if not encrypt:
                return encryption.turn_off(db, progress)
            wrap_key, new_key = encryption.recovery_key_for_encryption(db, None, made_key)
            shown["key"] = new_key
            return encryption.turn_on(db, password, wrap_key, progress)

        assert self._convert is not None
        if not self._convert(job, "正在加密数据库" if encrypt else "正在解密数据库"):
            return False
        return shown.get("key") or True

    def _show_error(self, error: AccessError) -> None:
        """Shown in the dialog itself (a password dialog stays in front); the field it names is emptied
        for a wrong current password or a mismatched repeat, so the user types it again."""
        self.error.setText(error.message)
        self.error.show()
        self.adjustSize()  # room for the message without squeezing the rest
        if error.field in (OLD_PASSWORD, CONFIRM_PASSWORD):
            (self.current if error.field == OLD_PASSWORD else self.confirm).clear()
        messages.focus_error_field(error, {OLD_PASSWORD: self.current, NEW_PASSWORD: self.new,
                                           CONFIRM_PASSWORD: self.confirm, IDLE_MINUTES: self.idle})
