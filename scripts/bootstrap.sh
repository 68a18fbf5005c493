#!/usr/bin/env bash
# Prepare a machine for the project: system packages (CJK font, gettext, and chromium for browser tests),
# the virtual environment with the project's dependencies, compiled translations and the database schema.
# Safe to run again: every step checks before it acts.
#   scripts/bootstrap.sh          what `make run` needs
#   scripts/bootstrap.sh --test   also Debian's chromium and npm, and axe-core for the browser tests
#   scripts/bootstrap.sh --bench  also Debian's wrk, for the load benchmarks (benchmarks/load, benchmarks/search)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_bench=0
[ "${1:-}" = "--test" ] && want_browser=1
[ "${1:-}" = "--bench" ] && want_bench=1
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31m错误 / error: %s\033[0m\n' "$*" >&2; exit 1; }

"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || die "需要 Python 3.11 / Python 3.11 is required (found $("$PYTHON" --version 2>&1))."

# System packages, installed with apt-get when we may (root, or passwordless sudo).
missing=()
fc-list :lang=zh family 2>/dev/null | grep -qiE 'Noto Sans CJK|WenQuanYi' || missing+=(fonts-noto-cjk fonts-wqy-microhei)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# WeasyPrint's libraries; harfbuzz-subset makes embedding a font subset about ten times faster.
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  dpkg -s "$lib" >/dev/null 2>&1 || missing+=("$lib")
done
[ "$want_browser" = 1 ] && ! [ -x /usr/bin/chromium ] && missing+=(chromium)
[ "$want_browser" = 1 ] && ! command -v npm >/dev/null 2>&1 && missing+=(npm)
[ "$want_bench" = 1 ] && ! command -v wrk >/dev/null 2>&1 && missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$SUDO" ] || sudo -n true 2>/dev/null; }; then
    $SUDO apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "缺少系统软件包:${missing[*]}。请先安装(Debian/Ubuntu: sudo apt-get install ${missing[*]})。
Missing system packages: ${missing[*]}. Install them first (Debian/Ubuntu: sudo apt-get install ${missing[*]})."
  fi
fi
fc-list :lang=zh family 2>/dev/null | grep -qiE 'Noto Sans CJK|WenQuanYi' \
  || die "没有找到中文字体,证书 PDF 无法正确显示汉字。请安装 fonts-noto-cjk。 No CJK font found: install fonts-noto-cjk."

# The virtual environment, reinstalled only when pyproject.toml changes.
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  say "installing the project's dependencies"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch .venv/.installed
fi

# The local data folder (SQLite file, search index, certificate PDFs, static files): the settings create nothing.
mkdir -p "${SHUANGGONG_VAR_DIR:-var}"

say "compiling translations"
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv

# axe-core, which the accessibility browser tests inject into each page (tests/e2e/test_accessibility.py).
AXE_VERSION=4.14.1
if [ "$want_browser" = 1 ] && ! grep -qs "\"version\": \"$AXE_VERSION\"" var/axe/node_modules/axe-core/package.json; then
  say "installing axe-core $AXE_VERSION into var/axe"
  mkdir -p var/axe
  npm install --prefix var/axe --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi
