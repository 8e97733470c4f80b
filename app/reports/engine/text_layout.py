"""Measuring and line-breaking text for PDF cells, with a fallback font per character.

reportlab's Paragraph can wrap CJK text, but it parses markup for every cell and cannot fall back to a
second font by itself; a register of 1,000 members has ~20,000 cells, so this small breaker does the work:
a CJK character may break anywhere, a run of Latin letters and digits (an ID number, a date) stays whole
unless it alone is wider than the cell, closing punctuation never starts a line and opening punctuation
never ends one (the usual 避头尾 rules).

With `words=True` (a register column of names, groups, posts, and every header) a run of characters
is one word: a line breaks only at a space, after punctuation (，、）) or before an opening bracket, or at
a WORD_BREAK (U+200B) the text marks (a header label 是否为\u200b失联党员); only a word wider than the
cell by itself is broken between characters. WORD_BREAK has no width and is never drawn.
"""

from __future__ import annotations

import math
import re

from reportlab.pdfbase import pdfmetrics

WORD_BREAK = "\u200b"  # a place a words-mode line may break; zero width, removed from the lines
_TOKEN = re.compile(r"[!-~]+|\s|.", re.S)
_CODE = re.compile(r"[!-~]+")
_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…—·～")
_NO_LINE_END = set("（《「『【〔〈“‘([{")
_EPS = 1e-6


class TextLayout:
    """Text in one primary font at one size; characters the primary font lacks use the fallback font."""

    def __init__(self, primary: str, fallback: str | None, size: float) -> None:
        self.primary = primary
        self.fallback = fallback
        self.size = size
        self._primary_face = pdfmetrics.getFont(primary).face
        self._fallback_face = pdfmetrics.getFont(fallback).face if fallback else None
        self._font_of: dict[str, str] = {}
        self._width_of: dict[str, float] = {}
        self._text_widths: dict[str, float] = {}
        self._broken: dict[tuple[str, float, bool], list[str]] = {}

    def _learn(self, ch: str) -> None:
        code = ord(ch)
        face, name = self._primary_face, self.primary
        if ch == WORD_BREAK:
            self._font_of[ch], self._width_of[ch] = name, 0.0
            return
        if code not in face.charToGlyph and self._fallback_face is not None \
                and code in self._fallback_face.charToGlyph:
            face, name = self._fallback_face, self.fallback
        self._font_of[ch] = name
        self._width_of[ch] = face.charWidths.get(code, face.defaultWidth) * self.size / 1000.0

    def width(self, text: str) -> float:
        known = self._text_widths.get(text)
        if known is not None:  # values and tokens repeat a lot in a register: each is summed once
            return known
        widths = self._width_of
        total = 0.0
        for ch in text:
            w = widths.get(ch)
            if w is None:
                self._learn(ch)
                w = widths[ch]
            total += w
        self._text_widths[text] = total
        return total

    def single_font(self, text: str) -> str | None:
        """The one font that draws all of `text`, or None if it needs both."""
        self.width(text)  # learns every character
        fonts = set(map(self._font_of.__getitem__, text))
        if len(fonts) == 1:
            return fonts.pop()
        return self.primary if not fonts else None

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split into (font, text) runs."""
        self.width(text)
        out: list[tuple[str, str]] = []
        font_of = self._font_of
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or font_of[text[i]] != font_of[text[start]]:
                out.append((font_of[text[start]], text[start:i]))
                start = i
        return out

    def break_lines(self, text: str, max_width: float, *, words: bool = False) -> list[str]:
        """The lines of `text` in a cell `max_width` wide; explicit newlines are kept. `words`: break
        only between words (see the module docstring). Do not change the list returned: a column's
        repeated values (a job title, the branch) share one."""
        key = (text, max_width, words)
        lines = self._broken.get(key)
        if lines is None:
            lines = self._break_lines(text, max_width, words)
            if WORD_BREAK in text:
                lines = [line.replace(WORD_BREAK, "") for line in lines]
            self._broken[key] = lines
        return lines

    def _break_lines(self, text: str, max_width: float, words: bool) -> list[str]:
        lines: list[str] = []
        for para in text.split("\n"):
            if self.width(para) <= max_width + _EPS:
                lines.append(para)
                continue
            # one word wider than the cell: it breaks between characters, evenly (道德与 / 法治教师); in
            # longer text only the too-wide word is broken, the others stay whole
            whole = words and (self.widest_word(para) <= max_width + _EPS or len(_words(para)) > 1)
            broken = self._break_paragraph(para, max_width, whole)
            if len(broken) == 2:  # 语文 / 教师 reads better than 语文教 / 师
                broken = self._balance_two(para, max_width, whole) or broken
            lines.extend(broken)
        return lines

    def widest_code(self, text: str) -> float:
        """The width of the widest run of Latin letters, digits and signs (2026-02-14, A4)."""
        return max((self.width(run) for run in _CODE.findall(text)), default=0.0)

    def widest_word(self, text: str) -> float:
        """The width of the widest word of `text` (words mode): the narrowest cell that breaks no word."""
        return max((self.width(tok.strip()) for para in text.split("\n") for tok in _words(para)), default=0.0)

    def fill_lines(self, text: str, max_width: float, first_width: float | None = None) -> list[str]:
        """Running text: each line as full as it can be (no balancing), the first line of each paragraph
        `first_width` wide (an indent), explicit newlines kept."""
        first_width = max_width if first_width is None else first_width
        lines: list[str] = []
        for para in text.split("\n"):
            if self.width(para) <= first_width + _EPS:
                lines.append(para)
                continue
            head = self._break_paragraph(para, first_width)[0]
            lines.append(head)
            rest = para[len(head):].lstrip()
            if rest:
                lines.extend(self._break_paragraph(rest, max_width))
        return lines

    def _balance_two(self, para: str, max_width: float, words: bool = False) -> list[str] | None:
        """The break between two tokens that makes the longer of the two lines shortest."""
        tokens = _words(para) if words else _tokens(para)
        widths = [self.width(t) for t in tokens]
        total = sum(widths)
        best, best_k, first = None, 0, 0.0
        for k in range(1, len(tokens)):
            first += widths[k - 1]
            second = total - first
            if tokens[k].isspace():
                second -= widths[k]
            if first > max_width + _EPS or second > max_width + _EPS:
                continue
            if best is None or max(first, second) < best:
                best, best_k = max(first, second), k
        if best is None:
            return None
        return ["".join(tokens[:best_k]).rstrip(), "".join(tokens[best_k:]).lstrip()]

    def _break_paragraph(self, para: str, max_width: float, words: bool = False) -> list[str]:
        lines: list[str] = []
        line, line_w = "", 0.0
        for tok in _words(para) if words else _tokens(para):
            tok_w = self.width(tok)
            if line_w + tok_w <= max_width + _EPS:
                line, line_w = line + tok, line_w + tok_w
                continue
            if tok.isspace():  # a break opportunity: the space itself is dropped
                lines.append(line.rstrip())
                line, line_w = "", 0.0
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, line_w = "", 0.0
            if tok_w <= max_width + _EPS:
                line, line_w = tok, tok_w
                continue
            # a single token wider than the cell: break between characters, in pieces of even length
            # (新疆示例 / 县第一小 / 学 would leave one character alone)
            pieces = max(1, math.ceil(tok_w / max_width - _EPS)) if max_width > 0 else len(tok)
            piece = max(1, math.ceil(len(tok) / pieces))
            count = 0
            for ch in tok:
                ch_w = self.width(ch)
                if line and (line_w + ch_w > max_width + _EPS or count >= piece):
                    lines.append(line)
                    line, line_w, count = "", 0.0, 0
                count += 1
                line, line_w = line + ch, line_w + ch_w
        if line.strip() or not lines:
            lines.append(line.rstrip())
        return lines

    def balanced_lines(self, text: str, max_width: float, *, words: bool = False) -> list[str]:
        """Like break_lines, but lines of even length (header labels: 转为正式 / 党员日期, not 转为正式党员日 / 期)."""
        lines = self.break_lines(text, max_width, words=words)
        if len(lines) < 2 or "\n" in text:
            return lines
        low, high = min(max_width, self.widest_word(text)) if words else 0.0, max_width  # words stay whole
        for _ in range(12):  # the narrowest width that still gives as few lines
            mid = (low + high) / 2
            if len(self.break_lines(text, mid, words=words)) <= len(lines):
                high = mid
            else:
                low = mid
        return self.break_lines(text, high, words=words)


def _tokens(text: str) -> list[str]:
    """Break units: one CJK character, a run of Latin letters/digits, or a space; punctuation glued on."""
    tokens: list[str] = []
    pending_open = ""
    for tok in _TOKEN.findall(text):
        if tok in _NO_LINE_END:
            pending_open += tok
            continue
        tok = pending_open + tok
        pending_open = ""
        if tokens and tok[0] in _NO_LINE_START and not tokens[-1].isspace():
            tokens[-1] += tok
        else:
            tokens.append(tok)
    if pending_open:
        tokens.append(pending_open)
    return tokens


def _words(text: str) -> list[str]:
    """Break units of words mode: the tokens glued into words, a new word only after a space, a
    WORD_BREAK or punctuation that may end a line, or before a space or an opening bracket."""
    words: list[str] = []
    glue = False
    for tok in _tokens(text):
        if tok.isspace() or tok == WORD_BREAK:
            words.append(tok)
            glue = False
            continue
        if glue and tok[0] not in _NO_LINE_END:
            words[-1] += tok
        else:
            words.append(tok)
        glue = tok[-1] not in _NO_LINE_START
    return words
