import type { VmInfo } from '../inventory';

/** The few states a user tells apart at a glance; they pick the VM's icon, colour and menus. */
export type VmDisplayState = 'running' | 'off' | 'saved' | 'paused' | 'critical' | 'migrating' | 'transition';

const migratingStatuses = new Set([
  'MigratingVirtualMachine',
  'StorageMigrationPhaseOne',
  'StorageMigrationPhaseTwo',
  'MigratingPlannedVm',
]);

/** The host reports the VM in a live or storage migration. */
export function isMigrating(vm: Pick<VmInfo, 'operationalStatus'>): boolean {
  return vm.operationalStatus.some((s) => migratingStatuses.has(s));
}

export function vmDisplayState(vm: Pick<VmInfo, 'state' | 'operationalStatus'>): VmDisplayState {
  if (isMigrating(vm)) return 'migrating';
  const s = vm.state;
  if (s.endsWith('Critical')) return 'critical';
  switch (s) {
    case 'Running':
      return 'running';
    case 'Off':
      return 'off';
    case 'Saved':
    case 'FastSaved':
    case 'Hibernated':
      return 'saved';
    case 'Paused':
      return 'paused';
    default:
      return 'transition';
  }
}
