"""CPU cost and peak RSS of the Russian techniques, frames and genre heads (never run in CI).

    python bench/russian_techniques.py --data ../shared/data --n 60
    python bench/russian_techniques.py --data ../shared/data --n 60 --pipeline --workers 2

Default: the Russian part alone (the multilingual encoder + the paragraph heads + the
frames and genre heads) on N Russian train articles, cleaned into paragraphs, in this
process: CPU-seconds per article (``time.process_time``, so other load matters little),
wall articles/s, and the peak RSS. Paragraphs are encoded in one batch per article; the
frames and genre heads reuse the techniques' paragraph vectors. ``--pipeline`` runs the
whole default ``slant analyze`` on the same articles instead (copied to a temp folder,
``--workers`` processes) and reports articles/s and the peak RSS of the largest process.
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


def articles(data: Path, n: int) -> list[Path]:
    folder = data / "semeval2023-task3" / "ru" / "train-articles-subtask-3"
    return sorted(folder.glob("article*.txt"))[:n]


def heads_only(paths: list[Path], threads: int) -> dict[str, float]:
    from slant.analyzers.frames import FramesAnalyzer
    from slant.analyzers.genre import GenreAnalyzer
    from slant.analyzers.techniques.russian import annotate_russian
    from slant.article import Article
    from slant.clean import clean

    t0 = time.perf_counter()
    frames, genre = FramesAnalyzer(), GenreAnalyzer()
    frames.initialize()
    genre.initialize()
    arts = []
    for p in paths:
        with p.open(encoding="utf-8", newline="") as fh:
            a = Article(id=p.stem, text=fh.read(), meta={"language": "ru"})
        clean(a)
        arts.append(a)
    warm = Article(id="warm", text="Разминка.\n\nПервый абзац.", meta={"language": "ru"})
    clean(warm)
    annotate_russian(warm, threads=threads)  # loads the encoder and the heads
    load = time.perf_counter() - t0
    c0, w0 = time.process_time(), time.perf_counter()
    n_par = 0
    for a in arts:
        annotate_russian(a, threads=threads)
        frames(a)
        genre(a)
        n_par += len(a.paragraphs)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    return {
        "articles": len(arts),
        "paragraphs_per_article": n_par / len(arts),
        "cpu_s_per_article": cpu / len(arts),
        "articles_per_s_wall": len(arts) / wall,
        "articles_per_cpu_s": len(arts) / cpu,
        "load_s": load,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def pipeline(paths: list[Path], workers: int, skip: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            shutil.copy(p, Path(tmp) / p.name)
        out = Path(tmp) / "out.jsonl"
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "slant",
                "analyze",
                tmp,
                "-o",
                str(out),
                "--workers",
                str(workers),
            ],
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - t0
        ru = sum(
            1 for line in out.read_text(encoding="utf-8").splitlines() if '"language": "ru"' in line
        )
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "articles": len(paths),
        "analysed_as_ru": ru,
        "articles_per_s_wall": len(paths) / wall,
        "cpu_s_per_article": (child.ru_utime + child.ru_stime) / len(paths),
        "peak_rss_mb_largest_process": child.ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--pipeline", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip", action="append", default=[], help="--pipeline: leave out")
    args = ap.parse_args()
    paths = articles(args.data, args.n)
    res = (
        pipeline(paths, args.workers, args.skip)
        if args.pipeline
        else heads_only(paths, args.threads)
    )
    for k, v in res.items():
        print(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}")


if __name__ == "__main__":
    main()
