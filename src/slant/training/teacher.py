"""Fine-tune only the top layers of all-mpnet-base-v2 on cached lower-layer states.

Fine-tuning the whole of all-mpnet-base-v2 costs about 8.4 s per 16×128 step on the 2 CPU
cores here (about 5 hours for two epochs). The lower layers change least in fine-tuning,
so the teacher of the accurate profile keeps them frozen:

1. the embeddings and the lower ``12 - K`` layers run once, without gradients, over every
   training window (the windows of :func:`slant.training.finetune.line_windows`, one per
   non-empty line); their output goes to disk in float16, memory-mapped
   (:class:`StateCache`, under ``~/.cache/slant/teacher/``);
2. the top ``K`` layers and the two token heads are then trained on those states with the
   loop, losses, batch order and resumable checkpoints of
   :func:`slant.training.finetune.fit_encoder` (``top_layers=K``);
3. the trained layers go back into the full model, which is exported to int8 ONNX like any
   fine-tuned MPNet (:func:`slant.training.mpnet.build_accurate_encoder`).

The cache is built in fixed chunks and records its progress after each one, so a build
that is killed continues where it stopped. It is reused only when its fingerprint
matches: the base model's config and weights file, the windows' word pieces and the
number of cached layers. Needs torch and transformers (the ``accurate`` extra).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "CACHE_ROOT",
    "StateCache",
    "TopLayers",
    "cache_fingerprint",
    "file_digest",
    "lower_states",
]

log = logging.getLogger(__name__)

CACHE_ROOT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "slant" / "teacher"
STATES = "states.f16"  # (pieces of every window, in window order) × hidden size, float16
META = "meta.json"  # fingerprint, shape, chunk size and how many chunks are written


def file_digest(path: Path, head: int = 1 << 20) -> str:
    """A cheap fingerprint of a large file: its size and its first and last MiB."""
    h = hashlib.sha256(str(path.stat().st_size).encode())
    with path.open("rb") as fh:
        h.update(fh.read(head))
        fh.seek(max(0, path.stat().st_size - head))
        h.update(fh.read(head))
    return h.hexdigest()


def cache_fingerprint(model_dir: Path, windows: Sequence[Any], lower: int) -> str:
    """What the cached states depend on: the model, the windows' pieces, the cached depth.

    Args:
        model_dir: the float32 base model's folder (``config.json``, the weights).
        windows: the training windows (their first item, the word-piece ids, is hashed).
        lower: how many encoder layers the cache holds the output of.
    """
    h = hashlib.sha256(f"lower={lower};float16;v1".encode())
    h.update((model_dir / "config.json").read_bytes())
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (model_dir / name).exists():
            h.update(file_digest(model_dir / name).encode())
    for w in windows:
        h.update(np.asarray(w[0], dtype=np.int32).tobytes())
        h.update(b"|")
    return h.hexdigest()[:16]


def _layer_mask(model: Any, hidden: Any, mask: Any) -> Any:
    """The attention mask the model's layers take, made as its own forward pass makes it.

    transformers 5 builds it with ``create_bidirectional_mask``; older versions take the
    additive (batch, 1, 1, tokens) mask: 0 where seen, very negative where padded.
    """
    import torch

    try:
        from transformers.masking_utils import create_bidirectional_mask
    except ImportError:  # transformers 4
        ext = mask[:, None, None, :].to(hidden.dtype)
        return (1.0 - ext) * torch.finfo(hidden.dtype).min
    return create_bidirectional_mask(config=model.config, inputs_embeds=hidden, attention_mask=mask)


class TopLayers:
    """The top layers of an MPNet model, run on given lower-layer states.

    The layer modules are the model's own (not copies): training them trains the model.
    The relative position bias is computed by the model's encoder as in a full forward
    pass (its table is shared with the frozen lower layers and stays frozen).

    Args:
        model: a transformers ``MPNetModel``.
        lower: the number of layers below (their output is the input here).
    """

    def __init__(self, model: Any, lower: int) -> None:
        self.model = model
        self.lower = lower
        self.layers = list(model.encoder.layer[lower:])

    def parameters(self) -> list[Any]:
        """The trainable parameters: those of the top layers."""
        return [p for layer in self.layers for p in layer.parameters()]

    def state_dict(self) -> dict[str, Any]:
        """The top layers' weights (keys as in the full model's ``encoder.layer.N``)."""
        out = {}
        for k, layer in enumerate(self.layers):
            for name, value in layer.state_dict().items():
                out[f"encoder.layer.{self.lower + k}.{name}"] = value
        return out

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Load weights written by :meth:`state_dict`."""
        for k, layer in enumerate(self.layers):
            prefix = f"encoder.layer.{self.lower + k}."
            layer.load_state_dict(
                {n[len(prefix) :]: v for n, v in state.items() if n.startswith(prefix)}
            )

    def train(self, on: bool = True) -> None:
        """Dropout on (training) or off, in the top layers only."""
        for layer in self.layers:
            layer.train(on)

    def __call__(self, hidden: Any, mask: Any) -> Any:
        """The last hidden states, from the lower states ``hidden`` (batch × tokens × dim)."""
        bias = self.model.encoder.compute_position_bias(hidden)
        ext = _layer_mask(self.model, hidden, mask)
        for layer in self.layers:
            out = layer(hidden, attention_mask=ext, position_bias=bias)
            hidden = out[0] if isinstance(out, tuple) else out
        return hidden


def lower_states(model: Any, ids: Any, mask: Any, lower: int) -> Any:
    """The output of the embeddings and the first ``lower`` layers (no gradients)."""
    import torch

    with torch.no_grad():
        hidden = model.embeddings(input_ids=ids)
        bias = model.encoder.compute_position_bias(hidden)
        ext = _layer_mask(model, hidden, mask)
        for layer in model.encoder.layer[:lower]:
            out = layer(hidden, attention_mask=ext, position_bias=bias)
            hidden = out[0] if isinstance(out, tuple) else out
    return hidden


class StateCache:
    """Float16 lower-layer states of every training window, memory-mapped from disk.

    Rows of window ``i`` are ``offsets[i]:offsets[i + 1]`` of ``states.f16`` (its word
    pieces, ``<s>`` and ``</s>`` included, no padding). Build it with :meth:`build`.
    """

    def __init__(self, folder: Path, offsets: np.ndarray, dim: int) -> None:
        self.folder = folder
        self.offsets = offsets
        self.dim = dim
        self.states = np.memmap(folder / STATES, dtype=np.float16, mode="r").reshape(-1, dim)

    @staticmethod
    def folder_for(root: Path, fingerprint: str) -> Path:
        """The cache folder of one fingerprint under ``root``."""
        return root / f"mpnet-{fingerprint}"

    @classmethod
    def build(
        cls,
        root: Path,
        model: Any,
        windows: Sequence[Any],
        lower: int,
        *,
        fingerprint: str,
        chunk: int = 32,
        device: str = "cpu",
    ) -> StateCache:
        """Open the cache of these windows, computing (or finishing) it first if needed.

        Windows are cut into fixed chunks (in order of length, for little padding); after
        each chunk the rows are flushed and ``meta.json`` records it, so a killed build
        resumes at the first chunk not recorded.

        Args:
            root: the folder holding caches (one subfolder per fingerprint).
            model: the frozen base ``MPNetModel`` (eval mode).
            windows: the training windows (``ids`` first).
            lower: how many layers to run.
            fingerprint: :func:`cache_fingerprint` of model, windows and ``lower``.
            chunk: windows per forward pass.
            device: torch device of the forward passes.
        """
        import torch

        folder = cls.folder_for(root, fingerprint)
        folder.mkdir(parents=True, exist_ok=True)
        lengths = np.array([len(w[0]) for w in windows], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        dim = int(model.config.hidden_size)
        order = sorted(range(len(windows)), key=lambda i: (lengths[i], i))
        chunks = [order[k : k + chunk] for k in range(0, len(order), chunk)]
        meta_path = folder / META
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        want = {
            "fingerprint": fingerprint,
            "rows": int(offsets[-1]),
            "dim": dim,
            "windows": len(windows),
            "lower": lower,
            "chunk": chunk,
        }
        if any(meta.get(k) != v for k, v in want.items()):  # another build: start afresh
            meta = {**want, "chunks_done": 0, "seconds": 0.0}
            np.memmap(folder / STATES, dtype=np.float16, mode="w+", shape=(want["rows"], dim))
            _write_json(meta_path, meta)
        done = int(meta["chunks_done"])
        if done < len(chunks):
            log.info(
                "state cache %s: %d of %d chunks done, %d windows, %d rows",
                folder,
                done,
                len(chunks),
                len(windows),
                offsets[-1],
            )
            model.to(device).eval()
            pad = model.config.pad_token_id or 0
            out = np.memmap(folder / STATES, dtype=np.float16, mode="r+").reshape(-1, dim)
            t0 = time.time()
            for k in range(done, len(chunks)):
                b = chunks[k]
                width = int(max(lengths[i] for i in b))
                ids = torch.full((len(b), width), pad, dtype=torch.long)
                mask = torch.zeros_like(ids)
                for r, i in enumerate(b):
                    ids[r, : lengths[i]] = torch.tensor(windows[i][0])
                    mask[r, : lengths[i]] = 1
                hidden = lower_states(model, ids.to(device), mask.to(device), lower)
                hidden = hidden.float().cpu().numpy().astype(np.float16)
                for r, i in enumerate(b):
                    out[offsets[i] : offsets[i + 1]] = hidden[r, : lengths[i]]
                out.flush()
                meta["chunks_done"] = k + 1
                meta["seconds"] = round(float(meta["seconds"]) + time.time() - t0, 1)
                t0 = time.time()
                _write_json(meta_path, meta)
                if (k + 1) % 20 == 0:
                    log.info(
                        "state cache: %d/%d chunks, %.0f s", k + 1, len(chunks), meta["seconds"]
                    )
            del out
        return cls(folder, offsets, dim)

    def batch(self, indices: Sequence[int], width: int) -> np.ndarray:
        """The float32 states of these windows, zero-padded to ``width`` pieces."""
        out = np.zeros((len(indices), width, self.dim), dtype=np.float32)
        for r, i in enumerate(indices):
            rows = self.states[self.offsets[i] : self.offsets[i + 1]]
            out[r, : len(rows)] = rows
        return out

    @property
    def nbytes(self) -> int:
        """Size of the states file."""
        return int((self.folder / STATES).stat().st_size)


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write JSON atomically (a kill mid-write keeps the old file)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
