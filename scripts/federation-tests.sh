#!/usr/bin/env bash
# The federation tests: the W3C SPARQL 1.1 `service` tests with their endpoints served by
# real `ptolemy serve` processes (scripts/service-kit.py), and Tests/federation, which
# starts `ptolemy serve` members, a pyoxigraph endpoint and a misbehaving HTTP server on
# loopback ports. Installs what it needs when missing (PyPI: pyoxigraph, rdflib, pytest).
# Usage: scripts/federation-tests.sh path/to/ptolemy [service-kit floor]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${1:?usage: scripts/federation-tests.sh path/to/ptolemy [floor]}
FLOOR=${2:-7}
SHARED=${PTOLEMY_SHARED:-$ROOT/../shared}
REPORTS=${PTOLEMY_REPORTS:-$ROOT/test-artifacts}
mkdir -p "$REPORTS"
if ! python3 -c "import pyoxigraph, rdflib, pytest" 2>/dev/null; then
  python3 -m pip install -q pyoxigraph rdflib pytest 2>/dev/null \
    || python3 -m pip install -q --break-system-packages pyoxigraph rdflib pytest
fi
status=0
echo "-- W3C service tests with live endpoints"
python3 scripts/service-kit.py --cmd "$BIN" --shared "$SHARED" --min-pass "$FLOOR" \
  --json-report "$REPORTS/service-kit.json" || status=1
echo "-- federation integration tests"
PTOLEMY_BIN=$BIN python3 -m pytest -q -p no:cacheprovider -p no:warnings -o "junit_family=xunit2" \
  --junitxml "$REPORTS/federation-tests.xml" Tests/federation || status=1
exit $status
