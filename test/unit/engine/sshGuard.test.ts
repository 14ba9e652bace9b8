import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sshGuardEnv } from '../../../src/engine/sshGuard';

describe('ssh guard (pwsh 7.6 crashes when ssh stops reading at once)', () => {
  it('runs the real ssh, passes its error through, and keeps reading until the caller closes the pipe', async () => {
    const fake = mkdtempSync(join(tmpdir(), 'fake-ssh-'));
    writeFileSync(join(fake, 'ssh'), '#!/bin/sh\necho "ssh: connect to host 10.9.9.9 port 22: Connection refused ($*)" >&2\nexit 255\n');
    chmodSync(join(fake, 'ssh'), 0o755);
    const env = sshGuardEnv({ ...process.env, PATH: `${fake}:${process.env.PATH ?? ''}` }, 'linux');
    assert.notEqual(env.PATH?.split(':')[0], fake, 'the guard comes first');

    const child = spawn('ssh', ['-p', '22', 'host'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const outputClosed = new Promise<void>((resolve) => child.stdout.on('close', resolve));
    let exited = false;
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => { exited = true; resolve(code); }));

    await outputClosed; // the real ssh failed: its output is closed, so the caller learns of the failure
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(exited, false, 'still draining input, so the caller can flush and close without a broken pipe');
    child.stdin.write('x'.repeat(100_000));
    child.stdin.end();
    assert.equal(await exit, 255);
    assert.match(stderr, /Connection refused \(-p 22 host\)/);
  });

  it('leaves Windows alone', () => {
    const env = { PATH: 'C:\\Windows' };
    assert.equal(sshGuardEnv(env, 'win32'), env);
  });
});
