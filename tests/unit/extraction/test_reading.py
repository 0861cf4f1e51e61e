"""Reading articles: text, HTML, encodings and hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod.errors import InvalidInput, NotFound
from coprod.extraction import extract_bytes
from coprod.extraction.reading import LARGE_HTML, MAX_BYTES, read_bytes, read_path

HTML = """<!DOCTYPE html><html><head><title>Kyiv and Oslo sign drone deal</title>
<meta property="article:published_time" content="2025-04-02T08:00:00Z">
<meta property="og:site_name" content="Test Gazette"></head>
<body><nav>Home | World | Sport</nav><script>var tracking = "Rheinmetall";</script>
<article><h1>Kyiv and Oslo sign drone deal</h1>
<p>Norway and Ukraine signed a memorandum of understanding on the joint production of naval
drones on Tuesday, the Norwegian defence ministry said in a statement published in Oslo.</p>
<p>The agreement also covers training of Ukrainian crews and the maintenance of the boats.</p>
</article><footer>Copyright Test Gazette</footer></body></html>"""


def test_plain_text_is_read_as_is_with_its_hash() -> None:
    data = "Le ministre a signé un accord avec la Pologne.\n".encode()
    doc = read_bytes(data, "a.txt")
    assert doc.text == data.decode()
    assert len(doc.sha256) == 64
    assert not doc.is_html


def test_html_main_text_title_date_and_source_are_extracted() -> None:
    doc = read_bytes(HTML.encode(), "page.html")
    assert doc.is_html
    assert "memorandum of understanding" in doc.text
    assert "tracking" not in doc.text and "Home | World" not in doc.text
    assert doc.title == "Kyiv and Oslo sign drone deal"
    assert doc.published == "2025-04-02"
    assert doc.source == "Test Gazette"


def test_dateline_gives_source_and_publication_date() -> None:
    text = "Titre de l'article sur les drones\n\nGazette de Test - 06 juin 2025 01:30\n\nTexte."
    doc = read_bytes(text.encode(), "d.txt")
    assert (doc.source, doc.published) == ("Gazette de Test", "2025-06-06")


def test_latin1_and_cp1252_articles_are_decoded() -> None:
    text = "La Défense française a livré des obus à l'Ukraine. Coût : 200 millions d'euros."
    doc = read_bytes(text.encode("cp1252"), "latin.txt")
    assert "Défense française" in doc.text
    assert doc.warnings and "not UTF-8" in doc.warnings[0]


def test_invalid_utf8_bytes_give_a_best_effort_text() -> None:
    data = b"Kyiv signed a contract with Saab." + b"\xff\xfe\xfa" + b" More text here."
    doc = read_bytes(data, "broken.txt")
    assert "contract with Saab" in doc.text


def test_binary_data_is_refused_with_the_file_name() -> None:
    with pytest.raises(InvalidInput, match=r"image\.png: looks like binary"):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20, "image.png")


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n"])
def test_empty_files_are_refused(data: bytes) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        read_bytes(data, "empty.txt")


def test_html_without_text_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no article text"):
        read_bytes(b"<html><body><script>var x = 1;</script></body></html>", "blank.html")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(InvalidInput, match="not a regular file"):
        read_path(tmp_path)


def test_ten_megabytes_of_html_with_scripts_are_read_in_fast_mode_with_a_warning() -> None:
    block = (
        "<script>" + "var a = 1;" * 1000 + "</script><p>Ukraine signed a contract with Saab.</p>"
    )
    page = "<html><head><title>Big</title></head><body>" + block * 1000 + "</body></html>"
    data = page.encode()
    assert len(data) > 10_000_000
    result = extract_bytes(data, "big.html")  # how long it takes: benchmarks, not here
    assert any("large HTML" in w and "scripts dropped, fast mode" in w for w in result.warnings)
    assert any(f.type == "agreement" for f in result.facts)


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.truncate(size)  # zeros, without writing them
    return path


def test_a_file_of_the_largest_size_read_is_read_and_one_byte_more_is_refused(
    tmp_path: Path,
) -> None:
    # At the limit the file is read (and then refused for what it holds, not for its size).
    with pytest.raises(InvalidInput, match="binary data"):
        read_path(_sparse(tmp_path / "at-limit.txt", MAX_BYTES))
    too_big = _sparse(tmp_path / "over-limit.txt", MAX_BYTES + 1)
    with pytest.raises(InvalidInput, match=f"{MAX_BYTES + 1} bytes is more than the {MAX_BYTES}"):
        read_path(too_big)


def test_bytes_of_the_largest_size_read_are_read_and_one_byte_more_is_refused() -> None:
    with pytest.raises(InvalidInput, match="binary data"):
        read_bytes(b"\x01" * MAX_BYTES, "at-limit.txt")
    with pytest.raises(InvalidInput, match=f"{MAX_BYTES + 1} bytes is more than the {MAX_BYTES}"):
        read_bytes(b"a" * (MAX_BYTES + 1), "over-limit.txt")


def _html_of(characters: int) -> bytes:
    head = "<html><body><p>Ukraine signed a contract with Saab.</p><script>"
    tail = "</script></body></html>"
    html = head + "x" * (characters - len(head) - len(tail)) + tail
    assert len(html) == characters
    return html.encode()


def test_html_is_read_in_fast_mode_only_beyond_the_large_html_size() -> None:
    at_limit = read_bytes(_html_of(LARGE_HTML), "at-limit.html")
    assert at_limit.warnings == []
    assert at_limit.text == "Ukraine signed a contract with Saab."
    over = read_bytes(_html_of(LARGE_HTML + 1), "over-limit.html")
    assert over.warnings == [
        f"over-limit.html: large HTML ({LARGE_HTML + 1} characters); scripts dropped, fast mode"
    ]
    assert over.text == "Ukraine signed a contract with Saab."
