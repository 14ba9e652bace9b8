import type { StoragePlacement } from './model';
import { parentOf, pathKey } from '../windowsPath';

/** Where a move puts the VM's files, in words: in full for the confirmation, short for the panel. */

export function placementText(storage: StoragePlacement): string {
  switch (storage.mode) {
    case 'shared':
      return 'stay where they are';
    case 'hostDefault':
      return "the destination's default folders";
    case 'folder':
      return storage.path;
    case 'perDisk': {
      const parts = [
        storage.virtualMachinePath ? `configuration to ${storage.virtualMachinePath}` : undefined,
        ...storage.disks.map((d) => `${d.source} → ${d.destination}`),
      ].filter((p): p is string => p !== undefined);
      return parts.length ? parts.join('; ') : 'unchanged';
    }
  }
}

/** The folder(s) the files go to, for one line of the panel; undefined when they stay where they are. */
export function placementShort(storage: StoragePlacement): string | undefined {
  switch (storage.mode) {
    case 'shared':
      return undefined;
    case 'hostDefault':
      return "the destination's default folders";
    case 'folder':
      return storage.path;
    case 'perDisk': {
      const folders = [storage.virtualMachinePath, ...storage.disks.map((d) => parentOf(d.destination))].filter(
        (p): p is string => !!p,
      );
      const distinct = [...new Map(folders.map((f) => [pathKey(f), f])).values()];
      if (distinct.length === 0) return undefined;
      return distinct.length === 1
        ? distinct[0]
        : `${distinct[0]} and ${distinct.length - 1} more folder${distinct.length === 2 ? '' : 's'}`;
    }
  }
}
