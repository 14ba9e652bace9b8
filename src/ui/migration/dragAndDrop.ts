import * as vscode from 'vscode';
import { plural } from '../../core/format/words';
import {
  decideDrop,
  dropTargetOf,
  movesToNode,
  type DropDecision,
  type DropMove,
  type DropRefusal,
} from '../../core/migration/drop';
import type { MoveRequest, VmRef } from '../../core/migration/model';
import { rateCandidates, type PlacementRating } from '../../core/migration/rating/placementRating';
import { findHost, findVm, type MigrationTopology } from '../../core/migration/topology';
import type { HostInventory, VmInfo } from '../../core/inventory/inventory';
import { pickRated } from './destinationPicker';
import type { TreeNode } from '../../core/inventory/tree/treeNode';
import type { OutputLog } from '../log/outputLog';

/** The Inventory view's own MIME type (VS Code's form for a tree: application/vnd.code.tree.<view id>). */
export const inventoryMime = 'application/vnd.code.tree.hypervmobility.inventory';

export interface DragAndDropDeps {
  readonly topology: () => MigrationTopology;
  /** Whether this product is moving the VM now. */
  readonly busy: (vmId: string) => boolean;
  readonly log: OutputLog;
  /** Placement ratings of these candidates for these VMs, with one round to the hosts (PlacementService.rate). */
  readonly rate: (vms: readonly VmInfo[], candidates: readonly HostInventory[]) => Promise<readonly PlacementRating[]>;
  /** Confirms and starts the moves (MoveFlow.run). */
  readonly move: (requests: readonly MoveRequest[], refused: readonly DropRefusal[]) => Promise<unknown>;
}

/** Drag VMs onto a host, a cluster node or a cluster: the drop becomes moves, confirmed before anything starts. */
export class InventoryDragAndDrop implements vscode.TreeDragAndDropController<TreeNode> {
  readonly dragMimeTypes = [inventoryMime];
  readonly dropMimeTypes = [inventoryMime];

  constructor(private readonly deps: DragAndDropDeps) {}

  handleDrag(source: readonly TreeNode[], data: vscode.DataTransfer): void {
    const vms: VmRef[] = source.flatMap((n) =>
      n.kind === 'vm' ? [{ id: n.vm.id, name: n.vm.name, host: n.vm.host }] : [],
    );
    // Only VMs move: a drag of anything else carries nothing, so no drop happens.
    if (vms.length) data.set(inventoryMime, new vscode.DataTransferItem(vms));
  }

  async handleDrop(target: TreeNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const item = data.get(inventoryMime);
    if (!item) return;
    const vms = asVmRefs(item.value);
    if (!vms) {
      this.deps.log.error('Drop: ignored data that is not a list of VMs.');
      return;
    }
    this.deps.log.info(`Drop: ${vms.map((v) => v.name).join(', ')} onto ${target?.label ?? 'the view'}.`);
    const decision = decideDrop(vms, dropTargetOf(target), this.deps.topology(), this.deps.busy);
    if (decision.ok === false) {
      const text = decision.refused.map((r) => r.reason).join(' ');
      this.deps.log.info(`Drop refused: ${text}`);
      void vscode.window.showWarningMessage(text);
      return;
    }
    let moves: readonly DropMove[];
    let refused: readonly DropRefusal[] = decision.refused;
    if (decision.ok === 'chooseNode') {
      const node = await this.chooseNode(decision);
      if (!node) return;
      const r = movesToNode(decision.vms, decision.cluster, node);
      moves = r.moves;
      refused = [...refused, ...r.refused];
    } else moves = decision.moves;
    await this.deps.move(
      moves.map((m) => ({ vm: m.vm, destination: m.destination })),
      refused,
    );
  }

  /** The node of a dropped-on cluster, picked among its rated nodes (the best-rated first and active). */
  private async chooseNode(decision: Extract<DropDecision, { ok: 'chooseNode' }>): Promise<string | undefined> {
    const t = this.deps.topology();
    const vms = decision.vms.map((v) => findVm(t, v.id)).filter((v): v is VmInfo => v !== undefined);
    const nodes = decision.nodes.map((n) => findHost(t, n.node)).filter((h): h is HostInventory => h !== undefined);
    const what = vms.length === 1 ? vms[0]!.name : plural(vms.length, 'VM');
    const picked = await pickRated({
      title: `Move ${what} to a node of ${decision.cluster}`,
      placeHolder: 'Choose the node (the first is the best rated)',
      initial: rateCandidates({ topology: t }, vms, nodes),
      full: this.deps.rate(vms, nodes),
    });
    return picked?.host;
  }
}

/** The drag data, checked: it is ours, but a drop is input all the same. */
function asVmRefs(v: unknown): VmRef[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const ok = v.every(
    (x) =>
      typeof x === 'object' &&
      x !== null &&
      ['id', 'name', 'host'].every((k) => typeof (x as Record<string, unknown>)[k] === 'string'),
  );
  return ok ? (v as VmRef[]) : undefined;
}
