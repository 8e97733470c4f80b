"""党费 (dues): bases and rates by the national rules, the month ledger, arrears, 上缴 (domain.md §3, issue 10).

One purpose per module:
  vocab          the kinds as ASCII codes with their Chinese labels (缴费类别, month states, pay kinds …)
  money          Decimal 元 above the models, integer 分 in the database (exact, sums in SQL), user text parsed once
  rules          the rate rule as versioned data (中组发〔2008〕3号 by default) and THE function compute_due
  settings       every rule that may change, declared with its source (rates, rounding, 3/5 months, 6 months
                 back, the hand-over grace, the salary sheet's header aliases)
  bases          each member's 缴费类别 and base from a month on, with the items it came from
  overrides      hardship reduction/exemption (decision + approval) and voluntary larger amounts
  obligation     which months a member owes here (admission or 转入 letter → leaving or 转出 letter)
  ledger         DuesBook: who owes which month, the snapshot (opened months) or the amount it would be
  collection     the year's grid, the one monthly action, payments (预缴/补交/代缴), corrections
  arrears        unpaid months and the run of consecutive ones (deferred months neither count nor break it)
  remittance     上缴 records with receipt scans (the shared attachment store), collected vs handed by quarter
  salary_import  工资表 → bases: header detection, mapping by aliases, preview, confirm
  year_check     党费基数核定: last year's and this year's base, the change, confirming the year
  reminders, checks, demo, sample_salary   the registry's reminders and checks, the sample branch's part
"""
