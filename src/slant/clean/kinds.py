"""Give each paragraph a kind: title, body, teaser, dateline, hashtag or boilerplate.

The rules are general, not tuned to one site:

* **dateline**: the line holds nothing but a date and/or time ("7 January 2022, 20:28 GMT",
  "Updated: Jan. 7, 2022 8:28 pm ET", "2022-01-07").
* **hashtag**: the line is only ``#tags`` / ``@handles``.
* **boilerplate**: short site furniture ("Advertisement", "Subscribe to our newsletter",
  "Read more", "© 2022 Example News. All rights reserved").
* **teaser**: a link to another story inside the scrape. Either it has a teaser prefix
  ("READ MORE: ...", "Related: ..."), or it is a headline (headline case, no final period)
  that comes after the body has started and is followed by a dateline or preceded by a
  "Related"/"Read more" line. A headline-case line with neither is kept as a body
  subheading.
* **title**: the first paragraph when it is the article's title (SemEval layout, HTML
  title), reads as a headline, or is a title line directly followed by a subtitle, lead or
  body line (no blank line between them): short (3–30 words, at most 200 characters), no
  final ``.``/``:``/``;``/``,``, and the next line does not carry on its sentence (it
  does not start in lower case). News sites in sentence case (Russian, French, Italian...)
  put a title and a subtitle together this way, which headline case cannot catch.
"""

from __future__ import annotations

import re
from dataclasses import replace

from slant.annotations import Paragraph

__all__ = ["classify_paragraphs", "is_dateline", "is_headline", "is_title_line"]

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "mon|tue|tues|wed|thu|thurs|fri|sat|sun"
)
_DATE_WORDS = (
    r"updated|published|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|bst|cet|cest|"
    r"msk|est|edt|cst|cdt|pst|pdt|et|pt|ct|z|st|nd|rd|th|of|and|"
)
_DATE_TOKEN = re.compile(
    rf"(?:{_MONTHS}|{_DAYS})\.?|\d{{1,4}}(?:st|nd|rd|th)?|{_DATE_WORDS}|[-–—/:.,|()+\s]",
    re.IGNORECASE,
)
_HAS_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|"
    r"\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
_HASHTAG_LINE = re.compile(r"^(?:[#@][\w.]+[\s,;|·]*)+$")
_BOILERPLATE = re.compile(
    r"^(?:advertisement|advert|sponsored(?: content)?|subscribe\b.*|sign up\b.*|"
    r"follow us\b.*|share (?:this|on)\b.*|click here\b.*|read more|read (?:also|next)|"
    r"related(?: articles| stories| news| coverage)?:?|more on this( story| topic)?:?|"
    r"you (?:may|might) also like.*|all rights reserved.*|(?:©|\(c\)|copyright)\s.*|"
    r"(?:photo|image|video|source|credit)s?\s*:.*|getty images|ap photo.*|"
    r"comments?|print|e-?mail|tags?:.*|topics?:.*|listen to (?:this|the) article.*|"
    r"for immediate release)$",
    re.IGNORECASE,
)
_TEASER_PREFIX = re.compile(
    r"^(?:read (?:more|also|next)|also read|see also|related(?: story| article)?|"
    r"more from \w+|watch|must read|don'?t miss)\s*[:>»|–—-]\s*\S",
    re.IGNORECASE,
)
_SMALL = frozenset(
    "a an the and or but nor of in on at to for by with from as is are be vs via into over "
    "up off out per than that this its it his her their our your not no so yet if".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTE_CHARS = "\"'“”‘’«»„ "


def is_dateline(s: str) -> bool:
    """True when the line is only a date and/or time stamp."""
    if len(s) > 80 or not _HAS_DATE.search(s):
        return False
    return _DATE_TOKEN.sub("", s).strip() == ""


def is_headline(s: str) -> bool:
    """Headline case (most content words capitalised), 3–30 words, no final period."""
    stripped = s.strip().rstrip(_QUOTE_CHARS)
    if not stripped or stripped[-1] in ".:;,":
        return False
    words = _WORD.findall(s)
    if not 3 <= len(words) <= 30:
        return False
    content = [w for w in words if w.lower() not in _SMALL]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.75


def is_title_line(s: str, following: str) -> bool:
    """A title line that the line ``following`` it follows directly (no blank line).

    Sentence case is allowed (unlike :func:`is_headline`): 3–30 words, at most 200
    characters, no final ``.:;,`` (``?``, ``!`` and closing quotes are fine), and
    ``following`` does not start in lower case (that would carry on a wrapped sentence).
    """
    stripped = s.strip().rstrip(_QUOTE_CHARS)
    if not stripped or len(s) > 200 or stripped[-1] in ".:;,":
        return False
    if not 3 <= len(_WORD.findall(s)) <= 30:
        return False
    return not following.lstrip()[:1].islower()


def classify_paragraphs(
    text: str, paragraphs: list[Paragraph], title: str | None = None
) -> list[Paragraph]:
    """Return the paragraphs with ``kind`` set (offsets untouched)."""
    kinds: list[str] = []
    for p in paragraphs:
        s = text[p.start : p.end]
        if is_dateline(s):
            kinds.append("dateline")
        elif _HASHTAG_LINE.match(s):
            kinds.append("hashtag")
        elif len(s) < 120 and _BOILERPLATE.match(s):
            kinds.append("boilerplate")
        elif _TEASER_PREFIX.match(s):
            kinds.append("teaser")
        else:
            kinds.append("body")

    if paragraphs and kinds[0] == "body":
        first = text[paragraphs[0].start : paragraphs[0].end]
        second = paragraphs[1] if len(paragraphs) > 1 else None
        if (
            (title is not None and first.strip() == title.strip())
            or (second is not None and is_headline(first))
            or (
                title is None
                and second is not None
                and second.line == paragraphs[0].line + 1
                and is_title_line(first, text[second.start : second.end])
            )
        ):
            kinds[0] = "title"

    seen_body = False
    for i, p in enumerate(paragraphs):
        if kinds[i] != "body":
            continue
        s = text[p.start : p.end]
        if seen_body and is_headline(s):
            nxt = kinds[i + 1] if i + 1 < len(kinds) else None
            prev_text = text[paragraphs[i - 1].start : paragraphs[i - 1].end] if i else ""
            after_related = kinds[i - 1] == "boilerplate" and re.match(
                r"(?i)^(related|read|more|you)", prev_text
            )
            if nxt == "dateline" or after_related:
                kinds[i] = "teaser"
                continue
        seen_body = True
    return [replace(p, kind=k) for p, k in zip(paragraphs, kinds, strict=True)]
