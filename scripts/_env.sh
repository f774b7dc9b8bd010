# Shared set-up for scripts/start and scripts/test: a virtual environment with the pinned
# requirements, reinstalled only when a requirements file changes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON_BIN="${PYTHON_BIN:-$(command -v python3.11 || command -v python3)}"
REQS="${REQS:-requirements.txt}"

if [ ! -x .venv/bin/python ]; then
  echo "» Membuat virtual environment (.venv) dengan $PYTHON_BIN"
  "$PYTHON_BIN" -m venv .venv
fi
STAMP=".venv/.installed-$(cat requirements.txt "$REQS" | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ]; then
  echo "» Memasang dependensi dari $REQS"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$REQS"
  rm -f .venv/.installed-*
  touch "$STAMP"
fi

# WeasyPrint renders letters with Pango; gettext compiles translations. Install them if missing.
need_apt=()
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
command -v msgfmt >/dev/null || need_apt+=(gettext)
if [ "${NEED_CHROMIUM:-0}" = "1" ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
# The tests read rendered PDFs (letters, visit lists) with pdftotext/pdfinfo.
if [ "${NEED_CHROMIUM:-0}" = "1" ] && ! command -v pdftotext >/dev/null; then need_apt+=(poppler-utils); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "» Memasang paket sistem: ${need_apt[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Paket sistem berikut dibutuhkan, pasang dengan sudo apt-get install: ${need_apt[*]}" >&2
    exit 1
  fi
fi

# A development checkout runs in DEBUG mode (demo data, no HTTPS); production sets its environment.
if [ ! -f .env ]; then
  cp .env.example .env
  echo "» .env dibuat dari .env.example (DJANGO_DEBUG=1 untuk pengembangan)"
fi

PY="$ROOT/.venv/bin/python"
if compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then
  DJANGO_DEBUG=1 "$PY" manage.py compilemessages --ignore=.venv -v0
fi
