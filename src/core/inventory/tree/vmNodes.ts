import type { VmInfo } from '../inventory';
import { adapterDescription, diskDescription, vmDescription } from './rowText';
import type { AdapterTreeNode, DiskTreeNode, TreeNode, VmTreeNode } from './treeNode';
import { vmDisplayState } from './vmState';
import { leaf } from '../../windowsPath';
import { idKey } from '../../names';

// A host's VMs as tree rows, each with its adapters and disks built when first asked for.

/** Moves this product is running: VM id (lower case) → percent, or 'queued' while it waits for a slot. */
export type Migrating = ReadonlyMap<string, number | 'queued'>;

// One collator for every comparison: localeCompare with options builds one per call, which dominated 5,000 VMs.
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
export const byName = (a: { label: string }, b: { label: string }): number => collator.compare(a.label, b.label);

export function vmNodes(vms: readonly VmInfo[], migrating: Migrating): VmTreeNode[] {
  return vms.map((vm) => vmNode(vm, migrating.get(idKey(vm.id)))).sort(byName);
}

function vmNode(vm: VmInfo, migratingPercent: number | 'queued' | undefined): VmTreeNode {
  // Our own move is known before the host's next inventory says so, and with its percent.
  const displayState = migratingPercent !== undefined ? 'migrating' : vmDisplayState(vm);
  const id = `vm:${vm.id}`;
  // A VM's adapters and disks are built when first asked for (the VM expanded): with 20,000 VMs, building them all
  // on every refresh cost as much as the rest of the tree.
  let children: TreeNode[] | undefined;
  return {
    kind: 'vm',
    id,
    label: vm.name,
    description:
      migratingPercent === 'queued'
        ? 'Queued to migrate'
        : migratingPercent !== undefined
          ? `Migrating ${Math.round(migratingPercent)} %`
          : vmDescription(vm, displayState),
    contextValue: `vm.${displayState}${vm.isClustered ? '.clustered' : ''}`,
    vm,
    displayState,
    get children(): readonly TreeNode[] {
      children ??= vmChildren(id, vm);
      return children;
    },
  };
}

function vmChildren(id: string, vm: VmInfo): TreeNode[] {
  const adapters: AdapterTreeNode[] = vm.adapters.map((adapter, i) => ({
    kind: 'adapter',
    id: `${id}/adapter/${adapter.id ?? i}`,
    label: adapter.name,
    description: adapterDescription(adapter),
    contextValue: adapter.switchName ? 'adapter.connected' : 'adapter.disconnected',
    vm,
    adapter,
  }));
  const disks: DiskTreeNode[] = vm.disks.map((disk, i) => ({
    kind: 'disk',
    id: `${id}/disk/${i}`,
    label: diskLabel(disk.path),
    description: diskDescription(disk),
    contextValue: disk.passThrough ? 'disk.passthrough' : 'disk.vhd',
    vm,
    disk,
  }));
  return [...adapters, ...disks];
}

/** The disk file's name; a pass-through disk has none. */
function diskLabel(path: string): string {
  return path ? leaf(path) : 'Pass-through disk';
}
