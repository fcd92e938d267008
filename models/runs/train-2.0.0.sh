#!/usr/bin/env bash
# Trains one architecture with the 2.0.0 recipe; retries with --resume after a failure.
# oneDNN's AVX-512 convolution kernels return sporadic NaN gradients on this project's machines
# (AMD EPYC, see docs/model-quality.md); AVX2 kernels do not.
export ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-AVX2}
arch=$1; out=$2; version=$3   # e.g. drsn-cw models/runs/drsn-cw drsn-cw-2.0.0 (resnet: resnet models/runs/resnet resnet-2.0.0)
epochs=${4:-36}               # 2.0.0: 36; the paper's budget: 100
args=(train --arch "$arch" --out "$out" --operating-points continuous --speed-range 15,45 --load-range 0,1
  --severity 0.3,1 --healthy-weight 3 --windows-per-combination 2400 --epochs "$epochs"
  --noise mixed --snr-min -8 --snr-max 20 --clean-share 0.2 --seed 42 --version "$version" --holdout 0.1
  --threads 1 --no-progress)
# drsn-train: java -jar model-training/target/drsn-train.jar (./mvnw -B package -DskipTests first)
drsn-train() { java -jar "$(dirname "$0")/../../model-training/target/drsn-train.jar" "$@"; }
for try in 1 2 3 4 5 6; do
  drsn-train "${args[@]}" --resume && exit 0
  echo "try $try failed; resuming" >&2
done
exit 1
