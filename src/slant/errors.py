"""The exceptions slant raises on purpose.

```
SlantError                    everything slant raises on purpose
├── InputError(ValueError)    this article cannot be analysed → recorded as a Skip
│   ├── EmptyInput · BinaryInput · EncodingError · TooLarge
│   ├── NoArticleText · MalformedInput · UnreadablePath · NotEnglish · UnsupportedInput
├── UsageError                bad option, path or config value → exit 2
│   └── ConfigError
├── ResourceError             packaged model or data missing or broken → exit 2
├── StoreError                database unreachable or not migratable → exit 1
└── AnalyzerError             unexpected failure inside one analyzer
RegistryError(RuntimeError)   misuse of slant's own API (a bug, not a user error)
```

Messages are built inside each class so every raise site says the same thing. Any other
exception raised while one input is read or analysed (a RecursionError, a library's own
error) is that input's Skip too, described by :func:`describe`; only KeyboardInterrupt and
SystemExit stop a run.
"""

from __future__ import annotations

__all__ = [
    "AnalyzerError",
    "BinaryInput",
    "ConfigError",
    "EmptyInput",
    "EncodingError",
    "InputError",
    "MalformedInput",
    "NoArticleText",
    "NotEnglish",
    "RegistryError",
    "ResourceError",
    "SlantError",
    "SlantWarning",
    "StoreError",
    "TooLarge",
    "UnreadablePath",
    "UnsupportedInput",
    "UsageError",
    "describe",
]


class SlantError(Exception):
    """Root of every error slant raises on purpose."""


class InputError(SlantError, ValueError):
    """One input cannot be analysed; batches record it as a Skip and go on."""


class EmptyInput(InputError):
    def __init__(self, where: str) -> None:
        super().__init__(f"{where}: empty input (no text to analyse)")


class BinaryInput(InputError):
    def __init__(self, where: str, kind: str = "a binary file") -> None:
        self.kind = kind
        extra = "" if kind == "a binary file" else "; slant reads text, HTML, PDF and Word files"
        super().__init__(f"{where}: looks like {kind}, not text{extra}")


class EncodingError(InputError):
    def __init__(self, where: str, position: int, detail: str = "") -> None:
        self.position = position
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"{where}: invalid UTF-8 at byte {position}{extra}; re-save the file as UTF-8"
        )


class TooLarge(InputError):
    def __init__(self, where: str, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(
            f"{where}: {size:,} bytes is over the limit of {limit:,} bytes per article "
            "(raise it with --max-bytes)"
        )


class NoArticleText(InputError):
    def __init__(self, where: str, detail: str = "no article text found") -> None:
        super().__init__(f"{where}: {detail}")


class MalformedInput(InputError):
    def __init__(self, where: str, detail: str) -> None:
        super().__init__(f"{where}: {detail}")


class UnsupportedInput(InputError):
    """An input slant recognises but cannot read (an encrypted PDF, a URL...)."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(f"{where}: {detail}")


class UnreadablePath(InputError):
    def __init__(self, where: str, detail: str) -> None:
        super().__init__(f"{where}: cannot read ({detail})")


class NotEnglish(InputError):
    """The language identifier is confident that the text is neither English nor Russian.

    Args:
        where: the input's source or id.
        language: the detected language's code ("fr").
        confidence: the identifier's probability for it.
        name: the language's English name ("French"); the code if not given.
    """

    def __init__(
        self, where: str, language: str, confidence: float, name: str | None = None
    ) -> None:
        self.language = language
        self.confidence = confidence
        super().__init__(
            f"{where}: text is in {name or language} ({language}, {confidence:.2f}); "
            "slant analyses English and Russian only "
            "(use --no-language-check to analyse it as English anyway)"
        )


class UsageError(SlantError):
    """A bad option, path or configuration value (exit code 2)."""


class ConfigError(UsageError):
    """A bad configuration key or value."""


class ResourceError(SlantError):
    """A packaged model or data file is missing or incompatible."""


class StoreError(SlantError):
    """The database cannot be reached, created or migrated."""


class AnalyzerError(SlantError):
    """An unexpected failure inside one analyzer, wrapped once by the pipeline."""

    def __init__(self, analyzer: str, article_id: str, cause: BaseException) -> None:
        self.analyzer, self.article_id = analyzer, article_id
        super().__init__(f"{article_id}: analyzer {analyzer!r} failed: {describe(cause)}")


class RegistryError(RuntimeError):
    """slant's own API was misused (e.g. an analyzer name registered twice)."""


def describe(exc: BaseException, limit: int = 300) -> str:
    """``Type: message`` on one line, at most ``limit`` characters (for a Skip's reason)."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SlantWarning(UserWarning):
    """A valid but degraded result."""
