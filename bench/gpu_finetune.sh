#!/usr/bin/env bash
# Fine-tune all of all-mpnet-base-v2 on the PTC spans on a lent GPU and bring back the
# accurate profile's encoder folder (the same files `slant train encoder --profile accurate
# --finetune` writes on a CPU in ~5 hours). The CPU path never calls this script.
#
#   here:   bash bench/gpu_finetune.sh prepare   # .gpu/: PTC train + the 2023 dev ids (~6 MB)
#   device: bash bench/gpu_finetune.sh run       # carry [".gpu"]; train, export, quantize;
#                                                # $OUT: encoder.json, tokenizer, parts 0-3
#   device: bash bench/gpu_finetune.sh rest      # at once, same warm machine: parts 4-…
#   here:   bash bench/gpu_finetune.sh join DIR PARTS...   # reassemble, check sha256
#   here:   slant train techniques --out DIR --reuse-crf   # the heads, on CPU as usual
#
# The base model must be on the device machine: $SLANT_MPNET_DIR, .gpu/all-mpnet-base-v2,
# or the Hugging Face cache (sentence-transformers/all-mpnet-base-v2). It is 438 MB and a
# call carries at most 64 MiB with the ~52 MB tree, so `run` looks first and stops at once
# (seconds of device time) when none is there. The int8 graph (85 MB gzipped) comes back
# in 15 MB parts over two calls ($OUT returns at most 64 MiB per call).
#
# Env: SLANT_GPU_DEVICE (cuda), SLANT_GPU_STEPS (all), SLANT_GPU_WORK (/tmp/slant-gpu),
#      SLANT_GPU_BATCH (16), SLANT_GPU_EPOCHS (2). CPU smoke test (2 steps, ~2 min):
#   SLANT_GPU_DEVICE=cpu SLANT_GPU_STEPS=2 SLANT_MPNET_DIR=~/.cache/slant/all-mpnet-base-v2 \
#       OUT=/tmp/gpu-out PYTHON=~/.cache/slant/teacher/venv/bin/python bash bench/gpu_finetune.sh run
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}
WORK=${SLANT_GPU_WORK:-/tmp/slant-gpu}
OUT=${OUT:-$WORK/out}
PART=15000000

case "${1:-run}" in
prepare)
    SRC=${2:-../shared/data}
    grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>.git/info/exclude
    mkdir -p .gpu/data/semeval2020-task11-ptc .gpu/data/semeval2023-task3/en
    cp -r "$SRC"/semeval2020-task11-ptc/train-articles "$SRC"/semeval2020-task11-ptc/train-labels-task-si \
        "$SRC"/semeval2020-task11-ptc/train-labels-task-flc-tc .gpu/data/semeval2020-task11-ptc/
    cp "$SRC"/semeval2023-task3/en/suggested-dev-ids-from-ptc-dev.txt .gpu/data/semeval2023-task3/en/
    du -sh .gpu
    ;;
run)
    export PYTHONPATH=$ROOT/src${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
    mkdir -p "$WORK" "$OUT"
    DEVICE=${SLANT_GPU_DEVICE:-cuda}
    MPNET=${SLANT_MPNET_DIR:-}
    if [ -z "$MPNET" ] && [ -f .gpu/all-mpnet-base-v2/config.json ]; then MPNET=.gpu/all-mpnet-base-v2; fi
    if [ -z "$MPNET" ]; then
        MPNET=$(find / -path /proc -prune -o -type d -path '*all-mpnet-base-v2*/snapshots/*' \
            -print 2>/dev/null | head -1 || true)
    fi
    if [ -z "$MPNET" ] || [ ! -f "$MPNET/config.json" ]; then
        echo "no all-mpnet-base-v2 folder on this machine (SLANT_MPNET_DIR, .gpu/, HF cache): stop" >&2
        exit 3
    fi
    [ -d .gpu/data ] && DATA=${SLANT_DATA:-.gpu/data} || DATA=${SLANT_DATA:-../shared/data}
    "$PY" -c "import torch, transformers, onnxruntime; print('torch', torch.__version__, 'cuda',
torch.cuda.is_available(), 'transformers', transformers.__version__, 'ort', onnxruntime.__version__)"
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total --format=csv
    rm -rf "$WORK/techniques-accurate"
    "$PY" - "$DATA" "$MPNET" "$WORK" "$DEVICE" <<'EOF'
import json, logging, os, sys, time
from pathlib import Path

import torch

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
from slant.training.finetune import FinetuneConfig, fine_tune_encoder

data, mpnet, work, device = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
if device == "cuda":
    torch.backends.cuda.matmul.allow_tf32 = True  # fp32 weights, TF32 products
    torch.backends.cudnn.allow_tf32 = True
steps = os.environ.get("SLANT_GPU_STEPS")
cfg = FinetuneConfig(
    data=data,
    out=work / "techniques-accurate",
    epochs=int(os.environ.get("SLANT_GPU_EPOCHS", "2")),
    batch=int(os.environ.get("SLANT_GPU_BATCH", "16")),
    threads=min(8, os.cpu_count() or 1),
    limit_steps=int(steps) if steps else None,
    run_dir=work / "run",
    base="mpnet",
    device=device,
    model=mpnet,
)
t0 = time.time()
info = fine_tune_encoder(cfg)
info["device"] = torch.cuda.get_device_name(0) if device == "cuda" else device
info["wall_s"] = round(time.time() - t0, 1)
(cfg.out / "encoder.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
print(json.dumps(info, indent=1))
EOF
    cd "$WORK/techniques-accurate"
    split -b $PART -d -a 1 mpnet-int8.onnx.gz mpnet-int8.onnx.gz.part
    sha256sum mpnet-int8.onnx.gz tokenizer.json >SHA256SUMS
    cp encoder.json tokenizer.json SHA256SUMS "$OUT"/
    for p in mpnet-int8.onnx.gz.part[0-3]; do [ -f "$p" ] && cp "$p" "$OUT"/; done
    ls -la "$OUT"
    echo "now, within 30 s on the same machine: bash bench/gpu_finetune.sh rest"
    ;;
rest)
    mkdir -p "$OUT"
    cp "$WORK"/techniques-accurate/mpnet-int8.onnx.gz.part[4-9] "$OUT"/ 2>/dev/null || true
    ls -la "$OUT"
    ;;
join)
    DEST=${2:?join DIR PART-FOLDER...}
    shift 2
    mkdir -p "$DEST"
    for i in 0 1 2 3 4 5 6 7 8 9; do
        for d in "$@"; do [ -f "$d/mpnet-int8.onnx.gz.part$i" ] && cat "$d/mpnet-int8.onnx.gz.part$i"; done
    done >"$DEST/mpnet-int8.onnx.gz"
    for d in "$@"; do
        [ -f "$d/encoder.json" ] && cp "$d/encoder.json" "$d/tokenizer.json" "$d/SHA256SUMS" "$DEST"/
    done
    (cd "$DEST" && sha256sum -c SHA256SUMS)
    ;;
*)
    echo "usage: $0 prepare|run|rest|join" >&2
    exit 2
    ;;
esac
