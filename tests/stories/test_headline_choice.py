"""A story is listed under a plain title: a member whose title the techniques analyzer
marked is passed over while another member's title carries none."""

from __future__ import annotations

import json
from pathlib import Path

from slant.annotations import Paragraph, TechniqueSpan
from slant.article import Article
from slant.store import Store
from slant.store import stories as S
from slant.store.headlines import loaded_titles
from slant.stories import StoryOptions, assign

FIXTURES = Path(__file__).parents[1] / "fixtures" / "stories"
QUAKE = ("quake-tass", "quake-reuters", "quake-bbc")


def _load(store: Store, marked: dict[str, str]) -> dict[str, str]:
    """Store the fixture articles with their title line flagged as the cleaner does; the
    ids in ``marked`` get a technique on their title (``"span"`` or ``"label"``)."""
    titles = {}
    for line in (FIXTURES / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text, title = rec["text"], rec["title"]
        assert text.startswith(title)
        how = marked.get(rec["id"])
        paragraphs = [
            Paragraph(
                line=1,
                start=0,
                end=len(title),
                kind="title",
                techniques=("Loaded_Language",) if how == "label" else (),
            )
        ]
        spans = [TechniqueSpan("Loaded_Language", 0, 6, 0.7)] if how == "span" else []
        # a technique in the body never disqualifies the title
        body = text.index("\n\n") + 2
        spans.append(TechniqueSpan("Doubt", body, body + 10, 0.6))
        store.add(
            Article(
                id=rec["id"],
                text=text,
                title=title,
                meta={"outlet": rec["outlet"], "published": rec["published"]},
                paragraphs=paragraphs,
                techniques=spans,
            ),
            model_version="test",
        )
        titles[rec["id"]] = title
    return titles


def _quake_headline(store: Store) -> str | None:
    sid = S.story_of(store, "quake-tass")
    return next(s.headline for s in S.list_stories(store) if s.id == sid)


def test_a_loaded_title_is_passed_over(tmp_path: Path) -> None:
    options = StoryOptions(representation="tfidf")
    plain = Store(str(tmp_path / "plain.db"))
    titles = _load(plain, {})
    assign(plain, options)
    central = _quake_headline(plain)
    central_id = next(i for i in QUAKE if titles[i] == central)

    for how in ("span", "label"):
        store = Store(str(tmp_path / f"{how}.db"))
        _load(store, {central_id: how})
        with store.engine.connect() as conn:
            pks = dict(conn.exec_driver_sql("select article_id, pk from articles").all())
            assert loaded_titles(conn, list(pks.values())) == {pks[central_id]}
        assign(store, options)
        chosen = _quake_headline(store)
        assert chosen != central
        assert chosen in {titles[i] for i in QUAKE}


def test_when_every_title_is_loaded_the_most_central_stays(tmp_path: Path) -> None:
    options = StoryOptions(representation="tfidf")
    plain = Store(str(tmp_path / "plain.db"))
    _load(plain, {})
    assign(plain, options)
    store = Store(str(tmp_path / "all.db"))
    _load(store, dict.fromkeys(QUAKE, "span"))
    assign(store, options)
    assert _quake_headline(store) == _quake_headline(plain)
