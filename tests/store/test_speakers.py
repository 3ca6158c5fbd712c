"""One name per speaker across the corpus, and quote flags left out of corpus statistics."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from slant.annotations import Cue, Entity, Paragraph, Quote, Speaker
from slant.article import Article
from slant.store import Store
from slant.store.queries import Filters, report_data, speaker_stats, stats
from slant.store.speakers import links_for, name_parts, person_key


def quoted(i: int, names: list[str], *, outlet: str = "AP", flags: bool = False) -> Article:
    """An article in which each of ``names`` says one sentence (one paragraph each).

    With ``flags``, a teaser quote and a repeated paragraph's quote are added for the first
    name: stored, but never counted.
    """
    lines = [f"Story {i}."]
    quotes = []
    paragraphs = [Paragraph(1, 0, len(lines[0]), "title")]
    offset = len(lines[0]) + 1

    def say(name: str, kind: str = "body", duplicate_of: int | None = None) -> None:
        nonlocal offset
        line = f"{name} said that the plan number {i} would work."
        start = offset
        paragraphs.append(
            Paragraph(len(paragraphs) + 1, start, start + len(line), kind, duplicate_of)
        )
        said = start + len(name) + 1
        content = said + len("said ")
        quotes.append(
            Quote(
                content,
                start + len(line) - 1,
                "indirect",
                Cue(said, said + 4),
                Speaker(name, start, start + len(name)),
                cue_class="speech",
                in_teaser=kind == "teaser",
                duplicate_of=(quotes[0].start if duplicate_of else None),
            )
        )
        lines.append(line)
        offset += len(line) + 1

    for name in names:
        say(name)
    if flags:
        say(names[0], "teaser")
        say(names[0], "body", duplicate_of=2)
    return Article(
        id=f"s{i}",
        text="\n".join(lines) + "\n",
        source=f"s{i}.txt",
        meta={"outlet": outlet, "published": "2022-01-0" + str(1 + i % 9)},
        paragraphs=paragraphs,
        quotes=quotes,
    )


def counts(store: Store, **kw: object) -> dict[str, int]:
    return {r["speaker"]: r["quotes"] for r in speaker_stats(store, **kw)}  # type: ignore[arg-type]


def test_name_parts_and_links_for() -> None:
    assert name_parts("Mr. Donald J. Trump") == ("Donald", "J.", "Trump")
    assert name_parts("Kassym-Jomart Tokayev") == ("Kassym-Jomart", "Tokayev")
    for not_a_name in ("the foreign ministry spokeswoman", "Russian Foreign Ministry", "CIA"):
        assert name_parts(not_a_name) is None
    links = links_for(
        {"Donald Trump": 5, "Donald J. Trump": 1, "Trump": 3, "John Smith": 1, "Mary Smith": 1}
        | {"Smith": 2, "Saris": 1, "Patti Saris": 2, "officials": 4}
    )
    assert links["Trump"] == "Donald Trump" and links["Donald J. Trump"] == "Donald Trump"
    assert links["Saris"] == "Patti Saris"
    assert links["Smith"] is None  # two Smiths: ambiguous, stays apart
    assert links["Donald Trump"] is None and links["officials"] is None


def test_surname_joins_the_full_name_across_articles(store: Store) -> None:
    store.add(quoted(1, ["Trump", "John Smith"]), model_version="v1")
    # nothing to link yet: "Trump" is all the corpus knows
    assert counts(store) == {"John Smith": 1, "Trump": 1}
    store.add(quoted(2, ["Donald Trump", "Smith"]), model_version="v1")  # linked on arrival
    assert counts(store) == {"Donald Trump": 2, "John Smith": 2}
    store.add(quoted(3, ["Mary Smith", "Trump"]), model_version="v1")
    # a second Smith: the bare surname no longer joins either
    assert counts(store) == {"Donald Trump": 3, "John Smith": 1, "Mary Smith": 1, "Smith": 1}
    rows = speaker_stats(store, top=1)
    assert rows == [
        {"speaker": "Donald Trump", "quotes": 3, "articles": 3, "other_attributions": 0}
    ]
    assert report_data(store)["top_speakers"][0] == ("Donald Trump", 3)
    assert counts(store, filters=Filters(outlet="nobody")) == {}


def test_teaser_and_repeated_quotes_are_stored_but_not_counted(store: Store) -> None:
    art = quoted(4, ["Anna Berg"], flags=True)
    assert [(q.in_teaser, q.duplicate_of is not None) for q in art.quotes] == [
        (False, False),
        (True, False),
        (False, True),
    ]
    pk = store.add(art, model_version="v1")
    assert store.get(pk).to_dict()["quotes"] == art.to_dict()["quotes"]
    assert counts(store) == {"Anna Berg": 1}
    assert stats(store, by="outlet")[0]["quotes"] == 1
    assert report_data(store)["top_speakers"] == [("Anna Berg", 1)]


def test_stats_by_speaker_command(tmp_path) -> None:
    from slant.cli import app

    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        store.add(quoted(1, ["Trump"], outlet="RT"), model_version="v1")
        store.add(quoted(2, ["Donald Trump", "Anna Berg"], outlet="RT"), model_version="v1")
        store.add(quoted(3, ["Anna Berg"], outlet="BBC"), model_version="v1")
    runner = CliRunner()
    out = runner.invoke(app, ["stats", "--db", str(db), "--by", "speaker", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == [
        {"speaker": "Anna Berg", "quotes": 2, "articles": 2, "other_attributions": 0},
        {"speaker": "Donald Trump", "quotes": 2, "articles": 2, "other_attributions": 0},
    ]
    out = runner.invoke(app, ["stats", "--db", str(db), "--by", "speaker", "--outlet", "BBC"])
    assert out.exit_code == 0 and "Anna Berg" in out.stdout and "Trump" not in out.stdout
    out = runner.invoke(app, ["stats", "--db", str(db), "--by", "speaker", "--top", "1"])
    assert "Anna Berg" in out.stdout and "Donald Trump" not in out.stdout


def test_migration_backfills_flags_classes_and_links(tmp_path) -> None:
    """A store made before 0003 gets its quotes' flags, classes and speaker links."""
    import datetime as dt

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import column, insert, select, table

    from slant.store import MIGRATIONS
    from slant.store.tables import ArticleRow, ParagraphRow, QuoteRow, SpeakerRow

    url = str(tmp_path / "old.db")
    old = Store(url, migrate=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    now = dt.datetime(2022, 1, 1)
    quote_cols = ("pk", "article_pk", "kind", "start", "end", "text", "cue", "speaker")
    old_quotes = table("quotes", *(column(c) for c in (*quote_cols, "model_version")))
    with old.engine.begin() as conn:
        for pk, speaker in ((1, "Trump"), (2, "Donald Trump")):
            conn.execute(
                insert(ArticleRow.__table__).values(
                    pk=pk, content_hash=str(pk), article_id=f"a{pk}", source="x", text="t" * 99,
                    n_words=1, model_version="v0", analyzed_at=now, analysis={},
                )
            )  # fmt: skip
            conn.execute(
                insert(ParagraphRow.__table__),
                [
                    dict(article_pk=pk, line=line, start=s, end=e, kind=kind, duplicate_of=dup,
                         techniques="")
                    for line, s, e, kind, dup in (
                        (1, 0, 30, "body", None), (2, 31, 60, "teaser", None),
                        (3, 61, 91, "body", 1),
                    )
                ],
            )  # fmt: skip
            rows = [
                (pk * 10 + 1, pk, "indirect", 5, 20, "q", "said", speaker),
                (pk * 10 + 2, pk, "direct", 35, 50, "q", None, speaker),
                (pk * 10 + 3, pk, "indirect", 66, 80, "q", "wants", speaker),
            ]
            conn.execute(
                insert(old_quotes).values(model_version="v0"),
                [dict(zip(quote_cols, r, strict=True)) for r in rows],
            )
    old.close()
    with Store(url) as store, store.engine.connect() as conn:  # upgrades to head
        got = conn.execute(
            select(QuoteRow.cue_class, QuoteRow.in_teaser, QuoteRow.duplicate_of)
            .where(QuoteRow.article_pk == 1)
            .order_by(QuoteRow.pk)
        ).all()
        assert [tuple(r) for r in got] == [
            ("speech", False, None),
            ("speech", True, None),
            ("intention", False, 5),  # 61 + (66 - 61): the same words in line 1
        ]
        links = dict(conn.execute(select(SpeakerRow.name, SpeakerRow.linked)).all())
        assert links == {"Trump": "Donald Trump", "Donald Trump": None}
        assert counts(store) == {"Donald Trump": 2}


@pytest.mark.parametrize("name", ["Trump", "Donald Trump"])
def test_reanalysis_keeps_links_right(store: Store, name: str) -> None:
    store.add(quoted(1, ["Donald Trump"]), model_version="v1")
    store.add(quoted(2, [name]), model_version="v1")
    store.add(quoted(2, [name]), model_version="v2")  # the same text again: replaced
    assert counts(store) == {"Donald Trump": 2}


def test_bare_surname_joins_the_dominant_bearer() -> None:
    """An election-style corpus: "Trump" is almost always Donald Trump, "Clinton" is not
    clearly one Clinton."""
    links = links_for(
        {"Donald Trump": 30, "Donald J. Trump": 2, "Donald Trump Jr.": 3, "Trump": 10}
        | {"Hillary Clinton": 20, "Bill Clinton": 8, "Clinton": 6}
    )
    assert links["Trump"] == "Donald Trump"  # 32 of 35 full-name quotes (91 %), 10.7x Jr.
    assert links["Donald J. Trump"] == "Donald Trump"
    assert links["Donald Trump Jr."] is None  # another person, never joined to his father
    assert links["Clinton"] is None  # Hillary 20 of 28 (71 %): not a clear majority
    assert links["Hillary Clinton"] is None and links["Bill Clinton"] is None
    # a clear majority by share but not by ratio (80 % but only 4x) stays apart too
    assert links_for({"Ann Lee": 8, "Bo Lee": 2, "Lee": 3})["Lee"] is None
    assert links_for({"Ann Lee": 10, "Bo Lee": 2, "Lee": 3})["Lee"] == "Ann Lee"
    assert person_key("Donald Trump Jr.") == "donald trump jr"
    assert person_key("Mr. Donald J. Trump") == "donald trump"
    assert person_key("Trump") is None
    assert name_parts("Donald Trump Jr.") == ("Donald", "Trump", "Jr.")


def with_persons(art: Article, names: list[str]) -> Article:
    """``art`` with a PERSON entity (canonical ``name``) on its title for each name."""
    art.entities = [Entity(0, 5, "PERSON", name) for name in names]
    return art


def test_election_corpus_links_follow_the_evidence(store: Store) -> None:
    i = 0

    def add(names: list[str], persons: list[str] = ()) -> None:  # type: ignore[assignment]
        nonlocal i
        i += 1
        store.add(with_persons(quoted(i, names), list(persons)), model_version="v1")

    for _ in range(10):
        add(["Donald Trump", "Hillary Clinton"])
    add(["Donald Trump Jr."])
    add(["Bill Clinton", "Bill Clinton", "Bill Clinton"])
    add(["Trump", "Clinton"])  # names nobody in full: Trump joins, Clinton stays apart
    # this article names Donald Trump Jr. (and not his father): its "Trump" stays apart
    add(["Trump"], persons=["Donald Trump Jr."])
    # this one quotes him beside his father: ambiguous, apart too
    add(["Trump", "Donald Trump Jr."], persons=["Donald Trump"])
    # a family mentioned but not quoted does not block the dominant bearer
    add(["Ted Cruz"])
    add(["Cruz", "Cruz"], persons=["Ted Cruz", "Rafael Cruz", "Heidi Cruz"])
    got = counts(store)
    assert got["Donald Trump"] == 11 and got["Trump"] == 2  # 10 of 12 (83 %), 5x Jr.
    assert got["Donald Trump Jr."] == 2 and got["Ted Cruz"] == 3 and "Cruz" not in got
    assert got["Clinton"] == 1 and got["Hillary Clinton"] == 10 and got["Bill Clinton"] == 3
    # Hillary now holds 81 % of the full-name quotes but only 4.3x Bill: still apart
    add(["Hillary Clinton"] * 3)
    assert counts(store)["Clinton"] == 1
