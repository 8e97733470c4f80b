"""计算比例设置: the rule in force for each 缴费类别 in its own words, a change from a month on with its source,
and rounding. Months already opened keep their amounts; months before the change keep the older rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.kit.dates import parse_month_text
from app.models.database import Database
from app.services.dues import vocab
from app.services.dues.months_text import month_of, shift
from app.services.dues.rules import ROUNDINGS, describe_rule, parse_rule, rule_for_month
from app.services.dues.settings import rate_rules, rounding, save_rule_version, set_rounding
from app.ui.dues.month_dialogs import _SavingDialog
from app.ui.widgets.fields import ChoiceCombo


class RulesDialog(_SavingDialog):
    def __init__(self, db: Database, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(db, "党费计算比例设置", parent)
        with db.session() as s:
            versions, mode = rate_rules(s), rounding(s)
        current = rule_for_month(versions, month_of(today()))
        history = "；".join(f"{v['from']} 起：{v['source']}" for v in versions)
        intro = QLabel(f"现行规则（{history}）。修改后从所填月份起执行；已开始收缴的月份金额不变。")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.rules: dict[str, QLineEdit] = {}
        for code, label in vocab.CATEGORIES.items():
            edit = QLineEdit(describe_rule(current["categories"][code]))
            edit.setMinimumWidth(420)
            self.form.addRow(f"{label}：", edit)
            self.rules[code] = edit
            self.fields[code] = edit
        self.from_month = QLineEdit(shift(month_of(today()), 1))
        self.source = QLineEdit(current["source"])
        self.rounding = ChoiceCombo([(text, code) for code, text in ROUNDINGS.items()])
        self.rounding.setCurrentValue(mode)
        for label, key, widget in (("自何月起执行：", "from", self.from_month), ("依据（文件名称或文号）：", "source", self.source),
                                   ("月应缴取整：", "rounding", self.rounding)):
            self.form.addRow(label, widget)
            self.fields[key] = widget
        hint = QLabel("比例写成“≤3000元 0.5%；≤5000元 1%；以上 2%”（上限含本数，全部基数按一个比例）；"
                      "定额写成“每月 0.20 元”或“每月 0.20～1.00 元”。")
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self._original = {code: edit.text() for code, edit in self.rules.items()}
        self._original_source = self.source.text()
        self.finish()

    def save(self) -> None:
        changed = any(edit.text() != self._original[code] for code, edit in self.rules.items()) \
            or self.source.text() != self._original_source
        with self._db.transaction() as s:
            if changed:
                categories = {code: parse_rule(code, edit.text()) for code, edit in self.rules.items()}
                save_rule_version(s, {"from": parse_month_text(self.from_month.text(), "from") or "",
                                      "source": self.source.text(), "categories": categories})
            set_rounding(s, self.rounding.currentValue())
