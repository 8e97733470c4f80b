"""The branch profile form: on first run (with the sample-branch choice) and from 设置 → 支部信息."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.database import Database
from app.services.common.branch import ProfileError, get_profile, list_groups, save_profile
from app.ui import messages
from app.ui.widgets.optional_date_edit import OptionalDateEdit


class BranchProfileDialog(QDialog):
    """Edit the branch profile. With `first_run`, it greets the user and offers the sample branch."""

    PROFILE_SAVED, DEMO_CHOSEN = 1, 2

    def __init__(self, db: Database, parent: QWidget | None = None, *, first_run: bool = False) -> None:
        super().__init__(parent)
        self._db = db
        self.outcome = 0
        self.setWindowTitle("欢迎使用支部台账" if first_run else "支部信息")
        self.setMinimumWidth(520)

        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("例如：中共××市××小学支部委员会")
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText("例如：××小学支部")
        self.parent_org = QLineEdit()
        self.parent_org.setPlaceholderText("例如：中共××市教育工作委员会")
        self.founded = OptionalDateEdit()
        self.groups = QPlainTextEdit()
        self.groups.setPlaceholderText("每行一个党小组，例如：\n第一党小组\n第二党小组")
        self.groups.setTabChangesFocus(True)
        self.groups.setFixedHeight(96)

        form = QFormLayout()
        form.addRow("支部全称（必填）：", self.full_name)
        form.addRow("简称：", self.short_name)
        form.addRow("上级党组织：", self.parent_org)
        form.addRow("成立日期：", self.founded)
        form.addRow("党小组：", self.groups)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("保存并开始" if first_run else "保存")
        ok.setDefault(True)  # Enter in any field saves
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel("这是第一次使用。请填写本支部的基本信息；党员名单可随后在“花名册”中录入。\n"
                           "如果想先熟悉软件，也可以打开一个虚构的示例支部；试用后点主窗口上方的“开始使用本支部”即可换成真实信息。")
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(form)
        if first_run:
            demo = QPushButton("打开示例支部（虚构数据）")
            demo.setAutoDefault(False)
            demo.clicked.connect(self._choose_demo)
            layout.addWidget(demo)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        with self._db.session() as session:
            profile = get_profile(session)
            groups = [g.name for g in list_groups(session)]
        if profile is not None:
            self.full_name.setText(profile.full_name)
            self.short_name.setText(profile.short_name)
            self.parent_org.setText(profile.parent_org)
            self.founded.setDate(profile.founded_date)
        self.groups.setPlainText("\n".join(groups))

    def _save(self) -> None:
        try:
            with self._db.transaction() as session:
                save_profile(
                    session, full_name=self.full_name.text(), short_name=self.short_name.text(),
                    parent_org=self.parent_org.text(), founded_date=self.founded.date(),
                    group_names=self.groups.toPlainText().splitlines(),
                )
        except ProfileError as exc:
            messages.show_user_error(self, exc, {"full_name": self.full_name, "group_names": self.groups})
            return
        self.outcome = self.PROFILE_SAVED
        self.accept()

    def _choose_demo(self) -> None:
        from app.services.demo.sample_branch import DemoError, create_demo_branch

        try:
            with self._db.transaction() as session:
                create_demo_branch(session)
        except DemoError as exc:
            messages.show_user_error(self, exc, title="无法打开示例支部")
            return
        self.outcome = self.DEMO_CHOSEN
        self.accept()
