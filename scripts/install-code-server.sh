#!/usr/bin/env bash
# Installs code-server (a real VS Code, pinned by CODE_SERVER_VERSION) into .e2e/code-server/, outside the
# project's own node_modules, for the end-to-end tests and the demo.
#
# Idempotent: a fast no-op when the pinned version is already installed and complete.
# Safe to run concurrently (flock): a second caller waits and then finds it installed.
# The install is built in a temporary folder and renamed into place, so a half-finished install never looks done.
#
# Why it is done this way (see shared notes/code-server.md):
# - npm 11 blocks dependency install scripts unless allowed. code-server's own postinstall runs nested
#   `npm install`s in lib/vscode and lib/vscode/extensions, which are projects of their own: the allow list of
#   .e2e/code-server/package.json does not reach them. So: install with --ignore-scripts, drop an .npmrc with
#   `allow-scripts=` into both nested projects, then `npm rebuild` runs the allowed scripts.
# - As root, code-server's postinstall requires npm_config_unsafe_perm=true; node-pty's postinstall runs
#   `npx node-gyp` (npm_config_yes=true).
# - @vscode/ripgrep's postinstall downloads from GitHub; it looks in its cache under $TMPDIR first, which we seed
#   with a tarball of Debian's /usr/bin/rg.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

ROOT="$PWD"
E2E="$ROOT/.e2e"
DEST="$E2E/code-server"
CS="$DEST/node_modules/code-server"
MARKER="$DEST/.installed"
WANT="code-server@$CODE_SERVER_VERSION node@$(node -p 'process.versions.node.split(".")[0]')"

log() { printf '[install-code-server] %s\n' "$*"; }

# Complete = marker matches, and the pieces that fail silently when a script was skipped are present.
installed() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ] &&
    [ -f "$CS/out/node/entry.js" ] &&
    [ -e "$CS/lib/vscode/node_modules.asar" ] &&
    [ -x "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] &&
    [ -f "$CS/lib/vscode/node_modules/node-pty/build/Release/pty.node" ]
}

if installed; then
  exit 0
fi

mkdir -p "$E2E"
exec 9>"$E2E/code-server.lock"
flock 9
if installed; then # someone else finished it while we waited
  exit 0
fi

for tool in rg node npm tar flock; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing '$tool' (scripts/setup.sh installs the Debian packages)"; exit 1; }
done
[ -f /usr/include/gssapi/gssapi.h ] || { log "missing libkrb5-dev (kerberos needs gssapi/gssapi.h)"; exit 1; }
case "$(node -p 'process.versions.node.split(".")[0]')" in
  20) ;;
  *) log "code-server $CODE_SERVER_VERSION needs Node 20, found $(node --version)"; exit 1 ;;
esac

started=$(date +%s)
log "installing code-server $CODE_SERVER_VERSION into .e2e/code-server (about a minute or two)"
WORK="$E2E/code-server.tmp"
rm -rf "$WORK"
mkdir -p "$WORK/tmp"
LOGFILE="$E2E/code-server-install.log"
: >"$LOGFILE"

# Packages whose install scripts code-server needs (name-only entries: this machine's npm config omits resolved
# URLs from lockfiles, so version pins cannot be verified and would be refused).
ALLOW_TOP='"code-server": true, "argon2": true'
ALLOW_NESTED='@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,node-pty,esbuild'

cat >"$WORK/package.json" <<EOF
{
  "name": "hyperv-mobility-e2e-code-server",
  "private": true,
  "description": "code-server for the Hyper-V Mobility end-to-end tests and demo (written by scripts/install-code-server.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { $ALLOW_TOP }
}
EOF

# Seed @vscode/ripgrep's download cache with Debian's rg (it would download from GitHub otherwise).
RG_CACHE="$WORK/tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE/stage"
cp "$(command -v rg)" "$RG_CACHE/stage/rg"
tar -czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$RG_CACHE/stage" rg
rm -rf "$RG_CACHE/stage"

export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false TMPDIR="$WORK/tmp"

fail() {
  log "FAILED: $*"
  log "last lines of $LOGFILE:"
  tail -n 40 "$LOGFILE" | sed 's/^/    /' >&2
  exit 1
}

(cd "$WORK" && npm install --ignore-scripts --no-audit --no-fund --loglevel=warn >>"$LOGFILE" 2>&1) ||
  fail "npm install --ignore-scripts"

NESTED="$WORK/node_modules/code-server/lib/vscode"
[ -f "$NESTED/package.json" ] || fail "unexpected code-server layout: no lib/vscode/package.json"
for dir in "$NESTED" "$NESTED/extensions"; do
  printf 'allow-scripts=%s\n' "$ALLOW_NESTED" >>"$dir/.npmrc"
done

(cd "$WORK" && npm rebuild --foreground-scripts --loglevel=warn >>"$LOGFILE" 2>&1) ||
  fail "npm rebuild (code-server postinstall)"

printf '%s\n' "$WANT" >"$WORK/.installed"
rm -rf "$WORK/tmp"
rm -rf "$DEST"
mv "$WORK" "$DEST"
if ! installed; then
  fail "install finished but the result is incomplete (see checks in $0)"
fi
log "done in $(( $(date +%s) - started ))s ($(du -sh "$DEST" | cut -f1))"
