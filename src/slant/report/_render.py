"""What the text and Markdown renderings of ``report/`` share (the article summary, the
story side by side, their sections): clipping, numbers, Markdown escaping, and the styled
lines of a :class:`rich.text.Text`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is a CLI dependency; import it only where a Text is built
    from rich.text import Text

__all__ = ["StyledLines", "clip", "md", "number"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut with an ellipsis beyond ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_MARKS = frozenset('"“”„«»')


def quoted(text: str, marks: str = '""') -> str:
    """A quote's words in quotation marks (``marks``: the opening and closing one), unless
    they carry their own: a mixed quote's span holds the paraphrase and the marks of the
    quoted part (``that "NATO's expansion … Cold War.``), which more marks would garble.
    A mark the span opens and does not close (its end stops before the closing one) is
    closed, so the quoted part reads as a quotation."""
    if not _MARKS & set(text):
        return f"{marks[0]}{text}{marks[1]}"
    closing = '"' if text.count('"') % 2 else ""
    closing += "”" * max(0, text.count("“") - text.count("”"))
    closing += "»" * max(0, text.count("«") - text.count("»"))
    return text + closing


def number(value: float | None) -> str:
    """A count's number as shown: 3,811; 2.5; ? when unknown."""
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def md(text: str) -> str:
    """Escape Markdown's inline syntax so article text shows as written."""
    return _MD_SPECIAL.sub(r"\\\1", text)


class StyledLines:
    """A :class:`rich.text.Text` built line by line; a part is a string or ``(text, style
    name)``, the name looked up in ``styles`` (else used as a rich style itself)."""

    def __init__(self, styles: Mapping[str, str]) -> None:
        from rich.text import Text

        self.styles = styles
        self.text: Text = Text()

    def line(self, *parts: tuple[str, str] | str, indent: int = 0) -> None:
        """Append one line, indented by ``indent`` spaces."""
        self.text.append(" " * indent)
        for part in parts:
            text, style = (part, "") if isinstance(part, str) else part
            self.text.append(text, style=self.styles.get(style, style) or None)
        self.text.append("\n")
