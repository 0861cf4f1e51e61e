"""Coverage-guided fuzzing (atheris, libFuzzer) of the scenario loader, the record importers and
the extractor: every input must end in a result or a declared error (a CoprodError).

    .venv/bin/python benchmarks/reliability/atheris_fuzz.py TARGET [-runs N] [-max_total_time S]

TARGET is scenario, records-json, records-csv, extractor or all. Each target runs in its own
process (libFuzzer never returns), its coprod modules instrumented for coverage, from a corpus of
valid documents (tests/data, the sample records) and a dictionary of their field names. An
undeclared exception is a crash: it is counted, its input is saved under var/atheris/, and
fuzzing goes on. Prints one row per target (executions, seconds, crashes) and the crashes; exits
1 when there was any (a hang past -timeout or a native crash counts too).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CRASHES = ROOT / "var" / "atheris"
STATS_ENV = "COPROD_ATHERIS_STATS"
TARGETS = ("scenario", "records-json", "records-csv", "extractor")
TIMEOUT_S = {"extractor": 30}  # one input; the others 10 s
EXTRA_WORDS = {
    "extractor": [
        "<html>",
        "<p>",
        "</p>",
        "<script>",
        "accord",
        "signé",
        "millions d'euros",
        "le 5 juin 2025",
        "obus de 155 mm",
        "Rheinmetall",
        "drones",
        "Ukraine",
    ],
}


# --- the child: one target under libFuzzer -------------------------------------------------


def _csv_names() -> list[str]:
    from coprod.domain import kinds

    return [f"{t.plural}.csv" for t in kinds.KINDS] + ["upload.csv"]


def _seeds(target: str, work: Path) -> list[bytes]:
    """Valid inputs to start from."""
    from tests.conftest import SAMPLE_RECORDS

    if target == "scenario":
        return [(ROOT / "tests" / "data" / "seed-scenario.json").read_bytes()]
    if target == "records-json":
        return [json.dumps(SAMPLE_RECORDS, indent=1).encode()]
    if target == "records-csv":
        return _csv_seeds(SAMPLE_RECORDS, work)
    return [p.read_bytes() for p in sorted((ROOT / "tests/data/extraction").glob("*.txt"))]


def _csv_seeds(records: dict[str, Any], work: Path) -> list[bytes]:
    """One CSV per entity of the sample records; the first byte picks the file's name."""
    from coprod.domain import kinds
    from coprod.services.records import csv_records, importing

    by_kind: dict[str, list[Any]] = {}
    for parsed in importing.read_document("seed.json", records):
        by_kind.setdefault(f"{parsed.kind.plural}.csv", []).append(parsed.entity)
    seeds = []
    for name, entities in by_kind.items():
        path = work / name
        csv_records.write(path, kinds.BY_PLURAL[path.stem], entities)
        seeds.append(bytes([_csv_names().index(name)]) + path.read_bytes())
    return seeds


def _words(target: str, seeds: list[bytes]) -> set[str]:
    """Field names and short values of the seeds: libFuzzer's dictionary."""
    words = set(EXTRA_WORDS.get(target, []))
    if target in ("scenario", "records-json"):
        _collect(json.loads(seeds[0]), words)
    elif target == "records-csv":
        for seed in seeds:
            for row in csv.reader(io.StringIO(seed[1:].decode())):
                words.update(cell for cell in row if 0 < len(cell) <= 30)
    return words


def _collect(value: Any, words: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            words.add(json.dumps(key))
            _collect(item, words)
    elif isinstance(value, list):
        for item in value:
            _collect(item, words)
    elif isinstance(value, str) and len(value) <= 30:
        words.add(json.dumps(value))


def _dict_entry(word: str) -> str:
    """A line of a libFuzzer dictionary: the word's UTF-8 bytes, quoted, escaped as \\xNN."""
    inner = "".join(
        chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02x}" for b in word.encode()
    )
    return f'"{inner}"\n'


def _call(target: str, work: Path) -> Callable[[bytes], object]:
    """The entry point of ``target`` on one input."""
    from coprod.planner.problem import load_scenario
    from coprod.services.records import importing

    if target == "scenario":
        return lambda data: load_scenario(_write(work / "scenario.json", data))
    if target == "records-json":
        return lambda data: importing.read_file(_write(work / "records.json", data))
    if target == "records-csv":
        names = _csv_names()
        return lambda data: importing.read_file(
            _write(work / names[data[0] % len(names)] if data else work / "upload.csv", data[1:])
        )
    from coprod.extraction.pipeline import extract_bytes, warm_up

    warm_up()  # the French model loads before the first input
    return lambda data: extract_bytes(data, "fuzz.html" if data[:1] == b"<" else "fuzz.txt")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


class Child:
    """Counts inputs, keeps each distinct undeclared exception, writes the stats file."""

    def __init__(self, target: str, call: Callable[[bytes], object], stats: Path) -> None:
        self.target, self.call, self.stats = target, call, stats
        self.executions, self.declared = 0, 0
        self.crashes: dict[str, dict[str, Any]] = {}
        self.started = self.saved = 0.0

    def one_input(self, data: bytes) -> None:
        from coprod.errors import CoprodError

        self.executions += 1
        try:
            self.call(data)
        except CoprodError:
            self.declared += 1
        except Exception as exc:  # undeclared: the finding
            self.crash(exc, data)
        if time.time() - self.saved > 1:
            self.save()

    def crash(self, exc: Exception, data: bytes) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "/coprod/" in f.filename] or frames
        where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        key = f"{type(exc).__name__} at {where}"
        if key in self.crashes:
            self.crashes[key]["count"] += 1
            return
        CRASHES.mkdir(parents=True, exist_ok=True)
        path = CRASHES / f"{self.target}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
        path.write_bytes(data)
        message = str(exc).splitlines()[0][:160] if str(exc) else ""
        self.crashes[key] = {"count": 1, "message": message, "input": str(path)}
        self.save()

    def save(self) -> None:
        self.saved = time.time()
        body = {
            "executions": self.executions,
            "declared": self.declared,
            "started": self.started,
            "crashes": self.crashes,
        }
        self.stats.write_text(json.dumps(body))


def child(target: str, fuzzer_args: list[str]) -> None:
    """Fuzz ``target`` under libFuzzer; never returns."""
    import atheris

    sys.path.insert(0, str(ROOT))  # the sample records live in the tests
    # str.startswith/endswith comparisons guide the mutations. Not the "RegEx" hook: its pattern
    # proxy refuses match(text, pos) and finditer(text, pos, end), which the extractor calls.
    atheris.enabled_hooks.add("str")
    stats = Path(os.environ[STATS_ENV])
    work = stats.parent  # the parent's temporary folder: removed after the run
    with atheris.instrument_imports(include=["coprod"]):
        run = Child(target, _call(target, work), stats)
    corpus, words = work / "corpus", work / "words.dict"
    corpus.mkdir()
    seeds = _seeds(target, work)
    for seed in seeds:
        (corpus / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    words.write_text("".join(_dict_entry(w) for w in sorted(_words(target, seeds))))
    run.started = time.time()
    run.save()
    atheris.Setup([sys.argv[0], *fuzzer_args, f"-dict={words}", str(corpus)], run.one_input)
    atheris.Fuzz()


# --- the parent: one child per target, the table ----------------------------------------------


def fuzz(target: str, runs: int, max_total_time: int) -> dict[str, Any]:
    """Run ``target`` in a child process; what it did."""
    with tempfile.TemporaryDirectory(prefix="coprod-atheris-") as folder:
        stats, log = Path(folder) / "stats.json", Path(folder) / "libfuzzer.log"
        args = [
            f"-runs={runs}",
            f"-max_total_time={max_total_time}",
            f"-timeout={TIMEOUT_S.get(target, 10)}",
            "-rss_limit_mb=4096",
            "-print_final_stats=1",
            f"-artifact_prefix={CRASHES}/{target}-",
        ]
        CRASHES.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            code = subprocess.call(
                [sys.executable, __file__, "--child", target, *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, STATS_ENV: str(stats)},
            )
        ended = time.time()
        found = json.loads(stats.read_text()) if stats.exists() else {}
        text = log.read_text(errors="replace")
    return _result(found, text, code, ended)


def _result(found: dict[str, Any], text: str, code: int, ended: float) -> dict[str, Any]:
    executions = found.get("executions", 0)
    for line in text.splitlines():  # libFuzzer's own count is exact; ours lags up to 1 s
        if line.startswith("stat::number_of_executed_units:"):
            executions = int(line.split(":")[-1])
    crashes = found.get("crashes", {})
    if code != 0:  # a hang, a native crash, out of memory: libFuzzer stopped
        lines = text.splitlines()
        reason = next((ln for ln in lines if "ERROR: libFuzzer" in ln), "")
        tail = reason or " / ".join(text.strip().splitlines()[-3:])
        saved = next((ln.split()[-1] for ln in lines if "Test unit written to" in ln), "")
        crashes[f"libFuzzer exit {code}"] = {"count": 1, "message": tail[:200], "input": saved}
    started = found.get("started") or ended
    return {"executions": executions, "seconds": ended - started, "crashes": crashes}


def main() -> None:
    """Parse the arguments, fuzz each target, print the table; exit 1 on any crash."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=[*TARGETS, "all"])
    parser.add_argument("-runs", type=int, default=-1, help="inputs per target (-1: no limit)")
    parser.add_argument("-max_total_time", type=int, default=60, help="seconds per target")
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
    args = parser.parse_args()
    chosen = TARGETS if args.target == "all" else (args.target,)
    print(f"{'target':14} {'executions':>11} {'seconds':>8} {'exec/s':>8} {'crashes':>8}")
    failed = False
    for target in chosen:
        r = fuzz(target, args.runs, args.max_total_time)
        crashes = sum(c["count"] for c in r["crashes"].values())
        rate = r["executions"] / r["seconds"] if r["seconds"] else 0.0
        print(
            f"{target:14} {r['executions']:>11} {r['seconds']:>8.1f} {rate:>8.0f} {crashes:>8}",
            flush=True,
        )
        for key, c in r["crashes"].items():
            print(f"  {c['count']} × {key}: {c['message']}  {c['input']}")
        failed |= bool(crashes)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
