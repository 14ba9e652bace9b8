#!/usr/bin/env bash
# Installs everything the product, the lab and the tests need on a fresh machine of this kind.
# Idempotent: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

log() { printf '[setup] %s\n' "$*"; }

# Debian packages: OpenSSH (lab hosts are sshd instances), Chromium (end-to-end tests),
# libkrb5-dev (code-server's kerberos module), ripgrep (code-server's search binary).
need=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PowerShell, pinned, as a dotnet tool in an ignored folder of the project: downloaded while npm ci runs.
pwsh_job=""
if ! [ -x .tools/pwsh ] || [ "$(.tools/pwsh -NoLogo -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null)" != "$PWSH_VERSION" ]; then
  log "dotnet tool install PowerShell $PWSH_VERSION"
  rm -rf .tools
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path .tools >/dev/null &
  pwsh_job=$!
fi

# npm packages of the project.
if ! [ -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund >/dev/null
fi
if [ -n "$pwsh_job" ] && ! wait "$pwsh_job"; then
  log "dotnet tool install PowerShell $PWSH_VERSION failed"
  exit 1
fi

# A real VS Code for the end-to-end tests and the demo (kept out of the project's own node_modules). The test
# command installs it itself, while it builds and runs the unit tests (--no-code-server).
if [ "${1:-}" != "--no-code-server" ] && [ -f scripts/install-code-server.sh ]; then
  bash scripts/install-code-server.sh
fi
log "ready: pwsh $(.tools/pwsh -NoLogo -NoProfile -Command '$PSVersionTable.PSVersion.ToString()'), node $(node --version)"
