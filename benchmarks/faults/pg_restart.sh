#!/usr/bin/env bash
# Fault (b): restart PostgreSQL during a short load. Requests fail with the friendly error page, then recover
# without restarting gunicorn (CONN_HEALTH_CHECKS).   benchmarks/faults/pg_restart.sh
# PostgreSQL is started again at the end whatever happens (trap). Note: the restart drops every client of the
# cluster for a few seconds, other people's test runs included.
set -euo pipefail
DB_NAME=${DB_NAME:-sg_ops_faults}
source "$(dirname "$0")/../load/common.sh"
CLUSTER_VERSION=$(ls /etc/postgresql | head -1)

ensure_postgres() {
  pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_VERSION" main status >/dev/null 2>&1 \
    || pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_VERSION" main start || true
}
cleanup() {
  ensure_postgres
  stop_everything
  psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

prepare_stack
start_gunicorn
before=$GUNICORN_PID
say "probing for 40 s; PostgreSQL restarts at t≈10 s"
"$PY" "$REPO/benchmarks/faults/pg_restart_probe.py" "$BASE" 40 >"$WORK/probe.txt" &
PROBE=$!
sleep 10
say "pg_ctlcluster $CLUSTER_VERSION main restart (stop, 5 s down, start)"
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_VERSION" main stop -m fast
sleep 5
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_VERSION" main start
wait "$PROBE"
cat "$WORK/probe.txt"
[ "$GUNICORN_PID" = "$before" ] && kill -0 "$GUNICORN_PID" && echo "gunicorn was not restarted (pid $before)"
grep -q "Traceback" "$WORK/gunicorn.log" && echo "(tracebacks are in the server log only, as they should be)" || true
