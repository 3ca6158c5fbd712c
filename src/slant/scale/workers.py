"""How many worker processes to start: ``--workers auto`` or a number.

``auto`` is the number of cores this process may run on (its CPU affinity, and the
cgroup CPU quota of a container), capped by memory (about 0.9 GB per worker with every
analyzer loaded, see docs/performance.md) and by the number of inputs, and at least 1.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from slant.errors import UsageError

__all__ = [
    "AUTO",
    "WORKER_MEMORY_BYTES",
    "auto_workers",
    "available_cpus",
    "available_memory",
    "resolve_workers",
]

AUTO = "auto"
# peak RSS of one worker with every analyzer is 812-818 MB (bench/throughput.py), plus room
WORKER_MEMORY_BYTES = int(0.9 * 1024**3)
_CGROUP = Path("/sys/fs/cgroup")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def available_cpus() -> int:
    """The cores this process may use: its affinity mask, capped by a cgroup v2 quota."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    quota = (_read(_CGROUP / "cpu.max") or "max").split()
    if len(quota) == 2 and quota[0] != "max":
        try:
            cpus = min(cpus, max(1, math.ceil(int(quota[0]) / int(quota[1]))))
        except (ValueError, ZeroDivisionError):
            pass
    return max(1, cpus)


def available_memory() -> int | None:
    """Bytes of memory available to new processes (MemAvailable, within a cgroup limit);
    None where it cannot be read."""
    avail: int | None = None
    for line in (_read(Path("/proc/meminfo")) or "").splitlines():
        if line.startswith("MemAvailable:"):
            avail = int(line.split()[1]) * 1024
            break
    limit, used = _read(_CGROUP / "memory.max"), _read(_CGROUP / "memory.current")
    if limit and limit != "max" and used and limit.isdigit() and used.isdigit():
        room = max(0, int(limit) - int(used))
        avail = room if avail is None else min(avail, room)
    return avail


def auto_workers(
    n_inputs: int | None = None,
    *,
    cpus: int | None = None,
    memory: int | None = None,
    per_worker: int = WORKER_MEMORY_BYTES,
) -> int:
    """The ``auto`` worker count: cores, capped by memory and by ``n_inputs`` (if known).

    ``cpus`` and ``memory`` default to :func:`available_cpus` and :func:`available_memory`.
    """
    n = cpus if cpus is not None else available_cpus()
    mem = memory if memory is not None else available_memory()
    if mem is not None:
        n = min(n, mem // per_worker)
    if n_inputs is not None:
        n = min(n, n_inputs)
    return max(1, n)


def resolve_workers(value: str | int, n_inputs: int | None = None) -> int:
    """``--workers``: ``auto`` (see :func:`auto_workers`) or a whole number of at least 1.

    Raises:
        UsageError: anything else.
    """
    if isinstance(value, int) or value.strip().isdigit():
        n = int(value)
        if n >= 1:
            return n
    elif value.strip().lower() == AUTO:
        return auto_workers(n_inputs)
    raise UsageError(f"--workers must be auto or a number of at least 1, not {value!r}")
