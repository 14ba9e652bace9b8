import type * as vscode from 'vscode';
import type { InventoryService } from '../../app/inventory/inventoryService';
import { childrenOf, type TreeNode } from '../../core/inventory/tree/treeNode';
import { registerCommand } from '../commands/registerCommand';
import type { OutputLog } from '../log/outputLog';

/** Refresh (the view's toolbar and the palette), and Refresh / Retry on a host, node or cluster row. */
export function registerInventoryCommands(inventory: InventoryService, log: OutputLog): vscode.Disposable[] {
  // An explicit refresh or Retry of a row may ask for its password again, even if the prompt was dismissed before.
  const refreshNode = async (node: TreeNode | undefined): Promise<void> => {
    if (!node) return inventory.refreshAll();
    if (node.kind === 'cluster') {
      await inventory.retryHost(
        node.name,
        ...childrenOf(node).flatMap((n) => (n.kind === 'clusterNode' ? [n.name] : [])),
      );
    } else if (node.kind === 'host' || node.kind === 'clusterNode' || node.kind === 'clusterError') {
      await inventory.retryHost(node.name);
    }
  };
  return [
    registerCommand(log, 'hypervMobility.refresh', 'Refresh', () => inventory.refreshAll()),
    registerCommand(log, 'hypervMobility.refreshHost', 'Refresh', ({ node }) => refreshNode(node)),
    registerCommand(log, 'hypervMobility.retryHost', 'Refresh', ({ node }) => refreshNode(node)),
  ];
}
