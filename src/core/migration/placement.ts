import type { StoragePlacement } from './model';
import { leaf, parentOf, pathKey } from '../windowsPath';

/** Where a move puts the VM's files, in words: in full for the confirmation, short for the panel. */

export function placementText(storage: StoragePlacement): string {
  switch (storage.mode) {
    case 'shared':
      return 'stay where they are';
    case 'hostDefault':
      return "the destination's default folders";
    case 'folder':
      return storage.path;
    case 'perDisk':
      return perFolderText(storage) ?? 'unchanged';
  }
}

/**
 * Where each item of a per-disk placement goes, folder by folder with what it receives:
 * `E:\Disks (a.vhdx, b.vhdx) and D:\VMs\x (configuration, checkpoints, smart paging)`. Undefined when nothing moves.
 */
export function perFolderText(storage: Extract<StoragePlacement, { mode: 'perDisk' }>): string | undefined {
  const byFolder = new Map<string, { folder: string; what: string[] }>();
  const add = (folder: string | undefined, what: string): void => {
    if (!folder) return;
    const e = byFolder.get(pathKey(folder)) ?? { folder, what: [] };
    e.what.push(what);
    byFolder.set(pathKey(folder), e);
  };
  for (const d of storage.disks) add(parentOf(d.destination), leaf(d.destination));
  add(storage.virtualMachinePath, 'configuration');
  add(storage.snapshotFilePath, 'checkpoints');
  add(storage.smartPagingFilePath, 'smart paging');
  const parts = [...byFolder.values()].map((e) => `${e.folder} (${e.what.join(', ')})`);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
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
