"""Russian date mentions normalised to ISO 8601, relative to the publication date.

natasha has no DATE entities, so mentions are found by patterns over the text, in every
case form: "5 января 2022 года", "5-го января", "13 июн" (a dateline), "в январе 2022
года", "в 2022 году", "до 19 января", "в пятницу", "вчера", "на прошлой неделе", "в этом
году". Values follow
the English analyzer (analyzers/dates.py): ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``,
``YYYY-Www``; ``--MM-DD`` for a year-less day and ``""`` for a relative date when no base
date is known (the current date is never used). A year-less date leans to the future after
"до", "к", "по", to the past after "с", "после", and otherwise takes the closest year.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from slant.analyzers._calendar import closest_date
from slant.annotations import DateMention

if TYPE_CHECKING:
    from slant.article import Article

__all__ = ["find_dates_ru", "russian_base"]

_MONTH_STEMS = (
    "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
    "октябр", "ноябр", "декабр",
)  # fmt: skip
_MON = (
    r"январ[ьяею]|феврал[ьяею]|марта?|марте|апрел[ьяею]|ма[йяе]|июн[ьяею]|"
    r"июл[ьяею]|августа?|августе|сентябр[ьяею]|октябр[ьяею]|ноябр[ьяею]|декабр[ьяею]"
)
# the agencies' datelines abbreviate the month after a day: "МОСКВА, 13 июн — РИА Новости"
_MON_ABBR = r"янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек"
_YEAR = r"(?:\s+(?P<{}>\d{{4}})(?:\s*(?:года|году|год|г\.))?)?"
_WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5,
    "воскресень": 6,
}  # fmt: skip
_RX = re.compile(
    r"(?<![\w-])(?P<cue>(?:до|к|по|с|со|после|от|на|в|во)\s+)?(?<![\w-])(?:"
    rf"(?P<day>\d{{1,2}})(?:-?(?:го|е))?\s+(?P<mon>{_MON}|(?:{_MON_ABBR})\.?(?!\w))"
    rf"{_YEAR.format('year')}"
    rf"|(?P<mon_only>{_MON}){_YEAR.format('year2')}"  # январе 2022 года / в январе
    r"|(?P<yonly>\d{4})\s*(?:года|году|год|г\.)"  # в 2022 году
    r"|(?P<wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
    r"|(?P<rel>позавчера|вчера|сегодня|завтра|послезавтра)"
    r"|(?P<which>прошлой|этой|текущей|следующей|прошлом|этом|текущем|следующем|прошлого|"
    r"этого|текущего|следующего)\s+(?P<unit>недел[еию]|месяце|месяца|году|года)"
    r")\b",
    re.IGNORECASE,
)
_FUTURE = frozenset({"до", "к", "по"})
_PAST = frozenset({"с", "со", "после", "от"})
_SAME_DAY = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}


def _month(word: str) -> int:
    w = word.lower()
    if w.startswith("мар"):
        return 3
    if w.startswith("ма"):
        return 5
    return next(i + 1 for i, s in enumerate(_MONTH_STEMS) if w[:3] == s[:3])


def _value(m: re.Match[str], base: dt.date | None) -> str | None:
    cue = (m["cue"] or "").strip().lower()
    lean = "future" if cue in _FUTURE else "past" if cue in _PAST else None
    if m["day"]:
        month, day = _month(m["mon"]), int(m["day"])
        if m["year"]:
            try:
                return dt.date(int(m["year"]), month, day).isoformat()
            except ValueError:
                return None
        if base is None:
            return f"--{month:02d}-{day:02d}"
        found = closest_date(month, day, base, lean)
        return found.isoformat() if found else None
    if m["mon_only"]:
        month = _month(m["mon_only"])
        year = m["year2"]
        if year:
            return f"{int(year):04d}-{month:02d}"
        if base is None:
            return ""
        found = closest_date(month, 1, base.replace(day=1), lean)
        return f"{found.year:04d}-{found.month:02d}" if found else None
    if m["yonly"]:
        return m["yonly"]
    if base is None:
        return ""
    if m["wd"]:
        target = next(v for k, v in _WEEKDAYS.items() if m["wd"].lower().startswith(k))
        if lean == "future":
            return (base + dt.timedelta(days=(target - base.weekday()) % 7 or 7)).isoformat()
        return (base - dt.timedelta(days=(base.weekday() - target) % 7)).isoformat()
    if m["rel"]:
        return (base + dt.timedelta(days=_SAME_DAY[m["rel"].lower()])).isoformat()
    which, unit = m["which"].lower(), m["unit"].lower()
    k = -1 if which.startswith("прошл") else 1 if which.startswith("следующ") else 0
    if unit.startswith("год"):
        return f"{base.year + k:04d}"
    if unit.startswith("месяц"):
        y, mo = divmod(base.year * 12 + base.month - 1 + k, 12)
        return f"{y:04d}-{mo + 1:02d}"
    week = base + dt.timedelta(weeks=k)
    iso = week.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def find_dates_ru(
    text: str, base: dt.date | None, skip: list[tuple[int, int]]
) -> list[DateMention]:
    """Date mentions of a Russian text (``skip``: character ranges to leave out)."""
    out: list[DateMention] = []
    for m in _RX.finditer(text):
        start = m.end("cue") if m["cue"] else m.start()  # "до 19 января": the date only
        if any(s <= start < e for s, e in skip):
            continue
        value = _value(m, base)
        if value is not None:
            out.append(DateMention(start, m.end(), value))
    return out


def russian_base(article: Article) -> dt.date | None:
    """The publication date from a Russian dateline ("7 января 2022, 20:28", "МОСКВА, 10
    января 2022"): a paragraph the cleaner calls a dateline, else a short line (80
    characters at most) among the first three that holds a full date."""
    for i, p in enumerate(article.paragraphs):
        if p.kind != "dateline" and (i >= 3 or p.end - p.start > 80):
            continue
        m = _RX.search(article.text, p.start, p.end)
        if m and m["day"] and m["year"]:
            value = _value(m, None)
            if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return dt.date.fromisoformat(value)
    return None
