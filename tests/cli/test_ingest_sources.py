"""``coprod ingest --url / --feed / --watch``: pages and a feed served on 127.0.0.1 by a server
started in the test; reposts recognised; every failing URL named with its reason."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from coprod.errors import InvalidInput
from coprod.services.facts import intake
from tests.cli.runner import Coprod

ARTICLE = (
    "<html><head><title>Norway and Ukraine to build naval drones</title></head><body><article>"
    "<h1>Norway and Ukraine to build naval drones</h1>"
    "<p>Norway and Ukraine signed a memorandum of understanding on the joint production of naval "
    "drones in Oslo on Tuesday, the Norwegian defence ministry said in a statement.</p>"
    "<p>The agreement also covers the training of Ukrainian crews and the maintenance of the "
    "boats at a yard on the west coast, the ministry added in its statement.</p>"
    "<p>Production is to start next year with a first series of twenty boats, and both "
    "governments will share the cost of the new line according to the text of the memorandum "
    "that the two defence ministers signed after their talks.</p>"
    "<p>Officials on both sides described the plan as a step towards a lasting industrial "
    "partnership in which Ukrainian designs are built in partner countries at scale.</p>"
    "</article></body></html>"
)
# The same story reposted by another site: a new headline and one more closing sentence
REPOST = ARTICLE.replace(
    "<h1>Norway and Ukraine to build naval drones</h1>", "<h1>Naval drones: Oslo and Kyiv sign</h1>"
).replace("</article>", "<p>Read more stories on our site every day.</p></article>")
OTHER = (
    "<html><body><article><p>France will deliver 100 Caesar howitzers to Ukraine next year, the "
    "French armed forces ministry said on Monday in Paris after talks with Kyiv.</p>"
    "</article></body></html>"
)


def feed(base: str) -> str:
    items = "".join(
        f"<item><title>{n}</title><link>{base}/{n}</link></item>"
        for n in ("article", "repost", "missing")
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )


class Pages(BaseHTTPRequestHandler):
    """The pages of the test site."""

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        body = {
            "/article": ARTICLE,
            "/repost": REPOST,
            "/other": OTHER,
            "/feed.xml": feed(base),
            "/not-a-feed": "<html><body><p>No feed here at all, only a page.</p></body></html>",
            "/huge": "x" * 300_000,
            "/undeclared": "y" * 300_000,
        }.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.path != "/undeclared":  # its size is known only by reading it
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture
def site() -> Iterator[str]:
    """A web site on loopback for the duration of one test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_a_feed_is_ingested_page_by_page_and_the_repost_is_recognised(
    coprod: Coprod, site: str
) -> None:
    result = coprod("ingest", "--feed", f"{site}/feed.xml", "--json")
    assert result.code == 1  # the feed's third item is a 404
    first, repost = lines(result.out)
    assert first["url"] == f"{site}/article" and first["created"]
    assert repost["repost_of"] == first["document"]
    assert float(str(repost["similarity"])) >= intake.REPOST_SIMILARITY
    assert repost["merged"] and not repost["created"]  # its facts: more evidence, no new fact
    assert f"{site}/missing: the server answered 404" in result.err
    stored = json.loads(coprod.ok("documents", "list", "--json"))
    urls = {d["key"]: d["url"] for d in stored}
    assert urls[first["document"]] == f"{site}/article"  # where it was fetched from is kept
    again = coprod("ingest", "--url", f"{site}/article")
    assert again.code == 0 and "already ingested" in again.out
    assert "0 article(s) ingested, 1 already there" in again.err


def test_every_failing_url_is_named_with_its_reason_and_the_others_go_on(
    coprod: Coprod, site: str
) -> None:
    result = coprod(
        "ingest",
        "--url", f"{site}/huge",
        "--url", f"{site}/undeclared",
        "--url", "ftp://127.0.0.1/file",
        "--url", f"{site}/other",
        "--feed", f"{site}/not-a-feed",
        "--max-bytes", "100000",
    )  # fmt: skip
    assert result.code == 1
    assert f"{site}/huge: 300000 bytes is more than the 100000 read at most" in result.err
    assert f"{site}/undeclared: more than the 100000 bytes read at most" in result.err
    assert "ftp://127.0.0.1/file: not an http or https URL" in result.err
    assert f"{site}/not-a-feed: not an RSS or Atom feed" in result.err
    assert f"{site}/other: " in result.out and "stored as doc-" in result.out
    assert "4 source(s) failed" in result.err


def test_a_closed_port_is_an_error_naming_the_url() -> None:
    with pytest.raises(InvalidInput, match=r"http://127\.0\.0\.1:9/x: cannot be fetched"):
        intake.fetch("http://127.0.0.1:9/x", timeout=2)


def test_watch_ingests_files_that_appear_and_stops_after_its_rounds(
    coprod: Coprod, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "first.html").write_text(ARTICLE, encoding="utf-8")
    (folder / ".hidden.html").write_text(OTHER, encoding="utf-8")

    writer = threading.Timer(0.3, (folder / "later.html").write_text, (OTHER,))
    writer.start()
    result = coprod("ingest", str(folder), "--watch", "--interval", "0.6", "--rounds", "2")
    writer.join()
    assert result.code == 0
    assert "first.html: stored as" in result.out and "later.html: stored as" in result.out
    assert ".hidden" not in result.out
    assert "2 article(s) ingested, 0 already there" in result.err
    nothing = coprod("ingest", "--watch", "--rounds", "1", str(folder / "first.html"))
    assert nothing.code == 2 and "--watch needs at least one folder" in nothing.err


def test_page_names_are_files_named_after_the_url() -> None:
    name = intake.page_name("https://news.example.org/2025/06/drones-deal/?utm=x")
    assert name.startswith("news.example.org_drones-deal_") and name.endswith(".html")
    assert intake.page_name("https://a.example/x") != intake.page_name("https://b.example/x")
