"""``coprod extract`` on files written in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coprod.cli.main import app
from coprod.errors import InvalidInput

ARTICLE = (
    "Ukraine and Norway sign drone deal\n\n"
    "Norway and Ukraine signed a memorandum of understanding on the joint production "
    "of naval drones, the Norwegian defence ministry said.\n"
)


def test_extract_prints_one_json_object_for_one_file(tmp_path: Path) -> None:
    path = tmp_path / "norway.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "coprod.extraction/1"
    assert doc["document"]["name"] == "norway.txt"
    assert doc["document"]["language"] == "en"
    [agreement] = [f for f in doc["facts"] if f["type"] == "agreement"]
    assert agreement["agreement_type"] == "memorandum_of_understanding"
    assert set(agreement["parties"]) == {"NO", "UA"}


def test_extract_jsonl_keeps_going_after_a_bad_file(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    result = CliRunner().invoke(
        app, ["extract", "--format", "jsonl", str(good), str(empty), str(binary)]
    )
    assert isinstance(result.exception, InvalidInput)
    assert result.exception.exit_code == 2
    assert "2 of 3 file(s) could not be read" in str(result.exception)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [doc["document"]["name"] for doc in lines] == ["good.txt"]
    assert "empty.txt: the file is empty" in result.stderr
    assert "blob.bin: looks like binary data" in result.stderr
