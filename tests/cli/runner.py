"""Run ``coprod`` in-process through its real entry point, for the CLI tests."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from coprod.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str


class Coprod:
    """Runs ``coprod`` in-process through its real entry point (errors → exit codes)."""

    def __init__(
        self, url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.url, self.capsys, self.monkeypatch = url, capsys, monkeypatch

    def __call__(self, *args: str) -> Result:
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "argv", ["coprod", "--database-url", self.url, *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = self.capsys.readouterr()
        return Result(code, captured.out, " ".join(captured.err.split()))

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.code == 0, result.err
        return result.out
