import * as vscode from 'vscode';
import type { InventoryService } from '../../app/inventory/inventoryService';
import { buildInventoryTree } from '../../core/inventory/tree/buildTree';
import type { Migrating } from '../../core/inventory/tree/vmNodes';
import { treeChanges } from '../../core/inventory/tree/treeChanges';
import { childrenOf, type TreeNode } from '../../core/inventory/tree/treeNode';
import { toTreeItem, tooltipFor } from './treeItems';

/**
 * The Inventory view's data. The first time VS Code asks for the roots (the view is shown) the first refresh starts;
 * before that nothing runs, so activation never spawns PowerShell.
 *
 * A refresh redraws only the rows that changed (treeChanges): every redraw of a row closes its open tooltip and can
 * swallow a drag, and a running move changes one row every poll. VS Code refreshes a row by the element object it was
 * given, and hands that object to commands, so the objects it holds are brought up to date in place (`shown`).
 */
export class InventoryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] | undefined;
  /** The latest node of each id (VMs' adapters and disks excepted: they are built from their VM when asked for). */
  private readonly latest = new Map<string, TreeNode>();
  private readonly parents = new Map<string, TreeNode>();
  /** The element object VS Code was last given for each id. */
  private readonly shown = new Map<string, TreeNode>();
  private started = false;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly service: InventoryService,
    /** Moves in progress, shown on their VMs ("Migrating 42 %") ahead of the hosts' next inventory. */
    private readonly migrations?: {
      readonly migrating: () => Migrating;
      readonly onDidChange: (listener: () => void) => { dispose(): void };
    },
  ) {
    const rebuild = (): void => {
      if (!this.roots) return void this.changed.fire(undefined);
      const before = this.roots;
      this.roots = undefined;
      const changes = treeChanges(before, this.currentRoots());
      this.forgetGone();
      if (changes.kind === 'none') return;
      if (changes.kind === 'all') {
        this.shown.clear();
        return void this.changed.fire(undefined);
      }
      const rows: TreeNode[] = [];
      for (const id of changes.ids) {
        const element = this.shown.get(id);
        const now = this.latest.get(id);
        // A row VS Code has not been given (under a collapsed row) is built fresh when it is expanded.
        if (!element || !now) continue;
        become(element, now);
        rows.push(element);
      }
      if (rows.length) this.changed.fire(rows);
    };
    this.subscriptions = [service.onDidChange(rebuild), ...(migrations ? [migrations.onDidChange(rebuild)] : [])];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node && !this.started && this.service.hasConnections()) {
      this.started = true;
      void this.service.refreshAll();
    }
    const children = node ? [...childrenOf(this.current(node))] : this.currentRoots();
    for (const c of children) this.shown.set(c.id, c);
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    this.currentRoots();
    if (node.kind === 'adapter' || node.kind === 'disk') {
      const vmId = node.id.slice(0, node.id.indexOf('/'));
      return this.shown.get(vmId) ?? this.latest.get(vmId);
    }
    const parent = this.parents.get(node.id);
    return parent && (this.shown.get(parent.id) ?? parent);
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    item.tooltip = tooltipFor(node);
    return item;
  }

  /** Every node currently shown, depth first (for pickers that work without the tree). */
  allNodes(): TreeNode[] {
    const out: TreeNode[] = [];
    const walk = (nodes: readonly TreeNode[]): void => {
      for (const n of nodes) {
        out.push(n);
        walk(childrenOf(n));
      }
    };
    walk(this.currentRoots());
    return out;
  }

  /** Rows gone from the tree (a VM moved away, a host removed) are not kept for the life of the window. */
  private forgetGone(): void {
    for (const [id, node] of this.shown) {
      // An adapter or disk lives as long as its VM does (its id starts with the VM's).
      const owner = node.kind === 'adapter' || node.kind === 'disk' ? id.slice(0, id.indexOf('/')) : id;
      if (!this.latest.has(owner)) this.shown.delete(id);
    }
  }

  /** The latest version of a node VS Code hands back (a VM's adapter or disk: from its VM's latest data). */
  private current(node: TreeNode): TreeNode {
    this.currentRoots();
    if (node.kind === 'adapter' || node.kind === 'disk') {
      const vm = this.latest.get(node.id.slice(0, node.id.indexOf('/')));
      return (vm && childrenOf(vm).find((c) => c.id === node.id)) ?? node;
    }
    return this.latest.get(node.id) ?? node;
  }

  private currentRoots(): TreeNode[] {
    if (!this.roots) {
      this.roots = buildInventoryTree({ ...this.service.snapshot(), migrating: this.migrations?.migrating() });
      this.latest.clear();
      this.parents.clear();
      // A VM's own children are built when it is expanded (or asked for its parent), so they stay unbuilt here.
      const index = (node: TreeNode, parent: TreeNode | undefined): void => {
        this.latest.set(node.id, node);
        if (parent) this.parents.set(node.id, parent);
        if (node.kind === 'vm') return;
        for (const c of childrenOf(node)) index(c, node);
      };
      for (const r of this.roots) index(r, undefined);
    }
    return this.roots;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/**
 * Makes an element VS Code holds into the latest node of its id, in place: VS Code redraws a row by the object it was
 * given and passes that object to commands, which must see what the row shows. (A VM's children stay a getter.)
 */
function become(element: TreeNode, now: TreeNode): void {
  const target = element as unknown as Record<string, unknown>;
  for (const k of Object.keys(target)) if (!(k in now)) delete target[k];
  Object.defineProperties(target, Object.getOwnPropertyDescriptors(now));
}
