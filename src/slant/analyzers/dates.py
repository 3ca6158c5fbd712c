"""Date mentions normalised to ISO 8601, relative to the article's publication date.

Mentions are spaCy DATE entities, plus a cue word right before them ("until January 19")
that decides which way an ambiguous date leans. Values:

* ``YYYY-MM-DD`` for a day, ``YYYY-MM`` for a month, ``YYYY`` for a year, ``YYYY-Www`` for a
  week ("this week");
* ``--MM-DD`` (ISO 8601 without year) for "January 19" when no base date is known;
* ``""`` (unresolved) for a relative date ("last Friday", "yesterday") when no base date is
  known: the current date is **never** used silently.

The base date is ``article.meta["published"]``; when it is absent, the article's own dateline
paragraph ("7 January 2022, 20:28 GMT"), if it holds a full absolute date. A year-less date
leans to the future after "until", "by", "next"…, to the past after "since", "last"…, and
otherwise takes the year that puts it closest to the base date. A bare weekday is the base
day itself or the most recent such day before it (the future one after a future cue).

Durations ("several days", "three years"), ages ("26-year-old") and bare numbers are skipped.
Common shapes are parsed by the regular expressions below (dateparser costs 1–3 ms a call);
everything else goes to dateparser with ``RELATIVE_BASE`` set and ``PREFER_DATES_FROM``
chosen from the cue, results cached per process.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, ClassVar

from slant.analyzers import register
from slant.analyzers._calendar import closest_date
from slant.annotations import DateMention
from slant.article import Article

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["DatesAnalyzer", "describe_date", "publication_base", "resolve_date"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}  # fmt: skip
_WEEKDAYS = {
    d: i
    for i, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thurs"), ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]
    )
    for d in names
}  # fmt: skip
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_RX_MDY = re.compile(rf"^{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$")
_RX_DMY = re.compile(
    rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+(?P<year>\d{{4}}))?$"
)
_RX_MY = re.compile(rf"^{_MON},?\s+(?P<year>\d{{4}})$")
_RX_M = re.compile(rf"^{_MON}$")
_RX_Y = re.compile(r"^(?:the\s+year\s+)?(?P<year>1[5-9]\d\d|20\d\d)$")
_RX_ISO = re.compile(r"^(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})")
_RX_WD = re.compile(r"^(?:(?P<which>last|this|next|past|coming)\s+)?(?P<wd>[a-z]+)\.?$")
_RX_REL = re.compile(
    r"^(?P<which>this|last|next|past|previous|coming)\s+(?P<unit>week|month|year)$"
)
_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?|decades?|"
    r"centuries|century)"
)
_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|"
    r"a few|many|some|a couple of|couple of|the|nearly|almost|about|over|more than|at least)"
)
_RX_DURATION = re.compile(
    rf"^(?:the\s+)?(?:(?:past|last|next|coming|first|previous|recent)\s+)?"
    rf"(?P<n>(?:{_NUM}\s+)*)(?P<unit>{_UNITS})(?:\s+(?:long|old))?$"
)
_RX_AGE = re.compile(
    r"\d+\s*-?\s*(?:years?|months?)\s*-?\s*olds?|\bage(?:d)?\s+\d+|^\d{1,3}$"
    r"|^\d+\s*-\s*(?:year|month|week|day|hour)s?$"  # "a 29-year sentence": a modifier
)
_STRIP = re.compile(
    r"^(?:(?:on|in|at|by|until|till|since|from|late|early|mid|the|this past|around|about|"
    r"before|after|earlier|later)[\s-]+)+",
    re.IGNORECASE,
)
_FUTURE_CUES = frozenset(
    "until till through by next from starting upcoming coming ahead before".split()
)
_PAST_CUES = frozenset("since last ago earlier previous past after".split())
_SAME_DAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _is_duration(core: str) -> bool:
    """ "several days", "three years", "the coming days": a length of time, not a date."""
    m = _RX_DURATION.match(core)
    return bool(m) and (m["n"].strip() not in ("", "the") or m["unit"].endswith("s"))


# Words before a number that make it a quantity ("over 2000 people"), and the nouns after
# a bare number that make it a head count ("2000 protesters"), not a year.
_QUANTITY_BEFORE = frozenset(
    "over nearly almost about around some roughly approximately least "
    "estimated additional another".split()
)
_COUNTED_NOUNS = frozenset(
    "people persons civilians passengers students children women men workers villagers "
    "soldiers troops officers protesters protestors demonstrators residents refugees "
    "migrants patients deaths victims casualties pilgrims tourists prisoners detainees "
    "hostages".split()
)


def _is_head_count(ent: Span) -> bool:
    """ "infected over 2000 people", "2000 protesters": a bare four-digit number that counts
    the plural noun after it is not a year ("in 2000 people voted" stays a year: no count
    word before it and "people" is the subject of the next clause, not counted by it)."""
    if len(ent) != 1 or not re.fullmatch(r"\d{4}", ent.text):
        return False
    doc = ent.doc
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is None or (nxt.tag_ != "NNS" and nxt.lower_ not in _COUNTED_NOUNS):
        return False
    after = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
    if after is not None and after.tag_.startswith("NN"):
        return False  # "a 2005 police report": the noun after is a modifier, not the head
    before = doc[ent.start - 1] if ent.start > 0 else None
    prev = before.lower_ if before is not None else ""
    if prev in _QUANTITY_BEFORE:
        return True
    return (
        nxt.lower_ in _COUNTED_NOUNS
        and prev not in ("in", "since", "of", "until", "by", "from")
        and (before is None or before.tag_ not in ("DT", "PRP$", "POS"))
    )


def _to_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@functools.lru_cache(maxsize=16)
def _parser(base: dt.date | None, lean: str) -> object:
    from dateparser.date import DateDataParser

    probe = dt.datetime.combine(base, dt.time()) if base else dt.datetime(2001, 6, 15)
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": probe,
            "PREFER_DATES_FROM": lean,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


@functools.lru_cache(maxsize=4096)
def _dateparser(text: str, base: dt.date | None, lean: str) -> tuple[dt.date, str] | None:
    data = _parser(base, lean).get_date_data(text)  # type: ignore[attr-defined]
    if data is None or data.date_obj is None:
        return None
    return _to_date(data.date_obj), data.period or "day"


def _format(day: dt.date, period: str) -> str:
    if period == "year":
        return f"{day.year:04d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "week":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return day.isoformat()


@functools.lru_cache(maxsize=8192)
def resolve_date(text: str, base: dt.date | None, cue: str = "") -> str | None:
    """ISO value of one date expression; ``None`` when it is not a date (a duration, an age).

    Args:
        text: the expression ("January 19", "last Friday").
        base: the publication date, or ``None`` (relative dates then resolve to ``""``).
        cue: the word before the expression ("until"), which picks past or future.

    Returns:
        ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY-Www``, ``--MM-DD``, ``""`` or ``None``.
    """
    raw = " ".join(text.replace("’", "'").split()).lower().strip(" ,.;:")
    if _RX_AGE.search(raw) or re.search(r"\d0s\b|\bcentur", raw):
        return None  # ages, decades and centuries are not calendar dates
    words = raw.split()
    lean: str | None = None
    for w in (cue.lower(), *words[:2]):
        if w in _FUTURE_CUES:
            lean = "future"
            break
        if w in _PAST_CUES:
            lean = "past"
            break
    core = _STRIP.sub("", raw).strip()
    if not core or _is_duration(core):
        return None
    if m := _RX_ISO.match(core):
        return f"{m['year']}-{m['m']}-{m['day']}"
    if m := _RX_Y.match(core):
        return m["year"]
    if (m := _RX_MDY.match(core)) or (m := _RX_DMY.match(core)):
        month, day = _MONTHS[m["mon"]], int(m["day"])
        if m["year"]:
            try:
                return dt.date(int(m["year"]), month, day).isoformat()
            except ValueError:
                return None
        if base is None:
            return f"--{month:02d}-{day:02d}"
        found = closest_date(month, day, base, lean)
        return found.isoformat() if found else None
    if m := _RX_MY.match(core):
        return f"{m['year']}-{_MONTHS[m['mon']]:02d}"
    if m := _RX_M.match(core):
        if base is None:
            return ""
        found = closest_date(_MONTHS[m["mon"]], 1, base.replace(day=1), lean)
        return f"{found.year:04d}-{found.month:02d}" if found else None
    if (m := _RX_WD.match(core)) and m["wd"] in _WEEKDAYS:
        if base is None:
            return ""
        delta = (_WEEKDAYS[m["wd"]] - base.weekday()) % 7
        if lean == "future" or m["which"] in ("next", "coming"):
            return (base + dt.timedelta(days=delta or 7)).isoformat()
        back = (base.weekday() - _WEEKDAYS[m["wd"]]) % 7
        if m["which"] in ("last", "past") and back == 0:
            back = 7
        return (base - dt.timedelta(days=back)).isoformat()
    if core in _SAME_DAY:
        if base is None:
            return ""
        return (base + dt.timedelta(days=_SAME_DAY[core])).isoformat()
    if core in ("week", "month", "year") and re.search(r"\b(?:the|this)\b", raw):
        core = "this " + core  # "earlier in the week", "later this year"
    if m := _RX_REL.match(core):
        if base is None:
            return ""
        step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}
        k = step[m["which"]]
        if m["unit"] == "year":
            return f"{base.year + k:04d}"
        if m["unit"] == "month":
            y, mo = divmod(base.year * 12 + base.month - 1 + k, 12)
            return f"{y:04d}-{mo + 1:02d}"
        return _format(base + dt.timedelta(weeks=k), "week")
    # Anything else: dateparser. Without a base, two probes tell absolute from relative.
    if base is None:
        first = _dateparser(core, None, "current_period")
        if first is None:
            return None
        other = _parser_probe(core)
        return _format(*first) if other == first else ""
    if lean is None:
        past = _dateparser(core, base, "past")
        future = _dateparser(core, base, "future")
        if past is None or future is None:
            found = past or future
        else:
            found = min(past, future, key=lambda r: abs((r[0] - base).days))
    else:
        found = _dateparser(core, base, lean)
    return _format(*found) if found else None


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_RX_VALUE = re.compile(
    r"(?P<year>\d{4})(?:-W(?P<week>\d{2})|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
    r"|--(?P<m>\d{2})-(?P<d>\d{2})"
)


def describe_date(value: str) -> str:
    """A date value in words, as the summary and the reader show it: ``2022-01-19`` →
    "19 January 2022", ``2022-01`` → "January 2022", ``2022-W01`` → "week of 3 January
    2022" (its Monday), ``--01-19`` → "19 January, year not stated" (no base date gave it
    one), ``""`` → "no date to anchor it". A value of another shape is returned as is.
    """
    if not value:
        return "no date to anchor it"
    m = _RX_VALUE.fullmatch(value)
    try:
        if m is None:
            return value
        if m["m"]:
            day = dt.date(2000, int(m["m"]), int(m["d"]))  # a leap year: 29 February exists
            return f"{day.day} {_MONTH_NAMES[day.month - 1]}, year not stated"
        year = int(m["year"])
        if m["week"]:
            monday = dt.date.fromisocalendar(year, int(m["week"]), 1)
            return f"week of {monday.day} {_MONTH_NAMES[monday.month - 1]} {monday.year}"
        if m["day"]:
            day = dt.date(year, int(m["month"]), int(m["day"]))
            return f"{day.day} {_MONTH_NAMES[day.month - 1]} {year}"
        if m["month"]:
            return f"{_MONTH_NAMES[dt.date(year, int(m['month']), 1).month - 1]} {year}"
    except ValueError:  # no such day or week: shown as written
        return value
    return value


def _parser_probe(text: str) -> tuple[dt.date, str] | None:
    return _dateparser(text, dt.date(2013, 2, 20), "current_period")


def publication_base(article: Article) -> dt.date | None:
    """The article's publication date: ``meta["published"]``, else its dateline, else None."""
    published = article.meta.get("published")
    if published:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            value = resolve_date(published, None)
            if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return dt.date.fromisoformat(value)
    for p in article.paragraphs:
        if p.kind == "dateline":
            line = re.split(r"[,|]|\s\d{1,2}:\d{2}", article.text[p.start : p.end])[0]
            line = re.split(r"\s[-–—]\s", line)[-1] if re.search(r"\s[-–—]\s", line) else line
            value = resolve_date(line.strip(), None)
            if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return dt.date.fromisoformat(value)
    return None


@register("dates")
class DatesAnalyzer:
    """DATE entities normalised to ISO values."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"doc"})
    assigns: ClassVar[frozenset[str]] = frozenset({"dates"})
    default: ClassVar[bool] = True
    # Russian: patterns over the text (analyzers/russian/dates.py), no parse needed
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})
    requires_ru: ClassVar[frozenset[str]] = frozenset({"paragraphs"})

    def initialize(self) -> None:
        """Import dateparser and load its English data now (~0.5 s), not on an article."""
        _parser(None, "past").get_date_data("two weeks ago")  # type: ignore[attr-defined]

    def __call__(self, article: Article) -> None:
        base = publication_base(article)
        skip = [
            (p.start, p.end)
            for p in article.paragraphs
            if p.duplicate_of is not None or p.kind == "boilerplate"
        ]
        if article.language == "ru":
            from slant.analyzers.russian.dates import find_dates_ru, russian_base

            base = base or russian_base(article)
            article.dates = find_dates_ru(article.text, base, skip)
            return
        assert article.doc is not None, "the pipeline parses before analyzers run"
        dates: list[DateMention] = []
        for ent in article.doc.ents:
            if ent.label_ != "DATE" or any(s <= ent.start_char < e for s, e in skip):
                continue
            cue = article.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if _is_head_count(ent):
                continue
            value = resolve_date(ent.text, base, cue)
            if value is not None:
                dates.append(DateMention(ent.start_char, ent.end_char, value))
        article.dates = dates
