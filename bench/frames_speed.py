"""Time the genre and frames analyzers per article (not run in CI).

Usage: python bench/frames_speed.py [DATA_DIR] [N]
Scores the first N English SemEval train articles (default 100) with both analyzers, after
the models are loaded, and prints the mean and 95th-percentile milliseconds per article.
Neither analyzer needs the spaCy parse, so this is all they add to the pipeline.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from slant.analyzers.frames import FramesAnalyzer
from slant.analyzers.genre import GenreAnalyzer
from slant.article import Article
from slant.training.frames import SEMEVAL, read_corpus


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else SEMEVAL
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    texts = read_corpus(data, "genre").texts[:n]
    t0 = time.perf_counter()
    genre, frames = GenreAnalyzer(), FramesAnalyzer()
    genre.initialize()
    frames.initialize()
    load_ms = (time.perf_counter() - t0) * 1000
    times = []
    for i, text in enumerate(texts):
        art = Article(id=str(i), text=text)
        t = time.perf_counter()
        genre(art)
        frames(art)
        times.append((time.perf_counter() - t) * 1000)
    ms = np.array(times)
    chars = np.mean([len(t) for t in texts])
    print(f"articles: {len(texts)}")
    print(f"mean_chars: {chars:.0f}")
    print(f"load_ms: {load_ms:.0f}")
    print(f"ms_per_article_mean: {ms.mean():.2f}")
    print(f"ms_per_article_p95: {np.percentile(ms, 95):.2f}")
    print(f"ms_per_article_max: {ms.max():.2f}")


if __name__ == "__main__":
    main()
