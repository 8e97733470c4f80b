"""What the command-line tests share: a terminal (or none) for the prompts the commands show."""

from __future__ import annotations

import io
import sys

import pytest


class FakeStdin(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__("")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(tty=False))


@pytest.fixture
def terminal(monkeypatch):
    """A terminal where the user types the given answers (input() and getpass())."""
    answers: list[str] = []
    monkeypatch.setattr(sys, "stdin", FakeStdin(tty=True))
    monkeypatch.setattr("builtins.input", lambda prompt="": answers.pop(0))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    return answers
