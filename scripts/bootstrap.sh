#!/usr/bin/env bash
# Installs everything anju needs on a Debian machine with Python 3.11, idempotently.
#   scripts/bootstrap.sh run   — what running the system needs
#   scripts/bootstrap.sh dev   — plus test tools (Chromium for browser tests, dev Python packages)
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Debian packages: CJK fonts and Pango for PDF output; the Java runtime for Spark (provincial supervision,
# anju-supervise, and its tests); Chromium for browser tests.
debs=(fonts-noto-cjk fonts-wqy-zenhei libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b openjdk-17-jre-headless)
if [ "$mode" = dev ]; then debs+=(chromium); fi
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "anju: installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python environment from the lock file (pinned with hashes).
lock=requirements/run.lock
[ "$mode" = dev ] && lock=requirements/dev.lock
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
stamp=.venv/.anju-lock
want="$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "anju: installing Python packages from $lock"
  [ -x .venv/bin/uv ] || .venv/bin/pip install -q "uv==0.13.9"
  VIRTUAL_ENV="$root/.venv" .venv/bin/uv pip sync -q --require-hashes "$lock"
  VIRTUAL_ENV="$root/.venv" .venv/bin/uv pip install -q --no-deps -e .
  echo "$want" > "$stamp"
fi
