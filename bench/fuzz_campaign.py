"""A fuzzing and fault-injection campaign over slant's public entry points, far larger than
CI runs (never in CI). It checks the isolation rule: one bad input, one failing analyzer or
one dead worker costs that input alone (a recorded skip with a reason, never a crashed or
hung batch, never a lost record); every annotation's start/end lie in the text and
``text[start:end]`` is its text; identical text is analysed identically.

Usage:
    nice -n 10 python bench/fuzz_campaign.py [--examples N] [--seed S | --random]
        [--targets text,readers,feeds,parquet,corpus,faults,cli] [--minutes M] [--out DIR]
        [--language ru]

``--minutes`` bounds each target (examples past it are passed over).

Targets (hypothesis, derandomised by ``--seed``; ``--examples`` each):

* ``text``: ``slant.analyze()`` on adversarial text (zero-width, bidi, combining marks, lone
  surrogates, CR/CRLF, long lines and words, punctuation only, mixed scripts, Russian, huge
  numbers, "31 February"), twice: the same JSON, valid against the schema, spans in range.
* ``readers``: files of every format (text in several encodings, JSON Lines, HTML, PDF and
  Word built and then damaged) through ``read_path``, then the default pipeline.
* ``feeds``: RSS/Atom, broken, through ``slant.fetch.feeds.parse_feed``.
* ``parquet``: Parquet files with odd column types through ``scale.inputs.read_inputs``.
* ``corpus``: the store (save/load round trip with odd outlets, urls, ids, dates), then
  ``slant stats``/``export``/``report``/``search`` and the web reader's HTTP API with odd
  ids and queries (no 5xx).
* ``cli``: ``slant analyze FOLDER -w 2`` on folders of such files: exit 0, no traceback, one
  valid record per input.
* ``faults``: ``analyze_items`` with 2 workers and an injected analyzer that raises, raises
  MemoryError, hangs, or SIGKILLs its worker: the batch ends, every input comes out once,
  in order, the faulty ones as skips with a reason.

Each distinct failure (exception type and the innermost slant frame) is written once with
its input to ``--out`` (default ``~/.cache/slant/fuzz``); ``summary.json`` lists them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any, ClassVar

from _fuzz_checks import Timeout, check_item, kind_of, time_limit
from slant.analyzers import register
from slant.article import Article

log = logging.getLogger("fuzz")


# -- fault analyzer (module level: spawned workers import this module too) --------------------
@register("fault")
class Fault:
    """Fails the way the article's text says: RAISE, MEMORY, HANG, KILL."""

    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset()
    default = False

    def initialize(self) -> None:
        pass

    def __call__(self, article: Article) -> None:
        text = article.text
        if "FAULT-RAISE" in text:
            raise ValueError("injected failure")
        if "FAULT-MEMORY" in text:
            raise MemoryError()
        if "FAULT-HANG" in text:
            while True:
                time.sleep(1)
        if "FAULT-KILL" in text:
            os.kill(os.getpid(), signal.SIGKILL)


# -- findings ----------------------------------------------------------------------------------
class Findings:
    """Distinct failures, each with its first input saved."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.seen: dict[str, dict[str, Any]] = {}
        out.mkdir(parents=True, exist_ok=True)

    def add(self, target: str, kind: str, exc: BaseException | str, data: Any) -> None:
        if isinstance(exc, BaseException):
            frames = traceback.extract_tb(exc.__traceback__)
            cause = exc.__cause__
            while cause is not None:  # an AnalyzerError: where its cause was raised
                frames = traceback.extract_tb(cause.__traceback__) or frames
                exc, cause = cause, cause.__cause__
            ours = [f for f in frames if "/slant/" in f.filename] or frames[-1:]
            where = (
                f"{ours[-1].filename.rsplit('/slant/', 1)[-1]}:{ours[-1].lineno}" if ours else "?"
            )
            message = f"{type(exc).__name__}: {exc}"[:500]
            tb = "".join(traceback.format_exception(exc))[-4000:]
        else:
            where, message, tb = "", exc[:500], ""
        key = f"{target}|{kind}|{where}|{message.split(':')[0] if where else message[:80]}"
        if key in self.seen:
            self.seen[key]["count"] += 1
            return
        n = len(self.seen) + 1
        path = self.out / f"finding{n:03d}"
        if isinstance(data, bytes | bytearray):
            path.with_suffix(".bin").write_bytes(bytes(data))
        else:
            text = data if isinstance(data, str) else repr(data)
            path.with_suffix(".txt").write_text(text, "utf-8", errors="surrogatepass")
        self.seen[key] = {
            "n": n,
            "target": target,
            "kind": kind,
            "where": where,
            "message": message,
            "count": 1,
            "traceback": tb,
        }
        print(f"FINDING {n} [{target}/{kind}] {where} {message[:200]}", flush=True)

    def save(self, stats: dict[str, Any]) -> None:
        (self.out / "summary.json").write_text(
            json.dumps({"stats": stats, "findings": list(self.seen.values())}, indent=1), "utf-8"
        )


# -- targets -------------------------------------------------------------------------------------
class Campaign:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.findings = Findings(args.out)
        self.stats: dict[str, Any] = {}
        self.deadline = time.monotonic() + 60 * args.minutes  # reset for each target
        self._pipeline: Any = None
        self.cpu0 = 0.0
        self.analysed: list[Article] = []  # kept for the corpus target

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from slant.config import Settings
            from slant.pipeline import Pipeline

            self._pipeline = Pipeline(Settings(language=self.args.language))
            self._pipeline.initialize()
        return self._pipeline

    def settings(self, n: int | None = None) -> Any:
        from hypothesis import HealthCheck, Phase, settings

        return settings(
            max_examples=n or self.args.examples,
            derandomize=not self.args.random,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: each failure is saved
            suppress_health_check=list(HealthCheck),
        )

    def seed(self, fn: Any) -> Any:
        from hypothesis import seed

        return seed(self.args.seed)(fn) if self.args.random else fn

    def count(self, target: str, key: str = "examples", n: int = 1) -> None:
        self.stats.setdefault(target, {}).setdefault(key, 0)
        self.stats[target][key] += n

    def slow(self, target: str, data: Any) -> None:
        """A finding when one analysis took over ``--slow-s`` CPU-seconds (a lead to an
        O(n²) path: the texts here are at most a few hundred kB)."""
        spent = time.process_time() - self.cpu0
        self.count(target, "max_cpu_s", 0)
        self.stats[target]["max_cpu_s"] = max(self.stats[target]["max_cpu_s"], round(spent, 1))
        if spent > self.args.slow_s:
            size = len(data)
            self.findings.add(target, "slow", f"{spent:.0f} CPU-s for {size:,} chars/bytes", data)

    def over(self) -> bool:
        return time.monotonic() > self.deadline

    def analyse(self, target: str, article: Article, data: Any) -> None:
        """The default pipeline on one read article, twice: same JSON, valid output."""
        from slant.errors import InputError
        from slant.readers.txt import article_from_text

        outputs = []
        for _ in range(2):
            self.cpu0 = time.process_time()
            copy = article_from_text(
                article.text,
                id=article.id,
                source=article.source,
                title=article.title,
                **article.meta,
            )
            try:
                with time_limit(self.args.hang_s):
                    out = self.pipeline(copy)
            except InputError:
                self.count(target, "refused")
                return
            except Timeout as exc:
                self.findings.add(target, "hang", exc, data)
                return
            except Exception as exc:
                self.findings.add(target, kind_of(exc), exc, data)
                return
            self.slow(target, data)
            try:
                outputs.append(json.dumps(check_item(out), sort_keys=True))
            except Exception as exc:
                self.findings.add(target, "invalid-output", exc, data)
                return
        self.count(target, "analysed")
        if outputs[0] != outputs[1]:
            self.findings.add(target, "nondeterministic", "two runs differ", data)
        if len(self.analysed) < 60 and len(article.text) < 20_000:
            self.analysed.append(out)

    # text ------------------------------------------------------------------------------------
    def text(self) -> None:
        import re

        from hypothesis import given

        import slant
        from _fuzz_inputs import article_text
        from slant.errors import InputError

        @self.seed
        @self.settings()
        @given(article_text())
        def run(text: str) -> None:
            if self.over():
                return
            self.count("text")
            outputs = []
            for _ in range(2):
                self.cpu0 = time.process_time()
                try:
                    with time_limit(self.args.hang_s):
                        art = slant.analyze(text, language=self.args.language)
                except InputError:
                    self.count("text", "refused")
                    return
                except Timeout as exc:
                    self.findings.add("text", "hang", exc, text)
                    return
                except Exception as exc:
                    self.findings.add("text", kind_of(exc), exc, text)
                    return
                self.slow("text", text)
                try:
                    obj = check_item(art)
                except Exception as exc:
                    self.findings.add("text", "invalid-output", exc, text)
                    return
                if obj["text"] != re.sub("[\ud800-\udfff]", "\ufffd", text):
                    self.findings.add("text", "text-changed", "Article.text differs", text)
                outputs.append(json.dumps(obj, sort_keys=True))
            self.count("text", "analysed")
            if outputs[0] != outputs[1]:
                self.findings.add("text", "nondeterministic", "two runs differ", text)
            if len(self.analysed) < 60 and len(text) < 20_000:
                art.doc = None
                self.analysed.append(art)
                first[text] = outputs[0]

        first: dict[str, str] = {}
        run()
        # identical text, identical analysis, whatever was analysed in between
        for text, before in first.items():
            later = slant.analyze(text, language=self.args.language)
            self.count("text", "reanalysed")
            if json.dumps(check_item(later), sort_keys=True) != before:
                self.findings.add("text", "nondeterministic-later", "differs later on", text)

    def readers(self) -> None:
        from _fuzz_formats import run_readers

        run_readers(self)

    def feeds(self) -> None:
        from _fuzz_formats import run_feeds

        run_feeds(self)

    def cli(self) -> None:
        from _fuzz_formats import run_cli

        run_cli(self)

    def parquet(self) -> None:
        from _fuzz_formats import run_parquet

        run_parquet(self)

    # corpus: store, CLI, web ---------------------------------------------------------------
    def corpus(self) -> None:
        from _fuzz_corpus import run_corpus

        run_corpus(self)

    # faults ---------------------------------------------------------------------------------
    def faults(self) -> None:
        from _fuzz_corpus import run_faults

        run_faults(self)


TARGETS = ("text", "readers", "feeds", "parquet", "corpus", "faults", "cli")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--examples", type=int, default=200, help="examples per target")
    ap.add_argument("--seed", type=int, default=0, help="with --random: hypothesis's seed")
    ap.add_argument("--random", action="store_true", help="not derandomised (use --seed)")
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--minutes", type=float, default=60.0, help="time budget per target")
    ap.add_argument("--hang-s", type=int, default=120, help="one example's time limit")
    ap.add_argument("--slow-s", type=float, default=20.0, help="CPU-s of one analysis: a lead")
    ap.add_argument("--max-bytes", type=int, default=2_000_000)
    ap.add_argument("--language", default="auto", help="auto, en or ru: the pipeline to force")
    ap.add_argument("--batch-s", type=int, default=240, help="a fault batch's time limit")
    ap.add_argument("--item-timeout", type=float, default=15.0, help="Settings.timeout (faults)")
    ap.add_argument("--out", type=Path, default=Path.home() / ".cache/slant/fuzz")
    ap.add_argument("--scenario", help=argparse.SUPPRESS)  # one fault batch (internal)
    args = ap.parse_args()
    if args.scenario:
        from _fuzz_corpus import scenario

        scenario(args.scenario)
        return
    logging.basicConfig(level=logging.WARNING)
    campaign = Campaign(args)
    started, cpu0 = time.monotonic(), _cpu()
    for target in args.targets.split(","):
        t0, c0 = time.monotonic(), _cpu()
        campaign.deadline = t0 + 60 * args.minutes
        print(f"== {target}", flush=True)
        try:
            getattr(campaign, target)()
        except Exception as exc:  # the campaign goes on to the next target
            campaign.findings.add(target, "campaign-error", exc, "")
        campaign.stats.setdefault(target, {}).update(
            wall_s=round(time.monotonic() - t0, 1), cpu_s=round(_cpu() - c0, 1)
        )
        print(f"   {target}: {campaign.stats[target]}", flush=True)
        campaign.findings.save(campaign.stats)
    campaign.stats["total"] = {
        "wall_s": round(time.monotonic() - started, 1),
        "cpu_s": round(_cpu() - cpu0, 1),
        "findings": len(campaign.findings.seen),
    }
    campaign.findings.save(campaign.stats)
    print(json.dumps(campaign.stats), flush=True)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
