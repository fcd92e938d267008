#!/usr/bin/env bash
# The local demo in one command: builds what is missing, then runs Kafka, Flink with the scoring
# job, a simulated fleet and a live view of the scores, all on 127.0.0.1. Ctrl-C stops it.
# Options (see --help): --duration 5m --machines 3 --sensors 2 --noise-snr 5 --speedup 1
set -euo pipefail
cd "$(dirname "$0")"

jar=demo/target/drsn-stream-demo.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "Building the demo (first time: a few minutes) ..."
  ./mvnw -B -q install -DskipTests -pl demo -am
fi

# DJL runs offline: its PyTorch natives come from the jar and are unpacked once into the cache.
exec java -Dai.djl.offline=true ${DJL_CACHE_DIR:+-DDJL_CACHE_DIR="$DJL_CACHE_DIR"} \
  -XX:MaxDirectMemorySize=1g -jar "$jar" local "$@"
