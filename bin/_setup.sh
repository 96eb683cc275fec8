# Shared by bin/demo and bin/test: make the virtual environment and install what is needed.
# Sourced, not run. Works on a fresh Debian machine with Python 3.11.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else
    echo "attachwork: need root to run: $*" >&2
    return 1
  fi
}

apt_install() {
  echo "attachwork: installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pick_python() {
  for py in python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$py"; return 0
    fi
  done
  echo "attachwork: Python 3.11 or newer is needed" >&2
  return 1
}

# ensure_venv EXTRAS : create .venv if missing, (re)install when pyproject.toml changes.
ensure_venv() {
  local extras="${1:-}" py stamp want
  py="$(pick_python)"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$py" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install -q --upgrade pip
  fi
  stamp="$VENV/.attachwork-installed"
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)-${extras:-base}"
  if [ ! -f "$stamp" ] || ! grep -qx -- "$want" "$stamp"; then
    echo "attachwork: installing Python packages into .venv"
    if [ -n "$extras" ]; then
      "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
    else
      "$VENV/bin/python" -m pip install -q -e "$ROOT"
    fi
    echo "$want" > "$stamp"
  fi
}

# Chromium draws the charts of summaries as SVG and prints them to PDF (and runs the
# browser tests).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
}

# pdftotext, for the test that reads the text back out of an exported PDF.
ensure_pdftotext() {
  if ! command -v pdftotext >/dev/null 2>&1; then
    apt_install poppler-utils
  fi
}

# A PostgreSQL server binary for the store tests (a throwaway cluster is started by pytest).
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
}

# configurable-http-proxy (npm) for the practice server tests, in .venv/proxy; Node from Debian
# when it is missing. Prints nothing when it is there already.
ensure_proxy() {
  local prefix="$VENV/proxy"
  if [ -x "$prefix/node_modules/.bin/configurable-http-proxy" ]; then return 0; fi
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  echo "attachwork: installing configurable-http-proxy (npm) into .venv/proxy"
  npm install --silent --no-audit --no-fund --prefix "$prefix" configurable-http-proxy@4 >/dev/null
}
