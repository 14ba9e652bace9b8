#!/usr/bin/env bash
# The product demo: the extension in a real VS Code (code-server) against the simulated lab.
#
#   bash scripts/demo.sh start    (npm start)  set up, build, package, lab up, start code-server, print the URL
#   bash scripts/demo.sh stop     (npm stop)   stop code-server (its whole process group) and the lab it started
#   bash scripts/demo.sh status                the URL if it is running
#
# State: .e2e/demo/ (code-server's HOME, user-data, extensions, workspace, logs, pid files).
# Environment: DEMO_PORT (default: a free port), HVLAB_DIR (the lab's scratch folder, default .lab),
#              DEMO_TOPOLOGY (a lab topology file, default the lab's demo topology), DEMO_SKIP_SETUP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
STATE="$ROOT/.e2e/demo"
LAB=(bash "$ROOT/lab/bin/lab")
LAB_DIR="${HVLAB_DIR:-$ROOT/.lab}"
CS_ENTRY="$ROOT/.e2e/code-server/node_modules/code-server/out/node/entry.js"
PGID_FILE="$STATE/code-server.pgid"
URL_FILE="$STATE/url"
LAB_MARK="$STATE/lab-started-by-demo"

log() { printf '[demo] %s\n' "$*" >&2; }
die() { printf '[demo] error: %s\n' "$*" >&2; exit 1; }

group_alive() { [ -n "${1:-}" ] && kill -0 -- "-$1" 2>/dev/null; }

running_pgid() {
  local pgid
  pgid="$(cat "$PGID_FILE" 2>/dev/null || true)"
  if group_alive "$pgid"; then printf '%s\n' "$pgid"; else return 1; fi
}

# Writes the user settings: the quiet defaults, the lab's hosts and clusters, the repo's pwsh. Keeps other keys.
write_settings() {
  local settings="$STATE/user-data/User/settings.json"
  mkdir -p "$(dirname "$settings")"
  SETTINGS="$settings" LAB_JSON="$LAB_DIR/lab.json" PWSH="$ROOT/.tools/pwsh" node -e '
    const fs = require("fs");
    const file = process.env.SETTINGS;
    let settings = {};
    try { settings = JSON.parse(fs.readFileSync(file, "utf8")); } catch { /* first start */ }
    const lab = JSON.parse(fs.readFileSync(process.env.LAB_JSON, "utf8"));
    const nodes = new Set(lab.clusters.flatMap((c) => c.nodes.map((n) => n.toUpperCase())));
    const hosts = [
      ...lab.hosts.filter((h) => !nodes.has(h.name.toUpperCase())).map((h) => ({ name: h.name, kind: "host", transport: "ssh" })),
      ...lab.clusters.map((c) => ({ name: c.name, kind: "cluster", transport: "ssh" })),
    ];
    Object.assign(settings, {
      "workbench.startupEditor": "none",
      "telemetry.telemetryLevel": "off",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "extensions.ignoreRecommendations": true,
      "workbench.enableExperiments": false,
      "workbench.tips.enabled": false,
      "security.workspace.trust.enabled": false,
      "update.mode": "none",
      "git.openRepositoryInParentFolders": "never",
      "hypervMobility.hosts": hosts,
      "hypervMobility.powershellPath": process.env.PWSH,
    });
    fs.writeFileSync(file, JSON.stringify(settings, null, 2) + "\n");
    console.log(hosts.map((h) => `${h.name} (${h.kind})`).join(", "));
  '
}

cmd_start() {
  local pgid
  if pgid="$(running_pgid)"; then
    log "already running (process group $pgid): $(cat "$URL_FILE")"
    cat "$URL_FILE"
    return 0
  fi
  local t0=$SECONDS
  mkdir -p "$STATE"

  if [ "${DEMO_SKIP_SETUP:-}" != 1 ]; then
    log "set-up (scripts/setup.sh)"
    bash scripts/setup.sh
  fi
  [ -f "$CS_ENTRY" ] || bash scripts/install-code-server.sh
  [ -f "$CS_ENTRY" ] || die "code-server is not installed (scripts/install-code-server.sh)"

  log "build (npm run build)"
  npm run build --silent >"$STATE/build.log" 2>&1 || { tail -n 40 "$STATE/build.log" >&2; die "npm run build failed (log: $STATE/build.log)"; }

  # npm run package, or, while the repository has no .vscodeignore, the same vsce call with an ignore list that
  # keeps only what the extension ships (shared with the e2e fixture: test/support/vscode.ts ensureVsix).
  log "package (.vsix)"
  local vsix
  vsix="$(E2E_SKIP_BUILD=0 node --import tsx -e '
    require("./test/support/vscode").ensureVsix().then((p) => console.log(p), (e) => { console.error(e.message); process.exit(1); });
  ' 2>"$STATE/package.log")" || { cat "$STATE/package.log" >&2; die "packaging failed"; }

  # The lab: reuse one that is already up in $LAB_DIR, else start it (and remember to stop it).
  if "${LAB[@]}" --dir "$LAB_DIR" status 2>/dev/null | grep -q ' running'; then
    log "lab already up in $LAB_DIR (left running by stop)"
    rm -f "$LAB_MARK"
  else
    log "lab up ($LAB_DIR)"
    local up_args=()
    [ -z "${DEMO_TOPOLOGY:-}" ] || up_args+=(--topology "$DEMO_TOPOLOGY")
    HVLAB_QUIET=1 "${LAB[@]}" --dir "$LAB_DIR" up "${up_args[@]}" || die "lab up failed"
    touch "$LAB_MARK"
  fi
  [ -f "$LAB_DIR/lab.json" ] || die "the lab wrote no $LAB_DIR/lab.json"

  # code-server's own HOME (it writes ~/.config and ~/.local/share), with the lab's ssh client config.
  local home="$STATE/home" ext="$STATE/extensions" ud="$STATE/user-data" ws="$STATE/workspace"
  mkdir -p "$home" "$ext" "$ud/User" "$ws"
  if [ -d "$LAB_DIR/home/.ssh" ]; then
    rm -rf "$home/.ssh"
    cp -a "$LAB_DIR/home/.ssh" "$home/.ssh"
  fi
  log "settings: hosts $(write_settings)"

  # The lab's client environment (PATH with its ssh wrapper, HVLAB_*), for the extension host and its pwsh.
  local lab_env
  lab_env="$("${LAB[@]}" --dir "$LAB_DIR" env)" || die "lab env failed"

  log "install the extension into code-server"
  HOME="$home" node "$CS_ENTRY" --user-data-dir "$ud" --extensions-dir "$ext" --install-extension "$vsix" --force \
    >"$STATE/install-extension.log" 2>&1 || { cat "$STATE/install-extension.log" >&2; die "installing $vsix failed"; }

  local log_file="$STATE/code-server.log"
  : >"$log_file"
  (
    eval "$lab_env"
    unset NODE_OPTIONS ELECTRON_RUN_AS_NODE
    # VS Code's server replaces the extension host's environment with a login shell's (whose /etc/profile resets
    # PATH, dropping the lab's ssh wrapper) unless VSCODE_CLI=1: then the extension host gets exactly this env.
    export VSCODE_CLI=1
    export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache"
    cd "$STATE"
    exec setsid node "$CS_ENTRY" \
      --bind-addr "127.0.0.1:${DEMO_PORT:-0}" --auth none \
      --user-data-dir "$ud" --extensions-dir "$ext" \
      --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
      "$ws" </dev/null >>"$log_file" 2>&1
  ) &
  local pid=$!
  # setsid made the node process a group leader (pid = pgid); check rather than assume.
  local tries=0
  pgid=""
  while [ -z "$pgid" ] && [ $tries -lt 50 ]; do
    pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    [ "$pgid" = "$pid" ] || pgid=""
    [ -n "$pgid" ] || { tries=$((tries + 1)); sleep 0.1; }
  done
  [ -n "$pgid" ] || { tail -n 30 "$log_file" >&2; die "code-server did not start"; }
  echo "$pgid" >"$PGID_FILE"

  local base="" deadline=$((SECONDS + 90))
  while [ -z "$base" ]; do
    base="$(sed -n 's|.*HTTP server listening on \(http://[^ ]*\).*|\1|p' "$log_file" | head -n 1)"
    [ -n "$base" ] && break
    group_alive "$pgid" || { tail -n 30 "$log_file" >&2; die "code-server exited"; }
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$log_file" >&2; die "code-server did not listen within 90 s"; }
    sleep 0.2
  done
  base="${base%/}/"
  until curl -fsS -o /dev/null "${base}healthz"; do
    group_alive "$pgid" || { tail -n 30 "$log_file" >&2; die "code-server exited"; }
    [ $SECONDS -lt $deadline ] || die "code-server's /healthz did not answer within 90 s"
    sleep 0.2
  done
  local url="${base}?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$ws")"
  echo "$url" >"$URL_FILE"
  log "ready in $((SECONDS - t0))s (code-server process group $pgid, log $log_file)"
  log "open: $url"
  log "stop: npm stop"
  echo "$url"
}

cmd_stop() {
  local pgid
  pgid="$(cat "$PGID_FILE" 2>/dev/null || true)"
  if group_alive "$pgid"; then
    log "stopping code-server (process group $pgid)"
    kill -TERM -- "-$pgid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do group_alive "$pgid" || break; sleep 0.1; done
    if group_alive "$pgid"; then
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
  else
    log "code-server is not running"
  fi
  rm -f "$PGID_FILE" "$URL_FILE"
  if [ -f "$LAB_MARK" ]; then
    log "lab down ($LAB_DIR)"
    "${LAB[@]}" --dir "$LAB_DIR" down || true
    rm -f "$LAB_MARK"
  fi
}

cmd_status() {
  local pgid
  if pgid="$(running_pgid)"; then
    log "running (process group $pgid)"
    cat "$URL_FILE"
  else
    log "not running"
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: bash scripts/demo.sh start|stop|status" >&2; exit 2 ;;
esac
