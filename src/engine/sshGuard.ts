import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createPrivateDir, verifyPrivateDir } from './privateDir';

/**
 * pwsh 7.6 crashes — an unhandled "Broken pipe" on its SSH transport's error thread — when ssh exits before reading
 * what pwsh already wrote to it, as it does on a refused connection, a refused key or an unknown name: one bad host
 * would take down the local process and every other host's answer with it. This puts an `ssh` first on the PATH of
 * our PowerShell that runs the real one, then closes its output and drains its input until pwsh closes the pipe, so
 * pwsh reports the error instead of crashing.
 *
 * It also sends ssh's own messages (its errors, a server's banner, whatever the remote side writes to stderr) to a log
 * file instead of pwsh's stdout, which is where the dispatcher answers: a host must not be able to write there. The
 * engine reads that log for the reason a host failed ("Connection refused", "Permission denied").
 *
 * The wrapper lives in a private folder (see privateDir.ts), written with exclusive create: another local user can
 * neither plant an `ssh` of their own there nor make us write through a link. Not needed on Windows, where the process
 * is never sent a broken pipe.
 */
const WRAPPER = `#!/bin/sh
# Written by Hyper-V Mobility (src/engine/sshGuard.ts); see there for why.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
PATH=$(printf '%s' "$PATH" | tr ':' '\\n' | grep -vxF "$here" | tr '\\n' ':' | sed 's/:$//')
export PATH
ssh "$@" 2>>"$here/ssh.log"
rc=$?
exec >/dev/null 2>&1
cat >/dev/null
exit $rc
`;

export const SSH_LOG_NAME = 'ssh.log';

export interface SshGuard {
  /** The environment for our PowerShell: PATH starts with the wrapper's folder. */
  readonly env: NodeJS.ProcessEnv;
  /** Where ssh's messages go (undefined on Windows). */
  readonly logPath: string | undefined;
}

/** Writes the wrapper and its empty log into `dir`, which must be private (checked again here). */
export function installSshGuard(
  dir: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): SshGuard {
  if (platform === 'win32') return { env, logPath: undefined };
  verifyPrivateDir(dir);
  writeExclusive(join(dir, 'ssh'), WRAPPER, 0o700);
  const logPath = join(dir, SSH_LOG_NAME);
  writeExclusive(logPath, '', 0o600);
  const rest = (env.PATH ?? '').split(delimiter).filter((p) => p !== dir && p.length > 0);
  return { env: { ...env, PATH: [dir, ...rest].join(delimiter) }, logPath };
}

/**
 * For a one-off client process (tests, tools): a private folder of its own holding the guard, removed when this Node
 * process exits. The engine uses installSshGuard with a folder it removes itself.
 */
export function sshGuardEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform === 'win32') return env;
  const dir = createPrivateDir('hyperv-mobility-ssh-');
  process.once('exit', () => dir.remove());
  return installSshGuard(dir.path, env, platform).env;
}

/** Creates the file or fails if anything (a file, a link) is already there: never writes through a planted link. */
function writeExclusive(path: string, text: string, mode: number): void {
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    mode,
  );
  try {
    if (text.length > 0) writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
