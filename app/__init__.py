"""Branch Ledger (支部台账): the records of one school Party branch."""

__version__ = "0.1.0"
APP_NAME = "BranchLedger"
APP_TITLE = "支部台账"
