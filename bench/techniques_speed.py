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


def analyzer_cpu_seconds(folder: Path) -> tuple[float, float]:
    """(CPU seconds per article of the techniques analyzer alone, of which MiniLM encoding).

    Parses every article with the pipeline first, then times only the analyzer's call
    (one thread; ``time.process_time``), so the figure does not depend on other load.
    """
    from slant.analyzers.techniques import TechniquesAnalyzer
    from slant.article import Article
    from slant.config import Settings
    from slant.pipeline import Pipeline

    pipe = Pipeline(Settings(only=("techniques",), language_check=False))
    an = TechniquesAnalyzer()
    an.initialize()
    arts = []
    for p in sorted(folder.glob("*.txt")):
        arts.append(pipe(Article(id=p.stem, text=p.read_text(encoding="utf-8")), keep_doc=True))
    an(arts[0])  # warm-up
    total = enc = 0.0
    for a in arts:
        t = time.process_time()
        if an.encoder_ is not None:
            an.states(a)
        enc += time.process_time() - t
        an(a)
        total += time.process_time() - t
    return total / len(arts), enc / len(arts)


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
    ap.add_argument("--only-cpu", action="store_true", help="skip the two slant analyze runs")
    args = ap.parse_args()
    ids = (args.data / "semeval2023-task3/en/suggested-dev-ids-from-ptc-dev.txt").read_text()
    src = args.data / "semeval2023-task3/en/train-articles-subtask-3"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for aid in sorted(ids.split())[: args.n]:
            shutil.copy(src / f"article{aid}.txt", folder)
        n = len(list(folder.glob("*.txt")))
        print(f"model_load_seconds: {load_seconds():.2f}")
        cpu, enc = analyzer_cpu_seconds(folder)
        print(f"techniques_cpu_seconds_per_article: {cpu:.3f}")
        print(f"minilm_cpu_seconds_per_article: {enc:.3f}")
        if args.only_cpu:
            return
        for label, extra in (("without_techniques", ["--skip", "techniques"]), ("full", [])):
            secs, rss = run(folder, args.workers, extra)
            print(f"{label}_articles_per_second: {n / secs:.2f}")
            print(f"{label}_seconds: {secs:.1f}")
        print(f"peak_rss_mb: {rss:.0f}")
        print(f"articles: {n}")
        print(f"workers: {args.workers}")


if __name__ == "__main__":
    main()
