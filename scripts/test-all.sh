#!/usr/bin/env bash
# The README's test command: sets up a fresh clone, then type-checks, lints, builds and runs every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-code-server
# code-server (a minute's download and native builds) installs while the bundle, the lint and the unit tests run;
# the lab suites start only once it is done, so it never competes with their timings.
mkdir -p .e2e
cs_log=.e2e/install-code-server.log
bash scripts/install-code-server.sh >"$cs_log" 2>&1 &
cs_job=$!
trap 'kill "$cs_job" 2>/dev/null || true' EXIT
npm run build
npm run lint
status=0
run() { echo; echo "=== $*"; "$@" || status=1; }
run npm run test:unit
if ! wait "$cs_job"; then
  cat "$cs_log"
  echo "code-server did not install: the end-to-end suite cannot run" >&2
  exit 1
fi
cat "$cs_log"
run npm run test:integration
run npm run test:e2e
exit $status
