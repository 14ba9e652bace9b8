// A small estate for the placement rating tests: a source with one VM and candidates each wrong in one way.
import type { HostInventory, VmInfo } from '../../../src/core/inventory/inventory';
import type { HostPlacementFacts, PlacementFactsAnswer } from '../../../src/core/migration/rating/placementFacts';
import type { MigrationTopology } from '../../../src/core/migration/topology';
import { nameKey } from '../../../src/core/names';
import { vm } from '../core/fixtures';

export const GB = 1024 ** 3;

export function host(name: string, memGB: number, vms: VmInfo[] = [], overrides: Partial<HostInventory['host']> = {}) {
  return {
    host: {
      name,
      memoryCapacityBytes: memGB * GB,
      migrationEnabled: true,
      virtualMachinePath: 'D:\\Hyper-V',
      virtualHardDiskPath: 'D:\\Hyper-V\\Virtual Hard Disks',
      ...overrides,
    },
    switches: [{ name: 'vSwitch-Prod', iovEnabled: false }],
    vms,
  } satisfies HostInventory;
}

export function appVm(name = 'app-01', overrides: Partial<VmInfo> = {}): VmInfo {
  return vm(name, 'HV-SRC', {
    memoryAssignedBytes: 8 * GB,
    memoryStartupBytes: 8 * GB,
    version: '10.0',
    path: `D:\\VMs\\${name}`,
    disks: [{ path: `D:\\VMs\\${name}\\${name}.vhdx`, passThrough: false, fileSizeBytes: 40 * GB, sizeBytes: 60 * GB }],
    adapters: [{ name: 'Network Adapter', id: `${name}-nic`, switchName: 'vSwitch-Prod', ipAddresses: [] }],
    ...overrides,
  });
}

export function topologyOf(...hosts: HostInventory[]): MigrationTopology {
  return { hosts };
}

/** A host's answer with sensible defaults: an Intel model, 20 % load, 2022's versions, 500 GB free on D:. */
export function facts(overrides: Partial<HostPlacementFacts> = {}, freeGB = 500): PlacementFactsAnswer {
  return {
    ok: true,
    facts: {
      processor: { vendor: 'GenuineIntel', name: 'Xeon Gold 6338', loadPercent: 20 },
      supportedVersions: ['8.0', '9.0', '9.1', '10.0'],
      space: [{ path: 'D:\\Hyper-V\\Virtual Hard Disks', root: 'D:\\', freeBytes: freeGB * GB }],
      vms: [],
      ...overrides,
    },
  };
}

export function answers(entries: Record<string, PlacementFactsAnswer>): ReadonlyMap<string, PlacementFactsAnswer> {
  return new Map(Object.entries(entries).map(([k, v]) => [nameKey(k), v]));
}
