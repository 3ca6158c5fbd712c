"""Speed, peak RSS and model load time of the techniques analyzer (never run in CI).

    python bench/techniques_speed.py --data ../shared/data --n 75 --workers 2

Copies N English articles (the SemEval-2023 dev ids) to a temp folder, then runs a full
``slant analyze`` on them with and without the techniques analyzer and reports
articles/s and the peak RSS of the largest process.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def load_seconds() -> float:
    """Model load time of the techniques analyzer in a fresh process."""
    code = (
        "import time; t=time.perf_counter();"
        "from slant.analyzers.techniques import TechniquesAnalyzer as T;"
        "a=T(); a.initialize(); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run(folder: Path, workers: int, extra: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest child) of one ``slant analyze`` run."""
    t = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        cmd = [sys.executable, "-m", "slant", "analyze", str(folder), "-o", out.name]
        subprocess.run([*cmd, "--workers", str(workers), *extra], check=True)
    secs = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return secs, rss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--n", type=int, default=75)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    ids = (args.data / "semeval2023-task3/en/suggested-dev-ids-from-ptc-dev.txt").read_text()
    src = args.data / "semeval2023-task3/en/train-articles-subtask-3"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for aid in sorted(ids.split())[: args.n]:
            shutil.copy(src / f"article{aid}.txt", folder)
        n = len(list(folder.glob("*.txt")))
        print(f"model_load_seconds: {load_seconds():.2f}")
        for label, extra in (("without_techniques", ["--skip", "techniques"]), ("full", [])):
            secs, rss = run(folder, args.workers, extra)
            print(f"{label}_articles_per_second: {n / secs:.2f}")
            print(f"{label}_seconds: {secs:.1f}")
        print(f"peak_rss_mb: {rss:.0f}")
        print(f"articles: {n}")
        print(f"workers: {args.workers}")


if __name__ == "__main__":
    main()
