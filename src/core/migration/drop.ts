import type { TreeNode } from '../inventory/tree/treeNode';
import { isMigrating } from '../inventory/tree/vmState';
import type { MoveDestination, VmRef } from './model';
import { clusterNodeOf } from '../inventory/hostIdentity';
import { clusterNodes, findHost, findVm, freeMemoryBytes, type MigrationTopology } from './topology';
import { sameName } from '../names';

/**
 * What a drop of VMs onto a tree node means: which moves, or why not. The kind of each move is still the rules'
 * decision (rules.ts); this only turns "dropped onto that row" into destinations and refuses what is illegal before
 * anything is planned, with a reason a user can act on.
 */

/** Where VMs were dropped, as far as a move is concerned. */
export type DropTarget =
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'clusterNode'; readonly cluster: string; readonly node: string }
  | { readonly kind: 'cluster'; readonly cluster: string };

export interface DropMove {
  readonly vm: VmRef;
  readonly destination: MoveDestination;
}

export interface DropRefusal {
  readonly vm?: VmRef;
  readonly reason: string;
}

export type DropDecision =
  | { readonly ok: true; readonly moves: readonly DropMove[]; readonly refused: readonly DropRefusal[] }
  /** A cluster was the target: the user picks a node (the UI rates them: rating/placementRating.ts, best first). */
  | {
      readonly ok: 'chooseNode';
      readonly cluster: string;
      readonly nodes: readonly NodeChoice[];
      readonly vms: readonly VmRef[];
      readonly refused: readonly DropRefusal[];
    }
  | { readonly ok: false; readonly refused: readonly DropRefusal[] };

export interface NodeChoice {
  readonly node: string;
  readonly freeMemoryBytes: number;
}

/** Which tree rows take a drop, and as what; anything else is refused with the reason. */
export function dropTargetOf(node: TreeNode | undefined): DropTarget | { readonly refused: string } {
  if (!node) return { refused: 'Drop the VMs onto a host, a cluster node or a cluster.' };
  switch (node.kind) {
    case 'host':
      if (node.error) return { refused: `${node.name} cannot be reached: ${node.error.message}` };
      if (node.loading) return { refused: `${node.name} is still loading; drop again when it has answered.` };
      return { kind: 'host', host: node.name };
    case 'clusterNode':
      if (node.error) return { refused: `${node.name} cannot be reached: ${node.error.message}` };
      return { kind: 'clusterNode', cluster: node.cluster, node: node.name };
    case 'cluster':
      return { kind: 'cluster', cluster: node.name };
    case 'adapter':
      return {
        refused: 'A network adapter is not a place a VM can move to; drop onto a host, a cluster node or a cluster.',
      };
    case 'disk':
      return { refused: `A disk is not a place a VM can move to; to move its files use "Move VM's Storage…".` };
    case 'vm':
      return { refused: `${node.vm.name} is a VM, not a host; drop onto a host, a cluster node or a cluster.` };
    case 'clusterError':
      return { refused: `${node.name} cannot be reached${node.error ? `: ${node.error.message}` : ''}.` };
  }
}

/** VM ids whose migration is still running in this product (they cannot be moved again until it ends). */
export type BusyVms = (vmId: string) => boolean;

/**
 * Decides a drop. VMs that cannot go there (already on that host, migrating, unknown) are refused one by one; the
 * others move. Dropping onto a cluster asks for a node, offering those that are Up (rated by the UI, best first).
 */
export function decideDrop(
  vms: readonly VmRef[],
  target: DropTarget | { readonly refused: string },
  topology: MigrationTopology,
  busy: BusyVms,
): DropDecision {
  if ('refused' in target) return { ok: false, refused: [{ reason: target.refused }] };
  if (vms.length === 0) return { ok: false, refused: [{ reason: 'Only VMs can be dragged onto a host.' }] };
  const refused: DropRefusal[] = [];
  const movable: VmRef[] = [];
  for (const vm of vms) {
    const known = findVm(topology, vm.id);
    if (!known) refused.push({ vm, reason: `${vm.name} is no longer in the inventory (refresh it).` });
    else if (busy(vm.id) || isMigrating(known))
      refused.push({ vm, reason: `${vm.name} is being migrated; wait until that move ends.` });
    else if (target.kind !== 'cluster' && sameName(known.host, target.kind === 'host' ? target.host : target.node)) {
      refused.push({
        vm,
        reason: `${vm.name} is already on ${known.host}. To move its files use "Move VM's Storage…".`,
      });
    } else movable.push({ id: known.id, name: known.name, host: known.host });
  }
  if (movable.length === 0) return { ok: false, refused };
  switch (target.kind) {
    case 'host':
      return {
        ok: true,
        moves: movable.map((vm) => ({ vm, destination: { type: 'host', host: target.host } })),
        refused,
      };
    case 'clusterNode':
      return {
        ok: true,
        moves: movable.map((vm) => ({
          vm,
          destination: { type: 'clusterNode', cluster: target.cluster, node: target.node },
        })),
        refused,
      };
    case 'cluster': {
      const nodes = nodeChoices(topology, target.cluster);
      if (nodes.length === 0)
        return {
          ok: false,
          refused: [...refused, { reason: `No node of ${target.cluster} is Up and loaded to take VMs.` }],
        };
      return { ok: 'chooseNode', cluster: target.cluster, nodes, vms: movable, refused };
    }
  }
}

/** A cluster's nodes that can take VMs (Up and answering), most free memory first. */
export function nodeChoices(topology: MigrationTopology, cluster: string): NodeChoice[] {
  const out: NodeChoice[] = [];
  for (const name of clusterNodes(topology, cluster)) {
    const h = findHost(topology, name);
    const state = h ? clusterNodeOf(h)?.state : undefined;
    if (h && state === 'Up') out.push({ node: h.host.name, freeMemoryBytes: freeMemoryBytes(h) });
  }
  return out.sort((a, b) => b.freeMemoryBytes - a.freeMemoryBytes || a.node.localeCompare(b.node));
}

/** After the user picked a node of a dropped-on cluster: the moves (VMs already on that node are refused). */
export function movesToNode(
  vms: readonly VmRef[],
  cluster: string,
  node: string,
): { moves: DropMove[]; refused: DropRefusal[] } {
  const moves: DropMove[] = [];
  const refused: DropRefusal[] = [];
  for (const vm of vms) {
    if (sameName(vm.host, node)) refused.push({ vm, reason: `${vm.name} is already on ${node}.` });
    else moves.push({ vm, destination: { type: 'clusterNode', cluster, node } });
  }
  return { moves, refused };
}
