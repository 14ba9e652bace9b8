// Loopback blocks: one 127.X.Y.0/24 per lab, reserved machine-wide with a lock folder (mkdir is atomic), so labs in
// parallel test processes never meet.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDownSync } from './cli';

const BLOCKS = join(tmpdir(), 'hvlab-blocks');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function reserveBlock(dir: string): string {
  mkdirSync(BLOCKS, { recursive: true });
  // 127.64.0 – 127.127.255: away from 127.0.0.x (the default lab and the machine's own loopback uses)
  const total = 64 * 256;
  const start = Math.floor(Math.random() * total);
  for (let i = 0; i < total; i++) {
    const n = (start + i) % total;
    const block = `127.${64 + Math.floor(n / 256)}.${n % 256}`;
    const lock = join(BLOCKS, block);
    try {
      mkdirSync(lock);
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being created */
      }
      if (Number.isInteger(owner) && !pidAlive(owner)) reclaimBlock(lock);
      continue;
    }
    writeFileSync(join(lock, 'dir'), dir);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return block;
  }
  throw new Error('no free loopback block');
}

/** A block whose test process died without lab.stop(): stop that lab's sshds (by their pid files), then free it. */
function reclaimBlock(lock: string): void {
  try {
    const dir = readFileSync(join(lock, 'dir'), 'utf8');
    if (existsSync(join(dir, 'hosts'))) labDownSync(dir);
  } catch {
    /* nothing recorded or already down */
  }
  rmSync(lock, { recursive: true, force: true });
}

export function releaseBlock(block: string): void {
  rmSync(join(BLOCKS, block), { recursive: true, force: true });
}
