import type { AdapterInfo, HostInventory, VmInfo } from '../inventory/inventory';
import type { TreeInput } from '../inventory/tree/buildTree';
import type { AdapterRef, HostFacts } from './model';
import { idKey, nameKey, sameName } from '../names';

/** An adapter the inventory knows, with what is needed to address it and to judge its settings. */
export interface AdapterEntry {
  readonly ref: AdapterRef;
  readonly vm: VmInfo;
  readonly adapter: AdapterInfo;
  readonly facts: HostFacts;
}

/** The address of an adapter; undefined when the host did not report the adapter's Id (it cannot be addressed). */
export function refOf(vm: VmInfo, adapter: AdapterInfo): AdapterRef | undefined {
  if (!adapter.id) return undefined;
  return { host: vm.host, vmId: vm.id, vmName: vm.name, adapterId: adapter.id, adapterName: adapter.name };
}

export function refKey(ref: Pick<AdapterRef, 'host' | 'vmId' | 'adapterId'>): string {
  return `${nameKey(ref.host)}|${idKey(ref.vmId)}|${idKey(ref.adapterId)}`;
}

export function factsFrom(inv: HostInventory | undefined, vm: VmInfo, adapter: AdapterInfo): HostFacts {
  const sw = adapter.switchName ? inv?.switches.find((s) => sameName(s.name, adapter.switchName)) : undefined;
  return { vmState: vm.state, switchName: adapter.switchName, switchIovEnabled: sw?.iovEnabled };
}

/** Every addressable adapter of every host that answered, each host once, in host/VM/adapter order. */
export function adapterCatalog(input: TreeInput): AdapterEntry[] {
  const out: AdapterEntry[] = [];
  const seen = new Set<string>();
  for (const h of input.hosts) {
    if (h.load.status !== 'loaded') continue;
    const inv = h.load.value;
    if (seen.has(nameKey(inv.host.name))) continue;
    seen.add(nameKey(inv.host.name));
    for (const vm of inv.vms) {
      for (const adapter of vm.adapters) {
        const ref = refOf(vm, adapter);
        if (ref) out.push({ ref, vm, adapter, facts: factsFrom(inv, vm, adapter) });
      }
    }
  }
  return out.sort(
    (a, b) =>
      a.ref.host.localeCompare(b.ref.host, undefined, { sensitivity: 'base' }) ||
      a.ref.vmName.localeCompare(b.ref.vmName, undefined, { sensitivity: 'base', numeric: true }) ||
      a.ref.adapterName.localeCompare(b.ref.adapterName, undefined, { sensitivity: 'base', numeric: true }),
  );
}
