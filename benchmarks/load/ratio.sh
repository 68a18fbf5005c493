#!/usr/bin/env bash
# Cached public page and public search page (cached, and with every request new) against a minimal Django view,
# with wrk, in one run.
#   benchmarks/load/ratio.sh                 # this tree
#   BEFORE=<git ref> benchmarks/load/ratio.sh # and the same pages served by that commit, side by side
# gunicorn with production settings and config/gunicorn.py (2 workers × 4 threads unless GUNICORN_WORKERS/THREADS),
# PostgreSQL (fresh database $DB_NAME with the demo content) and Redis on loopback. The minimal view
# (benchmarks/load/minimal.py: one view, 27 KB, no middleware) runs under the same gunicorn settings.
# Environment: RATIO_SECONDS (6 per wrk run), RATIO_ROUNDS (3: every target measured in turn, each right after the
# minimal view; the ratio is the median of the rounds' target / minimal, see below),
# WRK_CONNECTIONS (32), PORT (8104; the minimal view on PORT+1, BEFORE's tree on PORT+2).
# MINIMAL_APP=benchmarks.load.minimal_default:application measures against the same view in the project
# `django-admin startproject` makes (its apps and seven middleware) instead of bare Django.
# Honest figures: no worker restarts during the runs (max_requests 0), and each run reports how the workers shared
# the CPU (from /proc/<pid>/stat). wrk opens its connections once and keeps them; gthread workers accept whatever
# is waiting, so one worker can take every connection while the other sleeps, and the target is measured on one core
# (seen for the minimal view and the search alike). A run where a worker did less than a third of the other's work
# is run again (up to 3 times); its split is printed either way. The *_close targets send "Connection: close", a new
# connection per request, as nginx does to its upstream without keepalive: the kernel's accept queue then spreads
# the requests over the workers. The search_sampled* targets send the recall benchmark's 200 seeded queries in turn
# (the words visitors type change; a word's postings are decoded the first time it is searched), every URL new.
set -euo pipefail
export PORT=${PORT:-8104} DB_NAME=${DB_NAME:-sg_perf18_ratio} REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/13}
source "$(dirname "$0")/common.sh"
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-2} GUNICORN_THREADS=${GUNICORN_THREADS:-4} GUNICORN_MAX_REQUESTS=0
SECONDS_EACH=${RATIO_SECONDS:-6}
# The yardstick: bare Django (minimal.py, the default), or startproject's project (minimal_default.py).
MINIMAL_APP=${MINIMAL_APP:-benchmarks.load.minimal:application}
ROUNDS=${RATIO_ROUNDS:-3}
CONNECTIONS=${WRK_CONNECTIONS:-32}
command -v wrk >/dev/null || "$REPO/scripts/bootstrap.sh" --bench >&2
PIDS=()
declare -A MASTER  # port → gunicorn master pid

cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "$REDIS_URL" flushdb >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

serve() {  # serve DIR PORT APP
  (cd "$1" && exec env GUNICORN_BIND="127.0.0.1:$2" "$1/.venv/bin/gunicorn" -c config/gunicorn.py \
    --access-logfile /dev/null "$3" >>"$WORK/gunicorn-$2.log" 2>&1) &
  PIDS+=($!)
  MASTER[$2]=$!  # the subshell execs gunicorn: this is its master
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$2/" && return 0
    sleep 0.5
  done
  echo "gunicorn on port $2 did not answer" >&2; tail -30 "$WORK/gunicorn-$2.log" >&2; exit 1
}

worker_ticks() {  # worker_ticks PORT -> "pid ticks" per worker of that port's gunicorn (user + system CPU)
  local pid
  for pid in $(pgrep -P "${MASTER[$1]}"); do awk -v pid="$pid" '{print pid, $14 + $15}' "/proc/$pid/stat"; done
}

rate() {  # rate URL [wrk script [script args…]] -> "requests/s split" (split: each worker's share of the CPU, in %)
  local script=() args=() port before after split origin
  port=$(echo "$1" | sed -E 's|^http://[^:/]+:([0-9]+).*|\1|')
  origin=$(echo "$1" | cut -d/ -f1-3)
  for tries in 1 2 3; do
    # A token of this run's own: every_request_new.lua puts it in each URL, so no run repeats an earlier one's URLs.
    [ -n "${2:-}" ] && script=(-s "$2") && args=(-- "$(date +%s%N)-$RANDOM" "${@:3}")
    before=$(worker_ticks "$port")
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --timeout 10s --latency "${script[@]}" "$1" "${args[@]}" \
      >"$WORK/wrk.out" 2>&1
    after=$(worker_ticks "$port")
    # wrk stops, the server does not: let it finish what is queued before anything else is measured
    for _ in $(seq 1 120); do curl -sf -m 1 -o /dev/null "$origin/" && break; sleep 0.5; done
    if grep -q "Non-2xx" "$WORK/wrk.out"; then echo "non-2xx answers from $1:" >&2; cat "$WORK/wrk.out" >&2; exit 1; fi
    if grep -q "^page-cache hits: [1-9]" "$WORK/wrk.out"; then
      echo "every request was to be new, but some were page-cache hits ($1):" >&2; cat "$WORK/wrk.out" >&2; exit 1
    fi
    split=$(join <(echo "$before" | sort) <(echo "$after" | sort) | awk '
      {used[NR] = $3 - $2; total += $3 - $2}
      END {for (i = 1; i <= NR; i++) printf "%s%d", (i > 1 ? "/" : ""), (total ? 100 * used[i] / total : 0)}')
    # Lopsided: the least busy worker did less than a third of the busiest one's work.
    echo "$split" | awk -F/ '{lo = 100; hi = 0; for (i = 1; i <= NF; i++) {lo = $i < lo ? $i : lo; hi = $i > hi ? $i : hi}
                             exit (NF > 1 && lo * 3 < hi) ? 0 : 1}' || break
    echo "  ($1: workers' CPU split $split%, one worker nearly idle: run again)" >&2
  done
  echo "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out") $split"
}

prepare_stack
GUIDE=$(cd "$REPO" && "$PY" manage.py shell -c \
  "from kb.models import RoleGuidePage; print(RoleGuidePage.objects.live().public().first().url)" 2>/dev/null | tail -1)
SEARCH="/search/?q=%E5%BF%97%E6%84%BF%E8%80%85"  # 志愿者
targets=("minimal=http://127.0.0.1:$((PORT + 1))/" "page=$BASE$GUIDE")
serve "$REPO" "$PORT" config.wsgi
serve "$REPO" "$((PORT + 1))" "$MINIMAL_APP"
if [ -n "${BEFORE:-}" ]; then
  mkdir -p "$WORK/before" && git -C "$REPO" archive "$BEFORE" | tar -x -C "$WORK/before"
  ln -s "$REPO/.venv" "$WORK/before/.venv"
  serve "$WORK/before" "$((PORT + 2))" config.wsgi
  targets+=("page_before=http://127.0.0.1:$((PORT + 2))$GUIDE")
fi
# The search pages last in each round: they are slow, and what wrk leaves queued must not slow the cached page.
targets+=("search=$BASE$SEARCH")
# The same search, every request a URL of its own (a counter in the query): no page-cache hit, the search's own cost.
targets+=("search_uncached=$BASE$SEARCH")
[ -n "${BEFORE:-}" ] && targets+=("search_before=http://127.0.0.1:$((PORT + 2))$SEARCH")
[ -n "${BEFORE:-}" ] && targets+=("search_uncached_before=http://127.0.0.1:$((PORT + 2))$SEARCH")
# A new connection per request (see the top): the minimal view and the uncached search.
targets+=("minimal_close=http://127.0.0.1:$((PORT + 1))/" "search_uncached_close=$BASE$SEARCH")
[ -n "${BEFORE:-}" ] && targets+=("search_uncached_close_before=http://127.0.0.1:$((PORT + 2))$SEARCH")
# Visitors' words instead of one: the recall benchmark's 200 seeded queries in turn, every URL new (every_request_new.lua).
(cd "$REPO" && "$PY" manage.py shell -v 0 -c "from urllib.parse import quote
from benchmarks.search.demo_corpus import page_texts, sample_queries
print('\n'.join(quote(q) for group in sample_queries(page_texts()).values() for q in group))" 2>/dev/null) \
  >"$WORK/queries.txt"
[ "$(wc -l <"$WORK/queries.txt")" -ge 100 ] || { echo "the sampled queries could not be drawn" >&2; exit 1; }
targets+=("search_sampled=$BASE/search/" "search_sampled_close=$BASE/search/")
[ -n "${BEFORE:-}" ] && targets+=("search_sampled_before=http://127.0.0.1:$((PORT + 2))/search/")
for target in "${targets[@]}"; do
  url=${target#*=}
  curl -sf -o /dev/null "$url"; curl -sf -o /dev/null "$url"  # rendered once, then cached
done
say "ratio: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), yardstick $MINIMAL_APP"
say "page $GUIDE: $(curl -s -D - -o "$WORK/page.html" "$BASE$GUIDE" | tr -d '\r' | grep -i '^x-page-cache'), $(wc -c <"$WORK/page.html") bytes"
# Each target is measured right after its yardstick (the minimal view, over the same kind of connection), and its
# ratio is the median over the rounds of target / that yardstick: this VM's speed drifts by up to 1.5× within
# minutes (another tenant's load), and a yardstick measured minutes before its target made the ratio drift with it.
declare -A best split ratios
minimal_url="http://127.0.0.1:$((PORT + 1))/"
for round in $(seq 1 "$ROUNDS"); do
  for target in "${targets[@]}"; do
    name=${target%%=*}; url=${target#*=}
    script="" close="" extra=()
    [[ $name == *_close* ]] && close=close script="$REPO/benchmarks/load/close.lua"
    [[ $name == search_uncached* ]] && script="$REPO/benchmarks/load/every_request_new.lua" extra=("${close:-keep}")
    [[ $name == search_sampled* ]] && script="$REPO/benchmarks/load/every_request_new.lua" \
      extra=("${close:-keep}" "$WORK/queries.txt")
    yardstick=""
    if [[ $name != minimal* ]]; then
      yardstick=$(rate "$minimal_url" "${close:+$REPO/benchmarks/load/close.lua}")
      yardstick=${yardstick%% *}
    fi
    measured=$(rate "$url" "$script" "${extra[@]}")  # set -e: a failed run stops the script here
    read -r r s <<<"$measured"
    ratio=""
    [ -n "$yardstick" ] && ratio=$(awk -v a="$r" -v b="$yardstick" 'BEGIN {printf "%.3f", a / b}')
    say "round $round  $name  $r req/s  (workers' CPU split $s%)${ratio:+  = ${ratio}× the minimal view just before ($yardstick req/s)}"
    ratios[$name]+="${ratio:+$ratio }"
    if awk -v a="${best[$name]:-0}" -v b="$r" 'BEGIN {exit !(b > a)}'; then best[$name]=$r split[$name]=$s; fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-30s %10s %8s  %-24s %s\n' "target" "best req/s" "ratio" "each round's ratio" "workers' CPU split (%)"
for target in "${targets[@]}"; do
  name=${target%%=*}
  median=$(echo "${ratios[$name]:-1.000}" | tr ' ' '\n' | grep . | sort -n |
    awk '{v[NR] = $1} END {printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
  printf '%-30s %10.1f %7s×  %-24s %s\n' "$name" "${best[$name]}" "$median" "${ratios[$name]:--}" "${split[$name]}"
done
