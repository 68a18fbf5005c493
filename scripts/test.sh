#!/usr/bin/env bash
# Run the whole suite on SQLite, then on PostgreSQL as well when DATABASE_URL is set.
# Any non-zero pytest exit fails the run, including 5 ("no tests collected").
set -uo pipefail
cd "$(dirname "$0")/.."
# Two workers: the suite is CPU-bound and the machines have two cores.
PYTEST=(.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@")

postgres_url="${DATABASE_URL:-}"
status=0

echo "==> test suite on SQLite"
env -u DATABASE_URL "${PYTEST[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "SQLite run failed (pytest exit $status)"
  exit "$status"
fi

if [ -n "$postgres_url" ]; then
  echo "==> test suite on PostgreSQL ($postgres_url)"
  DATABASE_URL="$postgres_url" "${PYTEST[@]}" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "PostgreSQL run failed (pytest exit $status)"
    exit "$status"
  fi
else
  echo "==> DATABASE_URL not set: PostgreSQL run skipped"
fi
