"""One story told side by side: each outlet's telling and where the tellings differ.

:func:`compare_story` takes the member Articles of a story (the caller loads them, e.g.
with :meth:`slant.store.Store.get`) and groups them by their ``outlet`` metadata; an
article without an outlet is a column of its own, named by the domain of its URL or its
source file. Per outlet it gathers the headlines and dates, genre, frames, techniques per
1,000 words with the top-scoring spans, the speakers quoted and how often, the counts,
places and tone, every item keeping its article and offsets so a reader can check it.
A quote is speech (cue class ``speech``), as the reader and ``-f text`` list quotes; a
speaker credited only with thoughts, intentions or stances ("residents opposed a two-fold
increase") is listed apart, in ``attributed``, and is not a speaker quoted.
Spans, counts and places in teaser, dateline, boilerplate or repeated paragraphs are left
out, as the word count leaves them out (a teaser's numbers belong to another story).

Then the differences:

* **counts that disagree**: counts of the same event type and object reported with
  numbers that do not match between outlets ("ARREST 3,811 people" against "nearly 8,000
  people"). The object is matched loosely, by its head noun reduced to the singular
  ("law enforcement officers" and "brave police officers" are both *officer*); a count
  with no object, and for arrests, abductions and protests a noun for people in general
  ("people", "protesters", "rioters"), count *people*. Two numbers match when they are
  equal, or within :data:`ESTIMATE_TOLERANCE` when either is an estimate ("nearly
  8,000" and "7,939");
* **speakers quoted by one outlet only**, by their resolved name (linked across the
  corpus with ``speaker_links`` when the caller has the store's links: "Blinken" →
  "Antony Blinken");
* **techniques one outlet uses and the others do not**, among spans at or above
  ``min_score``.

Everything here is a pure function of the Articles: nothing is read from a store.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import combinations
from urllib.parse import urlsplit

from slant.article import Article
from slant.stories.columns import (
    ArticleRef,
    CountDisagreement,
    CountRef,
    FrameUse,
    GenreUse,
    OutletColumn,
    PlaceUse,
    SpanRef,
    SpeakerUse,
    StoryComparison,
    TechniqueUse,
)

__all__ = [
    "ESTIMATE_TOLERANCE",
    "ArticleRef",
    "CountDisagreement",
    "CountRef",
    "FrameUse",
    "GenreUse",
    "OutletColumn",
    "PlaceUse",
    "SpanRef",
    "SpeakerUse",
    "StoryComparison",
    "TechniqueUse",
    "compare_story",
    "count_key",
    "is_named",
    "is_speech",
    "object_head",
    "outlet_of",
]

ESTIMATE_TOLERANCE = 0.05  # "nearly 8,000" matches 7,939; exact numbers must be equal
TOP_SPANS = 3  # top-scoring spans shown per technique and outlet
HEADLINE_CHARS = 160  # an untitled article's headline: its first line, cut to this
# types whose object is a person almost always: any noun for people counts as "people"
PEOPLE_TYPES = frozenset({"ARREST", "KIDNAP", "PROTEST"})
PEOPLE = frozenset({"people", "person", "persons", "individual", "individuals"})
PARTICIPANTS = frozenset(
    {
        "protester",
        "protestor",
        "demonstrator",
        "rioter",
        "suspect",
        "participant",
        "activist",
        "detainee",
        "looter",
        "resident",
        "citizen",
        "civilian",
    }
)
_IRREGULAR = {
    "people": "people",
    "men": "man",
    "women": "woman",
    "children": "child",
    "police": "police",
    "personnel": "personnel",
    "troops": "troop",
    "forces": "force",
    "lives": "life",
    "thieves": "thief",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_DETERMINERS = frozenset("the a an its his her their our this that these those".split())
_NAME_PARTICLES = frozenset("de da di del der van von bin ibn al el of and".split())


def outlet_of(article: Article) -> str | None:
    """The article's ``outlet`` metadata (None when missing or blank)."""
    outlet = (article.meta.get("outlet") or "").strip()
    return outlet or None


def _own_name(article: Article) -> str:
    """The column name of an article without an outlet: its URL's domain or source file."""
    url = article.meta.get("url")
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    source = article.source.replace("\\", "/").rsplit("/", 1)[-1]
    return source or article.id


def _singular(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def object_head(obj: str) -> str:
    """The head noun of a count's object, singular and lower case ("law enforcement
    officers" → "officer"); "" for an object without a word."""
    words = _WORD.findall(obj.split(" of ", 1)[0] if " of " in obj else obj)
    if not words:
        return ""
    return _singular(words[-1])


def count_key(type_: str, obj: str) -> str:
    """The object a count is matched on across outlets (see the module docstring)."""
    head = object_head(obj)
    if head in PEOPLE or (type_ != "SEIZE" and not head):
        return "people"
    if type_ in PEOPLE_TYPES and head in PARTICIPANTS:
        return "people"
    return head


def _numbers_match(a: CountRef, b: CountRef) -> bool:
    if a.number is None or b.number is None:
        return True  # "dozens": nothing to contradict
    if a.number == b.number:
        return True
    if a.estimate or b.estimate:
        return abs(a.number - b.number) <= ESTIMATE_TOLERANCE * max(a.number, b.number)
    return False


def _headline(article: Article) -> str | None:
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    for p in article.paragraphs:
        if p.kind in ("title", "body"):
            line = " ".join(article.text[p.start : p.end].split())
            if line:
                return line if len(line) <= HEADLINE_CHARS else line[: HEADLINE_CHARS - 1] + "…"
    line = " ".join(article.text.strip().split("\n", 1)[0].split())
    if not line:
        return None
    return line if len(line) <= HEADLINE_CHARS else line[: HEADLINE_CHARS - 1] + "…"


def _words(article: Article) -> int:
    """The article's word count as tone and the reader count it (the one of slant)."""
    if article.tone.get("word_count"):
        return int(article.tone["word_count"])
    from slant.analyzers.tone import count_words, tone_text  # tone did not run: count here

    return int(count_words(tone_text(article)))


def is_speech(article: Article, i: int) -> bool:
    """Whether quote ``i`` of ``article`` reports words said (cue class ``speech``), as
    the reader decides: a quote with no stored class gets its cue's."""
    q = article.quotes[i]
    if q.cue_class is not None:
        return q.cue_class == "speech"
    from slant.analyzers.quotes.cues import cue_class

    cue = article.text[q.cue.start : q.cue.end] if q.cue else None
    return cue_class(cue, q.kind) == "speech"


def _speaker_name(article: Article, i: int, links: Mapping[str, str]) -> str | None:
    q = article.quotes[i]
    if q.speaker is None:
        return None
    name = q.speaker.name or " ".join(article.text[q.speaker.start : q.speaker.end].split())
    if not name:
        return None
    return links.get(name, name)


def is_named(name: str) -> bool:
    """A speaker written as a name ("Laura Fenwick", "Russian Foreign Ministry"), not a
    description ("a ministry spokesman", "Kazakh authorities", "residents")."""
    words = name.split()
    if not words or words[0].lower() in _DETERMINERS:
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def _speaker_key(name: str) -> str:
    key = " ".join(name.casefold().split())
    return key.removeprefix("the ")


def compare_story(
    articles: Sequence[Article],
    *,
    keys: Sequence[int | None] | None = None,
    min_score: float | None = None,
    speaker_links: Sequence[Mapping[str, str]] | None = None,
) -> StoryComparison:
    """The side-by-side view of a story's member articles.

    Args:
        articles: the story's articles, analysed (their order gives ``ArticleRef.index``).
        keys: the store key of each article (``ArticleRef.pk``), if stored.
        min_score: leave technique spans scored under this out (as shown, to 4 decimals).
        speaker_links: per article, resolved speaker name → the name the corpus links it
            to ("Blinken" → "Antony Blinken", as :meth:`slant.store.Store.speaker_links`
            gives); names not in it stand as they are.

    Returns:
        The columns, one per outlet, and the differences between them.
    """
    pks = list(keys) if keys is not None else [None] * len(articles)
    links: list[Mapping[str, str]] = list(speaker_links or [{}] * len(articles))
    if len(pks) != len(articles) or len(links) != len(articles):
        raise ValueError(f"{len(pks)} keys, {len(links)} links for {len(articles)} articles")
    groups: dict[str, list[int]] = defaultdict(list)
    own: list[int] = []
    for i, article in enumerate(articles):
        outlet = outlet_of(article)
        if outlet is None:
            own.append(i)
        else:
            groups[outlet].append(i)
    for i in own:  # an article without an outlet is its own column
        name = base = _own_name(articles[i])
        if name in groups:
            name = f"{base} ({articles[i].id})"
        groups[name].append(i)
    columns = [
        _column(name, [(i, pks[i], articles[i]) for i in members], min_score, links)
        for name, members in groups.items()
    ]
    columns.sort(key=lambda c: (-len(c.articles), _first_date(c), c.name.casefold()))
    return _differences(columns, min_score)


def _first_date(column: OutletColumn) -> str:
    dates = [a.published for a in column.articles if a.published]
    return min(dates) if dates else "9999"


def _flagged(article: Article, offset: int) -> bool:
    """In a teaser, dateline, boilerplate or repeated paragraph: left out, as the word
    count leaves it out (a teaser's numbers belong to another story)."""
    para = article.paragraph_at(offset)
    return para is not None and para.is_flagged


def _top(found: list[SpanRef]) -> tuple[SpanRef, ...]:
    """The best-scoring spans, one per distinct text."""
    out: dict[str, SpanRef] = {}
    for s in sorted(found, key=lambda s: (-s.score, s.article, s.start)):
        out.setdefault(s.text.casefold(), s)
    return tuple(out.values())[:TOP_SPANS]


def _kept(score: float, min_score: float | None) -> bool:
    return min_score is None or round(score, 4) >= min_score


def _column(
    name: str,
    members: list[tuple[int, int | None, Article]],
    min_score: float | None,
    links: Sequence[Mapping[str, str]],
) -> OutletColumn:
    members.sort(key=lambda m: (m[2].meta.get("published") or "9999", m[0]))
    refs = []
    for i, pk, a in members:
        refs.append(
            ArticleRef(
                index=i,
                pk=pk,
                id=a.id,
                headline=_headline(a),
                published=a.meta.get("published"),
                url=a.meta.get("url"),
                words=_words(a),
                genre=a.genre.label if a.genre else None,
                tone=a.tone.get("tone") if "tone" in a.tone else None,
            )
        )
    words = sum(r.words for r in refs)
    spans: dict[str, list[SpanRef]] = defaultdict(list)
    speakers: dict[str, list[SpeakerUse]] = defaultdict(list)
    attributed: dict[str, list[SpeakerUse]] = defaultdict(list)  # not speech
    counts: list[CountRef] = []
    places: dict[tuple[str, str], int] = Counter()
    genres: dict[str, list[float]] = defaultdict(list)
    frames: dict[str, list[float]] = defaultdict(list)
    for i, _pk, a in members:
        t = a.text
        for si, s in enumerate(a.techniques):
            if _kept(s.score, min_score) and not _flagged(a, s.start):
                text = " ".join(t[s.start : s.end].split())
                spans[s.technique].append(
                    SpanRef(i, si, s.technique, s.start, s.end, text, s.score)
                )
        for qi, q in enumerate(a.quotes):
            if q.in_teaser or q.duplicate_of is not None:
                continue  # left out of corpus statistics too
            speaker = _speaker_name(a, qi, links[i])
            if speaker is None or q.speaker is None:
                continue
            mention = " ".join(t[q.speaker.start : q.speaker.end].split())
            use = SpeakerUse(speaker, 1, i, qi, q.speaker.start, q.speaker.end, mention)
            (speakers if is_speech(a, qi) else attributed)[_speaker_key(speaker)].append(use)
        for ci, c in enumerate(a.counts):
            if _flagged(a, c.start):
                continue
            counts.append(
                CountRef(
                    article=i,
                    count=ci,
                    type=c.type,
                    number=c.number,
                    object=c.object,
                    key=count_key(c.type, c.object),
                    estimate=c.estimate,
                    source=c.source,
                    start=c.start,
                    end=c.end,
                    text=" ".join(t[c.start : c.end].split()),
                )
            )
        for e in a.entities:
            if e.geo is not None and not _flagged(a, e.start):
                places[(e.geo.name, e.geo.country_code)] += 1
        if a.genre is not None:
            genres[a.genre.label].append(a.genre.scores.get(a.genre.label, 0.0))
        for f in a.frames:
            frames[f.label].append(f.score)
    techniques = [
        TechniqueUse(
            technique=tech,
            spans=len(found),
            per_1000=round(1000 * len(found) / words, 2) if words else 0.0,
            top=_top(found),
        )
        for tech, found in spans.items()
    ]
    techniques.sort(key=lambda u: (-u.spans, u.technique))
    speaker_uses = [
        _speaker_use(uses, speech=True, others=len(attributed.get(key, ())))
        for key, uses in speakers.items()
    ]
    speaker_uses.sort(key=lambda u: (-u.quotes, u.name.casefold()))
    others = [
        _speaker_use(uses, speech=False) for key, uses in attributed.items() if key not in speakers
    ]
    others.sort(key=lambda u: (-u.others, u.name.casefold()))
    tones = [r.tone for r in refs if r.tone is not None]
    return OutletColumn(
        name=name,
        articles=tuple(refs),
        words=words,
        genres=tuple(
            sorted(
                (GenreUse(g, len(s), round(sum(s) / len(s), 4)) for g, s in genres.items()),
                key=lambda g: (-g.articles, -g.score),
            )
        ),
        frames=tuple(
            sorted(
                (FrameUse(f, len(s), round(sum(s) / len(s), 4)) for f, s in frames.items()),
                key=lambda f: (-f.articles, -f.score),
            )
        ),
        techniques=tuple(techniques),
        speakers=tuple(speaker_uses),
        counts=tuple(sorted(counts, key=lambda c: (c.article, c.start, c.end))),
        places=tuple(
            PlaceUse(n, cc, k)
            for (n, cc), k in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
        tone=round(sum(tones) / len(tones), 4) if tones else None,
        attributed=tuple(others),
    )


def _speaker_use(uses: list[SpeakerUse], *, speech: bool, others: int = 0) -> SpeakerUse:
    """One speaker's row: from their quotes (``speech``; ``others``: how many other
    attributions they have), or from their other attributions alone (``quotes`` 0)."""
    name = Counter(u.name for u in uses).most_common(1)[0][0]
    if speech:
        return replace(uses[0], name=name, quotes=len(uses), others=others)
    return replace(uses[0], name=name, quotes=0, others=len(uses))


def _differences(columns: list[OutletColumn], min_score: float | None) -> StoryComparison:
    """Mark what only one outlet has and the counts that disagree; build the comparison."""
    if len(columns) < 2:
        return StoryComparison(tuple(columns), (), {}, {}, min_score)
    speaker_outlets: dict[str, set[str]] = defaultdict(set)
    technique_outlets: dict[str, set[str]] = defaultdict(set)
    reported: dict[tuple[str, str], dict[str, list[CountRef]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for col in columns:
        for s in col.speakers:
            speaker_outlets[_speaker_key(s.name)].add(col.name)
        for u in col.techniques:
            technique_outlets[u.technique].add(col.name)
        for c in col.counts:
            reported[(c.type, c.key)][col.name].append(c)
    disputed: set[tuple[str, str]] = set()
    for key, by_outlet in reported.items():
        if len(by_outlet) < 2:
            continue
        for a, b in combinations(by_outlet.values(), 2):
            if not any(_numbers_match(x, y) for x in a for y in b):
                disputed.add(key)
                break
    out: list[OutletColumn] = []
    unique_speakers: dict[str, tuple[str, ...]] = {}
    unique_techniques: dict[str, tuple[str, ...]] = {}
    for col in columns:
        speakers = tuple(
            replace(s, unique=len(speaker_outlets[_speaker_key(s.name)]) == 1) for s in col.speakers
        )
        techniques = tuple(
            replace(u, unique=len(technique_outlets[u.technique]) == 1) for u in col.techniques
        )
        counts = tuple(replace(c, disputed=(c.type, c.key) in disputed) for c in col.counts)
        # named sources first ("Laura Fenwick"), then descriptions ("a ministry spokesman")
        only = sorted((s for s in speakers if s.unique), key=lambda s: not is_named(s.name))
        unique_speakers[col.name] = tuple(s.name for s in only)
        unique_techniques[col.name] = tuple(u.technique for u in techniques if u.unique)
        out.append(replace(col, speakers=speakers, techniques=techniques, counts=counts))
    disagreements = []
    for key in sorted(disputed):
        values = tuple((col.name, c) for col in out for c in col.counts if (c.type, c.key) == key)
        disagreements.append(CountDisagreement(key[0], key[1], values))
    return StoryComparison(
        tuple(out), tuple(disagreements), unique_speakers, unique_techniques, min_score
    )
