# Shared by benchmarks/load/run.sh and benchmarks/faults/*.sh: a production-like stack on loopback.
# gunicorn (production settings) + PostgreSQL (a fresh database) + Redis (database 15). Source it, then call
# prepare_stack and start_gunicorn; the trap set by stop_everything stops what was started, whatever happens.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY="$REPO/.venv/bin/python"
PORT=${PORT:-8107}
BASE="http://127.0.0.1:$PORT"
DB_NAME=${DB_NAME:-sg_ops_load}
WORK=${WORK:-$(mktemp -d /tmp/sg-ops-bench.XXXXXX)}
GUNICORN_PID=""
PAGES_PID=""

export DJANGO_SETTINGS_MODULE=config.settings.production
export DEBUG=false
export SECRET_KEY=${SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(60))')}
export FIELD_ENCRYPTION_KEY=${FIELD_ENCRYPTION_KEY:-$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export DATABASE_URL="postgres://root@127.0.0.1:5432/$DB_NAME"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/15}
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" SEARCH_INDEX_DIR="$WORK/search-index"
export CERTIFICATES_PDF_ROOT="$WORK/certificate-pdfs"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export SITE_URL="$BASE"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

stop_everything() {
  if [ -n "$PAGES_PID" ]; then kill -TERM "$PAGES_PID" 2>/dev/null || true; fi
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  fi
  GUNICORN_PID=""
  if [ -n "$PAGES_PID" ]; then
    for _ in $(seq 1 50); do kill -0 "$PAGES_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$PAGES_PID" 2>/dev/null || true
  fi
  PAGES_PID=""
}

prepare_stack() {
  redis-cli -u "$REDIS_URL" ping >/dev/null || { echo "Redis is not answering at $REDIS_URL" >&2; exit 1; }
  say "fresh PostgreSQL database $DB_NAME"
  psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
  psql -h 127.0.0.1 -U root -d postgres -qc "CREATE DATABASE $DB_NAME" >/dev/null
  redis-cli -u "$REDIS_URL" flushdb >/dev/null
  mkdir -p "$STATIC_ROOT" "$MEDIA_ROOT" "$SEARCH_INDEX_DIR" "$CERTIFICATES_PDF_ROOT"
  (cd "$REPO" && "$PY" manage.py migrate --noinput -v0 2>/dev/null && "$PY" manage.py collectstatic --noinput -v0)
  say "demo content (loaded with development settings: demo accounts refuse production ones)"
  (cd "$REPO" && DJANGO_SETTINGS_MODULE=config.settings.dev DEBUG=true "$PY" manage.py load_demo \
    >"$WORK/load_demo.log" 2>&1) || { tail -20 "$WORK/load_demo.log"; exit 1; }
}

start_gunicorn() {
  say "gunicorn on $BASE (workers ${GUNICORN_WORKERS:-4}, threads ${GUNICORN_THREADS:-4})"
  (cd "$REPO" && exec env GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS="${GUNICORN_WORKERS:-4}" \
    "$REPO/.venv/bin/gunicorn" -c config/gunicorn.py --access-logfile /dev/null config.wsgi \
    >"$WORK/gunicorn.log" 2>&1) &
  GUNICORN_PID=$!
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$BASE/healthz" && return 0
    kill -0 "$GUNICORN_PID" 2>/dev/null || { tail -30 "$WORK/gunicorn.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "gunicorn did not become healthy" >&2; tail -30 "$WORK/gunicorn.log" >&2; exit 1
}

start_pages_pool() {  # the second pool of docs/deploy.md (anonymous GET/HEAD), on PORT+1
  say "gunicorn pages pool on 127.0.0.1:$((PORT + 1)) (GUNICORN_POOL=pages)"
  (cd "$REPO" && exec env -u GUNICORN_WORKERS -u GUNICORN_THREADS GUNICORN_POOL=pages \
    GUNICORN_BIND="127.0.0.1:$((PORT + 1))" "$REPO/.venv/bin/gunicorn" -c config/gunicorn.py \
    --access-logfile /dev/null config.wsgi >"$WORK/gunicorn-pages.log" 2>&1) &
  PAGES_PID=$!
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 1))/healthz" && return 0
    kill -0 "$PAGES_PID" 2>/dev/null || { tail -30 "$WORK/gunicorn-pages.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the pages pool did not become healthy" >&2; exit 1
}
