#!/usr/bin/env bash
# Load benchmark: gunicorn (production settings) + PostgreSQL + Redis on loopback, bounded in time.
#   benchmarks/load/run.sh
# Environment: LOAD_READ_SECONDS (15), LOAD_MIX_SECONDS (40), LOAD_VOLUNTEERS (200), LOAD_SOCIAL_WORKERS (10),
# LOAD_READERS_ALONE (32), LOAD_READERS_MIXED (8), LOAD_THINK_SECONDS (1.0), GUNICORN_WORKERS (4), PORT (8107),
# KEEP_DB=1 to keep the sg_ops_load database afterwards.
# LOAD_POOLS=2 (the default) runs the deployment of docs/deploy.md: the web pool on PORT and the pages pool
# (GUNICORN_POOL=pages) on PORT+1, with the anonymous readers sent to the pages pool as nginx sends them;
# LOAD_POOLS=1 sends everyone to the one web pool (the deployment before the two pools), for comparison.
set -euo pipefail
source "$(dirname "$0")/common.sh"

cleanup() {
  stop_everything
  if [ "${KEEP_DB:-0}" != 1 ]; then
    psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  redis-cli -u "$REDIS_URL" flushdb >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

prepare_stack
(cd "$REPO" && "$PY" benchmarks/load/prepare.py >"$WORK/plan.json")
start_gunicorn
PAGES_BASE=$BASE
if [ "${LOAD_POOLS:-2}" = 2 ]; then
  start_pages_pool
  PAGES_BASE="http://127.0.0.1:$((PORT + 1))"
fi
say "load: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), pools ${LOAD_POOLS:-2}"
timeout 300 "$PY" "$REPO/benchmarks/load/loadgen.py" "$BASE" "$WORK/plan.json" "$PAGES_BASE"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server errors logged: $(grep -c " ERROR " "$WORK/gunicorn.log" || true)"
