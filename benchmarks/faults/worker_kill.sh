#!/usr/bin/env bash
# Fault (a): SIGKILL the task worker half-way through a bulk issue of ~100 certificates, restart it, resume the job,
# and check: no duplicate, none missing, no half-written PDF.   benchmarks/faults/worker_kill.sh [COUNT]
set -euo pipefail
DB_NAME=${DB_NAME:-sg_ops_faults}
source "$(dirname "$0")/../load/common.sh"
export TASKS_BACKEND=django_tasks_db.DatabaseBackend
COUNT=${1:-100}
WORKER_PID=""
HELPER="$REPO/benchmarks/faults/bulk_issue.py"

start_worker() {
  (cd "$REPO" && exec "$PY" manage.py db_worker --no-startup-delay --interval 0.2 >>"$WORK/worker.log" 2>&1) &
  WORKER_PID=$!
}
cleanup() {
  if [ -n "$WORKER_PID" ]; then kill -TERM "$WORKER_PID" 2>/dev/null || true; fi
  psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

prepare_stack
JOB=$(cd "$REPO" && "$PY" "$HELPER" setup "$COUNT")
say "bulk issue job $JOB queued for $COUNT volunteers; starting the worker"
start_worker
deadline=$((SECONDS + 600))
while :; do
  read -r state done total issued < <(cd "$REPO" && "$PY" "$HELPER" status "$JOB")
  [ "$issued" -ge $((total / 2)) ] && break
  [ "$state" = failed ] && { echo "the job failed before the kill:" >&2; tail -5 "$WORK/worker.log" >&2; exit 1; }
  [ $SECONDS -gt $deadline ] && { echo "worker made no progress" >&2; exit 1; }
  sleep 0.5
done
kill -KILL "$WORKER_PID"; wait "$WORKER_PID" 2>/dev/null || true; WORKER_PID=""
read -r state done total issued < <(cd "$REPO" && "$PY" "$HELPER" status "$JOB")
say "SIGKILL at $issued/$total certificates issued (job state left as '$state', progress $done)"
start_worker
(cd "$REPO" && "$PY" "$HELPER" resume "$JOB")
say "worker restarted, job queued again"
while :; do
  read -r state done total issued < <(cd "$REPO" && "$PY" "$HELPER" status "$JOB")
  [ "$state" = done ] || [ "$state" = failed ] && break
  [ $SECONDS -gt $deadline ] && { echo "the resumed job did not finish" >&2; break; }
  sleep 1
done
kill -TERM "$WORKER_PID"; wait "$WORKER_PID" 2>/dev/null || true; WORKER_PID=""
(cd "$REPO" && "$PY" "$HELPER" verify "$JOB")
