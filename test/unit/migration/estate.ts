// A small estate for the migration unit tests: two standalone hosts, two 2-node clusters, VMs with disks.
import type { DiskInfo, HostInventory, VmInfo } from '../../../src/core/inventory/inventory';
import type { HostMigrationSettings } from '../../../src/core/migration/hostSettings';
import type { MigrationJob, MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import type { PreflightItem, PreflightReport } from '../../../src/core/migration/preflight';
import { planMove } from '../../../src/core/migration/rules';
import type { MigrationTopology } from '../../../src/core/migration/topology';
import { cluster, inventory, vm } from '../core/fixtures';

export const GB = 1024 ** 3;

export function disk(path: string, overrides: Partial<DiskInfo> = {}): DiskInfo {
  return { path, passThrough: false, fileSizeBytes: 10 * GB, sizeBytes: 40 * GB, ...overrides };
}

function host(inv: HostInventory, memGB = 256): HostInventory {
  return {
    ...inv,
    host: {
      ...inv.host,
      memoryCapacityBytes: memGB * GB,
      virtualMachinePath: 'D:\\Hyper-V',
      virtualHardDiskPath: 'D:\\Hyper-V\\Virtual Hard Disks',
      maximumVirtualMachineMigrations: 2,
      maximumStorageMigrations: 1,
    },
  };
}

export interface Estate {
  topology: MigrationTopology;
  web: VmInfo;
  off: VmInfo;
  sql: VmInfo;
  onShare: VmInfo;
  busy: VmInfo;
}

export function estate(): Estate {
  const web = vm('web-01', 'HV-A', {
    disks: [disk('D:\\VMs\\web-01\\web-01.vhdx'), disk('D:\\VMs\\web-01\\data.vhdx')],
    path: 'D:\\VMs\\web-01',
  });
  const off = vm('off-01', 'HV-A', { state: 'Off', disks: [disk('D:\\VMs\\off-01\\off-01.vhdx')] });
  const busy = vm('busy-01', 'HV-A', { state: 'Starting', disks: [] });
  const onShare = vm('share-01', 'HV-A', {
    disks: [disk('\\\\FS01\\VMs\\share-01\\share-01.vhdx')],
    path: '\\\\FS01\\VMs\\share-01',
  });
  const sql = vm('sql-01', 'A-N1', {
    isClustered: true,
    disks: [disk('C:\\ClusterStorage\\Volume1\\sql-01\\sql-01.vhdx')],
    path: 'C:\\ClusterStorage\\Volume1\\sql-01',
  });
  const cluA = {
    ...cluster('CLU-A', [
      ['A-N1', 'Up'],
      ['A-N2', 'Up'],
      ['A-N3', 'Paused'],
    ]),
    maximumParallelMigrations: 1,
  };
  const cluB = cluster('CLU-B', [
    ['B-N1', 'Up'],
    ['B-N2', 'Up'],
  ]);
  return {
    web,
    off,
    sql,
    onShare,
    busy,
    topology: {
      hosts: [
        host(inventory('HV-A', [web, off, busy, onShare])),
        host(inventory('HV-B', [], undefined), 512),
        host(inventory('A-N1', [sql], cluA)),
        host(inventory('A-N2', [], cluA)),
        host(inventory('A-N3', [], cluA)),
        host(inventory('B-N1', [], cluB)),
        host(inventory('B-N2', [], cluB)),
      ],
    },
  };
}

/** A host's migration settings as the tests start from. */
export const hostSettings: HostMigrationSettings = {
  host: 'HV-A',
  migrationEnabled: true,
  maximumVirtualMachineMigrations: 2,
  maximumStorageMigrations: 2,
  authenticationType: 'Kerberos',
  performanceOption: 'Compression',
  useAnyNetworkForMigration: false,
  networks: [{ subnet: '10.0.1.0/24', priority: 1 }],
};

/** A move's plan in this topology; a move the rules refuse fails the test with their reasons. */
export function planIn(topology: MigrationTopology, request: MoveRequest): MigrationPlan {
  const r = planMove(request, topology);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join());
  return r.plan;
}

/** A preflight report of the plan with these items (and these needs, when the test adds them up). */
export function reportOf(
  p: MigrationPlan,
  items: PreflightItem[] = [],
  needs?: PreflightReport['needs'],
): PreflightReport {
  return {
    vmId: p.request.vm.id,
    vmName: p.request.vm.name,
    kind: p.kind,
    sourceHost: p.sourceHost,
    destinationHost: p.destinationHost,
    items,
    checkedAt: '2026-11-27T00:00:00Z',
    ...(needs ? { needs } : {}),
  };
}

/** A shared-nothing move of one VM from HV-A to HV-B, in the given state: for tests of what is derived from jobs. */
export function jobOf(id: string, vmId: string, status: MigrationJob['status'], percent = 0): MigrationJob {
  return {
    id,
    kind: 'sharedNothing',
    vm: { id: vmId, name: vmId, host: 'HV-A' },
    sourceHost: 'HV-A',
    destinationHost: 'HV-B',
    status,
    percent,
    steps: [],
    currentStep: 0,
    createdAt: '2026-11-27T00:00:00Z',
    expectedState: 'Running',
  };
}
