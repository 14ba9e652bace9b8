import { closeSync, fstatSync, openSync, readSync, truncateSync } from 'node:fs';

const KEEP_BYTES = 1024 * 1024;

/** Reads what ssh appended to its log (see sshGuard.ts) since the last look: one invocation's worth of messages. */
export class SshLog {
  private offset = 0;

  constructor(private readonly path: string) {}

  /** Remembers where the log ends now; a log grown past 1 MiB starts over (ssh appends, so nothing is torn). */
  mark(): void {
    const size = this.size();
    if (size > KEEP_BYTES) {
      truncateSync(this.path, 0);
      this.offset = 0;
    } else {
      this.offset = size;
    }
  }

  /** The lines written since mark(). */
  linesSinceMark(): string[] {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) this.offset = 0;
      const length = Math.min(size - this.offset, KEEP_BYTES);
      if (length <= 0) return [];
      const buffer = Buffer.alloc(length);
      const read = readSync(fd, buffer, 0, length, this.offset);
      this.offset += read;
      return buffer
        .subarray(0, read)
        .toString('utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0);
    } finally {
      closeSync(fd);
    }
  }

  private size(): number {
    try {
      const fd = openSync(this.path, 'r');
      try {
        return fstatSync(fd).size;
      } finally {
        closeSync(fd);
      }
    } catch {
      return 0;
    }
  }
}
