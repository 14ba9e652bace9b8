import type * as vscode from 'vscode';
import type { ClusterNodeMemory } from '../../app/inventory/knownClusterNodes';

/**
 * Each cluster's node names in VS Code's globalState (per machine, never synced): after a reload or a restart a
 * cluster and its nodes are dialled in one round, instead of the cluster's name first and its nodes in a second.
 * What is read back is only a hint: the inventory dials only names that are host names, and a cluster whose
 * remembered nodes all fail is asked by its own name again.
 */
export function globalStateNodeMemory(
  memento: vscode.Memento,
  key = 'hypervMobility.clusterNodes.v1',
): ClusterNodeMemory {
  return {
    load: () => memento.get<Record<string, readonly string[]>>(key) ?? {},
    save: (nodes) => void memento.update(key, nodes),
  };
}
