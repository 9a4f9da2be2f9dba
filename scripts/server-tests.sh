#!/usr/bin/env bash
# The endpoint's client tests (Tests/server): a running `ptolemy serve --demo` driven by
# real clients — SPARQLWrapper, rdflib's SPARQLStore, curl — and the web UI by headless
# Chromium, with screenshots in test-artifacts/. Installs what it needs when missing
# (Debian: chromium, curl, fonts; PyPI: SPARQLWrapper, rdflib, pytest).
# Usage: scripts/server-tests.sh [path/to/ptolemy]   (default: a fresh release build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${1:-${PTOLEMY_BIN:-}}
if [ -z "$BIN" ]; then
  swift build -c release
  BIN=$(swift build -c release --show-bin-path)/ptolemy
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v chromium >/dev/null || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "install ok installed" || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! python3 -c "import SPARQLWrapper, rdflib, pytest" 2>/dev/null; then
  python3 -m pip install -q SPARQLWrapper rdflib pytest 2>/dev/null \
    || python3 -m pip install -q --break-system-packages SPARQLWrapper rdflib pytest
fi

export PTOLEMY_BIN=$BIN
export PTOLEMY_ARTIFACTS=${PTOLEMY_REPORTS:-$ROOT/test-artifacts}
mkdir -p "$PTOLEMY_ARTIFACTS"
exec python3 -m pytest -q -p no:cacheprovider -p no:warnings -o "junit_family=xunit2" \
  --junitxml "$PTOLEMY_ARTIFACTS/server-tests.xml" Tests/server
