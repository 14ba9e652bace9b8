import { needsPassword, sameName, toHostConnection, type ConnectionEntry } from '../../core/connections/connectionEntry';
import type { TreeInput } from '../../core/tree/buildTree';
import type { HostTarget } from '../../engine/types';
import type { CredentialSource } from '../inventoryService';

export interface HostTargetDeps {
  readonly connections: () => readonly ConnectionEntry[];
  /** The inventory as last seen: tells which cluster a node belongs to. */
  readonly snapshot: () => TreeInput;
  readonly credentials: CredentialSource;
}

/**
 * How to reach a host the inventory names: its own entry when it is configured as a host, else the entry of the
 * cluster it is a node of (reached by its own name with that entry's settings, as the inventory reaches it).
 */
export function inventoryHostTargets(deps: HostTargetDeps): (host: string) => Promise<HostTarget> {
  return async (host) => {
    const entries = deps.connections();
    let entry = entries.find((e) => e.kind === 'host' && sameName(e.name, host));
    let node: string | undefined;
    if (!entry) {
      const loaded = deps.snapshot().hosts.find((h) => sameName(h.name, host) && h.load.status === 'loaded');
      const cluster = loaded?.load.status === 'loaded' ? loaded.load.value.cluster : undefined;
      const clusters = entries.filter((e) => e.kind === 'cluster');
      entry = (cluster && clusters.find((e) => sameName(e.name, cluster.name))) ?? (cluster && clusters.length === 1 ? clusters[0] : undefined);
      node = host;
    }
    if (!entry) throw new Error(`No configured connection reaches ${host}.`);
    const credential = needsPassword(entry) ? await deps.credentials.get(entry, host) : undefined;
    return { connection: toHostConnection(entry, node), credential };
  };
}
