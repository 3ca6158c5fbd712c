"""The ``corpus`` and ``faults`` targets of ``bench/fuzz_campaign.py``: the store's round
trip, the corpus commands and the web API on odd values; fault injection in a 2-worker run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _fuzz_checks import check_item
from _fuzz_inputs import EN, ODD_META, RU

ODD_IDS = [
    *ODD_META,
    "²",
    "١٢",
    "9" * 30,
    "9" * 5000,
    "-1",
    "0",
    "1.5",
    "%2F",
    "..",
    "a/b",
    "%00",
    " 1",
    "1 ",
    "０１",
    "\u0661",
]
DATES = [
    "2022-02-28",
    "2022-02-31",
    "31 February",
    "0001-01-01",
    "9999-12-31",
    "",
    "x",
    "2022-13-01",
    "20220101",
    "-2022-01-01",
]


def _comparable(obj: dict[str, Any]) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def run_corpus(campaign: Any) -> None:
    """Store round trip with odd metadata, then the corpus CLI and the HTTP API."""
    from hypothesis import given
    from hypothesis import strategies as st

    from slant.readers.txt import article_from_text
    from slant.store import Store

    no_surrogate = st.characters(exclude_categories=["Cs"])

    articles = list(campaign.analysed)
    if len(articles) < 5:  # run alone: analyse a few
        for text in [*EN[:4], " ".join(RU)]:
            articles.append(campaign.pipeline(article_from_text(text, id="t", source="t")))
    folder = Path(tempfile.mkdtemp(prefix="fuzz-corpus-"))
    db = str(folder / "c.db")
    store = Store(db)
    meta = st.dictionaries(
        st.sampled_from(["outlet", "url", "published", "author", "language"]),
        st.one_of(st.sampled_from(ODD_META + DATES), st.text(max_size=30)),
    )

    @campaign.seed
    @campaign.settings(campaign.args.examples)
    @given(
        st.integers(0, len(articles) - 1),
        meta,
        st.sampled_from(ODD_IDS),
        st.text(no_surrogate, max_size=20),
    )
    def store_round_trip(i: int, extra: dict[str, str], ident: str, salt: str) -> None:
        if campaign.over():
            return
        campaign.count("corpus", "stored")
        base = articles[i]
        art = article_from_text(
            base.text + salt,
            id=ident,
            source=ident or "s",
            title=base.title,
            **{**base.meta, **extra},
        )
        if not art.text.strip():
            return
        # the analysis of the base article, moved onto the new one (the salt is at the end)
        for layer in (
            "paragraphs",
            "techniques",
            "quotes",
            "entities",
            "counts",
            "dates",
            "frames",
            "narratives",
            "cast",
            "analyzers",
        ):
            setattr(art, layer, getattr(base, layer))
        art.genre, art.tone, art.extras = base.genre, base.tone, dict(base.extras)
        try:
            before = check_item(art)
        except Exception:
            campaign.count("corpus", "unstorable-input")
            return
        try:
            pk = store.add(art, model_version="fuzz")
            back = store.get(pk)
            assert back is not None, "stored article not found by its key"
            after = check_item(back)
        except Exception as exc:
            campaign.findings.add("corpus", "store", exc, repr((i, extra, ident, salt)))
            return
        if _comparable(before) != _comparable(after):
            diff = sorted(k for k in before if before[k] != after.get(k))
            campaign.findings.add(
                "corpus", "round-trip", f"differs in {diff}", repr((i, extra, ident, salt, diff))
            )

    store_round_trip()
    store.close()
    _cli(campaign, db, folder)
    _web(campaign, db)


def _cli(campaign: Any, db: str, folder: Path) -> None:
    from hypothesis import given
    from hypothesis import strategies as st
    from typer.testing import CliRunner

    from slant.cli import app
    from slant.errors import SlantError

    runner = CliRunner()
    odd = st.one_of(st.sampled_from(ODD_META + DATES), st.text(max_size=12))
    commands = st.one_of(
        st.tuples(
            st.just("stats"),
            st.sampled_from(["outlet", "month", "week", "speaker", "story", "role", "narrative"]),
            odd,
            odd,
            st.sampled_from(DATES),
        ),
        st.tuples(st.just("export"), st.sampled_from(["jsonl", "csv", "parquet"])),
        st.tuples(st.just("report"), odd, st.sampled_from(DATES)),
        st.tuples(st.just("search"), odd),
    )

    @campaign.seed
    @campaign.settings(max(10, campaign.args.examples // 4))
    @given(commands)
    def run(cmd: tuple[str, ...]) -> None:
        if campaign.over():
            return
        campaign.count("corpus", "commands")
        name = cmd[0]
        if name == "stats":
            args = ["stats", "--db", db, "--by", cmd[1], "--outlet", cmd[2], "--json"]
            args += ["--technique", cmd[3]] if cmd[3] else []
            args += ["--since", cmd[4]] if cmd[4] else []
        elif name == "export":
            args = ["export", "--db", db, "-f", cmd[1], "-o", str(folder / f"out.{cmd[1]}")]
        elif name == "report":
            args = ["report", "--db", db, "-o", str(folder / "r.html"), "--outlet", cmd[1]]
            args += ["--since", cmd[2]] if cmd[2] else []
        else:
            args = ["search", "--db", db, "--", cmd[1] or "x"]
        result = runner.invoke(app, args, catch_exceptions=True)
        exc = result.exception
        if isinstance(exc, SlantError):  # what slant.cli.main turns into one line, exit 2
            campaign.count("corpus", "usage-errors")
        elif exc is not None and not isinstance(exc, SystemExit):
            campaign.findings.add("corpus", f"cli-{name}", exc, repr(args))
        elif result.exit_code not in (0, 2) or "Traceback" in (result.output or ""):
            campaign.findings.add(
                "corpus",
                f"cli-{name}-exit",
                f"exit {result.exit_code}: {(result.output or '')[-300:]}",
                repr(args),
            )

    run()


def _web(campaign: Any, db: str) -> None:
    from fastapi.testclient import TestClient
    from hypothesis import given
    from hypothesis import strategies as st

    from slant.config import Settings
    from slant.web import create_app

    odd = st.one_of(st.sampled_from(ODD_IDS + DATES), st.text(max_size=20))
    num = st.sampled_from(["0", "1", "-1", "9" * 30, "x", "1.5", "", "²", "200", "201"])
    requests = st.one_of(
        st.tuples(
            st.just("GET"),
            st.sampled_from(["/api/articles/", "/articles/", "/api/stories/", "/stories/"]),
            odd,
            st.just({}),
        ),
        st.tuples(
            st.just("GET"),
            st.sampled_from(["/api/articles", "/corpus", "/api/stats", "/api/stories", "/stories"]),
            st.just(""),
            st.fixed_dictionaries(
                {}, optional={k: odd for k in ("outlet", "since", "until", "technique", "q", "by")}
            )
            | st.fixed_dictionaries(
                {},
                optional={
                    "limit": num,
                    "offset": num,
                    "page": num,
                    "min_size": num,
                    "min_score": num,
                },
            ),
        ),
        st.tuples(st.just("POST"), st.just("/api/analyze"), odd, st.just({})),
    )
    app = create_app(Settings(only=("tone",)), db, timeout=60)
    with TestClient(app, raise_server_exceptions=False) as client:

        @campaign.seed
        @campaign.settings(campaign.args.examples * 3)
        @given(requests)
        def run(req: tuple[str, str, str, dict[str, str]]) -> None:
            if campaign.over():
                return
            campaign.count("corpus", "requests")
            method, path, value, params = req
            if method == "POST":
                response = client.post(path, json={"text": value})
            elif value or path.endswith("/"):
                response = client.get(path + quote(value, safe=""), params=params)
            else:
                response = client.get(path, params=params)
            if response.status_code >= 500:
                campaign.findings.add(
                    "corpus",
                    f"web-{response.status_code}",
                    f"{method} {path}: {response.text[:300]}",
                    repr(req),
                )

        run()


# -- faults ---------------------------------------------------------------------------------
FAULTS = ("RAISE", "MEMORY", "HANG", "KILL")


def run_faults(campaign: Any) -> None:
    """Batches with injected faults, each run by ``fuzz_campaign.py --scenario`` in a
    subprocess (a hung batch is then seen, not suffered)."""
    from hypothesis import given
    from hypothesis import strategies as st

    folder = Path(tempfile.mkdtemp(prefix="fuzz-faults-"))
    kinds = st.sampled_from([None, None, None, *FAULTS])

    @campaign.seed
    @campaign.settings(max(4, campaign.args.examples // 10))
    @given(st.lists(kinds, min_size=2, max_size=10), st.sampled_from([1, 2]))
    def run(plan: list[str | None], workers: int) -> None:
        if campaign.over():
            return
        if workers == 1:  # in one process a SIGKILL is the run's own death, a hang its hang
            plan = [None if k in ("KILL", "HANG") else k for k in plan]
        campaign.count("faults")
        items = [
            {"id": f"a{i}", "text": EN[i % len(EN)] + (f" FAULT-{k}" if k else "")}
            for i, k in enumerate(plan)
        ]
        spec = folder / "scenario.json"
        limit = {"timeout": campaign.args.item_timeout}  # Settings.timeout
        spec.write_text(
            json.dumps({"items": items, "workers": workers, "settings": limit}), "utf-8"
        )
        started = time.monotonic()
        try:
            proc = subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).with_name("fuzz_campaign.py")),
                    "--scenario",
                    str(spec),
                ],
                capture_output=True,
                text=True,
                timeout=campaign.args.batch_s,
            )
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout
            campaign.findings.add(
                "faults",
                "batch-hung",
                f"{plan} workers={workers}: no end after "
                f"{campaign.args.batch_s} s; {len((out or '').splitlines())} "
                "records written",
                json.dumps(items),
            )
            return
        campaign.count("faults", "batch_s", round(time.monotonic() - started))
        if proc.returncode != 0:
            campaign.findings.add(
                "faults",
                "batch-failed",
                f"{plan} exit {proc.returncode}: {proc.stderr[-500:]}",
                json.dumps(items),
            )
            return
        rows = [json.loads(line) for line in proc.stdout.splitlines()]
        if [r["id"] for r in rows] != [i["id"] for i in items]:
            campaign.findings.add(
                "faults",
                "lost-or-reordered",
                f"{plan}: in {[i['id'] for i in items]}, out {[r['id'] for r in rows]}",
                json.dumps(items),
            )
            return
        for kind, row in zip(plan, rows, strict=True):
            if kind is None and "error" in row:
                # a healthy article may share a worker's death only if the pool cannot
                # tell which item killed it; that is a finding too
                campaign.findings.add(
                    "faults", "healthy-skipped", f"{plan}: {row['error']}", json.dumps(items)
                )
            elif kind is not None and not (row.get("error") or "").strip():
                campaign.findings.add(
                    "faults", "fault-not-recorded", f"{plan}: {kind}", json.dumps(items)
                )
            campaign.count("faults", "skips" if "error" in row else "articles")

    run()


def scenario(path: str) -> None:
    """Run one fault scenario (``--scenario FILE``); print each output as JSON."""
    from slant.config import Settings
    from slant.pipeline import analyze_items
    from slant.readers.txt import article_from_text

    spec = json.loads(Path(path).read_text("utf-8"))
    items = [article_from_text(i["text"], id=i["id"], source=i["id"]) for i in spec["items"]]
    settings = Settings(only=("tone", "fault"), on_error="record", **spec.get("settings", {}))
    for item in analyze_items(items, settings=settings, workers=spec["workers"]):
        print(json.dumps(item.to_dict(), ensure_ascii=False), flush=True)
