#!/bin/sh
# Search page throughput against a minimal Django view, one gunicorn worker, measured with wrk in one run.
#   DATABASE_URL=sqlite:////tmp/demo.sqlite3 SEARCH_INDEX_DIR=/tmp/demo-index benchmarks/search/page_bench.sh
# The database must hold the demo (manage.py migrate && DEBUG=1 manage.py load_demo). PORT defaults to 8103.
set -eu
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || scripts/bootstrap.sh --bench >&2
PORT="${PORT:-8103}"
DJANGO_SETTINGS_MODULE=page_settings .venv/bin/gunicorn config.wsgi --pythonpath benchmarks/search \
  -w 1 -b "127.0.0.1:$PORT" --log-level error &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/minimal/" >/dev/null && break; sleep 0.2; done
date -u '+%Y-%m-%d %H:%M UTC'; uptime
Q='%E5%BF%97%E6%84%BF%E8%80%85'  # 志愿者: on most demo pages, so a full page of results with facets
for url in "/minimal/" "/search/?q=$Q" "/search/?q=%E6%8A%A5%E5%88%B0"; do
  curl -sf "http://127.0.0.1:$PORT$url" >/dev/null
  echo "== $url"; wrk -t1 -c4 -d10s "http://127.0.0.1:$PORT$url" | grep -E "Requests/sec|Latency|requests in"
done
uptime
