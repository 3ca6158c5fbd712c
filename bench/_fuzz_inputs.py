"""Hypothesis strategies and file builders for ``bench/fuzz_campaign.py``: adversarial
article text, and files of every format slant reads, built well-formed and then damaged.

Nothing here runs slant; it only makes inputs.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from typing import Any

from hypothesis import strategies as st

# -- text ------------------------------------------------------------------------------------
EN = [
    "The minister said on Monday that police arrested 40 protesters in the capital.",
    '"We will not back down," Anatoly Antonov told reporters in Washington.',
    "At least 13 people were killed and 353 wounded in Almaty, officials said.",
    "The talks in Geneva collapsed on 31 February 2022, according to state media.",
    "Blinken met Lavrov in Geneva; the Kremlin called the meeting a provocation.",
    "Thousands marched through Kyiv on January 19, demanding an end to the war.",
    "Critics say the so-called reform is a disaster that will destroy the country.",
    "Some 99999999999999999999999999 people were arrested, the ministry claimed.",
    "Hundreds of thousands were displaced by floods, the UN said on Tuesday.",
    "Police seized 1e309 tonnes of cocaine and detained 0 suspects on 30/02/2021.",
]
RU = [
    "Министр заявил в понедельник, что полиция задержала 40 человек в столице.",
    "«Мы не отступим», — сказал Анатолий Антонов журналистам в Вашингтоне.",
    "По данным властей, погибли 13 человек, ещё 353 ранены в Алматы.",
    "Переговоры в Женеве сорвались 31 февраля 2022 года, сообщает ТАСС.",
    "Путин провёл встречу с Лукашенко в Минске.",
]
ODD = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",  # zero width
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u061c",
    "\u200f",  # bidi
    "\u0301\u0301\u0301",
    "e\u0308\u0323\u0331",
    "\u0489" * 20,  # combining
    "\ufffd",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\u2028",
    "\u2029",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "🇺🇦",
    "👨‍👩‍👧",
    "𝔗𝔥𝔢",
    "ﷺ",
    "Ⅻ",
    "½",
    "²³",
    "٣٤",
    "日本語",
    "עברית",
    "العربية",
    "ελληνικά",
    "Ǆ",
    "ß",
    "İ",
    "ﬁ",
    "…",
    "—",
    "“",
    "”",
    "«",
    "»",
    "''",
    '"',
    "(",
    ")",
    "[",
    "]",
]
PUNCT = list("!?.,;:-–—\"'()[]{}«»“”‘’…/\\|*&^%$#@~`")


@st.composite
def _mangled_word(draw: Any) -> str:
    word = draw(st.sampled_from(" ".join(EN + RU).split()))
    op = draw(st.integers(0, 5))
    if op == 0:  # an odd character inside the word
        i = draw(st.integers(0, len(word)))
        return word[:i] + draw(st.sampled_from(ODD)) + word[i:]
    if op == 1:
        return word.upper()
    if op == 2:  # a very long word
        return word * draw(st.integers(50, 3000))
    if op == 3:
        return draw(st.sampled_from(["1" * 400, "9" * 30, "10,000,000,000", "-0", "0.0e-9"]))
    return word


_piece = st.one_of(
    st.sampled_from(EN),
    st.sampled_from(EN),
    st.sampled_from(RU),
    st.sampled_from(ODD),
    _mangled_word(),
    st.text(min_size=1, max_size=30),  # any code point, lone surrogates included
    st.lists(st.sampled_from(PUNCT), min_size=1, max_size=40).map("".join),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", " "]),
)


@st.composite
def article_text(draw: Any) -> str:
    """Adversarial article text: news sentences mixed with odd characters, line ends,
    scripts, long words and lines, numbers and dates."""
    kind = draw(st.integers(0, 11))
    if kind >= 10:  # a long run of one character after a sentence, or several runs
        runs = draw(
            st.lists(
                st.tuples(st.sampled_from(PUNCT + ODD + [" ", "a", "1"]), st.integers(500, 20_000)),
                min_size=1,
                max_size=3,
            )
        )
        return draw(st.sampled_from(EN)) + " " + " ".join(c * n for c, n in runs)
    if kind == 0:  # only punctuation, or only odd characters
        return draw(st.lists(st.sampled_from(PUNCT + ODD), min_size=1, max_size=400).map("".join))
    if kind == 1:  # one very long line
        return " ".join(draw(st.lists(st.sampled_from(EN), min_size=50, max_size=300)))
    if kind == 2:  # the SemEval layout with odd line ends
        end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        lines = draw(st.lists(st.sampled_from(EN + RU), min_size=1, max_size=12))
        return draw(st.sampled_from(EN)) + end + end + end.join(lines)
    sep = draw(st.sampled_from([" ", " ", "\n", "\r\n", "\r", "\n\n"]))
    return sep.join(draw(st.lists(_piece, min_size=1, max_size=40)))


# -- JSON Lines ------------------------------------------------------------------------------
META = ("id", "title", "url", "outlet", "published", "author", "language")
ODD_META = [
    "",
    " ",
    "'; DROP TABLE articles; --",
    "%",
    "_",
    "\\",
    "a" * 5000,
    "Тасс",
    "\u202eevil",
    "javascript:alert(1)",
    "http://",
    "https://example.org/" + "a/" * 500,
    "https://xn--80ak6aa92e.com/?q=%ff%00",
    "31 February 2022",
    "2022-02-31",
    "0000-00-00",
    "9999-12-31T25:61:61Z",
    "-1",
    "1e400",
    "NaN",
    "\x00null",
    "<script>x</script>",
    "../../etc/passwd",
    "line\nbreak",
]
meta_value = st.one_of(
    st.sampled_from(ODD_META),
    st.text(max_size=40),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
)


@st.composite
def jsonl_file(draw: Any) -> bytes:
    """A JSON Lines file: records with odd fields, raw broken lines, deep nesting, huge
    lines, bad UTF-8, BOMs and NULs."""
    lines: list[bytes] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 9))
        if kind <= 4:
            record: dict[str, Any] = {
                k: draw(meta_value) for k in draw(st.sets(st.sampled_from(META)))
            }
            record["text"] = draw(article_text())
            line = json.dumps(record, ensure_ascii=draw(st.booleans()))
            lines.append(line.encode("utf-8", "surrogatepass"))
        elif kind == 5:
            n = draw(st.integers(60, 100_000))
            lines.append(b'{"text": "Deep.", "m": ' + b"[" * n + b"]" * n + b"}")
        elif kind == 6:  # a huge line
            n = draw(st.integers(10_000, 300_000))
            lines.append(json.dumps({"text": "Police said. " * (n // 13)}).encode())
        elif kind == 7:  # bad UTF-8 inside a record
            lines.append(b'{"text": "caf\xe9 \xff\xfe said the minister", "id": "x\x80"}')
        elif kind == 8:  # NULs and a BOM in the middle
            lines.append(b'\xef\xbb\xbf{"text": "A\\u0000B said \x00 police"}')
        else:
            lines.append(draw(st.binary(max_size=100)).replace(b"\n", b" "))
    body = draw(st.sampled_from([b"\n", b"\r\n", b"\r"])).join(lines)
    if draw(st.booleans()):
        body = b"\xef\xbb\xbf" + body
    return body


# -- HTML ------------------------------------------------------------------------------------
TAGS = [
    "div",
    "p",
    "span",
    "article",
    "section",
    "table",
    "td",
    "li",
    "a",
    "b",
    "h1",
    "nav",
    "footer",
    "script",
    "style",
    "template",
    "svg",
    "math",
    "noscript",
    "pre",
    "iframe",
]


@st.composite
def html_page(draw: Any) -> bytes:
    """Broken and deeply nested markup around adversarial text."""
    parts = ["<html><head><title>", draw(article_text())[:200], "</title>"]
    charset = draw(st.sampled_from(["", "<meta charset='koi8-r'>", "<meta charset='bogus'>"]))
    parts.append(charset + "</head><body>")
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        op = draw(st.integers(0, 4))
        if op == 0:  # deep nesting, maybe unclosed
            n = draw(st.integers(100, 20_000))
            parts.append(
                f"<{tag}>" * n + draw(article_text()) + f"</{tag}>" * draw(st.integers(0, n))
            )
        elif op == 1:
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            "<!--",
                            "-->",
                            "<![CDATA[",
                            "]]>",
                            "<?xml?>",
                            "&#0;",
                            "&#xD800;",
                            "&#99999999999;",
                            "<p <p <p",
                            "</html>",
                            "<body>",
                            "<a href='\x00'>",
                        ]
                    )
                )
            )
        else:
            parts.append(f"<{tag}>{draw(article_text())}</{tag}>")
    page = "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1251"]))
    return page.encode(encoding, "replace" if encoding == "cp1251" else "surrogatepass")


# -- PDF -------------------------------------------------------------------------------------
def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table for ``objects`` (1-based)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    data = text.encode("latin-1", "replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def build_pdf(lines: list[str], *, compress: bool, kids_loop: bool, title: str) -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica; ``kids_loop`` makes the page tree
    contain itself."""
    ops = [b"BT /F1 11 Tf 72 720 Td 14 TL"]
    for line in lines:
        ops.append(_pdf_string(line) + b" Tj T*")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    if compress:
        stream = zlib.compress(stream)
        head = b"<< /Length %d /Filter /FlateDecode >>" % len(stream)
    else:
        head = b"<< /Length %d >>" % len(stream)
    kids = b"[3 0 R 2 0 R]" if kids_loop else b"[3 0 R]"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids " + kids + b" /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
            b"/Resources << /Font << /F1 6 0 R >> >> >>",
            b"<< /Title " + _pdf_string(title) + b" /Author (x) >>",
            head + b"\nstream\n" + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


@st.composite
def pdf_file(draw: Any) -> bytes:
    """A PDF built from adversarial lines, then maybe damaged: truncated, bytes flipped,
    a page tree that contains itself, deep arrays, a huge number, a bad stream."""
    lines = draw(
        st.lists(st.sampled_from([*EN, "x" * 300, "co-\n", "(((", "\\"]), min_size=1, max_size=30)
    )
    data = build_pdf(
        lines,
        compress=draw(st.booleans()),
        kids_loop=draw(st.integers(0, 9)) == 0,
        title=draw(st.sampled_from(["", "Kazakhstan", "\x00\xff", "a" * 500])),
    )
    damage = draw(st.integers(0, 7))
    if damage == 1:
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == 2:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 20))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        data = bytes(out)
    elif damage == 3:
        n = draw(st.integers(100, 50_000))
        data = data.replace(b"/MediaBox [0 0 612 792]", b"/MediaBox " + b"[" * n + b"]" * n)
    elif damage == 4:
        data = data.replace(b"/Count 1", b"/Count 99999999999999999999999999")
    elif damage == 5:
        data = data.replace(b"/Length ", b"/Length 9").replace(b"BT", b"BT " + b"q " * 5000)
    elif damage == 6:
        data = data.replace(b"xref", b"xref\n" + draw(st.binary(max_size=50)))
    return data


# -- DOCX ------------------------------------------------------------------------------------
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def build_docx(paragraphs: list[str], title: str | None) -> bytes:
    import docx

    document = docx.Document()
    if title is not None:
        document.add_paragraph(title, style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.author = "x"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _replace_member(data: bytes, name: str, body: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, body if info.filename == name else src.read(info))
    return buf.getvalue()


def _xml_safe(text: str) -> str:
    return "".join(
        c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
    )


@st.composite
def docx_file(draw: Any) -> bytes:
    """A Word document from adversarial paragraphs, then maybe damaged: truncated, the body
    replaced with broken or deeply nested XML or an entity bomb."""
    paragraphs = [_xml_safe(p) for p in draw(st.lists(article_text(), min_size=1, max_size=6))]
    data = build_docx(paragraphs, draw(st.sampled_from([None, "Title", ""])))
    damage = draw(st.integers(0, 6))
    if damage == 1:
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == 2:
        data = _replace_member(data, "word/document.xml", b"<w:document><w:body><w:p>")
    elif damage == 3:
        n = draw(st.integers(100, 100_000))
        body = (
            f'<w:document xmlns:w="{_W}"><w:body>'
            + "<w:p>" * n
            + "<w:r><w:t>deep</w:t></w:r>"
            + "</w:p>" * n
            + "</w:body></w:document>"
        )
        data = _replace_member(data, "word/document.xml", body.encode())
    elif damage == 4:
        bomb = (
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            + "".join(
                f'<!ENTITY {c} "&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};">'
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
            + f']><w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>'
            "</w:body></w:document>"
        )
        data = _replace_member(data, "word/document.xml", bomb.encode())
    elif damage == 5:
        data = _replace_member(data, "[Content_Types].xml", draw(st.binary(max_size=64)))
    return data


# -- feeds -----------------------------------------------------------------------------------
@st.composite
def feed_file(draw: Any) -> bytes:
    """An RSS or Atom feed with odd entries, maybe truncated or broken."""
    entries = []
    for _ in range(draw(st.integers(0, 8))):
        link = draw(st.sampled_from([*ODD_META, "https://example.org/a", "/relative", ""]))
        title = draw(article_text())[:100]
        date = draw(
            st.sampled_from(
                [
                    "Mon, 31 Feb 2022 25:00:00 GMT",
                    "2022-02-31",
                    "",
                    "yesterday",
                    "Tue, 10 Jun 2003 04:00:00 GMT",
                    "9" * 40,
                ]
            )
        )
        entries.append((link, title, date))
    esc = _xml_safe
    if draw(st.booleans()):
        items = "".join(
            f"<item><title>{esc(t)}</title><link>{esc(ln)}</link><pubDate>{d}</pubDate></item>"
            for ln, t, d in entries
        )
        channel = f"<channel><title>x</title>{items}</channel>"
        text = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    else:
        items = "".join(
            f'<entry><title>{esc(t)}</title><link href="{esc(ln)}"/><updated>{d}</updated></entry>'
            for ln, t, d in entries
        )
        text = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'
    data = text.encode("utf-8", "surrogatepass")
    damage = draw(st.integers(0, 4))
    if damage == 1:
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == 2:
        n = draw(st.integers(100, 50_000))
        data = data.replace(b"<channel>", b"<channel>" + b"<x>" * n)
    elif damage == 3:
        data = draw(st.binary(max_size=300))
    return data
