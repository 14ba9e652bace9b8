import type { HostInventory } from '../inventory/inventory';
import type { MigrationKind, MoveDestination, MoveRequest } from './model';
import type { RuleProblem } from './rules';
import { clusterNameOf, clusterNodes, findHost, type MigrationTopology } from './topology';
import { clusterNodeOf } from '../inventory/hostIdentity';
import { sameId, sameName } from '../names';

/** A move's kind with its hosts and clusters, named as the inventory names them. */
export interface Resolved {
  readonly kind: MigrationKind;
  readonly sourceHost: string;
  readonly destinationHost: string;
  readonly sourceCluster?: string;
  readonly destinationCluster?: string;
}

/** Which kind of move a request is, from where the VM is and where it goes. */
export function classifyMove(
  request: MoveRequest,
  topology: MigrationTopology,
): { kind: MigrationKind; resolved: Resolved } | RuleProblem {
  const source = findHost(topology, request.vm.host);
  const vm = source?.vms.find((v) => sameId(v.id, request.vm.id));
  if (!source || !vm)
    return {
      code: 'vmNotFound',
      message: `The VM ${request.vm.name} is not on ${request.vm.host} (refresh the inventory).`,
    };
  const sourceHost = source.host.name;
  const sourceCluster = vm.isClustered ? source.cluster?.name : undefined;
  const d = request.destination;
  if (d.type === 'sameHost') {
    const resolved = { sourceHost, destinationHost: sourceHost, sourceCluster, destinationCluster: sourceCluster };
    return { kind: 'storage', resolved: { kind: 'storage', ...resolved } };
  }
  const dest = destinationOf(d, topology);
  if ('code' in dest) return dest;
  if (sameName(dest.host, sourceHost)) {
    return {
      code: 'destinationIsSource',
      message: `${vm.name} is already on ${dest.host}; to move its files choose a storage migration.`,
    };
  }
  const node = dest.cluster ? clusterNodeOf(dest.inventory) : undefined;
  if (node && node.state !== 'Up')
    return { code: 'nodeNotUp', message: `Node ${dest.host} is ${node.state}; only a node that is Up takes VMs.` };
  const kind = kindOf(sourceCluster, dest.cluster, request);
  return {
    kind,
    resolved: { kind, sourceHost, destinationHost: dest.host, sourceCluster, destinationCluster: dest.cluster },
  };
}

/** The destination host, as the inventory names it, and its cluster; a problem when no loaded host is it. */
function destinationOf(
  d: Exclude<MoveDestination, { readonly type: 'sameHost' }>,
  topology: MigrationTopology,
): { readonly host: string; readonly cluster?: string; readonly inventory: HostInventory } | RuleProblem {
  if (d.type === 'clusterNode' && !clusterNodes(topology, d.cluster).some((n) => sameName(n, d.node)))
    return { code: 'nodeNotInCluster', message: `${d.node} is not a node of cluster ${d.cluster}.` };
  const name = d.type === 'clusterNode' ? d.node : d.host;
  const cluster = d.type === 'clusterNode' ? d.cluster : clusterNameOf(topology, d.host);
  const dest = findHost(topology, name);
  if (!dest)
    return { code: 'destinationUnknown', message: `${name} is not a loaded host; add it or refresh the inventory.` };
  return { host: dest.host.name, cluster, inventory: dest };
}

function kindOf(
  sourceCluster: string | undefined,
  destCluster: string | undefined,
  request: MoveRequest,
): MigrationKind {
  if (!sourceCluster && request.asClusterRole === false) return 'sharedNothing';
  if (sourceCluster && destCluster && sameName(sourceCluster, destCluster)) return 'clustered';
  if (sourceCluster && destCluster) return 'clusterToCluster';
  if (sourceCluster) return 'clusterToStandalone';
  if (destCluster) return 'standaloneToCluster';
  return 'sharedNothing';
}
