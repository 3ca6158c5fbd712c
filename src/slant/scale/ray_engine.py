"""The Ray engine: the local engine's per-article analysis, run by Ray Data actors.

The driver reads the inputs with :mod:`slant.readers` (Parquet through
``ray.data.read_parquet``), so ids and Skips are those of the local engine. Skips stay in
the driver; each article travels as ``{"pos", "blob"}``, ``blob`` the pickled Article: pickle keeps
every field (metadata, unrounded scores) and never outlives the run, which is why it is used
here and nowhere on disk. ``map_batches`` runs a pool of actors that each build
``Pipeline(settings)`` once and call :meth:`Pipeline.run_one` (so a failing analyzer is a
recorded Skip exactly as locally). Results stream back in input order; the driver checks
that every position comes back exactly once.

A worker process that dies (killed, out of memory) is restarted by Ray and its batch is
run again on the new actor (``max_restarts`` / ``max_task_retries``); the retried batch's
results replace the lost ones, so each article is still output once.
"""

from __future__ import annotations

import logging
import os
import pickle
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from slant.article import Article, Skip
from slant.config import Settings
from slant.errors import SlantError, UsageError

__all__ = [
    "DEFAULT_OBJECT_STORE_MB",
    "EngineError",
    "RayConnection",
    "analyze_items_ray",
    "analyze_paths_ray",
    "connect",
    "ingest_ray",
    "require_ray",
]

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "the ray engine needs Ray: pip install 'slant[ray]' (or pip install 'ray[data,client]')"
)
DEFAULT_OBJECT_STORE_MB = 256  # a local instance only; a cluster keeps its own setting
DEFAULT_BATCH_SIZE = 4  # articles per actor call: small, so 2 actors share a short run evenly
DEFAULT_RETRIES = 3  # restarts of a dead actor and re-runs of its batch
# A private local instance has no one to read its metrics, event statistics or task
# timeline; their collection took about 5 % of a 2-core machine from the workers
# (bench/ray_throughput.py: 2 workers 5.57 → 5.90 articles/s). A cluster keeps its own.
LOCAL_SYSTEM_CONFIG: dict[str, Any] = {
    "enable_metrics_collection": False,
    "event_stats": False,
    "task_events_report_interval_ms": 0,
}


class EngineError(SlantError):
    """The distributed run failed (e.g. a worker kept dying past its retries)."""


def require_ray(*, local: bool = True) -> Any:
    """Import Ray (and Ray Data) or raise a usage error naming the install command.

    Args:
        local: no cluster address is given, so a local instance will start: keep it on
            loopback. Ray reads this when first imported, so call this before any
            ``import ray`` in the process.
    """
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if local:
        # On Linux Ray binds its servers to every interface and names the node by its
        # routable IP; with "clusters off" (the macOS/Windows default) it uses 127.0.0.1.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
        import ray.data  # the extra, not just ray core
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return ray


class RayConnection:
    """A connection to Ray; shuts down only a local instance it started itself."""

    def __init__(self, *, started: bool, address: str | None) -> None:
        self.started = started
        self.address = address

    def close(self) -> None:
        if self.started:
            import ray

            ray.shutdown()
            self.started = False

    def __enter__(self) -> RayConnection:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def connect(
    address: str | None = None,
    *,
    num_cpus: int | None = None,
    object_store_mb: int = DEFAULT_OBJECT_STORE_MB,
) -> RayConnection:
    """Connect to a Ray cluster (``auto``, ``ray://host:port``, ``host:port``) or start a
    local instance on 127.0.0.1 (no dashboard, a small object store).

    An already initialised Ray (e.g. in a notebook or test) is reused and left running.

    Raises:
        UsageError: Ray is not installed, or the cluster cannot be reached.
    """
    ray = require_ray(local=not address)
    if ray.is_initialized():
        return RayConnection(started=False, address=address)
    # workers' stdout/stderr streamed to this terminal only with `slant -v`: the log
    # monitor tailing them cost the workers about 5 % of a 2-core machine (the files stay
    # in the session's logs folder, and a failed article is a recorded Skip anyway)
    kwargs: dict[str, Any] = {
        "logging_level": logging.WARNING,
        "log_to_driver": log.isEnabledFor(logging.INFO),
    }
    try:
        if address:
            ray.init(address=address, **kwargs)
            return RayConnection(started=False, address=address)
        ray.init(
            address="local",
            _node_ip_address="127.0.0.1",
            include_dashboard=False,
            num_cpus=num_cpus or os.cpu_count() or 1,
            object_store_memory=object_store_mb * 1024 * 1024,
            _system_config=LOCAL_SYSTEM_CONFIG,
            **kwargs,
        )
    except (ConnectionError, TimeoutError, ValueError, RuntimeError) as exc:
        where = f"the Ray cluster at {address!r}" if address else "a local Ray instance"
        raise UsageError(f"cannot start or reach {where}: {exc}") from exc
    return RayConnection(started=True, address=None)


class _Analyse:
    """One Ray actor: builds the pipeline once, then analyses batches of pickled items."""

    def __init__(self, settings: Settings, setup: Callable[[], object] | None = None) -> None:
        if setup is not None:
            setup()  # e.g. register analyzers that live outside slant's package
        from slant.pipeline import Pipeline

        self.pipeline = Pipeline(settings)
        self.pipeline.initialize()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        blobs = [
            pickle.dumps(self.pipeline.run_one(pickle.loads(b)), protocol=pickle.HIGHEST_PROTOCOL)
            for b in batch["blob"]
        ]
        return {"pos": batch["pos"], "blob": blobs}


def _ignore_remote_args_warning() -> None:
    """Silence Ray's notice that free-form remote args will go (Ray >= 2.55): the bounded
    ``max_restarts`` / ``max_task_retries`` have no named replacement yet, and Ray Data's
    own default (unbounded) would loop forever on a text that kills its worker every time."""
    import warnings

    from ray.util.annotations import RayDeprecationWarning

    warnings.filterwarnings(
        "ignore", message="`ray_remote_args` is deprecated", category=RayDeprecationWarning
    )


def _quiet_ray_data(ctx: Any) -> None:
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.execution_options.preserve_order = True  # results in input order, streamed
    if not log.isEnabledFor(logging.INFO):  # Ray Data's notices unless slant -v
        logging.getLogger("ray.data").setLevel(logging.ERROR)


def analyze_items_ray(
    items: Iterable[Article | Skip],
    *,
    settings: Settings | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    retries: int = DEFAULT_RETRIES,
    num_cpus_per_worker: float = 1.0,
    setup: Callable[[], object] | None = None,
) -> Iterator[Article | Skip]:
    """Analyse already-read items on the connected Ray cluster, in input order.

    Same contract as :func:`slant.pipeline.analyze_items`: Skips pass through, failures
    become Skips with ``on_error="record"``, every item comes back exactly once.

    Args:
        workers: actors in the pool (each loads the models once).
        num_cpus_per_worker: CPUs Ray reserves per actor.
        setup: called in each actor before the pipeline is built (pickled by Ray).

    Raises:
        EngineError: the run failed, e.g. a worker died more than ``retries`` times.
    """
    import ray

    from slant.pipeline import Pipeline

    settings = settings or Settings()
    # the analyzer choice and the models' files, before any input is read or actor started
    Pipeline(settings).check()
    skips: dict[int, Skip] = {}  # inputs that need no analysis stay in the driver
    records: list[dict[str, Any]] = []
    total = 0
    for i, item in enumerate(items):
        total += 1
        if isinstance(item, Skip):
            skips[i] = item
        else:
            records.append({"pos": i, "blob": pickle.dumps(item, pickle.HIGHEST_PROTOCOL)})
    expected = 0  # the next input position to yield

    def skips_before(pos: int) -> Iterator[Skip]:
        nonlocal expected
        while expected < pos and expected in skips:
            yield skips.pop(expected)
            expected += 1

    if records:
        ds = _analysis_dataset(
            records, settings, workers, batch_size, retries, num_cpus_per_worker, setup
        )
        del records
        try:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                for pos, blob in zip(batch["pos"], batch["blob"], strict=True):
                    pos = int(pos)
                    if pos < expected:  # a retried batch seen twice: keep the first copy
                        log.warning("dropping a repeated result for input %d", pos)
                        continue
                    yield from skips_before(pos)
                    if pos != expected:
                        raise EngineError(f"the Ray run lost input {expected} (got {pos} next)")
                    expected += 1
                    yield pickle.loads(blob)
        except ray.exceptions.RayError as exc:
            raise EngineError(f"the Ray run failed: {exc}") from exc
    yield from skips_before(total)
    if expected != total:
        raise EngineError(f"the Ray run returned {expected} of {total} inputs")


def _analysis_dataset(
    records: list[dict[str, Any]],
    settings: Settings,
    workers: int,
    batch_size: int,
    retries: int,
    num_cpus_per_worker: float,
    setup: Callable[[], object] | None,
) -> Any:
    """The lazy Dataset: records → ``map_batches`` on a pool of :class:`_Analyse` actors."""
    import ray
    from ray.data import ActorPoolStrategy, DataContext

    # at least one block per actor, else Ray Data starts actors it cannot feed
    n_blocks = max(min(len(records), workers), -(-len(records) // batch_size))
    ctx = DataContext.get_current()
    saved = (ctx.enable_progress_bars, ctx.print_on_execution_start)
    saved_order = ctx.execution_options.preserve_order
    _quiet_ray_data(ctx)
    try:  # the Dataset copies the context when created
        with warnings.catch_warnings():
            _ignore_remote_args_warning()
            return ray.data.from_items(records, override_num_blocks=n_blocks).map_batches(
                _Analyse,
                fn_constructor_kwargs={"settings": settings, "setup": setup},
                batch_size=batch_size,
                batch_format="numpy",
                compute=ActorPoolStrategy(size=min(workers, n_blocks)),
                num_cpus=num_cpus_per_worker,
                max_restarts=retries,
                max_task_retries=retries,
            )
    finally:
        ctx.enable_progress_bars, ctx.print_on_execution_start = saved
        ctx.execution_options.preserve_order = saved_order


def _ray_parquet(path: Path, max_bytes: int) -> Iterator[Article | Skip]:
    """One Parquet file read by Ray Data (parallel read tasks), rows kept in file order."""
    import ray
    from ray.data import DataContext

    from slant.errors import InputError
    from slant.readers.names import printable_path
    from slant.readers.txt import id_from_path
    from slant.scale.parquet import parquet_columns, read_parquet, rows_to_items

    try:
        columns = parquet_columns(path)
    except InputError as exc:
        yield Skip(
            id=printable_path(id_from_path(path)), source=printable_path(path), error=str(exc)
        )
        return
    if printable_path(path) != str(path):  # Ray Data takes only UTF-8 paths: read it here
        yield from read_parquet(path, max_bytes=max_bytes)
        return
    ctx = DataContext.get_current()
    saved = (ctx.enable_progress_bars, ctx.print_on_execution_start)
    saved_order = ctx.execution_options.preserve_order
    _quiet_ray_data(ctx)
    try:
        ds = ray.data.read_parquet(str(path), columns=columns)
    finally:
        ctx.enable_progress_bars, ctx.print_on_execution_start = saved
        ctx.execution_options.preserve_order = saved_order
    yield from rows_to_items(ds.iter_rows(), path=path, max_bytes=max_bytes)


def read_inputs_ray(
    paths: Iterable[str | Path], *, max_bytes: int, web: Any = None
) -> Iterator[Article | Skip]:
    """The inputs of :func:`slant.scale.inputs.read_inputs`, Parquet read by Ray Data
    (URLs fetched on the driver by ``web``)."""
    from slant.scale.inputs import read_inputs

    return read_inputs(paths, max_bytes=max_bytes, parquet=_ray_parquet, web=web)


def analyze_paths_ray(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    workers: int = 1,
    web: Any = None,
    **options: Any,
) -> Iterator[Article | Skip]:
    """Read every input path (files, folders, ``-``, Parquet, URLs with ``web``) and
    analyse it on Ray, in input order (the Ray counterpart of
    :func:`slant.pipeline.analyze_many`)."""
    settings = settings or Settings()
    items = read_inputs_ray(paths, max_bytes=settings.max_bytes, web=web)
    return analyze_items_ray(items, settings=settings, workers=workers, **options)


def ingest_ray(
    paths: Iterable[str | Path],
    store: Any,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    reanalyze: bool = False,
    on_item: Callable[[Article | Skip | None], None] | None = None,
    web: Any = None,
    **options: Any,
) -> Any:
    """:func:`slant.ingest.ingest` with the analysis on Ray.

    The driver decides what needs analysing from the store's content hashes (same rules:
    unchanged and duplicate texts are not sent), and writes each result back in its own
    transaction as it streams in, so an interrupted run resumes like a local one.
    """
    import functools

    from slant.ingest import ingest

    return ingest(
        paths,
        store,
        settings=settings,
        workers=workers,
        reanalyze=reanalyze,
        on_item=on_item,
        read=functools.partial(read_inputs_ray, web=web),
        analyze=functools.partial(analyze_items_ray, **options),
    )
