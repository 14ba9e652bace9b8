#!/usr/bin/env bash
# The README's test command: sets up a fresh clone, then type-checks, lints, builds and runs every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run build
npm run lint
status=0
run() { echo; echo "=== $*"; "$@" || status=1; }
run npm run test:unit
run npm run test:integration
run npm run test:e2e
exit $status
