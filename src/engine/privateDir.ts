import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder only this user can enter or write, for the files our PowerShell runs or reads (the ssh wrapper, its log). */
export interface PrivateDir {
  readonly path: string;
  /** Removes the folder and everything in it; safe to call twice. */
  remove(): void;
}

export class UnsafeDirectoryError extends Error {
  constructor(path: string, why: string) {
    super(`Refusing to use ${path}: ${why}.`);
    this.name = 'UnsafeDirectoryError';
  }
}

/**
 * A new folder with a random name under the temp folder (mkdtemp: created, never reused, mode 0700), checked before
 * use: a real directory (not a symlink), owned by us, writable by nobody else. A predictable name in a shared temp
 * folder could be made first by another local user; mkdtemp's fresh name cannot.
 */
export function createPrivateDir(prefix: string, base: string = tmpdir()): PrivateDir {
  const path = mkdtempSync(join(base, prefix));
  try {
    verifyPrivateDir(path);
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw error;
  }
  let removed = false;
  return {
    path,
    remove: () => {
      if (removed) return;
      removed = true;
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Throws unless `path` is a directory (not a link to one) owned by this user and closed to group and others. */
export function verifyPrivateDir(path: string, uid: number | undefined = process.getuid?.()): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) throw new UnsafeDirectoryError(path, 'it is a symbolic link');
  if (!stat.isDirectory()) throw new UnsafeDirectoryError(path, 'it is not a directory');
  if (uid !== undefined && stat.uid !== uid)
    throw new UnsafeDirectoryError(path, `it belongs to user ${stat.uid}, not to us (${uid})`);
  if ((stat.mode & 0o077) !== 0)
    throw new UnsafeDirectoryError(path, `others may use it (mode ${(stat.mode & 0o777).toString(8)})`);
}
