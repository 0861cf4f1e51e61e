"""The demo's source documents get their texts from the seed articles beside the project
(``coprod demo --texts DIR``), so the evidence viewer shows each cited sentence: a file is
used only when its sha256 is the record's; an absent or different file is skipped and said
so, nothing stored for it. Made-up documents here: the repository holds no article text."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from coprod.cli.main import app
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.errors import InvalidInput
from coprod.services import demo
from coprod.services.accounts.access import SYSTEM
from coprod.services.facts.proposals import document_text_by_key
from coprod.services.store import open_store

TEXT = "A letter of intent on drones was signed in Kyiv on 3 March."
runner = CliRunner()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _documents(engine: Engine, entries: list[dict[str, str]]) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for entry in entries:
            uow.source_documents.add(d.SourceDocument(entry["key"], entry["name"], entry["sha256"]))
        uow.commit()


def test_a_text_is_kept_only_when_its_file_is_the_records(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    good = {"key": "doc-a", "name": "a.txt", "sha256": _sha(TEXT)}
    changed = {"key": "doc-b", "name": "b.txt", "sha256": _sha("the text as recorded")}
    absent = {"key": "doc-c", "name": "c.txt", "sha256": _sha("never written")}
    _documents(engine, [good, changed, absent])
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("the text edited since", encoding="utf-8")
    with open_store(database_url) as store:
        done = demo.store_texts(store, tmp_path, [good, changed, absent])
        again = demo.store_texts(store, tmp_path, [good])  # replaced, never duplicated
        kept = store.read(
            lambda uow: [document_text_by_key(uow, k) for k in ("doc-a", "doc-b", "doc-c")]
        )
    assert done.stored == ("doc-a",) and again.stored == ("doc-a",)
    assert len(done.skipped) == 2
    assert done.skipped[0].startswith("doc-b: b.txt: sha256 is ")
    assert done.skipped[1].startswith("doc-c: ") and "does not exist" in done.skipped[1]
    assert kept == [TEXT, "", ""]
    assert kept[0][2:17] == "letter of inten"


def test_the_demo_refuses_a_texts_folder_that_is_not_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["demo", "--database-url", url, "--texts", str(missing)])
    assert isinstance(result.exception, InvalidInput)  # exit 2 through coprod's main
    assert str(result.exception) == f"--texts: {missing} is not a folder"
    assert not (tmp_path / "demo.db").exists()  # refused before anything was built
