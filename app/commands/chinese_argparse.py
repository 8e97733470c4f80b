"""argparse in Chinese: its own words (usage, options, errors) translated, so a user never reads English.

argparse looks its messages up through the module-level gettext function `_` each time it prints one;
pointing that name at this table is the supported way to translate it without a .mo catalogue.
"""

from __future__ import annotations

import argparse

TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多一个值",
    "expected at least one argument": "后面至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令 %(parser_name)r（可选：%(choices)s）",
}


def _translate(text: str) -> str:
    return TEXTS.get(text, text)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "后面需要 %s 个值"
    return singular if n == 1 else plural


def install() -> None:
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
