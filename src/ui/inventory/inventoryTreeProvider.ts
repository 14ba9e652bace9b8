import * as vscode from 'vscode';
import type { InventoryService } from '../../app/inventoryService';
import { buildInventoryTree } from '../../core/tree/buildTree';
import { childrenOf, type TreeNode } from '../../core/tree/treeNode';
import { toTreeItem, tooltipFor } from './treeItems';

/**
 * The Inventory view's data. The first time VS Code asks for the roots (the view is shown) the first refresh starts;
 * before that nothing runs, so activation never spawns PowerShell.
 */
export class InventoryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] | undefined;
  private readonly parents = new Map<string, TreeNode>();
  private started = false;
  private readonly subscription: { dispose(): void };

  constructor(private readonly service: InventoryService) {
    this.subscription = service.onDidChange(() => {
      this.roots = undefined;
      this.changed.fire(undefined);
    });
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
      this.roots = buildInventoryTree(this.service.snapshot());
      this.parents.clear();
      const index = (parent: TreeNode): void => {
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
    this.subscription.dispose();
    this.changed.dispose();
  }
}
