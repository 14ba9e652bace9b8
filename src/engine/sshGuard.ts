import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * pwsh 7.6 crashes — an unhandled "Broken pipe" on its SSH transport's error thread — when ssh exits before reading
 * what pwsh already wrote to it, as it does on a refused connection, a refused key or an unknown name: one bad host
 * would take down the local process and every other host's answer with it. This puts an `ssh` first on the PATH of
 * our PowerShell that runs the real one, then closes its output and drains its input until pwsh closes the pipe, so
 * pwsh reports the error instead of crashing. Not needed on Windows, where the process is never sent a broken pipe.
 */
const script = `#!/bin/sh
# Written by Hyper-V Mobility (src/engine/sshGuard.ts); see there for why.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
PATH=$(printf '%s' "$PATH" | tr ':' '\\n' | grep -vxF "$here" | tr '\\n' ':' | sed 's/:$//')
export PATH
ssh "$@"
rc=$?
exec >/dev/null 2>&1
cat >/dev/null
exit $rc
`;

export function sshGuardEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform === 'win32') return env;
  const dir = join(tmpdir(), `hyperv-mobility-ssh-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ssh');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  const rest = (env.PATH ?? '').split(delimiter).filter((p) => p !== dir);
  return { ...env, PATH: [dir, ...rest].join(delimiter) };
}
