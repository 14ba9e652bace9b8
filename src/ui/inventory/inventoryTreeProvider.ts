import * as vscode from 'vscode';
import type { InventoryService } from '../../app/inventoryService';
import { buildInventoryTree, type Migrating } from '../../core/tree/buildTree';
import { childrenOf, treeSignature, type TreeNode } from '../../core/tree/treeNode';
import { toTreeItem, tooltipFor } from './treeItems';

/**
 * The Inventory view's data. The first time VS Code asks for the roots (the view is shown) the first refresh starts;
 * before that nothing runs, so activation never spawns PowerShell.
 */
export class InventoryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] | undefined;
  /** What the roots shown last look like (treeSignature), kept to tell a refresh that changes nothing. */
  private signature: string | undefined;
  private readonly parents = new Map<string, TreeNode>();
  private started = false;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly service: InventoryService,
    /** Moves in progress, shown on their VMs ("Migrating 42 %") ahead of the hosts' next inventory. */
    private readonly migrations?: { readonly migrating: () => Migrating; readonly onDidChange: (listener: () => void) => { dispose(): void } },
  ) {
    const rebuild = (): void => {
      if (!this.roots) return void this.changed.fire(undefined);
      // A refresh that changes nothing redraws nothing: every redraw closes an open tooltip and can swallow a drag.
      const before = this.signature;
      this.roots = undefined;
      if (treeSignature(this.currentRoots()) !== before) this.changed.fire(undefined);
    };
    this.subscriptions = [service.onDidChange(rebuild), ...(migrations ? [migrations.onDidChange(rebuild)] : [])];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return [...childrenOf(node)];
    if (!this.started && this.service.hasConnections()) {
      this.started = true;
      void this.service.refreshAll();
    }
    return this.currentRoots();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    this.currentRoots();
    if (node.kind === 'adapter' || node.kind === 'disk') {
      const vmId = node.id.slice(0, node.id.indexOf('/'));
      const host = this.parents.get(vmId);
      return host && childrenOf(host).find((c) => c.id === vmId);
    }
    return this.parents.get(node.id);
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

  private currentRoots(): TreeNode[] {
    if (!this.roots) {
      this.roots = buildInventoryTree({ ...this.service.snapshot(), migrating: this.migrations?.migrating() });
      this.signature = treeSignature(this.roots);
      this.parents.clear();
      // A VM's own children are its parent's business only when asked (getParent), so they stay unbuilt here.
      const index = (parent: TreeNode): void => {
        if (parent.kind === 'vm') return;
        for (const c of childrenOf(parent)) {
          this.parents.set(c.id, parent);
          index(c);
        }
      };
      this.roots.forEach(index);
    }
    return this.roots;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
