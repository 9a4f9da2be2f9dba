#!/usr/bin/env bash
# The test command: installs what it needs, builds, runs the unit tests and the
# conformance kits of ../shared/conformance, printing each kit's
# "N passed, M failed, K skipped" line. Exits non-zero when a unit test fails or
# a kit falls below its floor (the floors sit just under the current scores, so
# a regression fails CI).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${PTOLEMY_SHARED:-$ROOT/../shared}
REPORTS=${PTOLEMY_REPORTS:-$ROOT/test-artifacts}
mkdir -p "$REPORTS"

./scripts/install-deps.sh
# Python packages of the conformance runners (rdflib) and the bench data generator (numpy).
if ! python3 -c "import rdflib, numpy" 2>/dev/null; then
  python3 -m pip install -q rdflib numpy 2>/dev/null \
    || python3 -m pip install -q --break-system-packages rdflib numpy 2>/dev/null \
    || { apt-get install -y -qq python3-rdflib python3-numpy >/dev/null; }
fi

# One release build serves the binary, the unit tests and the kits.
BUILD_FLAGS=(-c release -Xswiftc -enable-testing)
swift build "${BUILD_FLAGS[@]}"
BIN=$(swift build "${BUILD_FLAGS[@]}" --show-bin-path)/ptolemy

echo "== unit tests"
swift test "${BUILD_FLAGS[@]}" 2>&1 | tee "$REPORTS/unit-tests.log" | grep -E "^(✔|✘|􀟈|.*error:|Test run|.*failed)" | grep -v "passed after" | tail -40 || true
if grep -q "✘" "$REPORTS/unit-tests.log" || ! grep -q "Test run with .* passed" "$REPORTS/unit-tests.log"; then
  echo "unit tests failed (see $REPORTS/unit-tests.log)"; exit 1
fi
grep -E "Test run with .* passed" "$REPORTS/unit-tests.log" | tail -1

status=0
kit() { # name floor command...
  local name=$1 floor=$2; shift 2
  echo "== conformance: $name"
  "$@" --min-pass "$floor" > "$REPORTS/$name.log" 2>&1 || { echo "$name kit below its floor of $floor"; status=1; }
  grep -E "^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$REPORTS/$name.log" | sed "s/^/$name: /" || { tail -5 "$REPORTS/$name.log"; status=1; }
}

if [ -d "$SHARED/conformance" ]; then
  kit rdf 990 python3 "$SHARED/conformance/rdf/run.py" --cmd "$BIN" --json-report "$REPORTS/rdf.json"
  kit sparql 965 python3 "$SHARED/conformance/sparql/run.py" --cmd "$BIN" --json-report "$REPORTS/sparql.json"
  kit rml 222 python3 "$SHARED/conformance/rml/run.py" --cmd "$BIN" --pass-base-iri --json-report "$REPORTS/rml.json"
  kit rml-all 318 python3 "$SHARED/conformance/rml/run.py" --cmd "$BIN" --pass-base-iri --suite all --json-report "$REPORTS/rml-all.json"
  echo "== load/export round trip"
  BIG=${PTOLEMY_BENCH_DATA:-/tmp/bench-data}/scale-1/data.nt
  if [ ! -f "$BIG" ] && python3 -c "import numpy" 2>/dev/null; then
    python3 "$SHARED/bench/gen_geo.py" --scale 1 --out "$(dirname "$BIG")" >/dev/null || true
  fi
  python3 scripts/roundtrip_check.py --cmd "$BIN" --max-differ 1 ${BIG:+$( [ -f "$BIG" ] && echo --big "$BIG")} \
    > "$REPORTS/roundtrip.log" 2>&1 || { echo "round trip check failed"; status=1; }
  grep -v "^DIFF" "$REPORTS/roundtrip.log" | tail -3
else
  echo "no conformance kits at $SHARED/conformance (set PTOLEMY_SHARED)"; status=1
fi
echo "== federation: SERVICE and federation members on live loopback endpoints (ptolemy serve, pyoxigraph)"
if ./scripts/federation-tests.sh "$BIN" 7 > "$REPORTS/federation-tests.log" 2>&1; then
  grep -E "^[0-9]+ passed, [0-9]+ failed" "$REPORTS/federation-tests.log" | tail -1 | sed "s/^/service kit: /"
  grep -E "[0-9]+ passed" "$REPORTS/federation-tests.log" | tail -1 | sed "s/^/federation: /"
else
  tail -40 "$REPORTS/federation-tests.log"
  echo "federation tests failed (see $REPORTS/federation-tests.log)"; status=1
fi
echo "== server: real clients against a running endpoint (SPARQLWrapper, rdflib, curl, headless Chromium)"
if ./scripts/server-tests.sh "$BIN" > "$REPORTS/server-tests.log" 2>&1; then
  grep -E "[0-9]+ passed" "$REPORTS/server-tests.log" | tail -1 | sed "s/^/server: /"
else
  tail -40 "$REPORTS/server-tests.log"
  echo "server client tests failed (see $REPORTS/server-tests.log)"; status=1
fi
exit $status
