#!/usr/bin/env bash
# The CWRU benchmark of docs/real-data.md, resumable: every step skips what is already done.
#   datasets/cwru/benchmark.sh prepare    manifests from the catalog, data set files in $WORK
#   datasets/cwru/benchmark.sh train      DRSN-CW and ResNet, seeds $SEEDS, into models/runs/cwru
#   datasets/cwru/benchmark.sh evaluate   protocols (a) and (b), clean and noisy, into $WORK/eval
# Run from the repository root after `./mvnw -B package -DskipTests -pl model-training -am`.
# CWRU=DIR points at the CWRU files (default ../shared/data/cwru), WORK=DIR holds the data set
# files and a copy of the jar (default target/cwru; data, never committed).
set -euo pipefail
export ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-AVX2}
CWRU=${CWRU:-../shared/data/cwru}
WORK=${WORK:-target/cwru}
SEEDS=${SEEDS:-"1 2 3"}
ARCHS=${ARCHS:-"drsn-cw resnet"}
EPOCHS=${EPOCHS:-20}
RUNS=${RUNS:-models/runs/cwru}
mkdir -p "$WORK"
# A copy of the jar: a rebuild during a long training must not replace the classes under it.
# JAR_REFRESH=1 takes the newly built one.
if [ ! -f "$WORK/drsn-train.jar" ] || [ "${JAR_REFRESH:-0}" = 1 ]; then
  cp model-training/target/drsn-train.jar "$WORK/drsn-train.jar"
fi
drsn-train() { java -Dai.djl.offline=true -jar "$WORK/drsn-train.jar" "$@"; }

prepare() {
  if [ ! -f "$CWRU/catalog.json" ]; then
    echo "no CWRU recordings at $CWRU (catalog.json missing): download them from the CWRU Bearing Data Center or set CWRU=DIR" >&2
    exit 1
  fi
  for split in train validation a-test b-test; do
    [ -f "$WORK/$split.drsnsim" ] && continue
    drsn-train import --manifest "datasets/cwru/$split.json" --recordings "$CWRU" \
      --window-length 2048 --sample-rate 12000 --hop 512 --out "$WORK/$split.drsnsim"
  done
}

train() {
  for seed in $SEEDS; do
    for arch in $ARCHS; do
      out="$RUNS/$arch-s$seed"
      [ -f "$out/model.json" ] && continue
      for try in 1 2 3; do
        drsn-train train --arch "$arch" --data "$WORK/train.drsnsim" --out "$out" \
          --epochs "$EPOCHS" --lr 0.1 --batch 128 --noise mixed --snr-min -8 --snr-max 20 \
          --clean-share 0.2 --seed "$seed" --holdout 0 --version "$arch-cwru-s$seed" \
          --threads 1 --no-progress --resume && break
        echo "$arch seed $seed: try $try failed; resuming" >&2
      done
    done
  done
}

case "${1:-}" in
  prepare) prepare ;;
  train) prepare; train ;;
  *) echo "usage: $0 prepare|train|evaluate" >&2; exit 2 ;;
esac
