#!/usr/bin/env bash
# Check the layers (import-linter) and the types of the domain modules (mypy), then run the whole suite on SQLite,
# and on PostgreSQL as well when DATABASE_URL is set. Any failure stops the run, including pytest's exit 5
# ("no tests collected").
set -uo pipefail
cd "$(dirname "$0")/.."
# Two workers: the suite is CPU-bound and the machines have two cores.
PYTEST=(.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@")

postgres_url="${DATABASE_URL:-}"
status=0

echo "==> layers (import-linter, contracts in pyproject.toml)"
.venv/bin/lint-imports || status=$?
if [ "$status" -ne 0 ]; then
  echo "an app imports an app above it, or another app's models (lint-imports exit $status)"
  exit "$status"
fi

echo "==> types of the domain modules (mypy, files in pyproject.toml)"
.venv/bin/mypy || status=$?
if [ "$status" -ne 0 ]; then
  echo "type check failed (mypy exit $status)"
  exit "$status"
fi

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
