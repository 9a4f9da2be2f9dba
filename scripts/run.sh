#!/usr/bin/env bash
# The run command: installs what it needs, builds Ptolemy, loads the demo data
# (ontologies + the demo semantic catalogue) into an embedded store in ./ptolemy-data
# when the store is new, and shows what the store holds.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release
BIN=$(swift build -c release --show-bin-path)/ptolemy
STORE=${PTOLEMY_STORE:-ptolemy-data}
if [ ! -f "$STORE/MANIFEST" ]; then
  "$BIN" load --store "$STORE" ontologies/*.ttl data/demo/*.ttl
fi
"$BIN" stats --store "$STORE"
