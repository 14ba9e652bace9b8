import type { ClusterNodeInfo, HostInfo, HostInventory } from './inventory';
import { idKey, nameKey, sameName } from '../names';

/**
 * A host is known by how it is reached, not by what it says about itself. Its identity is the configured entry's name
 * (`hv01.contoso.com`, `10.0.0.21`, `HV01`) or, for a node found through a cluster entry, the node name the cluster
 * reported (which is also the name it is dialled by). What the host reports (`Get-VMHost` Name and
 * FullyQualifiedDomainName) is data: shown, and used where Hyper-V itself needs a name (see docs/hyperv.md, "Moving VMs").
 */

/** The inventory as one connection reached it: filed under that identity, the host's own names kept as data. */
export function reachedAs(inv: HostInventory, identity: string): HostInventory {
  const reported = inv.host.reportedName ?? inv.host.name;
  return {
    ...inv,
    host: { ...inv.host, name: identity, reportedName: reported },
    vms: inv.vms.map((vm) => ({ ...vm, host: identity, ownerNode: vm.ownerNode === undefined ? undefined : identity })),
  };
}

/** The name the host gives itself (its computer name); its identity when it reported none. */
export function reportedNameOf(h: HostInfo): string {
  return h.reportedName ?? h.name;
}

/**
 * The name Move-VM and Compare-VM get as -DestinationHost. The source host resolves and authenticates it (Kerberos
 * asks for a ticket to `Microsoft Virtual System Migration Service/<name>`, which exists for the computer name and
 * FQDN, never for an address), so it is the destination's own FQDN, else its computer name: never the address or
 * alias this machine happens to reach it by.
 */
export function migrationNameOf(h: HostInfo): string {
  return h.fullyQualifiedDomainName || h.reportedName || h.name;
}

/** The cluster's own record of this host (the cluster names nodes by computer name), when it is a cluster node. */
export function clusterNodeOf(inv: HostInventory): ClusterNodeInfo | undefined {
  return (
    inv.cluster?.nodes.find((n) => sameName(n.name, inv.host.name)) ??
    inv.cluster?.nodes.find((n) => sameName(n.name, inv.host.reportedName))
  );
}

/** The name the failover cluster knows this node by (Move-ClusterVirtualMachineRole -Node, Suspend-ClusterNode -Name). */
export function clusterNodeNameOf(inv: HostInventory): string {
  return clusterNodeOf(inv)?.name ?? reportedNameOf(inv.host);
}

/**
 * Whether the host's own names say something the identity does not: `HV01` reached as `10.0.0.21` does, `hv01` or
 * `hv01.contoso.com` reached as `HV01` do not.
 */
export function reportsOtherName(h: HostInfo): boolean {
  const reported = h.reportedName;
  if (!reported || sameName(reported, h.name) || sameName(h.fullyQualifiedDomainName, h.name)) return false;
  return !nameKey(h.name).startsWith(`${nameKey(reported)}.`);
}

/**
 * Whether two inventories (answers to two connections) come from one machine: the same computer name and FQDN, the
 * same size, and the same VMs by Id. A host that only claims another's name is not taken for it (its VMs differ); two
 * empty hosts that claim one name and size are taken for one, which hides nothing.
 */
export function sameMachine(a: HostInventory, b: HostInventory): boolean {
  return fingerprint(a) === fingerprint(b);
}

export function fingerprint(inv: HostInventory): string {
  const h = inv.host;
  const vms = inv.vms.map((v) => idKey(v.id)).sort();
  return JSON.stringify([
    nameKey(reportedNameOf(h)),
    nameKey(h.fullyQualifiedDomainName ?? ''),
    h.memoryCapacityBytes ?? null,
    h.logicalProcessorCount ?? null,
    vms,
  ]);
}

type Loaded = { readonly status: 'loaded'; readonly value: HostInventory };

/**
 * Shows a machine reached by several entries once: the first of each group (in the order given, so the caller puts
 * the one it prefers first) keeps its place and lists the others as its aliases; the others are left out.
 */
export function mergeSameMachines<S extends { readonly name: string; readonly load: { readonly status: string } }>(
  hosts: readonly S[],
): S[] {
  const loaded = (l: S['load']): l is S['load'] & Loaded => l.status === 'loaded';
  const groups = new Map<string, { first: number; aliases: string[] }>();
  const dropped = new Set<number>();
  hosts.forEach((h, i) => {
    if (!loaded(h.load)) return;
    const fp = fingerprint(h.load.value);
    const g = groups.get(fp);
    if (!g) groups.set(fp, { first: i, aliases: [] });
    else {
      g.aliases.push(h.name);
      dropped.add(i);
    }
  });
  const aliasesOf = new Map([...groups.values()].filter((g) => g.aliases.length).map((g) => [g.first, g.aliases]));
  return hosts.flatMap((h, i) => {
    if (dropped.has(i)) return [];
    const aliases = aliasesOf.get(i);
    if (!aliases || !loaded(h.load)) return [h];
    const value: HostInventory = { ...h.load.value, host: { ...h.load.value.host, aliases } };
    return [{ ...h, load: { ...h.load, value } }];
  });
}
