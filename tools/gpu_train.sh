#!/usr/bin/env bash
# The GPU run for the >= 73 % model, for one H100 (about 10 minutes). Run on the device machine from the
# repository root, with .fer/ carried (see docs/emotion.md):
#
#   here:   python3 ../shared/tools/fer_pack.py pack ../shared/data/fer2013/fer2013.csv.gz .fer/ Training,PublicTest
#           cp ../shared/tools/fer_pack.py ../shared/data/fer2013/fer2013new.csv .fer/
#   device: bash tools/gpu_train.sh teachers   then   bash tools/gpu_train.sh student   (carry=[".fer"]; each
#           stage fits the 10-minute limit of one device command; OUT must persist between them, or carry it)
#   CPU trial of the whole script: LIMIT=256 EPOCHS=1 VGG_EPOCHS=1 OUT=/tmp/gputrial bash tools/gpu_train.sh
#   here:   score $OUT/*.onnx on PrivateTest with `mindhaven emotion evaluate`, then write the card.
#
# PrivateTest never travels: the packed csv holds Training and PublicTest only, so selection cannot see it.
set -euo pipefail
OUT=${OUT:-runs/gpu}
EPOCHS=${EPOCHS:-100}
mkdir -p "$OUT"
python3 .fer/fer_pack.py unpack .fer "$OUT/fer2013.csv"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true

run() {  # name, arch, epochs, seed, out, teachers...
  python3 - "$@" <<'PY'
import json, sys
from pathlib import Path
from mindhaven.training.export import export_onnx
from mindhaven.training.train import TrainConfig, train

name, arch, epochs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
out = Path(sys.argv[5]) / name
cfg = TrainConfig(data=str(Path(sys.argv[5]) / "fer2013.csv"), out=str(out), arch=arch, epochs=epochs, seed=seed,
                  batch_size=256, lr=0.2, ferplus=".fer/fer2013new.csv", ferplus_weight=0.5,
                  teachers=sys.argv[6:], limit=int(__import__("os").environ.get("LIMIT", "0")) or None)
summary = train(cfg)
export_onnx(out / "best.pt", out / f"{name}.onnx", tta=True)
(out / "summary.json").write_text(json.dumps(summary, indent=1))
print(name, "PublicTest", summary["best_public_test_accuracy"])
PY
}

STAGE=${1:-all}
# Stage 1 (about 7 min on an H100): two full-resolution teachers.
if [ "$STAGE" = teachers ] || [ "$STAGE" = all ]; then
  for seed in 1 2; do run "teacher$seed" havennet-s1 "$EPOCHS" "$seed" "$OUT"; done
fi
# Stage 2 (about 5 min): the shipped-size student learns from both teachers; then the VGG16 baseline.
if [ "$STAGE" = student ] || [ "$STAGE" = all ]; then
  run student havennet "$EPOCHS" 3 "$OUT" "$OUT/teacher1/best.pt" "$OUT/teacher2/best.pt"
  run vgg16 vgg16 "${VGG_EPOCHS:-60}" 1 "$OUT"
fi
