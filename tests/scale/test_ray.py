"""The Ray engine against the local one: same results, exactly once, even with a killed
worker; ingest into a store. Starts one local Ray instance on loopback for the module."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from slant.article import Skip
from slant.config import load_settings
from slant.errors import UsageError
from slant.scale import analyze_paths, check_engine, ingest_paths

FAST = ("entities", "tone", "counts")
SETTINGS = load_settings(only=FAST, on_error="record")

CITIES = ["Leeds", "Glasgow", "Cardiff", "Bristol", "Belfast", "York"]
PEOPLE = ["Jane Hart", "Omar Said", "Li Wei", "Maria Costa", "Tom Baker", "Ana Ruiz"]
MOODS = [
    "Residents welcomed the excellent news and praised the council.",
    "Critics called the plan a disaster and warned of terrible losses.",
    "The report was published on Tuesday without comment.",
]


def _story(i: int) -> tuple[str, str]:
    city, person = CITIES[i % len(CITIES)], PEOPLE[(i * 5) % len(PEOPLE)]
    title = f"{city} Council Votes On Budget {i}"
    body = (
        f"The council of {city} voted {i + 4} to {i % 3} on Monday to spend {i + 2} million "
        f"pounds on {i + 10} new buses, said {person}, the council leader.\n\n"
        f"Police said {i + 3} protesters were arrested outside the town hall and {i % 4 + 1} "
        f"officers were injured. {MOODS[i % 3]}\n"
    )
    return title, body


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 articles as .txt, .html, .jsonl and .parquet, plus bad inputs of each kind."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("corpus")
    (root / "txt").mkdir()
    for i in range(18):
        title, body = _story(i)
        (root / "txt" / f"article{700 + i}.txt").write_text(f"{title}\n\n{body}", encoding="utf-8")
    for i in range(18, 21):
        title, body = _story(i)
        paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        (root / f"page{i}.html").write_text(
            f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{paras}</article></body></html>",
            encoding="utf-8",
        )
    lines = []
    for i in range(21, 26):
        title, body = _story(i)
        lines.append(json.dumps({"id": f"j{i}", "title": title, "text": body, "outlet": "Post"}))
    lines.insert(2, "{not json")
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [dict(zip(("title", "text"), _story(i), strict=True)) for i in range(26, 30)]
    rows[1] |= {"id": "p27", "url": "https://example.org/27", "published": "2022-01-07"}
    rows.insert(3, {"title": "blank", "text": "   "})
    schema = pa.schema([(c, pa.string()) for c in ("id", "title", "text", "url", "published")])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), root / "rows.parquet")
    (root / "txt" / "empty.txt").write_text("", encoding="utf-8")
    (root / "txt" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return root


@pytest.fixture(scope="module")
def ray_cluster() -> Any:
    """A local Ray instance on 127.0.0.1 for this module (skipped where Ray is absent)."""
    if importlib.util.find_spec("ray") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Ray (the test extra includes ray[data])")
        pytest.skip("Ray is not installed here: pip install -e '.[test]' to run these tests")
    from slant.scale.ray_engine import connect

    conn = connect(num_cpus=2, object_store_mb=128)
    import ray

    assert {n["NodeManagerAddress"] for n in ray.nodes()} == {"127.0.0.1"}  # loopback only
    yield conn
    conn.close()


def _outputs(items: Any) -> list[dict[str, Any]]:
    return [item.to_dict() for item in items]


def _assert_same(ray_out: list[dict[str, Any]], local_out: list[dict[str, Any]]) -> None:
    assert [o["id"] for o in ray_out] == [o["id"] for o in local_out]
    for r, loc in zip(ray_out, local_out, strict=True):
        assert r.keys() == loc.keys(), r["id"]
        for key in loc:
            assert r[key] == loc[key], f"{loc['id']}: field {key!r} differs"


def test_same_results_as_local_engine(ray_cluster: Any, corpus: Path, tmp_path: Path) -> None:
    from slant.scale.parquet import read_results, write_parquet

    local = _outputs(analyze_paths([corpus], settings=SETTINGS, engine="local"))
    out = tmp_path / "ray.parquet"
    ray_items = list(
        write_parquet(
            analyze_paths([corpus], settings=SETTINGS, engine="ray", workers=2, batch_size=3),
            out,
        )
    )
    ray_out = _outputs(ray_items)
    # 30 articles, 4 bad inputs (empty, binary, a bad JSONL line, a blank Parquet row)
    assert len(local) == 34
    errors = {o["id"]: o["error"] for o in local if "error" in o}
    assert set(errors) == {"empty", "binary", "feed:3", "rows:4"}
    assert "binary" in errors["binary"] and "empty" in errors["rows:4"]
    ok = [o for o in local if "error" not in o]
    assert all(o["entities"] and o["counts"] and o["tone"] for o in ok)
    parquet_row = next(o for o in ok if o["id"] == "p27")
    assert parquet_row["url"] == "https://example.org/27"
    assert parquet_row["source"].endswith("rows.parquet:2")
    _assert_same(ray_out, local)
    assert read_results(out) == local


def _register_crash_analyzer() -> None:
    """Registers ``crash_once`` (test-only): the first attempt at one article kills its
    process. Runs in the test process and, pickled by value, in every Ray actor."""
    import os
    from pathlib import Path

    from slant import analyzers

    if "crash_once" in analyzers.available():
        return

    @analyzers.register("crash_once")
    class CrashOnce:
        requires = frozenset()
        assigns = frozenset()
        default = False

        def __init__(self, *, marker: str = "", victim: str = "") -> None:
            self.marker, self.victim = Path(marker), victim

        def initialize(self) -> None:
            pass

        def __call__(self, article: Any) -> None:
            if article.id == self.victim and not self.marker.exists():
                self.marker.write_text(str(os.getpid()), encoding="utf-8")
                os._exit(1)  # as if the worker were killed (OOM, node lost)


@pytest.fixture
def crash_settings(tmp_path: Path) -> Any:
    from ray import cloudpickle  # Ray's own copy pickles the actors' arguments

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    _register_crash_analyzer()
    marker = tmp_path / "killed"
    settings = load_settings(
        only=("tone", "crash_once"),
        on_error="record",
        analyzers={"crash_once": {"marker": str(marker), "victim": "712"}},
    )
    yield settings, marker
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


def test_killed_worker_is_retried_and_output_is_exactly_once(
    ray_cluster: Any, corpus: Path, crash_settings: Any
) -> None:
    settings, marker = crash_settings
    ray_out = _outputs(
        analyze_paths(
            [corpus],
            settings=settings,
            engine="ray",
            workers=2,
            batch_size=2,
            setup=_register_crash_analyzer,
        )
    )
    assert marker.exists(), "the victim article never reached a worker"
    assert int(marker.read_text()) != os.getpid(), "the crash must happen in a Ray actor"
    ids = Counter(o["id"] for o in ray_out)
    assert len(ray_out) == 34 and max(ids.values()) == 1
    victim = next(o for o in ray_out if o["id"] == "712")
    assert victim["analyzers"] == ["tone", "crash_once"] and victim["tone"]
    local = _outputs(analyze_paths([corpus], settings=settings, engine="local"))
    _assert_same(ray_out, local)


def test_ingest_with_ray_matches_local(
    ray_cluster: Any, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import func, select

    import slant.sentence_vectors as sv
    from slant.store import Store
    from slant.store.tables import ArticleRow, SentenceVectorRow

    settings = load_settings(only=("tone",), on_error="record")
    monkeypatch.setattr(sv, "_SHARED", {})  # no sentence encoder loaded in this process
    with Store(str(tmp_path / "ray.db")) as ray_store, Store(str(tmp_path / "loc.db")) as loc:
        first = ingest_paths([corpus], ray_store, settings=settings, engine="ray", workers=2)
        # the story vectors were computed by the Ray workers, not on the driver
        assert sv._SHARED == {}
        # Parquet is read by slant.scale for both engines; the local ingest reads the rest
        files = [p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".parquet"]
        local = ingest_paths(sorted(files), loc, settings=settings, engine="local")
        assert (first.stored, first.skipped, first.duplicates) == (30, 4, 0)
        assert (local.stored, local.skipped) == (26, 3)
        assert ray_store.count() == 30
        with ray_store.engine.connect() as conn:
            hashes = conn.execute(select(ArticleRow.content_hash)).scalars().all()
            assert len(set(hashes)) == len(hashes) == 30
            assert conn.scalar(select(func.count()).select_from(ArticleRow)) == 30
        for article in loc.iter_articles():
            stored = ray_store.get(article.id)
            assert stored is not None
            assert stored.to_dict() == article.to_dict()

        def vectors(store: Store) -> dict[str, bytes]:
            query = select(ArticleRow.content_hash, SentenceVectorRow.vector).join(
                SentenceVectorRow, SentenceVectorRow.article_pk == ArticleRow.pk
            )
            with store.engine.connect() as conn:
                return {h: bytes(v) for h, v in conn.execute(query)}

        on_ray, here = vectors(ray_store), vectors(loc)
        assert len(on_ray) == 30 and len(here) == 26
        assert all(on_ray[h] == v for h, v in here.items())  # the same vector either way
        assert {s.id for s in ray_store.skips()} == {"empty", "binary", "feed:3", "rows:4"}
        again = ingest_paths([corpus], ray_store, settings=settings, engine="ray", workers=2)
        assert (again.stored, again.unchanged, again.skipped) == (0, 30, 4)
        assert ray_store.count() == 30


def test_cli_analyze_with_ray_engine(ray_cluster: Any, corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from slant.cli import app

    out = tmp_path / "out.jsonl"
    args = ["analyze", str(corpus / "feed.jsonl"), "--only", "tone", "--output", str(out)]
    result = CliRunner().invoke(app, [*args, "--engine", "ray", "--workers", "2"])
    assert result.exit_code == 0, result.output
    local = tmp_path / "local.jsonl"
    result = CliRunner().invoke(app, [*args[:-1], str(local)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6


def test_without_ray_the_ray_engine_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(UsageError, match=r"pip install 'slant\[ray\]'"):
        check_engine("ray")
    with pytest.raises(UsageError, match="--engine must be one of"):
        check_engine("spark")
    code = (
        "import sys; sys.modules['ray'] = None; sys.argv = ['slant', *sys.argv[1:]]; "
        "from slant.cli import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "analyze", str(corpus / "feed.jsonl"), "--engine", "ray"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "pip install 'slant[ray]'" in proc.stderr
    assert proc.stdout == ""


def test_skips_keep_their_reason(ray_cluster: Any, tmp_path: Path) -> None:
    """A text the language check rejects is a Skip with the local engine's reason."""
    (tmp_path / "fr.txt").write_text(
        "Le conseil municipal de la ville a voté le budget mardi soir. Les habitants sont "
        "venus nombreux pour écouter le maire, qui a parlé des écoles et des routes. Selon "
        "lui, les travaux commenceront au printemps et dureront deux ans.",
        encoding="utf-8",
    )
    settings = load_settings(only=("tone",), on_error="record")
    (ray_item,) = analyze_paths([tmp_path], settings=settings, engine="ray")
    (local_item,) = analyze_paths([tmp_path], settings=settings, engine="local")
    assert isinstance(ray_item, Skip) and ray_item == local_item


def test_names_that_are_not_utf8_and_documents(ray_cluster: Any, tmp_path: Path) -> None:
    """A text file, a Parquet file (read by Ray Data only when its name is UTF-8) and a PDF
    whose names hold a byte that is not UTF-8: the same escaped sources as locally."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = os.fsencode(tmp_path)
    title, body = _story(3)
    with open(os.path.join(folder, b"n_\xff.txt"), "wb") as fh:
        fh.write(f"{title}\n\n{body}".encode())
    with open(os.path.join(folder, b"t_\xff.parquet"), "wb") as fh:
        pq.write_table(pa.table({"text": [body, _story(4)[1]]}), fh)
    pdf = Path(__file__).resolve().parent.parent / "fixtures" / "inputs" / "press_release.pdf"
    with open(os.path.join(folder, b"p_\xe9.pdf"), "wb") as fh:
        fh.write(pdf.read_bytes())
    settings = load_settings(only=("tone",), on_error="record")
    ray_out = _outputs(analyze_paths([tmp_path], settings=settings, engine="ray", workers=2))
    local_out = _outputs(analyze_paths([tmp_path], settings=settings, engine="local"))
    _assert_same(ray_out, local_out)
    assert [o["source"][len(str(tmp_path)) :] for o in ray_out] == [
        "/n_\\xff.txt",
        "/p_\\xe9.pdf",
        "/t_\\xff.parquet:1",
        "/t_\\xff.parquet:2",
    ]
    assert [o.get("format") for o in ray_out] == ["text", "pdf", "parquet", "parquet"]
    json.dumps(ray_out, ensure_ascii=False).encode("utf-8")  # valid UTF-8 throughout
