"""Settings: one frozen object, read at the edges (CLI, web app, workers) and passed down."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from slant.errors import ConfigError

__all__ = ["LANGUAGE_CHOICES", "PROFILES", "Settings", "load_settings"]


@dataclass(frozen=True)
class Settings:
    """Everything a pipeline needs to be rebuilt in another process.

    Attributes:
        only: run just these analyzers (plus nothing else); empty means the defaults.
        skip: analyzers to leave out of the defaults.
        add: analyzers to run besides the defaults (those off by default, e.g. ``roles``).
        max_bytes: inputs larger than this are recorded as skipped (``TooLarge``).
        language_check: skip texts the language identifier finds confidently not English.
        on_error: ``"record"`` turns analyzer failures into Skips, ``"raise"`` propagates.
        profile: ``"fast"`` (the default models) or ``"accurate"`` (larger encoders where an
            analyzer has one: techniques on all-mpnet-base-v2; slower, more accurate).
        language: ``"auto"`` (the language identifier routes Russian text to the Russian
            pipeline, everything else to the English one) or ``"en"`` / ``"ru"`` to force a
            pipeline (no refusal then).
        analyzers: keyword options per analyzer name.
        story_vectors: also compute each article's sentence vector for ``slant stories``
            (:mod:`slant.sentence_vectors`); ``ingest`` and ``watch`` turn it on.
        timeout: seconds one article may take in a worker process (runs with 2 or more
            workers): its worker is then killed and the article recorded as skipped
            ("timed out"); 0 means no limit.
    """

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    max_bytes: int = 2_000_000
    language_check: bool = True
    on_error: str = "raise"
    profile: str = "fast"
    language: str = "auto"
    analyzers: dict[str, dict[str, Any]] = field(default_factory=dict)
    story_vectors: bool = False
    timeout: float = 600.0

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_ENV_PREFIX = "SLANT_"
PROFILES = ("fast", "accurate")
LANGUAGE_CHOICES = ("auto", "en", "ru")


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Defaults < ``slant.toml`` (``config``) < ``SLANT_*`` environment < ``overrides``.

    Raises:
        ConfigError: unknown key or a value of the wrong type.
    """
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    if config is not None:
        try:
            data = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config}: cannot read configuration ({exc})") from exc
        for key, value in data.items():
            if key not in known:
                raise ConfigError(f"{config}: unknown setting {key!r}")
            values[key] = tuple(value) if isinstance(value, list) else value
    for key in known:
        raw = os.environ.get(_ENV_PREFIX + key.upper())
        if raw is None or key == "analyzers":
            continue
        values[key] = _parse_env(key, raw)
    values.update({k: v for k, v in overrides.items() if v is not None})
    for key in values:
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}")
    if values.get("on_error", "raise") not in ("raise", "record"):
        raise ConfigError(f"on_error must be 'raise' or 'record', not {values['on_error']!r}")
    if values.get("profile", "fast") not in PROFILES:
        raise ConfigError(f"profile must be 'fast' or 'accurate', not {values['profile']!r}")
    if values.get("language", "auto") not in LANGUAGE_CHOICES:
        raise ConfigError(f"language must be auto, en or ru, not {values['language']!r}")
    return Settings(**values)


def _parse_env(key: str, raw: str) -> Any:
    if key in ("only", "skip", "add"):
        return tuple(x.strip() for x in raw.split(",") if x.strip())
    if key == "max_bytes":
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"SLANT_MAX_BYTES must be an integer, not {raw!r}") from exc
    if key == "timeout":
        try:
            return float(raw)
        except ValueError as exc:
            raise ConfigError(f"SLANT_TIMEOUT must be a number of seconds, not {raw!r}") from exc
    if key in ("language_check", "story_vectors"):
        return raw.strip().lower() not in ("0", "false", "no", "off")
    return raw
