// This process's ssh wrapper: an `ssh` whose config Includes every running lab's ssh_config, first on PATH, so that a
// pwsh started by this process reaches lab hosts by name.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A fresh folder of this process (mkdtemp): a predictable name could hold a stale wrapper and lab configs left by an
// old run under a reused pid, or one planted by another user. Removed on exit.
const CLIENT = mkdtempSync(join(tmpdir(), 'hvlab-client-'));

export function ensureClientWrapper(): string {
  const bin = join(CLIENT, 'bin');
  if (!existsSync(join(bin, 'ssh'))) {
    mkdirSync(bin, { recursive: true });
    mkdirSync(join(CLIENT, 'labs'), { recursive: true });
    writeFileSync(
      join(CLIENT, 'ssh_config'),
      [
        `Include ${join(CLIENT, 'labs')}/*.conf`,
        'Host 127.*',
        '  StrictHostKeyChecking no',
        '  UserKnownHostsFile /dev/null',
        '  GlobalKnownHostsFile /dev/null',
        '  BatchMode yes',
        '  LogLevel ERROR',
        '',
      ].join('\n'),
    );
    writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${join(CLIENT, 'ssh_config')}' "$@"\n`, {
      mode: 0o755,
    });
  }
  const path = process.env.PATH ?? '';
  if (!path.split(':').includes(bin)) process.env.PATH = `${bin}:${path}`;
  return bin;
}

process.on('exit', () => rmSync(CLIENT, { recursive: true, force: true }));

/** Makes the lab's hosts (its ssh_config) reachable by name through the wrapper, under the name of its block. */
export function addLabHosts(block: string, sshConfig: string): void {
  copyFileSync(sshConfig, join(CLIENT, 'labs', `${block}.conf`));
}

export function removeLabHosts(block: string): void {
  rmSync(join(CLIENT, 'labs', `${block}.conf`), { force: true });
}
