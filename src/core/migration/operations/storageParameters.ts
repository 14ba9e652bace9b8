import type { ParameterValue } from '../../../contract/hostOperation';
import type { StoragePlacement } from '../model';

/** A storage placement as the migration scripts' parameters (Mode plus the paths of that mode). */
export function storageParameters(storage: StoragePlacement): Record<string, ParameterValue> {
  switch (storage.mode) {
    case 'shared':
    case 'hostDefault':
      return { Mode: storage.mode };
    case 'folder':
      return { Mode: 'folder', DestinationStoragePath: storage.path };
    case 'perDisk': {
      const p: Record<string, ParameterValue> = {
        Mode: 'perDisk',
        Vhds: storage.disks.map((d) => ({ source: d.source, destination: d.destination })),
      };
      if (storage.virtualMachinePath) p.VirtualMachinePath = storage.virtualMachinePath;
      if (storage.snapshotFilePath) p.SnapshotFilePath = storage.snapshotFilePath;
      if (storage.smartPagingFilePath) p.SmartPagingFilePath = storage.smartPagingFilePath;
      return p;
    }
  }
}
