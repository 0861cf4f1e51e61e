"""Mutation testing of the guard modules, one module at a time, each against its own tests.

``make mutation`` (or ``.venv/bin/python scripts/mutation.py [NAME ...]``) runs mutmut once per
module named in ``[tool.coprod.mutation.NAME]`` of pyproject.toml: ``mutate`` (the files whose
functions are mutated) and ``tests`` (the test files that must kill those mutants). Each module
runs in its own folder, ``var/mutation/NAME``, whose pyproject.toml is the project's with a
``[tool.mutmut]`` section for that module, so that mutmut collects which test covers which
function over that module's tests only. Prints one line per module (killed, survived, timed out,
not covered, score) and lists the survivors; ``mutmut show NAME`` inside ``var/mutation/NAME``
shows a survivor's diff. Exits 1 when a module scores under ``--fail-under``.

``--only PATTERN`` tests only the mutants whose names match (fnmatch, as mutmut does);
``--sample N --seed S`` a random sample of N of them (the same N for the same seed and code),
for a module whose every mutant runs slow tests: the score is then the sample's.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
KILLED = {1, 3}  # a failing test, an internal pytest error (mutmut's exit codes)
TIMEOUT = {36, -24, 24, 152, 255}  # mutmut's time limit (SIGXCPU): counted apart, rerun once
SURVIVED = {0}
NOT_COVERED = {5, 33}
# mutmut's wall-clock limit per mutant is (its tests' time + constant) x multiplier: the
# constant covers pytest's start and collection in the forked worker on a loaded machine, so
# that only a mutant that really hangs (a loop that never ends) meets the limit.
TIMEOUT_CONSTANT_S = 10


@dataclass
class Score:
    """The outcome of one module's run."""

    name: str
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    survivors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every mutant generated (not covered ones included: they count as survivors)."""
        return sum(self.counts.values())

    @property
    def score(self) -> float:
        """Killed share of all mutants, in percent (timeouts are not counted as killed)."""
        return 100.0 * self.counts.get("killed", 0) / self.total if self.total else 100.0


def modules() -> dict[str, dict[str, list[str]]]:
    """The ``[tool.coprod.mutation]`` table of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    table: dict[str, dict[str, list[str]]] = project["tool"]["coprod"]["mutation"]
    return table


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def prepare(name: str, module: dict[str, list[str]], fresh: bool) -> Path:
    """The module's working folder: links to src and tests, its own mutmut settings."""
    folder = WORK / name
    if fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for linked in ("src", "tests"):
        link = folder / linked
        if not link.exists():
            link.symlink_to(ROOT / linked, target_is_directory=True)
    project = (ROOT / "pyproject.toml").read_text("utf-8")
    project = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", project)
    settings = (
        "[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {_toml_list(module['mutate'])}\n"
        f"pytest_add_cli_args_test_selection = {_toml_list(module['tests'])}\n"
        # No plugin that writes into the checkout or runs workers; warnings do not fail a run.
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-W", "ignore"]\n'
        "use_git_change_detection = false\n"
        f"timeout_constant = {TIMEOUT_CONSTANT_S}\n"
    )
    (folder / "pyproject.toml").write_text(f"{project.rstrip()}\n\n{settings}", "utf-8")
    return folder


def run(name: str, folder: Path, children: int, mutants: list[str] | None = None) -> float:
    """Run mutmut in ``folder`` (on ``mutants`` only, when given); the seconds it took."""
    mutmut = Path(sys.executable).with_name("mutmut")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    started = time.monotonic()
    done = subprocess.run(
        [str(mutmut), "run", "--max-children", str(children), *(mutants or [])],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL if not os.environ.get("MUTATION_VERBOSE") else None,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"mutation: mutmut failed for {name} (exit {done.returncode})")
    return time.monotonic() - started


def results(
    folder: Path, module: dict[str, list[str]], chosen: list[str] | None = None
) -> dict[str, int | None]:
    """mutmut's exit code per mutant of the module's files (of ``chosen`` only, when given)."""
    codes: dict[str, int | None] = {}
    for source in module["mutate"]:
        meta = folder / "mutants" / f"{source}.meta"
        codes.update(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])
    if chosen is not None:
        codes = {m: c for m, c in codes.items() if m in set(chosen)}
    return codes


def generate(name: str, folder: Path, module: dict[str, list[str]]) -> list[str]:
    """Generate the module's mutants (and which tests reach them) without testing any."""
    mutmut = Path(sys.executable).with_name("mutmut")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # A filter that matches no mutant: mutmut generates, collects coverage, then stops.
    subprocess.run(
        [str(mutmut), "run", "coprod.no-such-mutant"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    names = sorted(results(folder, module))
    if not names:
        raise SystemExit(f"mutation: mutmut generated no mutant for {name}")
    return names


def choose(names: list[str], only: list[str], sample: int | None, seed: int) -> list[str]:
    """The mutants matching ``only`` (all when empty), then a seeded sample of them."""
    chosen = [n for n in names if not only or any(fnmatch.fnmatch(n, p) for p in only)]
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.Random(seed).sample(chosen, sample))
    return chosen


def score(
    name: str,
    folder: Path,
    module: dict[str, list[str]],
    seconds: float,
    chosen: list[str] | None = None,
) -> Score:
    """Read mutmut's results for the module's files (the ``chosen`` mutants, when given)."""
    result = Score(name, seconds)
    for mutant, code in results(folder, module, chosen).items():
        status = _status(code)
        result.counts[status] = result.counts.get(status, 0) + 1
        if status != "killed":
            result.survivors.append(f"{mutant} ({status})")
    return result


def _status(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in NOT_COVERED:
        return "not covered"
    return "other"


def report(scores: list[Score]) -> None:
    """One table line per module, then the survivors."""
    print(
        f"{'module':<10} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} "
        f"{'uncovered':>9} {'score':>7} {'time':>7}"
    )
    for s in scores:
        print(
            f"{s.name:<10} {s.total:>7} {s.counts.get('killed', 0):>6} "
            f"{s.counts.get('timeout', 0):>7} {s.counts.get('survived', 0):>8} "
            f"{s.counts.get('not covered', 0):>9} {s.score:>6.1f}% {s.seconds:>6.0f}s"
        )
    for s in scores:
        for survivor in s.survivors:
            print(f"  survivor {s.name}: {survivor}")


def main() -> None:
    """Run the named modules (all by default) and print their scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="modules of [tool.coprod.mutation] (all)")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--keep", action="store_true", help="reuse earlier results")
    parser.add_argument("--fail-under", type=float, default=0.0, help="lowest score in percent")
    parser.add_argument("--only", action="append", default=[], help="mutant names (fnmatch)")
    parser.add_argument("--sample", type=int, help="test a random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=18, help="the sample's seed")
    args = parser.parse_args()
    table = modules()
    unknown = sorted(set(args.names) - set(table))
    if unknown:
        parser.error(f"unknown modules {unknown}; known: {sorted(table)}")
    scores = []
    for name in args.names or sorted(table):
        folder = prepare(name, table[name], fresh=not args.keep)
        chosen = None
        if args.only or args.sample is not None:
            chosen = choose(generate(name, folder, table[name]), args.only, args.sample, args.seed)
            if not chosen:
                parser.error(f"no mutant of {name} matches {args.only}")
        seconds = run(name, folder, args.children, chosen)
        # A timeout on a loaded machine is no verdict: run those mutants once more, alone.
        timed_out = [m for m, c in results(folder, table[name], chosen).items() if c in TIMEOUT]
        if timed_out:
            seconds += run(name, folder, 1, timed_out)
        scores.append(score(name, folder, table[name], seconds, chosen))
    report(scores)
    if any(s.score < args.fail_under for s in scores):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
