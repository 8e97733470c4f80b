"""The rules table: a branch corrects a rule in the dialog and the service applies the new value."""

from datetime import date

from app.services.common.settings import get_setting
from app.services.development import rules as R
from app.services.development.rules_table import rules_table
from app.ui import messages
from app.ui.development.rules_dialog import RulesDialog


def test_every_rule_is_listed_with_its_source_and_a_change_is_saved(qtbot, branch_db, monkeypatch):
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a, **k: errors.append(text))
    with branch_db.session() as s:
        rows = rules_table(s)
    assert [r.rule.code for r in rows] == [r.code for r in R.RULES]
    assert rows[3].text == "经过12个月以上培养教育和考察，方可确定为发展对象" and "第四章" in rows[3].rule.source
    dialog = RulesDialog(branch_db)
    qtbot.addWidget(dialog)
    dialog.spins["development.publicity_min_days"].setValue(8)  # above the maximum of 7: refused
    dialog.save()
    assert errors == ["“发展对象公示的最短天数”不能大于“发展对象公示的最长天数”。"] and not dialog.result()
    dialog.spins["development.publicity_min_days"].setValue(5)
    dialog.spins["development.activist_min_months"].setValue(18)
    dialog.phone.setText("0510-12345678")
    dialog.save()
    assert dialog.result()
    with branch_db.session() as s:
        assert get_setting(s, "development.notice_phone") == "0510-12345678"
        rules = R.load_rules(s)
    assert R.check_activist_year(rules, date(2025, 3, 1), date(2026, 3, 1)) is not None
