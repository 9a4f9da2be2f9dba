#!/usr/bin/env bash
# The run command: installs what it needs, builds Ptolemy, and serves the embedded store
# in ./ptolemy-data (loading the demo data — ontologies + the demo semantic catalogue —
# when the store is empty) at http://127.0.0.1:8080/: the web UI at /, the SPARQL
# endpoint at /sparql. Ctrl+C stops it cleanly. Extra arguments go to `ptolemy serve`
# (e.g. ./scripts/run.sh --port 9000 --local-only-writes). SERVICE may call a second
# endpoint on this machine's port 8081 (queries/federated-lucas-code-list.rq); no other.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release
BIN=$(swift build -c release --show-bin-path)/ptolemy
exec "$BIN" serve --demo --store "${PTOLEMY_STORE:-ptolemy-data}" --service-allow http://127.0.0.1:8081/sparql "$@"
