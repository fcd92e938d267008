# Sourced by start, submit, status and stop: where things are, and what every Flink process of the
# local cluster is started with. Every value can be set in the environment first.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

# Built by ./mvnw -B package -pl deploy/local-cluster -am -DskipTests
FLINK_LIB=${FLINK_LIB:-$HERE/target/flink/lib}
FLINK_CONF_DIR=${FLINK_CONF_DIR:-$HERE/conf}
JOB_JAR=${JOB_JAR:-$REPO/job/target/drsn-stream-job.jar}
DEMO_JAR=${DEMO_JAR:-$REPO/demo/target/drsn-stream-demo.jar}
MODEL_DIR=${MODEL_DIR:-$REPO/models/drsn-cw}

# Everything a run writes: log/ (one file per process), pids/, kafka/, checkpoints/, savepoints/.
RUN_DIR=${LOCAL_CLUSTER_RUN_DIR:-$HERE/target/run}
LOG_DIR=$RUN_DIR/log
PID_DIR=$RUN_DIR/pids

REST_PORT=${REST_PORT:-8081}
JOBMANAGER_RPC_PORT=${JOBMANAGER_RPC_PORT:-6123}
KAFKA_PORT=${KAFKA_PORT:-9092}
TASKMANAGERS=${TASKMANAGERS:-2}
CHUNK_PARTITIONS=${CHUNK_PARTITIONS:-4}

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
REST_URL=http://127.0.0.1:$REST_PORT

# Flink's own JVM options for Java 17 (env.java.opts.all of the distribution's config.yaml).
FLINK_JAVA_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
  # No model or engine download at run time, ever.
  -Dai.djl.offline=true
  -Djava.net.preferIPv4Stack=true
)

# What depends on the run, on top of conf/config.yaml (Flink's -D dynamic properties).
FLINK_RUN_PROPERTIES=(
  -Drest.port="$REST_PORT"
  -Djobmanager.rpc.port="$JOBMANAGER_RPC_PORT"
  -Dexecution.checkpointing.dir="file://$RUN_DIR/checkpoints"
  -Dexecution.checkpointing.savepoint-dir="file://$RUN_DIR/savepoints"
  -Dio.tmp.dirs="$RUN_DIR/tmp"
  -Dweb.upload.dir="$RUN_DIR/upload"
)

# oneDNN's AVX-512 backward convolution gives NaNs on some CPUs (docs/model-quality.md); scoring
# only runs forward, but the setting costs nothing and keeps runs alike.
export ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-AVX2}

fail() {
  echo "local-cluster: $*" >&2
  exit 1
}

require_file() {
  [ -e "$1" ] || fail "$1 is missing: $2"
}

# is_running NAME: the process of pids/NAME.pid is alive.
is_running() {
  local pid_file=$PID_DIR/$1.pid
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND every half second.
wait_until() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "$what: not within $seconds s (logs in $LOG_DIR)"
    fi
    sleep 0.5
  done
}

# rest_get PATH: the JSON answer of the JobManager's REST API.
rest_get() {
  curl -sSf --max-time 10 "$REST_URL$1"
}

# json_field NAME: the first string or number value of "NAME" in the JSON on stdin.
json_field() {
  grep -o "\"$1\":[[:space:]]*\"\?[^\",}]*" | head -1 | sed -e "s/^\"$1\":[[:space:]]*\"\?//"
}
