import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateDir, UnsafeDirectoryError, verifyPrivateDir } from '../../../src/engine/privateDir';
import { installSshGuard, sshGuardEnv } from '../../../src/engine/sshGuard';

/** A fake `ssh` first on PATH that says what a refused connection says, on stderr. */
function fakeSsh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-ssh-'));
  writeFileSync(
    join(dir, 'ssh'),
    '#!/bin/sh\necho "ssh: connect to host 10.9.9.9 port 22: Connection refused ($*)" >&2\nexit 255\n',
  );
  chmodSync(join(dir, 'ssh'), 0o755);
  return dir;
}

describe('ssh guard (pwsh 7.6 crashes when ssh stops reading at once)', () => {
  it("runs the real ssh, keeps its messages off the caller's output (in the log), and reads until the caller closes the pipe", async () => {
    const fake = fakeSsh();
    const dir = createPrivateDir('hvm-test-');
    try {
      const guard = installSshGuard(dir.path, { ...process.env, PATH: `${fake}:${process.env.PATH ?? ''}` }, 'linux');
      assert.equal(guard.env.PATH?.split(':')[0], dir.path, 'the guard comes first');
      const child = spawn('ssh', ['-p', '22', 'host'], { env: guard.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const outputClosed = new Promise<void>((resolve) => child.stdout.on('close', resolve));
      let exited = false;
      const exit = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => {
          exited = true;
          resolve(code);
        }),
      );

      await outputClosed; // the real ssh failed: its output is closed, so the caller learns of the failure
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(exited, false, 'still draining input, so the caller can flush and close without a broken pipe');
      child.stdin.write('x'.repeat(100_000));
      child.stdin.end();
      assert.equal(await exit, 255);
      assert.equal(output, '', "nothing reached the caller's stdout or stderr (where the dispatcher answers)");
      assert.match(readFileSync(guard.logPath!, 'utf8'), /Connection refused \(-p 22 host\)/);
    } finally {
      dir.remove();
      rmSync(fake, { recursive: true, force: true });
    }
  });

  it('leaves Windows alone', () => {
    const env = { PATH: 'C:\\Windows' };
    assert.equal(sshGuardEnv(env, 'win32'), env);
  });
});

describe('the ssh wrapper cannot be hijacked by another local user', () => {
  // Where the wrapper used to live: a name anyone could predict and create first.
  const oldPath = join(tmpdir(), `hyperv-mobility-ssh-${process.pid}`);
  // Versions before the fix left such folders behind; a later process can get the same pid, so each test plants its own.
  beforeEach(() => rmSync(oldPath, { recursive: true, force: true }));
  afterEach(() => rmSync(oldPath, { recursive: true, force: true }));

  it('a directory planted at the old predictable path, with an ssh of its own, is never used', () => {
    const markerDir = mkdtempSync(join(tmpdir(), 'hvm-marker-'));
    const marker = join(markerDir, 'pwned');
    mkdirSync(oldPath, { mode: 0o777 });
    writeFileSync(join(oldPath, 'ssh'), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o777 });
    const fake = fakeSsh();
    const env = sshGuardEnv({ ...process.env, PATH: `${fake}:${process.env.PATH ?? ''}` }, 'linux');
    const first = env.PATH!.split(':')[0]!;
    assert.notEqual(first, oldPath);
    assert.equal(env.PATH!.split(':').includes(oldPath), false);
    spawnSync('ssh', ['host'], { env, input: '' });
    assert.equal(existsSync(marker), false, 'the planted ssh ran');
    rmSync(fake, { recursive: true, force: true });
    rmSync(markerDir, { recursive: true, force: true });
  });

  it('a symlink planted at the old path is never followed: the file it points to is not overwritten', () => {
    const victimDir = mkdtempSync(join(tmpdir(), 'hvm-victim-'));
    writeFileSync(join(victimDir, 'ssh'), 'the victim file\n');
    symlinkSync(victimDir, oldPath);
    const env = sshGuardEnv(process.env, 'linux');
    assert.notEqual(env.PATH!.split(':')[0], oldPath);
    assert.equal(readFileSync(join(victimDir, 'ssh'), 'utf8'), 'the victim file\n');
    rmSync(victimDir, { recursive: true, force: true });
  });

  it('the wrapper is written with exclusive create: a file or link already in place makes it fail, not write through', () => {
    const dir = createPrivateDir('hvm-test-');
    const victimDir = mkdtempSync(join(tmpdir(), 'hvm-victim-'));
    const victim = join(victimDir, 'file');
    writeFileSync(victim, 'keep me\n');
    try {
      symlinkSync(victim, join(dir.path, 'ssh'));
      assert.throws(() => installSshGuard(dir.path, process.env, 'linux'), /EEXIST/);
      assert.equal(readFileSync(victim, 'utf8'), 'keep me\n');
    } finally {
      dir.remove();
      rmSync(victimDir, { recursive: true, force: true });
    }
  });

  it('its folder is fresh, a real directory, ours, mode 0700; remove() takes it away', () => {
    const dir = createPrivateDir('hvm-test-');
    const stat = lstatSync(dir.path);
    assert.ok(stat.isDirectory() && !stat.isSymbolicLink());
    assert.equal(stat.uid, process.getuid!());
    assert.equal(stat.mode & 0o777, 0o700);
    dir.remove();
    assert.equal(existsSync(dir.path), false);
  });

  it('a folder that is a link, open to others, or not ours is refused', () => {
    const base = mkdtempSync(join(tmpdir(), 'hvm-check-'));
    try {
      const open = join(base, 'open');
      mkdirSync(open);
      chmodSync(open, 0o777);
      assert.throws(() => verifyPrivateDir(open), UnsafeDirectoryError);
      const link = join(base, 'link');
      const target = createPrivateDir('hvm-test-');
      symlinkSync(target.path, link);
      assert.throws(() => verifyPrivateDir(link), /symbolic link/);
      target.remove();
      const mine = join(base, 'mine');
      mkdirSync(mine, { mode: 0o700 });
      assert.throws(() => verifyPrivateDir(mine, process.getuid!() + 1), /belongs to user/);
      verifyPrivateDir(mine);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
